"""How a request's transaction ends (`editorial.transaction_ends`, bench:pgprepare): on
PostgreSQL a request that only read ends in a COMMIT of nothing, so its connection keeps the
statements psycopg prepared; a request that wrote anything it did not commit, sent a statement
that failed, or failed itself ends in a ROLLBACK, and leaves nothing in the database (on
SQLite as well, whose requests end as they always did).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, abort
from sqlalchemy import event, func, select, text

from editorial.extensions import db
from editorial.models import Tag
from editorial.permissions import public
from tests.helpers import POSTGRES_URL
from tests.protocol_trace import protocol_trace

postgresql = pytest.mark.skipif(not POSTGRES_URL, reason="psycopg's prepared statements")
NAME = "Ended transactions"
# Reads enough for each of the pool's few connections (lent in turn) to pass psycopg's
# `prepare_threshold` (5) and hold the read prepared.
READS = 16


def _route(app: Flask, path: str, view: Callable[[], Any], methods: list[str]) -> None:
    view.__name__ = "t_" + path.strip("/").replace("-", "_")
    app.add_url_rule(path, view_func=public(view), methods=methods)


@pytest.fixture
def routes(app: Flask) -> Flask:
    """The app with views that read, write, fail or leave things unfinished."""

    def reads() -> str:
        return str(db.session.scalar(select(func.count(Tag.id)).where(Tag.name != NAME)))

    def reads_then_fails() -> str:
        reads()
        raise RuntimeError("after reading")

    def flushes_then_fails() -> str:
        db.session.add(Tag(name=NAME, slug="ended"))
        db.session.flush()
        raise RuntimeError("after a flush")

    def flushes_then_refuses() -> str:
        db.session.add(Tag(name=NAME, slug="ended"))
        db.session.flush()
        abort(409)

    def flushes_and_answers() -> str:
        db.session.add(Tag(name=NAME, slug="ended"))
        db.session.flush()
        return reads()  # answered, the write never committed

    def updates_and_answers() -> str:
        db.session.execute(text("UPDATE tags SET name = :name"), {"name": NAME})
        return reads()

    def adds_and_answers() -> str:
        db.session.add(Tag(name=NAME, slug="ended"))  # never flushed: a close must not flush it
        return "added"

    def fails_a_statement() -> str:
        try:
            db.session.execute(text("SELECT 1 / 0"))  # a SELECT, and it fails
        except Exception:  # noqa: S110  (the failure is the point)
            pass
        return "failed"

    _route(app, "/t/reads", reads, ["GET"])
    _route(app, "/t/reads-then-fails", reads_then_fails, ["GET"])
    for view in (
        flushes_then_fails,
        flushes_then_refuses,
        flushes_and_answers,
        updates_and_answers,
        adds_and_answers,
        fails_a_statement,
    ):
        _route(app, "/t/" + view.__name__.replace("_", "-"), view, ["POST"])
    db.session.add(Tag(name="Kept", slug="kept"))
    db.session.commit()
    return app


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/t/flushes-then-fails", 500),
        ("/t/flushes-then-refuses", 409),
        ("/t/flushes-and-answers", 200),
        ("/t/updates-and-answers", 200),
        ("/t/adds-and-answers", 200),
    ],
)
def test_a_request_leaves_nothing_it_did_not_commit(routes: Flask, path: str, status: int) -> None:
    for _ in range(READS):  # past psycopg's prepare_threshold: the statements are prepared
        assert routes.test_client().get("/t/reads").status_code == 200
    assert routes.test_client().post(path).status_code == status
    db.session.rollback()
    assert db.session.scalar(select(func.count(Tag.id)).where(Tag.name == NAME)) == 0
    assert db.session.scalar(select(Tag.name).where(Tag.slug == "kept")) == "Kept"


@contextmanager
def transaction_ends(app: Flask, trace: Path) -> Iterator[list[str]]:
    """What the block's pooled connections sent to end their transactions (COMMIT, ROLLBACK,
    DEALLOCATE ALL), from psycopg's protocol trace: in the list once the block ends."""
    ends: list[str] = []
    with protocol_trace(trace) as lines:
        yield ends
    for line in lines:
        fields = line.split("\t")
        if fields[1:2] == ["F"] and fields[3:4] == ["Query"]:
            sent = fields[4].strip().strip('"')
            if sent in ("COMMIT", "ROLLBACK", "DEALLOCATE ALL"):
                ends.append(sent)


def prepared_on_pooled(app: Flask, read: Callable[[], None]) -> list[str]:
    """The statements prepared on the connections the pool got back while `read` ran (each
    asked for them after, its transaction committed: a rollback would clear them)."""
    returned: list[Any] = []

    def keep(dbapi_connection: Any, *_: Any) -> None:
        if dbapi_connection is not None and dbapi_connection not in returned:
            returned.append(dbapi_connection)

    event.listen(db.engine.pool, "checkin", keep)
    try:
        read()
    finally:
        event.remove(db.engine.pool, "checkin", keep)
    statements: list[str] = []
    for connection in returned:
        statements += [
            row[0] for row in connection.execute("SELECT statement FROM pg_prepared_statements")
        ]
        connection.commit()
    return statements


@postgresql
def test_a_read_only_request_ends_in_a_commit_and_keeps_its_prepared_statements(
    routes: Flask, tmp_path: Path
) -> None:
    def read() -> None:
        for _ in range(READS):
            assert routes.test_client().get("/t/reads").status_code == 200

    db.session.commit()
    with transaction_ends(routes, tmp_path / "trace") as ends:
        prepared = prepared_on_pooled(routes, read)
    assert any("FROM tags" in statement for statement in prepared)
    assert "ROLLBACK" not in ends
    assert "DEALLOCATE ALL" not in ends
    assert "COMMIT" in ends


@postgresql
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/t/reads-then-fails", 500),
        ("POST", "/t/flushes-and-answers", 200),
        ("POST", "/t/fails-a-statement", 200),
    ],
)
def test_a_request_that_failed_or_wrote_ends_in_a_rollback(
    routes: Flask, tmp_path: Path, method: str, path: str, status: int
) -> None:
    def read() -> None:
        for _ in range(READS):
            assert routes.test_client().get("/t/reads").status_code == 200

    db.session.commit()
    prepared_on_pooled(routes, read)
    with transaction_ends(routes, tmp_path / "trace") as ends:
        assert routes.test_client().open(path, method=method).status_code == status
    assert [sent for sent in ends if sent != "DEALLOCATE ALL"][-1] == "ROLLBACK"
    assert "DEALLOCATE ALL" in ends  # psycopg forgot what it had prepared
    assert "COMMIT" not in ends


@postgresql
def test_an_asked_rollback_stays_a_rollback(routes: Flask, tmp_path: Path) -> None:
    db.session.commit()
    with transaction_ends(routes, tmp_path / "trace") as ends:
        db.session.scalar(select(func.count(Tag.id)))
        db.session.rollback()
    assert ends[:1] == ["ROLLBACK"]
    assert "COMMIT" not in ends
