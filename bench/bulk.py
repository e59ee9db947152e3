"""Bulk loading for `bench.seed`: rows written past SQLAlchemy's per-row work, and a table's
secondary indexes built once after its rows are in rather than kept up row by row.

- `insert_rows(table, rows)` writes the same values `db.session.execute(insert(table), rows)`
  would (each column's bind processor applied, a column missing from the rows given its scalar
  default or left to the database, as SQLAlchemy's INSERT leaves it), on the session's
  connection, in its transaction: on PostgreSQL through `COPY ... FROM STDIN` (psycopg 3's
  `cursor.copy`), on SQLite through the driver's `executemany`. SQLAlchemy's executemany spent
  more time building each row's parameters than the databases spent storing them. The first
  row goes through the session, so its statement hooks see the write.
- `indexes_dropped(tables)` drops the tables' plain indexes (not those behind a primary key or
  a unique constraint), and on PostgreSQL their foreign keys, and makes them again from their
  own stored definitions when the block ends: one sort per index instead of one insert into
  each of `articles`' 22 indexes per row, one check per key instead of one per row.
- `analyze(tables)`: PostgreSQL's planner statistics for tables loaded in this transaction,
  taken before the app's rebuilds read them (`ANALYZE` runs inside a transaction and samples
  the transaction's own rows). Without them the search rebuild's read of each batch's tags
  (`article_tags` joined to `tags` by 500 story ids) was planned blind and scanned every byline
  row per batch: most of the seed's search phase (34 s of server CPU at 100,000 stories,
  against 12-14.5 s for the same rebuild on a copy with statistics).
- `uncompressed(tables)`: PostgreSQL stores the block's new values of `tables` without trying
  to compress them (a column's storage EXTENDED -> EXTERNAL, MAIN -> PLAIN, as it was after):
  the seed's story rows are just over the 2 KB a row may take inline, and its demo bodies
  (1.7-2 KB) are too short for pglz's 25 % minimum, so every row's body and body_html (and
  each revision's body, each search document) were compressed, found not worth it and stored
  as they were: 39 % of the server's CPU while the articles were COPYed (`perf`,
  bench:pgseed9). A value that pglz does shrink by a quarter is then stored as it is too
  (2 of the demo's 48 bodies: see bench:pgseed9).
- `sqlite_written_once()`: SQLite keeps its rollback journal (not the WAL) and skips the fsyncs
  while the seed's one transaction writes a new database, so each page is written once: in WAL
  mode the whole database (1.6 GB at 100,000 stories) went into the WAL and was then copied into
  the file by the checkpoint after the commit. The database is in WAL mode again after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, event, insert, text

from editorial.extensions import db


def _defaults(table: Table, keys: Sequence[str]) -> dict[str, Any]:
    """The columns the rows leave out that SQLAlchemy's INSERT would fill (a scalar Python
    default), with their values; a column with a default worked out per row: ValueError."""
    found = {}
    for column in table.columns:
        if column.key in keys or column.default is None:
            continue
        if not column.default.is_scalar:
            raise ValueError(f"{table.name}.{column.key}: a default worked out per row")
        found[column.key] = column.default.arg  # type: ignore[attr-defined]
    return found


def _tuples(
    rows: Sequence[dict[str, Any]], keys: list[str], extra: list[Any], processors: list[Any]
) -> Iterator[tuple[Any, ...]]:
    """Each row's values in `keys`' order, then `extra`, through the columns' processors."""
    width = len(keys)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"rows with different columns: {sorted(row)} against {keys}")
        values = [row[key] for key in keys] + extra
        yield tuple(
            value if process is None or value is None else process(value)
            for value, process in zip(values, processors, strict=True)
        )


def insert_rows(table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Write `rows` (dicts with the same keys) into `table` in the session's transaction, as
    `db.session.execute(insert(table), rows)` would."""
    if not rows:
        return
    keys = list(rows[0])
    try:
        defaults = _defaults(table, keys)
    except ValueError:
        db.session.execute(insert(table), list(rows))  # a default SQLAlchemy works out per row
        return
    # The first row through the session: its statement hooks (`do_orm_execute`: the versions
    # an insert into this table moves at the commit) see the write as they saw every chunk's.
    db.session.execute(insert(table), [rows[0]])
    rows = rows[1:]
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    names = keys + list(defaults)
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    values = _tuples(rows, keys, list(defaults.values()), processors)
    driver: Any = connection.connection.driver_connection
    quoted = ", ".join(f'"{table.c[name].name}"' for name in names)
    if dialect.name == "postgresql":
        with (
            driver.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
        ):
            for row in values:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(names))
    statement = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'  # noqa: S608
    cursor = driver.cursor()
    try:
        cursor.executemany(statement, values)
    finally:
        cursor.close()


def _plain_indexes(connection: Connection, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the tables' indexes that no constraint owns, in the order
    they were created: created again in that order, the planner weighs them in the same order,
    and a read without an ORDER BY gets its rows in the same order."""
    if connection.dialect.name == "postgresql":
        found = connection.execute(
            text(
                "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i "
                "JOIN pg_class c ON c.relname = i.indexname "
                "AND c.relnamespace = to_regnamespace(i.schemaname) "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(:tables) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) "
                "ORDER BY c.oid"
            ),
            {"tables": list(tables)},
        )
    else:
        found = connection.execute(
            text(
                "SELECT tbl_name, name, sql FROM sqlite_master "
                "WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN (SELECT value FROM json_each(:tables)) ORDER BY rowid"
            ),
            {"tables": json.dumps(list(tables))},
        )
    return [(table, name, definition) for table, name, definition in found]


