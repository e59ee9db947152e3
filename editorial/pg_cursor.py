"""psycopg's cursors with a result's description built only when something reads it (issue 28,
bench:pgwrites10).

psycopg 3 builds `cursor.description` anew at every access: a `Column` per column of the
result, each decoding its name and looking its type up (about 1.1 µs a column on this machine:
a story's row of 40 columns, 45 µs). SQLAlchemy asks for it after every statement, and for a
statement whose compiled form it has run before (nearly all of them: it keeps their result's
metadata, `compiled._cached_metadata`) it only checks that it is not None. An autosave's
statements described 117 columns nobody read.

`DescribedOnDemand` answers with a `Description`: a sequence as long as the result has
columns, whose `Column`s are made the first time one is read, from the result it was given (so
a description read after the cursor moved on still describes its own result). What is None,
and when, is psycopg's own rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from types import SimpleNamespace
from typing import Any, overload

import psycopg
from psycopg import pq

_TUPLES = frozenset({pq.ExecStatus.TUPLES_OK, pq.ExecStatus.SINGLE_TUPLE})
if hasattr(pq.ExecStatus, "TUPLES_CHUNK"):  # psycopg 3.2 and later
    _TUPLES = _TUPLES | {pq.ExecStatus.TUPLES_CHUNK}


class Description(Sequence[psycopg.Column]):
    """A result's columns, each made when first read (psycopg's `Column`s, as it makes them)."""

    __slots__ = ("_columns", "_count", "_cursor", "_result")

    def __init__(self, cursor: psycopg.Cursor[Any], result: pq.abc.PGresult, count: int) -> None:
        self._cursor = cursor
        self._result = result
        self._count = count
        self._columns: list[psycopg.Column] | None = None

    def _made(self) -> list[psycopg.Column]:
        if self._columns is None:
            cursor = self._cursor
            # What `Column` reads of a cursor, with this description's own result.
            source: Any = SimpleNamespace(
                pgresult=self._result, _encoding=cursor._encoding, adapters=cursor.adapters
            )
            self._columns = [psycopg.Column(source, index) for index in range(self._count)]
        return self._columns

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> psycopg.Column: ...

    @overload
    def __getitem__(self, index: slice) -> list[psycopg.Column]: ...

    def __getitem__(self, index: int | slice) -> psycopg.Column | list[psycopg.Column]:
        return self._made()[index]

    def __iter__(self) -> Iterator[psycopg.Column]:
        return iter(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


class DescribedOnDemand(psycopg.Cursor[Any]):
    """psycopg's default cursor (server-side binding), its `description` a `Description`."""

    @property
    def description(self) -> Description | None:  # type: ignore[override]
        result = self.pgresult
        # psycopg's rule: columns when the result has fields, or said it returned rows.
        if result and (result.nfields or result.status in _TUPLES):
            return Description(self, result, result.nfields)
        return None


def describe_on_demand(dbapi_connection: Any) -> None:
    """Make `dbapi_connection`'s cursors `DescribedOnDemand`, unless the settings chose a cursor
    of their own (`connect_args={"cursor_factory": ...}`, e.g. psycopg's `ClientCursor`)."""
    if dbapi_connection.cursor_factory is psycopg.Cursor:
        dbapi_connection.cursor_factory = DescribedOnDemand
