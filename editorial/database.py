"""Database engine behaviour: SQLite tuned for several writers, PostgreSQL without its JIT.

SQLite (the default) gets WAL, foreign keys, a busy timeout and `synchronous=NORMAL` on every
connection. Who takes SQLite's one write lock, and when:

- A GET (or HEAD, OPTIONS), and a POST view marked `@read_only`, begins deferred: it reads a
  snapshot under WAL and never waits for a writer, nor makes one wait.
- Any other request begins `BEGIN IMMEDIATE`: it takes the write lock up front and waits (busy
  timeout) instead of failing with "database is locked" when it would later upgrade from reading.
  Once it commits, the lock is released and what it renders afterwards reads deferred, so the
  lock is held for the write, not for the rendering. The process's threads take their turns
  for the lock in arrival order (`write_turns.py`), not by SQLite's sleeping busy handler.
- The few writes a read must make go through `writing()` (a refused access's audit row) or
  `after_response()` (a session's last-seen time, its expiry), never inside the read.
- Code outside a request (the CLI, the scheduler) writes unless it says `reading()`.

PostgreSQL's pool (when a connection is pinged, how the reads before Flask are lent one) is
`connections.py`. PostgreSQL's connections turn its JIT compiler off (`jit = off`): it
compiles a statement whose estimated cost passes `jit_above_cost`, which the insights' reads
at 100,000 stories do, and compiling took 20 to 25 ms of statements that ran in 60 (the
translations out of date: 88 ms with it, BENCHMARKS.md `bench:insights-collector`); no
statement of the app runs long enough to win it back.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from flask import Flask, Response, after_this_request, current_app, g, has_request_context, request
from sqlalchemy import String, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.sql.expression import Executable

from editorial.extensions import db
from editorial.text import clean_text
from editorial.write_turns import WriteTurns

F = TypeVar("F", bound=Callable[..., Any])

BUSY_TIMEOUT_MS = 15_000
_TURNS = "editorial.write_turns"  # how many write turns a pooled connection holds
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Set by `writing()` / `reading()`: how the next transaction begins, whatever the request.
_immediate: ContextVar[bool | None] = ContextVar("editorial_begin_immediate", default=None)

# A forked worker (gunicorn --preload) must not reuse the parent's pooled connections.
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()
# Each SQLite engine's write turns (`write_turns.py`).
_TURNS_OF: weakref.WeakKeyDictionary[Engine, WriteTurns] = weakref.WeakKeyDictionary()


def _dispose_after_fork() -> None:
    for engine in list(_ENGINES):
        engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_dispose_after_fork)


def read_only(view: F) -> F:
    """Mark a view as never writing: it begins deferred (even a POST) and is not activity.

    A read-only view does not keep a signed-in session alive (a board left open on a screen),
    and, when also `@public`, its page may be kept by the page cache.
    """
    view._read_only = True  # type: ignore[attr-defined]  # a marker on the function object
    return view


def upsert(
    model: type[Any], values: dict[str, Any], *, keys: list[str], update: dict[str, Any]
) -> None:
    """`INSERT ... ON CONFLICT (keys) DO UPDATE SET update` on SQLite or PostgreSQL.

    One statement, so two requests racing for the same row both land (the database, not Python,
    resolves the conflict). The caller commits.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values)
    db.session.execute(statement.on_conflict_do_update(index_elements=keys, set_=update))


def refresh_statistics() -> None:
    """Let SQLite's query planner know the tables' sizes again (`ANALYZE`, ~10 ms at 10k stories).

    Without statistics SQLite guesses, and guesses that the `state` index narrows the public
    listing when 8 stories in 10 are published, then sorts them all. PostgreSQL's autovacuum
    keeps its own; this does nothing there. Run by `flask init`, `flask demo` and the scheduler.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        with writing():
            db.session.execute(text("ANALYZE"))
            db.session.commit()


def insert_missing(model: type[Any], values: dict[str, Any]) -> bool:
    """`INSERT ... ON CONFLICT DO NOTHING`: add the row unless a unique key already has it.

    Says whether this call added it (read from RETURNING: the driver's rowcount is not reliable
    for this statement on PostgreSQL).
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    key = next(iter(model.__table__.primary_key.columns))
    statement = insert(model).values(**values).on_conflict_do_nothing().returning(key)
    return db.session.execute(statement).first() is not None


