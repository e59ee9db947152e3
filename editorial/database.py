"""Database engine behaviour: SQLite tuned for several writers, PostgreSQL left as it is.

SQLite (the default) gets WAL, foreign keys, a busy timeout and `synchronous=NORMAL` on every
connection. Its transactions begin with `BEGIN IMMEDIATE`, so a request that will write takes the
write lock up front and waits (busy timeout) instead of failing with "database is locked" when it
later upgrades from reading. Views marked `@read_only` (the public site, the ticker poll) begin
deferred, so readers never queue behind writers.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, g, has_app_context, request
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.sql.expression import Executable

from editorial.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

BUSY_TIMEOUT_MS = 15_000

# A forked worker (gunicorn --preload) must not reuse the parent's pooled connections.
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def _dispose_after_fork() -> None:
    for engine in list(_ENGINES):
        engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_dispose_after_fork)


def read_only(view: F) -> F:
    """Mark a view as never writing, so on SQLite its transaction need not take the write lock."""
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


def changed_rows(statement: Executable) -> int:
    """Run an UPDATE or DELETE and say how many rows it changed.

    The conditional-update idiom (`UPDATE ... WHERE id = ? AND state = ?`) decides races by this
    count: 1 means this request won, 0 that someone else changed the row first.
    """
    result = db.session.execute(statement)
    return cast(CursorResult[Any], result).rowcount


def _is_read_only_request() -> bool:
    return has_app_context() and bool(g.get("read_only"))


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if _is_read_only_request() else "BEGIN IMMEDIATE")


def init_database(app: Flask) -> None:
    """Attach the SQLite tuning to the app's engine and mark read-only requests."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)

    @app.before_request
    def mark_read_only() -> None:
        view = app.view_functions.get(request.endpoint or "")
        g.read_only = bool(getattr(view, "_read_only", False))

    _ENGINES.add(engine)
