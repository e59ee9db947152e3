"""The pool's connections (`editorial.connections`, bench:pgtrips): on PostgreSQL a kept page's
or a 304's read is one round trip (no ping, no `BEGIN`, no `ROLLBACK`); a connection is pinged
only after sitting unused, so one whose server process was killed is replaced before a request
uses it; a read before Flask on a connection dropped a moment ago is sent again on a new one;
and a connection lent in autocommit goes back to the pool out of it. SQLite's pool is as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, exc, select

from editorial import clock
from editorial.config import from_environment
from editorial.connections import POOL_PING_IDLE_SECONDS, read_one
from editorial.extensions import db
from editorial.models import Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX, POSTGRES_URL, T0, sign_in
from tests.protocol_trace import protocol_trace

postgresql = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL's round trips")
BADGE = "/inbox/badge"


@contextmanager
def round_trips(app: Flask, trace: Path) -> Iterator[list[int]]:
    """How many round trips (the server's `ReadyForQuery` answers, from psycopg's protocol
    trace) the block's pooled connections made, the pool's ping and reset included: in the
    list once the block ends."""
    counted: list[int] = []
    with protocol_trace(trace) as lines:
        yield counted
    counted.append(sum(1 for line in lines if "\tReadyForQuery\t" in line))


def kill_pooled(app: Flask) -> int:
    """End the server process of every connection idle in the app's pool (as an administrator's
    `pg_terminate_backend` or a restart does); how many."""
    db.session.remove()
    engine = db.engine
    held = [engine.raw_connection() for _ in range(engine.pool.checkedin())]  # type: ignore[attr-defined]  # QueuePool's
    pids = [connection.dbapi_connection.info.backend_pid for connection in held]  # type: ignore[union-attr]
    for connection in held:
        connection.close()
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as admin:
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
    return len(pids)


@pytest.fixture
def kept(make_app: Any) -> Iterator[tuple[Flask, str, FlaskClient]]:
    """An app keeping public pages, a published story's address, an editor signed in; the
    clock frozen at T0 (a kept page's key carries its time slot; the ping counts idleness by it;
    a fixed mid-morning moment, so no tick crosses the masthead's midnight)."""
    app: Flask = make_app(PUBLIC_PAGE_CACHE_SECONDS=60)
    with app.app_context(), clock.frozen(T0) as frozen:
        story = f"/news/{make_article('published').slug}"
        staff = sign_in(app.test_client(), make_user(Role.EDITOR))
        app.extensions["test.frozen"] = frozen
        yield app, story, staff


@postgresql
def test_a_kept_page_and_a_304_are_one_round_trip_each(
    kept: tuple[Flask, str, FlaskClient], tmp_path: Path
) -> None:
    """No ping (the connection was in use a moment ago), no `BEGIN`, no `ROLLBACK`: the site's
    version, once; a signed-in 304 its one (the session's row with the inbox's count); a
    desk board whose parts are kept its three (the session, the versions, the inbox's count:
    `request_reads`), in no transaction."""
    app, story, staff = kept
    reader = app.test_client()
    etag = reader.get(story).headers["ETag"]
    badge = staff.get(BADGE, headers=HX).headers["ETag"]
    assert staff.get("/desk/").status_code == 200
    db.session.remove()
    with round_trips(app, tmp_path / "desk") as desk:
        assert staff.get("/desk/").status_code == 200
    with round_trips(app, tmp_path / "kept") as page:
        assert reader.get(story).status_code == 200
    with round_trips(app, tmp_path / "304") as revalidated:
        assert reader.get(story, headers={"If-None-Match": etag}).status_code == 304
    with round_trips(app, tmp_path / "poll") as poll:
        assert staff.get(BADGE, headers={**HX, "If-None-Match": badge}).status_code == 304
    assert (page, revalidated, poll, desk) == ([1], [1], [1], [3])


@postgresql
def test_a_connection_lent_in_autocommit_goes_back_out_of_it(
    kept: tuple[Flask, str, FlaskClient],
) -> None:
    """The gate's reads run in autocommit; every connection the pool takes back is out of it,
    so an ORM session's statements share one transaction again."""
    app, story, staff = kept
    reader = app.test_client()
    etag = reader.get(story).headers["ETag"]
    db.session.remove()
    states: list[bool] = []

    def returned(dbapi_connection: Any, *_: Any) -> None:
        states.append(dbapi_connection.autocommit)

    event.listen(db.engine.pool, "checkin", returned)
    try:
        assert reader.get(story).status_code == 200
        assert reader.get(story, headers={"If-None-Match": etag}).status_code == 304
        assert staff.get("/desk/").status_code == 200
        assert read_one(db.engine, "SELECT 1") == (1,)
    finally:
        event.remove(db.engine.pool, "checkin", returned)
    assert states and not any(states)


@postgresql
def test_a_connection_idle_past_the_limit_is_pinged_and_replaced_when_dead(
    kept: tuple[Flask, str, FlaskClient],
) -> None:
    """Every pooled connection's server process ended while they sat unused: past
    `POOL_PING_IDLE_SECONDS` the ping finds each dead before it is lent, so the ORM's first
    statement (the CLI's, a job's, a page's) runs (without the ping, it failed), and so do
    the pages."""
    app, story, staff = kept
    assert staff.get("/desk/").status_code == 200
    assert kill_pooled(app) >= 1
    app.extensions["test.frozen"].tick(seconds=POOL_PING_IDLE_SECONDS + 1)
    assert db.session.scalar(select(User.id).where(User.role == Role.EDITOR)) is not None
    db.session.remove()
    kill_pooled(app)
    app.extensions["test.frozen"].tick(seconds=POOL_PING_IDLE_SECONDS + 1)
    assert staff.get("/desk/").status_code == 200
    assert staff.get(f"/articles/{make_article().id}/edit").status_code == 200
    assert app.test_client().get(story).status_code == 200


@postgresql
def test_a_read_before_flask_on_a_dropped_connection_is_sent_again(
    kept: tuple[Flask, str, FlaskClient],
) -> None:
    """Dropped a moment ago (no ping yet): the gate's kept page and 304 read again on a new
    connection, and the pool lends none of the dead ones after."""
    app, story, staff = kept
    reader = app.test_client()
    etag = reader.get(story).headers["ETag"]
    badge = staff.get(BADGE, headers=HX).headers["ETag"]
    kill_pooled(app)
    assert reader.get(story).status_code == 200
    kill_pooled(app)
    assert staff.get(BADGE, headers={**HX, "If-None-Match": badge}).status_code == 304
    kill_pooled(app)
    assert reader.get(story, headers={"If-None-Match": etag}).status_code == 304
    assert staff.get("/desk/").status_code == 200


@postgresql
def test_an_orm_statement_on_a_connection_dropped_a_moment_ago_fails_once(
    kept: tuple[Flask, str, FlaskClient],
) -> None:
    """The price of pinging only idle connections: a connection dropped within the idle limit
    fails the ORM statement that finds it (SQLAlchemy then invalidates the pool, as for any
    disconnect), and the next transaction gets a new connection. A request's first reads are
    past the ORM (the session check, the versions: `request_reads`), which read again."""
    app, _story, staff = kept
    assert staff.get("/desk/").status_code == 200
    kill_pooled(app)
    with pytest.raises(exc.OperationalError):
        db.session.scalar(select(User.id))
    db.session.rollback()
    assert db.session.scalar(select(User.id).where(User.role == Role.EDITOR)) is not None
    kill_pooled(app)
    assert staff.get("/desk/").status_code == 200


def test_only_postgresql_pings_and_only_after_idleness(app: Flask) -> None:
    """SQLite's file is never dropped: its pool lends without a ping or a checkout hook (its
    ping was a `SELECT 1` on every request). PostgreSQL's is not pinged at every checkout
    (`pool_pre_ping`) but by the app's hook, after `POOL_PING_IDLE_SECONDS`."""
    pool = db.engine.pool
    assert pool._pre_ping is False  # noqa: SLF001 (no public accessor)
    assert bool(pool.dispatch.checkout) is bool(POSTGRES_URL)
    assert from_environment({"POOL_PING_IDLE_SECONDS": "30"}) == {"POOL_PING_IDLE_SECONDS": 30}


@postgresql
def test_a_pre_ping_someone_asked_for_is_kept(make_app: Any) -> None:
    """`pool_pre_ping` in SQLALCHEMY_ENGINE_OPTIONS pings every checkout, as SQLAlchemy does."""
    from tests.helpers import app_config

    options = app_config(Path("."))["SQLALCHEMY_ENGINE_OPTIONS"]
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={**options, "pool_pre_ping": True})
    with app.app_context():
        assert db.engine.pool._pre_ping is True  # noqa: SLF001


