"""The pool's connections on PostgreSQL: pinged only after sitting unused, and lent to the reads
before Flask (the poll gate's, a page's site version) in autocommit (issue 28, bench:pgtrips).

On PostgreSQL every statement is a round trip to a server that, in this newsroom's deployments,
shares the CPUs with the app, so each costs CPU on both sides. A kept page's or a 304's one read
used to be four: SQLAlchemy's `pool_pre_ping` (an empty statement at every checkout), the
`BEGIN` psycopg sends before a first statement outside autocommit, the read, and the `ROLLBACK`
of the pool's reset. Now it is one:

- **The ping only after idleness.** A connection that came back to the pool more than
  `POOL_PING_IDLE_SECONDS` ago (5 by default; by `clock`, so tests move it) is pinged before it
  is lent, as `pool_pre_ping` pinged every one; a dead one invalidates the pool (every
  connection of its generation is made anew at its next checkout) and a new one is lent. What
  drops connections in use (a restart, an administrator's `pg_terminate_backend`) within those
  seconds is found by the first statement sent on one: a statement through SQLAlchemy fails
  (that request answers 500) and tells the pool, as before `pool_pre_ping` existed; the reads
  here (`read_one`, `raw_reads.RawReads`) tell the pool and read again, once, on a new
  connection. What drops idle connections (idle timeouts, a firewall's, a proxy's) is found by
  the ping. A `pool_pre_ping` given in `SQLALCHEMY_ENGINE_OPTIONS` is kept: then every
  checkout is pinged as before, and this ping is not added.
- **Reads in autocommit.** `reads_connection` lends a pooled connection with psycopg's
  `autocommit` on: no `BEGIN`, and nothing for the pool's reset to roll back (psycopg sends no
  `ROLLBACK` on an idle connection). Each statement was already its own snapshot under READ
  COMMITTED, so a read sees what it saw before. `give_back` sets it back before the pool has it
  again, so an ORM session's statements still share one transaction; and every checkout checks
  it (a connection somehow left in autocommit is set back, or replaced when it can't be).

- **A pool as large as the server's threads.** SQLAlchemy's default pool keeps 5 connections
  and opens up to 10 more when more are lent at once, closing each of those as it comes back;
  `flask serve` runs 8 threads, so under load every request past the fifth at once opened a
  new connection (a backend forked, authenticated, its caches cold) and closed it: 70 to 100
  new connections in 3 s of a kept public page at 16 clients, where 8 served them all
  (bench:pgpublic7). The pool now keeps `POOL_SIZE` (16: 8 threads, each of which may hold its
  session's connection and borrow one for a read beside it); only the connections a moment's
  concurrency needed are ever opened. A `pool_size` or `poolclass` in
  `SQLALCHEMY_ENGINE_OPTIONS` is kept.

SQLite is untouched: its file is never dropped, its connections never pinged, and its reads
outside a transaction were already one call each (`database.on_begin` begins ours).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url

from editorial import clock
from editorial.database import sent_raw
from editorial.extensions import db

# A connection back in the pool for longer than this is pinged before it is lent again.
POOL_PING_IDLE_SECONDS = 5
_RETURNED = "editorial.returned_at"  # a pooled connection's info: when it came back to the pool
# Connections the pool keeps for reuse on PostgreSQL: `flask serve`'s 8 threads, each may hold
# two at once (its session's and a read's beside it). Past it the pool opens more, and closes
# them as they come back.
POOL_SIZE = 16


def init_pool_size(app: Flask) -> None:
    """On PostgreSQL, before the engine is made: keep `POOL_SIZE` connections, unless the
    settings give a `pool_size` or a `poolclass` (SQLAlchemy's default keeps 5, so a server's
    sixth request at once opened a connection and closed it again)."""
    if make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() != "postgresql":
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if "pool_size" in options or "poolclass" in options:
        return
    options["pool_size"] = POOL_SIZE
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options  # a copy: the defaults' dict is shared


def init_connections(app: Flask) -> None:
    """On PostgreSQL, ping a connection before lending it only when it sat in the pool longer
    than `POOL_PING_IDLE_SECONDS`, and lend none left in autocommit to SQLAlchemy."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        return
    idle = timedelta(
        seconds=float(app.config.get("POOL_PING_IDLE_SECONDS", POOL_PING_IDLE_SECONDS))
    )
    pings = not engine.pool._pre_ping  # noqa: SLF001  (a pre-ping someone asked for pings all)
    dialect = engine.dialect

    @event.listens_for(engine.pool, "checkin")
    def on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED] = clock.now()

    @event.listens_for(engine.pool, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        try:
            if dbapi_connection.autocommit:  # never expected: `give_back` sets it back
                dbapi_connection.autocommit = False
            returned = record.info.get(_RETURNED)
            if not pings or returned is None or clock.now() - returned <= idle:
                return  # new, or back in the pool only a moment ago
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                # As SQLAlchemy's pre-ping: the pool lends none of this generation again.
                raise exc.InvalidatePoolError() from error
            raise exc.DisconnectionError() from error  # this one replaced by a new one


def reads_connection(engine: Engine) -> Any:
    """One of `engine`'s pooled DBAPI connections, lent for reads alone, each statement its own
    transaction: PostgreSQL's in autocommit, so a read is one round trip; SQLite's connections
    outside a transaction read so already. Give it back with `give_back`."""
    connection: Any = engine.raw_connection()
    if engine.dialect.name == "postgresql":
        connection.dbapi_connection.autocommit = True
    return connection


def give_back(engine: Engine, connection: Any) -> None:
    """Return a `reads_connection` to the pool as it was lent (PostgreSQL's out of autocommit);
    one that can't be set back (dropped) is closed for good instead."""
    if connection.dbapi_connection is None:
        return  # invalidated (`dropped`): the pool has it back already
    if engine.dialect.name == "postgresql":
        try:
            connection.dbapi_connection.autocommit = False
        except engine.dialect.loaded_dbapi.Error as error:
            connection.invalidate(error)
            return
    connection.close()


def dropped(engine: Engine, connection: Any, error: Any) -> bool:
    """Whether `error` says `connection` is gone (a restart, an administrator's kill); then the
    pool is told, as SQLAlchemy tells it of a statement it sent, so it lends no connection of
    that generation again, and the caller may read again on a new one."""
    dbapi_connection = connection.dbapi_connection
    if dbapi_connection is None or not engine.dialect.is_disconnect(error, dbapi_connection, None):
        return False
    engine.pool._invalidate(connection, error)  # noqa: SLF001  (what `Connection` calls then)
    return True


def replaced(engine: Engine, connection: Any, error: Exception) -> Any:
    """A new `reads_connection` in place of `connection` when `error` says it was dropped (the
    pool told, `dropped`), for a read to be sent again; else `error` raised again."""
    if not dropped(engine, connection, error):
        raise error
    return reads_connection(engine)


def read_one(engine: Engine, statement: str) -> tuple[Any, ...] | None:
    """The first row of `statement` (a constant read: no parameters) on a `reads_connection`,
    past SQLAlchemy's execution: no `Connection`, no transaction (one round trip on
    PostgreSQL), no engine events (`counted_statements` still counts it); read again once on a
    new connection when the first turns out dropped.

    For the poll gate's one read before Flask, where the `Connection`, its BEGIN through the
    `begin` event and the result cost five times the read itself."""
    sent_raw(engine, statement)
    connection = reads_connection(engine)
    try:
        try:
            row = _first(connection, statement)
        except engine.dialect.loaded_dbapi.Error as error:
            connection = replaced(engine, connection, error)
            row = _first(connection, statement)  # once: a second failure is the caller's
    finally:
        give_back(engine, connection)
    return None if row is None else tuple(row)


def _first(connection: Any, statement: str) -> Any:
    cursor = connection.cursor()
    try:
        cursor.execute(statement)
        return cursor.fetchone()
    finally:
        cursor.close()
