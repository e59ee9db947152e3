"""Core SELECTs run on one pooled DBAPI connection, past SQLAlchemy's `Connection` (the poll
gate's reads, `fast_polls`).

An unchanged poll is answered from a read or two (the session's row, the poll's version).
Through a SQLAlchemy `Connection` each paid for the connection object, its BEGIN through the
`begin` event, the cache key, the execution context and the `Result`: several times the read
(bench:polls). `RawReads` runs the same Core statements on a connection from the pool:

- each statement is compiled once, as SQLAlchemy compiles it for this dialect (the engine's own
  compiled cache), and kept with what SQLAlchemy keeps for it (its bound values, bind and result
  processors); a statement built once (a module's constant) is found by identity after that, one
  built per call by SQLAlchemy's cache key;
- the values are bound as SQLAlchemy binds them (`construct_params`, the bind processors, in
  the dialect's parameter style), and each column goes through the type's result processor, so
  a row holds what `Connection.execute` gives (a `datetime`, a `Role`, a `bool` on SQLite);
- each read is its own snapshot and transaction, on SQLite as on PostgreSQL (autocommit,
  `connections.reads_connection`: no `BEGIN`, nothing for the pool to roll back), sent again
  once if its connection was dropped: true at its moment; what is kept from several reads
  (`kept_polls`, `alarm.quiet`) reads its versions first (a write between: the older version).

A request's own reads before its page (the session check, the versions, the inbox's count)
go the same way on the ORM session's connection (`reads_on`): in its transaction, so they see
what the page later loads through the ORM, one snapshot, without a second connection.

Only SELECTs (nothing here writes); `counted_statements` counts every statement sent."""

from __future__ import annotations

import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.expression import Executable

from editorial.bounded import Bounded
from editorial.connections import give_back, reads_connection, replaced
from editorial.database import sent_raw

# Rows made through result processors, kept per statement (`_Shape.processed`): a poll's rows
# (the session's, the live headlines) are the same from one poll to the next, and making a
# `datetime` from SQLite's text cost the ticker's 304 more than its read.
ROWS_KEPT = 256
# Values a kept row may hold: nothing a caller could change in place.
_IMMUTABLE = frozenset(
    {int, float, str, bytes, bool, type(None), datetime, date, time, timedelta, Decimal, UUID}
)


class Rows(Protocol):
    """What a read's result offers: SQLAlchemy's `Result` and `RawResult` alike."""

    def first(self) -> Any: ...
    def one(self) -> Any: ...
    def scalar(self) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...


class Reads(Protocol):
    """Where a poll's version reads: a SQLAlchemy `Connection` (Flask's view) or `RawReads`
    (the poll gate)."""

    def execute(self, statement: Executable, parameters: Any = None, /) -> Rows: ...


class RawResult:
    """The rows of one read, fetched whole (the polls' reads return a row or a few)."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows

    def first(self) -> Any:
        return self.rows[0] if self.rows else None

    def one(self) -> Any:
        if len(self.rows) != 1:
            raise LookupError(f"{len(self.rows)} rows where one was expected")
        return self.rows[0]

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


class _Shape:
    """What one compiled statement needs to be bound and read: kept per compiled statement,
    which the engine's compiled cache shares between statements of the same shape."""

    __slots__ = (
        "sql",
        "expands",
        "order",
        "binds",
        "escaped",
        "row",
        "types",
        "results",
        "memo",
        "__weakref__",
    )

    def __init__(self, compiled: Any) -> None:
        self.sql: str = compiled.string
        # An IN list (`expanding`) or a value written into the SQL (`literal_execute`): the
        # statement's text is made at each read, as SQLAlchemy makes it.
        self.expands = bool(compiled.literal_execute_params or compiled.post_compile_params)
        self.order: Sequence[str] | None = compiled.positiontup if compiled.positional else None
        self.binds: Mapping[str, Any] = compiled._bind_processors
        self.escaped: Mapping[str, str] = compiled.escaped_bind_names or {}
        keys = [entry.keyname for entry in compiled._result_columns]
        self.row: Any = namedtuple("Row", keys, rename=True)  # type: ignore[misc]  # names known at run time
        self.types = [entry.type for entry in compiled._result_columns]
        self.results: list[Any] | None = None  # from the first cursor's description
        self.memo: Bounded[tuple[Any, ...], Any] = Bounded(ROWS_KEPT)

    def processed(self, raw: Sequence[Any], processors: list[Any]) -> Any:
        """The row of the driver's `raw` values through the types' result processors; kept
        (by the values and their types, so 1 and 1.0 and True stay apart) when every value
        made is immutable, as the same raw values always make the same row."""
        try:
            key = (tuple(raw), tuple(map(type, raw)))
            kept = self.memo.get(key)
        except TypeError:  # a value that can't be a key (a JSON list): made every time
            key, kept = None, None
        if kept is not None:
            return kept
        row = self.row._make(
            [value if p is None else p(value) for p, value in zip(processors, raw, strict=True)]
        )
        if key is not None and all(
            type(value) in _IMMUTABLE or isinstance(value, Enum) for value in row
        ):
            self.memo.put(key, row)
        return row

    def processors(self, description: Sequence[Any], engine: Engine) -> list[Any]:
        """Each column's result processor, as `CursorResult`'s metadata picks it (by the type
        and the driver's type code), worked out at the first read."""
        if self.results is None:
            self.results = [
                kind._cached_result_processor(engine.dialect, described[1])
                for kind, described in zip(self.types, description, strict=True)
            ]
        return self.results