@dataclass(frozen=True)
class Dropped:
    """Indexes and foreign keys `drop_indexes` dropped, to be made again (`restore`)."""

    indexes: list[tuple[str, str, str]]  # (table, name, definition), in their creation order
    keys: list[tuple[str, str, str]]  # (table, name, definition), likewise

    def restore(self, connection: Connection, tables: Sequence[str] | None = None) -> None:
        """Create the dropped indexes, then the foreign keys, of `tables` (all: None) again as
        they were, on `connection`: each key checked at once over every row, as it is added."""
        for table, _name, definition in self.indexes:
            if tables is None or table in tables:
                connection.execute(text(definition))
        for table, name, definition in self.keys:
            if tables is None or table in tables:
                connection.execute(
                    text(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
                )


def drop_indexes(connection: Connection, tables: Sequence[str]) -> Dropped:
    """Drop `tables`' plain indexes (and PostgreSQL's foreign keys) on `connection`."""
    dropped = Dropped(_plain_indexes(connection, tables), _foreign_keys(connection, tables))
    for table, name, _definition in dropped.keys:
        connection.execute(text(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"'))
    for _table, name, _definition in dropped.indexes:
        connection.execute(text(f'DROP INDEX "{name}"'))
    return dropped


@contextmanager
def indexes_dropped(tables: Sequence[str]) -> Iterator[None]:
    """Drop `tables`' plain indexes for the block; create them again as they were after it."""
    dropped = drop_indexes(db.session.connection(), tables)
    yield
    dropped.restore(db.session.connection())


def _foreign_keys(connection: Connection, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """PostgreSQL: (table, name, definition) of the tables' foreign keys, in the order they
    were made. Each row's checks (a trigger per row and key) were most of the server's time in
    COPY; a key added after the load checks every row in one join. (SQLite: none; its checks
    are a lookup in the same process.)"""
    if connection.dialect.name != "postgresql":
        return []
    found = connection.execute(
        text(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE k.contype = 'f' AND c.relnamespace = to_regnamespace(current_schema()) "
            "AND c.relname = ANY(:tables) ORDER BY k.oid"
        ),
        {"tables": list(tables)},
    )
    return [(table, name, definition) for table, name, definition in found]


def analyze(tables: Sequence[str]) -> None:
    """PostgreSQL: `ANALYZE` `tables` in the session's transaction (SQLite: nothing; the seed's
    own `ANALYZE` after its commit, as `editorial.database.refresh_statistics` runs it)."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{name}"' for name in tables)
        connection.execute(text(f"ANALYZE {names}"))


# A column's storage that tries compression, and the same without it (the values stored in or
# out of the row as before: EXTERNAL still moves a large value out, PLAIN keeps it in).
_WITHOUT_COMPRESSION = {"x": "EXTERNAL", "m": "PLAIN"}
_STORAGE_NAMES = {"x": "EXTENDED", "m": "MAIN"}


@contextmanager
def uncompressed(tables: Sequence[str], connection: Connection | None = None) -> Iterator[None]:
    """PostgreSQL: the block's new values of `tables` stored without trying compression (see
    above); each column's storage as it was after. SQLite: nothing (it compresses nothing).
    On `connection` (the session's: None)."""
    given = connection
    connection = connection or db.session.connection()
    if connection.dialect.name != "postgresql":
        yield
        return
    columns = [
        (table, column, storage)
        for table, column, storage in connection.execute(
            text(
                "SELECT c.relname, a.attname, a.attstorage FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid "
                "WHERE c.relnamespace = to_regnamespace(current_schema()) "
                "AND c.relname = ANY(:tables) AND a.attnum > 0 AND NOT a.attisdropped "
                "AND a.attstorage IN ('x', 'm') ORDER BY c.relname, a.attnum"
            ),
            {"tables": list(tables)},
        )
    ]
    _set_storage(connection, [(t, c, _WITHOUT_COMPRESSION[s]) for t, c, s in columns])
    yield
    _set_storage(
        given or db.session.connection(), [(t, c, _STORAGE_NAMES[s]) for t, c, s in columns]
    )


def _set_storage(connection: Connection, columns: list[tuple[str, str, str]]) -> None:
    """One ALTER TABLE a table: its columns' storage set as given."""
    by_table: dict[str, list[str]] = {}
    for table, column, storage in columns:
        by_table.setdefault(table, []).append(f'ALTER COLUMN "{column}" SET STORAGE {storage}')
    for table, changes in by_table.items():
        connection.execute(text(f'ALTER TABLE "{table}" {", ".join(changes)}'))


def _no_wal(dbapi_connection: Any, _record: Any) -> None:
    # After the app's own "connect" listener, which put the database in WAL mode.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=DELETE")
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


@contextmanager
def sqlite_written_once() -> Iterator[None]:
    """On SQLite, the block's connections write through the rollback journal without syncing
    (see above); WAL mode again after it. Closes the session first (its connection is new)."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        yield
        return
    db.session.close()
    engine.dispose()  # every connection from now on gets `_no_wal`
    event.listen(engine, "connect", _no_wal)
    try:
        yield
    finally:
        db.session.close()
        event.remove(engine, "connect", _no_wal)
        engine.dispose()
        with engine.connect():
            pass  # the app's "connect" listener puts the database back in WAL mode
