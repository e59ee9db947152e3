"""How a request's PostgreSQL transaction ends: a COMMIT of nothing when it only read, so psycopg
keeps the statements it prepared (issue 28, bench:pgprepare).

psycopg 3 prepares a statement on the server once a connection has run it `prepare_threshold`
times (5), and runs it prepared from then on: no parse, and usually no planning (PostgreSQL
keeps a generic plan once it costs no more than the custom ones). Planning is most of a short
read's work here: a read on `articles` plans over its 25 indexes, about 0.4 ms of a 0.46 ms
read (bench:pgpages). But psycopg forgets every prepared statement, and its counts, at each
`rollback()` (it sends `DEALLOCATE ALL`): a rolled-back transaction may have created or dropped
the objects a statement names. And Flask-SQLAlchemy ends every request by closing its session,
which rolls back whatever transaction is open, so no ORM statement ever reached its fifth run
on a connection, and none ran prepared.

A transaction that sent only SELECTs, none of which failed, has changed nothing, and its COMMIT
is its ROLLBACK: the same round trip, the same locks let go, nothing written either way, and no
object created or dropped that psycopg's clearing guards against. So when a request's session is
closed at its end, each connection whose transaction sent only successful SELECTs is committed
just before SQLAlchemy rolls it back (which psycopg then skips: nothing is open), and keeps its
prepared statements. Everything else ends as before, in a real ROLLBACK:

- a transaction that sent anything but a SELECT (an INSERT, UPDATE, DELETE, a SAVEPOINT, a SET,
  a `WITH` of any kind: only the statement's first word is read), or a statement that failed;
- a request that failed: its teardown was given an exception, or it answered 5xx (the error
  page's handler takes the exception, so the teardown is not told);
- every `session.rollback()` the code asks for (a conflict, a refusal, an error path), and the
  pool's own reset: only the session's close at the end of an app context is turned.

What the session holds unflushed (an object added, changed or deleted and never sent) is not
flushed: the commit is the connection's, not the session's, so nothing of the session's
`before_commit`/`after_commit` hooks runs and the session sees the rollback it asked for.

Statements sent past SQLAlchemy's execution on a session's connection are not seen here, and
must only read: `raw_reads.reads_on` sends compiled SELECTs. The reads before Flask
(`connections.reads_connection`) run in autocommit and never reach this.

SQLite is untouched: Python's sqlite3 keeps its compiled statements across rollbacks (its
statement cache), and a rollback there is a call in the process, not a round trip.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, Response, g
from sqlalchemy import event

from editorial.extensions import db

_READ_ONLY = "editorial.read_only"  # a pooled connection's info: its transaction only read
_FAILED = "editorial_request_failed"  # g: this request answered 5xx
# Set while an app context's session is closed at its end, when that may commit a read.
_closing: ContextVar[bool] = ContextVar("editorial_closing_session", default=False)


def init_transaction_ends(app: Flask) -> None:
    """On PostgreSQL, end a read-only transaction's session at the end of an app context with
    a COMMIT of nothing. Must be called after `db.init_app`: Flask runs teardown functions
    last-registered first, so this one closes the session before Flask-SQLAlchemy's would."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.info[_READ_ONLY] = True

    @event.listens_for(engine, "before_cursor_execute")
    def on_statement(
        connection: Any, _cursor: Any, statement: str, _parameters: Any, *_rest: Any
    ) -> None:
        if not _is_select(statement):
            connection.info[_READ_ONLY] = False

    @event.listens_for(engine, "handle_error")
    def on_error(context: Any) -> None:
        connection = context.connection
        if connection is not None and not connection.invalidated and not connection.closed:
            connection.info[_READ_ONLY] = False

    @event.listens_for(engine, "rollback")
    def on_rollback(connection: Any) -> None:
        if not _closing.get() or not connection.info.get(_READ_ONLY):
            return
        connection.info[_READ_ONLY] = False
        try:
            connection.connection.dbapi_connection.commit()
        except connection.dialect.loaded_dbapi.Error:
            return  # SQLAlchemy's rollback, next, meets the same trouble and reports it

    @app.after_request
    def note_failure(response: Response) -> Response:
        if response.status_code >= 500:
            g.setdefault(_FAILED, True)
        return response

    @app.teardown_appcontext
    def close_session(error: BaseException | None) -> None:
        if error is not None or g.get(_FAILED):
            return  # Flask-SQLAlchemy's teardown, next, rolls it back
        with closing():
            db.session.remove()


@contextmanager
def closing() -> Iterator[None]:
    """Within the block, a session's close commits each transaction that only read."""
    token = _closing.set(True)
    try:
        yield
    finally:
        _closing.reset(token)


def _is_select(statement: str) -> bool:
    """Whether `statement` is a SELECT, by its first word (what SQLAlchemy compiles from
    `select()` begins so; a text statement is trusted by its first word too)."""
    if statement.startswith("SELECT"):
        return True
    return statement.lstrip()[:6].upper() == "SELECT"
