"""The insights summary's rows written in one statement a batch (`summary.refresh`).

SQLAlchemy's `execute(insert(table), rows)` builds each row's parameters in Python and, on
psycopg, sends one INSERT a row: the whole summary's rebuild at 100,000 stories (about 570,000
stage rows) spent 18-20 s of Python there (`bench:searchrebuild`). Here the columns' own bind
processors are applied and the rows go to the driver as they are: on PostgreSQL as one array
per column, `INSERT ... SELECT * FROM unnest(...)`, one statement, or, from `COPY_FROM` rows
on (a rebuild's batch of 2,000 stories), through `COPY ... FROM STDIN`: psycopg dumps each
array element in Python (with a regular expression for a text's quoting), about 30 % of the
rebuild's client CPU at 100,000 stories, where COPY's rows are formatted in C (bench:pgseed9);
on SQLite through the driver's `executemany`. The values stored are the ones SQLAlchemy's
INSERT stored; the INSERTs go through the connection's statement events (`transaction_ends`
sees a write), the COPY past them (`refresh` has DELETEd the same stories' rows before it,
through them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table

COPY_FROM = 1000  # rows: fewer (a transition's few) go in one INSERT, a round trip less


def write_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys, every key a column of `table`) into `table`."""
    if not rows:
        return
    dialect = connection.dialect
    keys = list(rows[0])
    if dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(connection, table, keys, rows)
        return
    if dialect.name == "postgresql":
        connection.exec_driver_sql(*unnest_insert(connection, table, rows))
        return
    connection.exec_driver_sql(*values_insert(connection, table, rows))


class _Shape(NamedTuple):
    """What an INSERT of some columns of a table needs, worked out once per dialect and
    columns (a transition's refresh writes the same few each time)."""

    processors: list[Any]
    target: str  # the table's quoted name
    names: str  # the columns' quoted names, comma-separated
    casts: str  # PostgreSQL: each column's array cast, `%s::TYPE[]`, comma-separated


# By the dialect's name and driver (not the dialect: each test app's engine has its own).
_SHAPES: dict[tuple[str, str, str, tuple[str, ...]], _Shape] = {}


def _shape(connection: Connection, table: Table, keys: list[str]) -> _Shape:
    dialect = connection.dialect
    key = (dialect.name, dialect.driver, table.name, tuple(keys))
    found = _SHAPES.get(key)
    if found is None:
        columns = [table.c[key] for key in keys]
        quote = dialect.identifier_preparer.quote
        found = _Shape(
            [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns],
            quote(table.name),
            ", ".join(quote(column.name) for column in columns),
            ", ".join(f"%s::{column.type.compile(dialect)}[]" for column in columns),
        )
        _SHAPES[key] = found
    return found


def _copy(
    connection: Connection, table: Table, keys: list[str], rows: Sequence[dict[str, Any]]
) -> None:
    processors, target, names, _casts = _shape(connection, table, keys)
    driver: Any = connection.connection.driver_connection
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    value if process is None or value is None else process(value)
                    for value, process in zip((row[key] for key in keys), processors, strict=True)
                ]
            )


def unnest_insert(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> tuple[str, tuple[Any, ...]]:
    """PostgreSQL: the INSERT of `rows` as one array per column (`INSERT ... SELECT * FROM
    unnest(...)`), its text and parameters (`%s`, the driver's), for a statement of its own or
    a part of a larger one (`summary_sync`)."""
    keys = list(rows[0])
    processors, target, names, casts = _shape(connection, table, keys)
    arrays = tuple(
        [
            value if process is None or value is None else process(value)
            for value in (row[key] for row in rows)
        ]
        for key, process in zip(keys, processors, strict=True)
    )
    text = f"INSERT INTO {target} ({names}) SELECT * FROM unnest({casts})"  # noqa: S608
    return text, arrays


def values_insert(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> tuple[str, list[tuple[Any, ...]]]:
    """SQLite: the INSERT of `rows` for the driver's `executemany`, its text and parameters."""
    keys = list(rows[0])
    processors, target, names, _casts = _shape(connection, table, keys)
    marks = ", ".join("?" * len(keys))
    return (
        f"INSERT INTO {target} ({names}) VALUES ({marks})",  # noqa: S608 - the table's own names
        [
            tuple(
                value if process is None or value is None else process(value)
                for value, process in zip((row[key] for key in keys), processors, strict=True)
            )
            for row in rows
        ],
    )
