"""Rows written past the session's unit of work (issue 28: bench:live8, bench:autosave8).

A write that adds one row and nothing else through the ORM paid a whole flush for it: the unit
of work's sort, every flush hook (the desk's and insights' versions, the webhooks, the audit's
and search's followers), then reading the row's id back. The live post, the breaking headline,
a new comment thread and the audit row of each write their row with one Core INSERT on the
session's connection (in its transaction) instead. What the flush hooks would have said of the
row is then the caller's to say, each named where the caller writes it.

`cleaned` is what the mapper's hook (`database.clean_stored_text`) does to a flushed row's
strings; `insert_as_read` writes a new object so and makes it the session's as if read back.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import BindParameter, Insert, Table, bindparam, insert
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from editorial.extensions import db
from editorial.text import clean_text

# Each table's INSERT of every column but its id, RETURNING the id: built once.
_INSERTS: dict[Table, Insert] = {}


def cleaned(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with every string passed through `text.clean_text`, as a flushed row's are."""
    return {
        key: clean_text(value) if type(value) is str else value for key, value in values.items()
    }


def insert_as_read(target: Any) -> None:
    """Write the new `target` (every column but its id set on it) with one INSERT on the
    session's connection, and make it the session's as if read back, its id set: an answer
    draws it with nothing read again. Its relationships are the caller's to set
    (`set_committed_value`)."""
    table = cast(Table, type(target).__table__)
    statement = _INSERTS.get(table)
    if statement is None:
        statement = _INSERTS[table] = insert(table).returning(table.c.id)
    values = row_values(target)
    as_read(target, db.session.connection().execute(statement, values).scalar_one(), values)


def row_values(target: Any) -> dict[str, Any]:
    """Every column of the new `target` but its id, its strings `cleaned` as a flushed row's:
    what its INSERT writes (one of the caller's own statement's, as a verdict's on
    PostgreSQL)."""
    table = cast(Table, type(target).__table__)
    return cleaned({c.key: getattr(target, c.key) for c in table.columns if c.key != "id"})


def bound_columns(table: Table, prefix: str) -> dict[str, BindParameter[Any]]:
    """Every column of `table` but its id as a parameter named "<prefix>_<column>": the VALUES
    of an INSERT built once to be one part of a statement (a CTE beside others, each part's
    parameters told apart by their prefix), sent with `prefixed(values, prefix)`."""
    return {
        c.key: bindparam(f"{prefix}_{c.key}", type_=c.type) for c in table.columns if c.key != "id"
    }


def prefixed(values: dict[str, Any], prefix: str) -> dict[str, Any]:
    """`values` (a row's, by column) as the parameters `bound_columns(table, prefix)` names."""
    return {f"{prefix}_{key}": value for key, value in values.items()}


def as_read(target: Any, ident: int, values: dict[str, Any]) -> None:
    """Make the new `target`, written as `values` (`row_values`) under the id `ident`, the
    session's as if read back: its id set, its columns as written (a string the cleaning
    changed, as a flush leaves it)."""
    for key, value in values.items():
        if getattr(target, key) is not value:
            set_committed_value(target, key, value)
    target.id = ident
    make_transient_to_detached(target)
    db.session.add(target)


def nothing_pending() -> bool:
    """Whether the session holds nothing unwritten: a row written past its unit of work then
    keeps its table's order (a flush would write what is pending after it)."""
    session = db.session()
    return not (session.new or session.dirty or session.deleted)
