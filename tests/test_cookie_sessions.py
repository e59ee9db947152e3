"""Flask's signed cookie, a verified one's payload kept (`editorial.cookie_sessions`): verified
once, still aged at every request, a changed or expired cookie refused as before, and what one
request writes into its session never reaching another's."""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

from editorial import cookie_sessions
from editorial.models import User


def _cookie(client: Any, app: Flask) -> str:
    found = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert found is not None
    return str(found.value)


def test_a_verified_cookie_is_kept_and_each_request_gets_its_own_session(
    app: Flask, client_as: Any, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = client_as(editor)
    assert desk.get("/queue/").status_code == 200  # the page's CSRF token is written in
    cookie = _cookie(desk, app)
    assert desk.get("/queue/").status_code == 200
    assert _cookie(desk, app) == cookie
    interface = app.session_interface
    assert isinstance(interface, cookie_sessions.KeptCookieSessions)
    assert interface.verified.get((_cookie(desk, app), app.secret_key)) is not None
    made: list[Any] = []
    original = interface.get_signing_serializer
    monkeypatch.setattr(
        interface, "get_signing_serializer", lambda a: made.append(a) or original(a)
    )
    with app.app_context():
        first = interface.open_session(app, _request_with(app, _cookie(desk, app)))
        assert first is not None
        first["mine"] = "changed"
        second = interface.open_session(app, _request_with(app, _cookie(desk, app)))
        assert second is not None and "mine" not in second
        assert second["_user_id"] == first["_user_id"]
    assert made == []  # neither was verified again
    assert desk.get("/queue/").status_code == 200


def _request_with(app: Flask, cookie: str) -> Any:
    builder = EnvironBuilder(
        path="/", headers={"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"}
    )
    return app.request_class(builder.get_environ())


def test_an_expired_cookie_starts_a_new_session_though_it_was_kept(
    app: Flask, client_as: Any, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = client_as(editor)
    assert desk.get("/queue/").status_code == 200
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 5
    monkeypatch.setattr(cookie_sessions.time, "time", lambda: later)
    answer = desk.get("/queue/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_a_changed_cookie_is_refused(app: Flask, client_as: Any, editor: User) -> None:
    desk = client_as(editor)
    assert desk.get("/queue/").status_code == 200
    cookie = _cookie(desk, app)
    forged = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    desk.set_cookie(app.config["SESSION_COOKIE_NAME"], forged)
    answer = desk.get("/queue/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