class _Prepared:
    """One statement compiled for one engine: its shape and the values it carries."""

    __slots__ = (
        "compiled",
        "extracted",
        "collected",
        "shape",
        "sql",
        "plan",
        "names",
        "fixed",
        "earlier",
    )

    def __init__(self, statement: Executable, engine: Engine) -> None:
        compiled, extracted, collected, _hit = statement._compile_w_cache(
            engine.dialect, compiled_cache=engine._compiled_cache, column_keys=[]
        )
        # SQLAlchemy's own step before executing (`Connection._execute_clauseelement`).
        self.compiled: Any = compiled
        self.extracted, self.collected = extracted, collected
        shapes = _SHAPES.setdefault(engine, weakref.WeakKeyDictionary())
        shape = shapes.get(compiled)
        if shape is None:
            shape = shapes[compiled] = _Shape(compiled)
        self.shape: _Shape = shape
        self.sql = shape.sql
        self.plan: tuple[tuple[Any, Any, bool, Any, Any], ...] | None = None
        self.names: tuple[str, ...] = ()
        # The keys of the IN lists and literal values written into the SQL: given at a read,
        # the text is made again for it (`_expanded`).
        self.fixed: frozenset[str] = frozenset()
        # For each value sent, where the same name was sent before (a time used three times
        # is processed once), else -1.
        self.earlier: tuple[int, ...] = ()
        self._plan()

    def _plan(self) -> None:
        """What `construct_params`, the IN lists' expansion and the bind processors do at each
        execution, worked out once: for each value sent, in order, the key it may be given by,
        its name, whether it must be given, the statement's own value and its processor. An IN
        list of the statement's own (a constant state list) is expanded here, once."""
        compiled, shape = self.compiled, self.shape
        values = compiled.construct_params(
            escape_names=False,
            extracted_parameters=self.extracted,
            _collected_params=self.collected,
            _check=False,
        )
        binds = compiled.binds
        order: Sequence[str] | None = shape.order
        processors = dict(shape.binds)
        if shape.expands:
            expanding = compiled.post_compile_params | compiled.literal_execute_params
            if any(bind.required for bind in expanding):
                return  # given at every read: expanded at every read
            self.fixed = frozenset(
                key for bind in expanding for key in (bind.key, compiled.bind_names[bind])
            )
            try:
                expanded = compiled._process_parameters_for_postcompile(values)
            except Exception:  # whatever stops it here stops SQLAlchemy at the read: it says
                return
            self.sql, order = expanded.statement, expanded.positiontup
            processors.update(expanded.processors)
        names = order if order is not None else tuple(values)
        never = _NEVER  # an expanded element's name: no key gives it
        self.plan = tuple(
            (binds[name].key, name, bool(binds[name].required), values[name], processors.get(name))
            if name in binds and name not in self.fixed
            else (never, never, False, values[name], processors.get(name))
            for name in names
        )
        self.names = tuple(shape.escaped.get(name, name) for name in names)
        first: dict[str, int] = {}
        earlier = []
        for at, name in enumerate(names):
            earlier.append(first.get(name, -1) if name in binds else -1)
            first.setdefault(name, at)
        self.earlier = tuple(earlier)

    def bound(self, given: Mapping[str, Any] | None) -> tuple[str, Any]:
        """The SQL and `given` bound as `Connection.execute` sends them for this dialect (its
        `construct_params`, then the bind processors, in the dialect's parameter style)."""
        plan = self.plan
        if self.collected:
            given = {**self.collected, **(given or {})}
        elif given is None:
            given = _NOTHING
        if plan is None or (self.fixed and not self.fixed.isdisjoint(given)):
            return self._expanded(given)
        values: list[Any] = []
        earlier = self.earlier
        for at, (key, name, required, value, process) in enumerate(plan):
            if earlier[at] >= 0:
                values.append(values[earlier[at]])
                continue
            if key in given:
                value = given[key]
            elif name in given:
                value = given[name]
            elif required:
                raise KeyError(f"A value is required for bind parameter {key!r}")
            values.append(value if process is None else process(value))
        if self.shape.order is not None:
            return self.sql, tuple(values)
        return self.sql, dict(zip(self.names, values, strict=True))

    def _expanded(self, given: Mapping[str, Any] | None) -> tuple[str, Any]:
        """`bound` for a statement with an IN list or a literal value: its text made for these
        values, as `DefaultExecutionContext._init_compiled` makes it."""
        compiled, shape = self.compiled, self.shape
        values = compiled.construct_params(
            given or None,
            escape_names=False,
            extracted_parameters=self.extracted,
            _collected_params=self.collected,
        )
        expanded = compiled._process_parameters_for_postcompile(values)
        sql, order = expanded.statement, expanded.positiontup
        binds = {**shape.binds, **expanded.processors}
        if order is not None:
            return sql, tuple(
                binds[key](values[key]) if key in binds else values[key] for key in order
            )
        escaped = shape.escaped
        return sql, {
            escaped.get(key, key): binds[key](value) if key in binds else value
            for key, value in values.items()
        }


