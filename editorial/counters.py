"""The version counters' rows moved on (`site_version`: the site's, the desk's, the live desks',
insights' and the closed days' numbers): one row (`bump_counter`) or several in one statement
(`bump_counters`), each an upsert built once and reused. Every write moves one or more of them,
so what each bump costs is measured (bench:writes4, bench:workflow8)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from editorial.extensions import db

_COUNTERS: dict[tuple[str, str, int], Any] = {}  # (dialect, table, row id): its statement


def bump_counter(model: type[Any], row_id: int, session: Session | None = None) -> int:
    """Move row `row_id`'s `number` on by one (made at 1) in `session` (default: the app's), and
    say what it is now (RETURNING: the number this transaction moved it to, since the row stays
    locked until the commit): an `upsert` whose statement is built once per dialect, table and
    row and reused. The versions are moved by every write; building the statement each time cost
    three times running it.

    Run on the session's connection past the ORM's execution (116-141 µs a bump against 25-28,
    2 to 4 a write; no ORM listener follows `site_version`, which is `BOOKKEEPING`), after
    what is pending is flushed as `Session.execute`'s autoflush did: a transaction's rows are
    locked before the versions' rows, on PostgreSQL every transaction's order (6e56365)."""
    session = session or db.session()
    session._autoflush()  # Session.execute's own step; public `flush()` would flush in a flush
    connection = session.connection()
    dialect = connection.dialect.name
    key = (dialect, model.__tablename__, row_id)
    statement = _COUNTERS.get(key)
    if statement is None:
        table = model.__table__
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(table)
            .values(id=row_id, number=1)
            .on_conflict_do_update(index_elements=["id"], set_={"number": table.c.number + 1})
            .returning(table.c.number)
        )
        _COUNTERS[key] = statement
    return int(connection.execute(statement).scalar_one())


_SEVERAL: dict[tuple[str, str, tuple[int, ...]], str] = {}  # (dialect, table, row ids): its SQL


def bump_counters(model: type[Any], row_ids: list[int], session: Session) -> dict[int, int]:
    """`bump_counter` for several rows in one statement: each row's `number` moved on by one
    (made at 1), and what each is now, by row id. One round trip where a commit that moves the
    site's, the desk's and insights' versions sent three (a transition, bench:workflow8).

    The rows are written in the order of their ids (the VALUES' order, which both databases
    follow), so every transaction still takes the versions' locks in one order. The statement
    is compiled once per dialect, table and rows, its values written in, and sent as SQL
    (`exec_driver_sql`): through `Connection.execute` a multi-row INSERT's cache key cost four
    times the statement (250 µs against 55 for two single bumps on SQLite)."""
    if len(row_ids) == 1:
        return {row_ids[0]: bump_counter(model, row_ids[0], session)}
    session._autoflush()  # as `bump_counter`: a transaction's own rows before the versions'
    connection = session.connection()
    dialect = connection.dialect
    rows = tuple(sorted(set(row_ids)))
    key = (dialect.name, model.__tablename__, rows)
    sql = _SEVERAL.get(key)
    if sql is None:
        table = model.__table__
        insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
        statement = (
            insert(table)
            .values([{"id": row, "number": 1} for row in rows])
            .on_conflict_do_update(index_elements=["id"], set_={"number": table.c.number + 1})
            .returning(table.c.id, table.c.number)
        )
        sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        _SEVERAL[key] = sql
    return {int(row): int(number) for row, number in connection.exec_driver_sql(sql)}
