"""What the poll gate's 304 no longer pays (issue 28, bench:polls): no SQLAlchemy `Connection`,
a cookie's signature verified once per browser, an address matched once. And what it still
checks at every poll: the session's row (signed out, idle, past its absolute limit), the
cookie's age, the ETag as Werkzeug compares it, the headers as Flask sends them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous.timed import TimedSerializer
from sqlalchemy import event

from editorial.extensions import db
from editorial.fast_polls import Gate
from editorial.models import User
from tests.helpers import HX, flask_answers, flask_only

BADGE = "/inbox/badge"


def _gate(app: Flask) -> Gate:
    gate = app.wsgi_app
    assert isinstance(gate, Gate)
    return gate


def _etag(client: FlaskClient, url: str = BADGE) -> str:
    first = client.get(url, headers=HX)
    assert first.status_code == 200
    return str(first.headers["ETag"])


def _poll(client: FlaskClient, etag: str, url: str = BADGE, **headers: str) -> Any:
    return client.get(url, headers={**HX, "If-None-Match": etag, **headers})


@pytest.fixture
def flask_calls(app: Flask) -> Iterator[list[str]]:
    with flask_answers(app) as calls:
        yield calls


def test_a_signed_in_304_opens_no_sqlalchemy_connection(
    app: Flask, editor: User, client_as: Any, flask_calls: list[str]
) -> None:
    """The session's row and the version are read on a pooled DBAPI connection: no
    `Connection` (its BEGIN through the `begin` event, its `Result`) is made."""
    client = client_as(editor)
    etag = _etag(client)
    db.session.remove()
    connections: list[object] = []

    def connected(connection: object) -> None:
        connections.append(connection)

    event.listen(db.engine, "engine_connect", connected)
    try:
        flask_calls.clear()
        assert _poll(client, etag).status_code == 304
    finally:
        event.remove(db.engine, "engine_connect", connected)
    assert (flask_calls, connections) == ([], [])


def test_a_cookie_is_verified_once_per_browser(
    app: Flask, editor: User, client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signature is checked once for a Cookie header, address and User-Agent; another
    User-Agent with the same cookie is checked again (and signed out by Flask-Login)."""
    client = client_as(editor)
    etag = _etag(client)
    verified: list[str] = []
    loads = TimedSerializer.loads

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        verified.append("once")
        return loads(self, *args, **kwargs)

    monkeypatch.setattr(TimedSerializer, "loads", counted)
    with flask_answers(app) as calls:
        assert [_poll(client, etag).status_code for _ in range(3)] == [304] * 3
        assert (calls, len(verified)) == ([], 1)
        assert _poll(client, etag, **{"User-Agent": "Other/1.0"}).status_code == 401
        assert calls == [BADGE]


def test_a_kept_cookie_still_ends_with_its_session(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    """Kept or not, the cookie's session is read at every poll: signed out, idle past the
    timeout, or past the absolute limit, the poll is Flask's 401."""
    gate = _gate(app)
    client = client_as(editor)
    etag = _etag(client)
    assert _poll(client, etag).status_code == 304
    cookie = client.get_cookie("editorial_session")
    assert cookie is not None and len(gate.sessions.verified) > 0
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("editorial_session", cookie.value)
    with flask_answers(app) as calls:
        assert _poll(thief, etag).status_code == 401
        assert calls == [BADGE]
    client = client_as(editor)
    etag = _etag(client)
    assert _poll(client, etag).status_code == 304
    frozen.tick(seconds=app.config["SESSION_IDLE_TIMEOUT"].total_seconds() + 1)
    assert _poll(client, etag).status_code == 401
    client = client_as(editor)
    etag = _etag(client)
    assert _poll(client, etag).status_code == 304
    frozen.tick(seconds=app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds() + 1)
    assert _poll(client, etag).status_code == 401


def test_a_kept_cookie_past_its_signatures_age_is_flasks(
    app: Flask, editor: User, client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """itsdangerous refuses a signature older than the session's lifetime; a kept cookie is
    refused at the same age."""
    client = client_as(editor)
    etag = _etag(client)
    assert _poll(client, etag).status_code == 304
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    with flask_answers(app) as calls:
        assert _poll(client, etag).status_code == 401
        assert calls == [BADGE]


def test_an_address_is_matched_once(
    app: Flask, editor: User, client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Werkzeug's URL matching runs once per address (and Host): a poll asked again reuses it."""
    client = client_as(editor)
    etag = _etag(client)
    bound: list[str] = []
    bind = app.url_map.bind_to_environ

    def counted(environ: Any, **kwargs: Any) -> Any:
        bound.append(environ["PATH_INFO"])
        return bind(environ, **kwargs)

    monkeypatch.setattr(app.url_map, "bind_to_environ", counted)
    _gate(app).matches.entries.clear()
    assert [_poll(client, etag).status_code for _ in range(3)] == [304] * 3
    assert bound == [BADGE]
    assert len(_gate(app).matches) == 1
    _poll(client, etag, Host="other.example")  # no cookie for that host: Flask's 401
    assert len(_gate(app).matches) == 2  # matched again for that Host


@pytest.mark.parametrize(
    "form",
    ['"{}"', 'W/"{}"', '"other", "{}"', "*", '"other"', '"{}'],
)
def test_if_none_match_is_compared_as_flask_compares_it(
    app: Flask, editor: User, client_as: Any, form: str
) -> None:
    """The quoted ETag alone, a weak one (no match: Werkzeug's `contains` is strong), a list,
    `*`, another ETag, a broken quote: the gate's answer is Flask's, header for header."""
    client = client_as(editor)
    header = form.format(_etag(client).strip('"'))
    fast = _poll(client, header)
    slow = flask_only(app, lambda: _poll(client, header))
    assert fast.status_code == slow.status_code
    if fast.status_code == 304:
        assert sorted(fast.headers.items()) == sorted(slow.headers.items())


def test_the_304s_headers_over_tls_are_flasks(app: Flask, editor: User, client_as: Any) -> None:
    """HSTS and the rest, from the headers the gate builds once."""
    client = client_as(editor)
    first = client.get(BADGE, headers=HX, base_url="https://localhost")
    etag = str(first.headers["ETag"])

    def ask() -> Any:
        return client.get(
            BADGE, headers={**HX, "If-None-Match": etag}, base_url="https://localhost"
        )

    with flask_answers(app) as calls:
        fast = ask()
        assert (fast.status_code, calls) == (304, [])
    slow = flask_only(app, ask)
    assert slow.status_code == 304
    assert sorted(fast.headers.items()) == sorted(slow.headers.items())
    assert "Strict-Transport-Security" in fast.headers