_NOTHING: Mapping[str, Any] = MappingProxyType({})
_NEVER = object()


# Per engine: each statement built once (a module's constant) found by identity; a statement
# built per call drops out with it. Each compiled statement's shape, as long as the engine's
# compiled cache keeps it.
_BY_STATEMENT: weakref.WeakKeyDictionary[Engine, weakref.WeakKeyDictionary[Any, _Prepared]] = (
    weakref.WeakKeyDictionary()
)
_SHAPES: weakref.WeakKeyDictionary[Engine, weakref.WeakKeyDictionary[Any, _Shape]] = (
    weakref.WeakKeyDictionary()
)


def _statements(engine: Engine) -> weakref.WeakKeyDictionary[Any, _Prepared]:
    statements = _BY_STATEMENT.get(engine)
    if statements is None:
        statements = _BY_STATEMENT.setdefault(engine, weakref.WeakKeyDictionary())
    return statements


class RawReads:
    """Reads on one of `engine`'s pooled DBAPI connections, taken at the first read and given
    back by `close` (use as a context manager)."""

    __slots__ = ("engine", "statements", "connection", "cursor")

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements = _statements(engine)
        self.connection: Any = None
        self.cursor: Any = None

    def __enter__(self) -> RawReads:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _fetched(self, statement: Executable, parameters: Any) -> tuple[list[Any], _Shape, Any]:
        """`statement` sent: the driver's rows, its shape and each column's result processor."""
        prepared = self.statements.get(statement)
        if prepared is None:
            prepared = self.statements[statement] = _Prepared(statement, self.engine)
        sql, bound = prepared.bound(parameters)
        shape = prepared.shape
        sent_raw(self.engine, sql)
        cursor = self.cursor
        if cursor is None:
            self.connection = reads_connection(self.engine)
            cursor = self.cursor = self.connection.cursor()
        try:
            cursor.execute(sql, bound)
        except self.engine.dialect.loaded_dbapi.Error as error:
            if self.connection is None:  # the session's connection (`reads_on`)
                raise
            self.connection = replaced(self.engine, self.connection, error)
            cursor = self.cursor = self.connection.cursor()
            cursor.execute(sql, bound)  # once: a second failure is the caller's
        fetched = cursor.fetchall()
        return fetched, shape, shape.processors(cursor.description, self.engine)

    def execute(self, statement: Executable, parameters: Any = None, /) -> RawResult:
        """`statement`'s rows, as `Connection.execute(statement, parameters)` would give them."""
        fetched, shape, processors = self._fetched(statement, parameters)
        make = shape.row._make
        if not any(processors):
            return RawResult([make(row) for row in fetched])
        return RawResult([shape.processed(row, processors) for row in fetched])

    def driver_rows(
        self, statement: Executable, parameters: Any = None, /
    ) -> tuple[list[tuple[Any, ...]], Callable[[Sequence[Any]], Any]]:
        """`statement`'s rows as the driver gives them (nothing made of them yet), and what makes
        one into the row `execute` gives: for a caller that compares the driver's values with
        what it read before and makes rows only of what is new (a claim's growing history)."""
        fetched, shape, processors = self._fetched(statement, parameters)

        def make(row: Sequence[Any]) -> Any:
            return shape.processed(row, processors)

        return [tuple(row) for row in fetched], make

    def close(self) -> None:
        """Give the connection back to the pool (`connections.give_back`)."""
        if self.cursor is not None:
            self.cursor.close()
            self.cursor = None
        if self.connection is not None:
            give_back(self.engine, self.connection)
            self.connection = None


def session_reads(session: Any) -> RawReads:
    """`reads_on` the ORM `session`'s connection, after flushing what it holds pending when it
    would autoflush (as its own `execute` does first), so the reads see what it would."""
    if session.autoflush:
        session.flush()
    return reads_on(session.connection())


def reads_on(connection: Connection) -> RawReads:
    """Reads on `connection`'s own DBAPI connection, inside the transaction it has begun (the
    ORM session's: `reads_on(db.session.connection())`), past its execution as `RawReads`
    reads: the same rows, without the execution context and `Result` each statement paid for
    (bench:board3). `close` closes only the cursor; the connection stays the session's."""
    reads = RawReads(connection.engine)
    reads.cursor = connection.connection.cursor()
    return reads