@postgresql
def test_the_pool_keeps_a_connection_for_each_of_a_servers_threads(app: Flask) -> None:
    """Eight reads at once (`flask serve`'s threads) each lent a connection, and all eight come
    back to the pool to be lent again: none is closed and opened anew at the next request
    (SQLAlchemy's default pool kept 5 and closed the rest, so a loaded server opened a
    connection for most requests past the fifth at once: bench:pgpublic7)."""
    engine = db.engine
    db.session.remove()
    engine.dispose()
    held = [engine.raw_connection() for _ in range(8)]
    pids = {connection.dbapi_connection.info.backend_pid for connection in held}  # type: ignore[union-attr]
    for connection in held:
        connection.close()
    assert engine.pool.checkedin() == 8  # type: ignore[attr-defined]  # QueuePool's
    again = [engine.raw_connection() for _ in range(8)]
    assert {connection.dbapi_connection.info.backend_pid for connection in again} == pids  # type: ignore[union-attr]
    for connection in again:
        connection.close()


@postgresql
def test_a_pool_size_someone_asked_for_is_kept(make_app: Any) -> None:
    """`pool_size` in SQLALCHEMY_ENGINE_OPTIONS is the pool's, not `POOL_SIZE`."""
    from tests.helpers import app_config

    options = app_config(Path("."))["SQLALCHEMY_ENGINE_OPTIONS"]
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={**options, "pool_size": 3})
    with app.app_context():
        assert db.engine.pool.size() == 3  # type: ignore[attr-defined]  # QueuePool's