def changed_rows(statement: Executable) -> int:
    """Run an UPDATE or DELETE and say how many rows it changed.

    The conditional-update idiom (`UPDATE ... WHERE id = ? AND state = ?`) decides races by this
    count: 1 means this request won, 0 that someone else changed the row first.
    """
    result = db.session.execute(statement)
    return cast(CursorResult[Any], result).rowcount


def plain_rows(statement: Executable) -> list[tuple[Any, ...]]:
    """Run a SELECT in the session's transaction and return the driver's own tuples.

    For a read of tens of thousands of rows of plain integers and strings (the insights'
    figures): SQLAlchemy's `Result.all()` builds a `Row` for each, about 2 µs a row on this
    machine (52,000 rows: 330 ms against 225 from the driver). Nothing is converted, so every
    column must be one the driver already returns as wanted on both databases: integers,
    strings, NULLs; not a moment (SQLite returns it as text) nor a number PostgreSQL gives as
    a Decimal. Pending changes are flushed first, as `Session.execute` does.
    """
    if db.session.autoflush:
        db.session.flush()
    result = cast(CursorResult[Any], db.session.connection().execute(statement))
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def plain_rows_streamed(statement: Executable, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """`plain_rows`, `batch` rows at a time from the driver: for a read folded as it goes (the
    insights' closed days, 229,000 rows at 100,000 stories), whose rows all at once were a peak
    of tens of MB that the allocator kept (BENCHMARKS.md, `bench:memory6`)."""
    if db.session.autoflush:
        db.session.flush()
    result = cast(CursorResult[Any], db.session.connection().execute(statement))
    try:
        while rows := result.cursor.fetchmany(batch):
            yield from rows
    finally:
        result.close()


@contextmanager
def writing() -> Iterator[None]:
    """The block's transaction takes SQLite's write lock up front (`BEGIN IMMEDIATE`).

    Whatever transaction is open is committed first: a deferred read that later writes fails at
    once with "database is locked" when another process wrote in between, busy timeout or not.
    """
    if db.session().in_transaction():
        db.session.commit()
    token = _immediate.set(True)
    try:
        yield
    finally:
        _immediate.reset(token)


@contextmanager
def reading() -> Iterator[None]:
    """The block's transaction only reads: it begins deferred and takes no lock."""
    token = _immediate.set(False)
    try:
        yield
    finally:
        _immediate.reset(token)


def after_response(work: Callable[[], object]) -> None:
    """Run `work` in a write transaction of its own once this response has been sent.

    For bookkeeping a GET must not wait for (a session's last-seen time): the reader gets their
    page, and the write queues behind other writers on the server's thread, not in the request.
    A failure is logged, never shown to anyone.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # a proxy's

    def run() -> None:
        with app.app_context():
            try:
                with writing():
                    work()
                    db.session.commit()
            except Exception:
                db.session.rollback()
                app.logger.exception("Deferred write after %s failed", request_path)

    request_path = request.path

    @after_this_request
    def schedule(response: Response) -> Response:
        response.call_on_close(run)
        return response


def _begins_immediate() -> bool:
    forced = _immediate.get()
    if forced is not None:
        return forced
    if has_request_context():
        return _request_writes()
    return True  # the CLI and background work write unless they say `reading()`


def _request_writes() -> bool:
    """Whether this request writes, worked out the first time it is asked: a URL value
    preprocessor (the public editions') may read the database before the before_request hooks
    run, and that first transaction must already begin as the request's kind (a POST beginning
    deferred fails with "database is locked" when it writes after another process did)."""
    if "writes" not in g:
        view = current_app.view_functions.get(request.endpoint or "")
        g.read_only = bool(getattr(view, "_read_only", False))
        g.writes = request.method not in SAFE_METHODS and not g.read_only
    return bool(g.writes)


def _lock_released(_session: Session) -> None:
    """After a request's commit, what it still reads (the page it renders) reads deferred."""
    if has_request_context() and "writes" in g:
        g.writes = False


SQLITE_DEFAULT_CACHE_KIB = 2000  # SQLite's own default, for an app configured without the setting


def _tune_sqlite(engine: Engine, cache_kib: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Each pooled connection keeps its own page cache (SQLite's default 2 MB): see
        # SQLITE_CACHE_KIB in editorial/config.py for why it is smaller here.
        cursor.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
        cursor.close()

    turns = _TURNS_OF[engine] = WriteTurns()  # threads ask SQLite for the lock in turn

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        if not _begins_immediate():
            connection.exec_driver_sql("BEGIN")
            return
        record = connection.info  # the pooled connection's, as `on_checkin` is given
        if turns.take(BUSY_TIMEOUT_MS / 1000):
            record[_TURNS] = record.get(_TURNS, 0) + 1
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine.pool, "checkin")
    def on_checkin(_dbapi_connection: Any, connection_record: Any) -> None:
        # Back in the pool: committed or rolled back (the pool's reset), so the lock is free.
        held = connection_record.info.pop(_TURNS, 0) if connection_record is not None else 0
        for _ in range(held):
            turns.give_back()


def _tune_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        was = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # a SET outside any transaction: the session's
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.autocommit = was


def write_turns(engine: Engine) -> WriteTurns | None:
    """The turns this SQLite engine's threads take for the write lock (None on PostgreSQL)."""
    return _TURNS_OF.get(engine)


def init_database(app: Flask) -> None:
    """Attach the SQLite tuning to the app's engine and mark read-only requests."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine, int(app.config.get("SQLITE_CACHE_KIB", SQLITE_DEFAULT_CACHE_KIB)))
    elif engine.dialect.name == "postgresql":
        _tune_postgresql(engine)

    @app.before_request
    def mark_request() -> None:
        _request_writes()

    _ENGINES.add(engine)


# Every session of the process: after a commit inside a request, the write lock has been let go.
event.listen(Session, "after_commit", _lock_released)


def clean_stored_text(mapper: Mapper[Any], connection: Any, target: Any) -> None:
    """Pass every string column of a row being written through `text.clean_text`.

    Forms clean their text fields already; this is the guarantee for every other writer (the CLI,
    a transition's note, a service called with a dict), so no stored text can break a feed.
    """
    for attribute in mapper.column_attrs:
        if not any(isinstance(column.type, String) for column in attribute.columns):
            continue
        value = getattr(target, attribute.key, None)
        if type(value) is str:  # an Enum member (a str too) is left as it is
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(target, attribute.key, cleaned)


# Every mapped class (all of them are this app's models): a mapper event on the declarative base
# does not reach Flask-SQLAlchemy's models, the Mapper class does.
for _event in ("before_insert", "before_update"):
    event.listen(Mapper, _event, clean_stored_text)


@contextmanager
def counted_statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement `app` sends to its database inside the block (the tests' query-count
    checks and `make bench-pages` count with it)."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    watching = (engine, statements.append)
    _RAW_WATCHERS.append(watching)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
        _RAW_WATCHERS.remove(watching)


# `counted_statements` blocks open now: `connections.read_one`'s statements are counted there too.
_RAW_WATCHERS: list[tuple[Engine, Callable[[str], object]]] = []


def sent_raw(engine: Engine, statement: str) -> None:
    """Tell the open `counted_statements` blocks of a statement sent past SQLAlchemy's
    execution (`connections.read_one`, `raw_reads.RawReads`), which its engine events do not see."""
    for watched, watch in _RAW_WATCHERS:
        if watched is engine:
            watch(statement)
