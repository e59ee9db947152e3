"""The CSRF check of every POST with a verified token kept (`editorial.kept_csrf`): a page's
token is verified through itsdangerous once, and every refusal Flask-WTF gives still holds."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from editorial import kept_csrf
from editorial.models import Role
from tests.factories import make_article, make_user
from tests.helpers import PASSWORD

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _reasons(caplog: pytest.LogCaptureFixture) -> None:
    """Flask-WTF's reasons, which it logs (the page says only that the form expired)."""
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")


@pytest.fixture
def csrf_app(make_app: Any) -> Flask:
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every token itsdangerous verifies while the test runs."""
    seen: list[str] = []
    real = URLSafeTimedSerializer.loads

    def counting(self: Any, data: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(data)
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "loads", counting)
    return seen


def _signed_in(app: Flask, role: Role = Role.EDITOR) -> tuple[FlaskClient, int, str]:
    """A client signed in through the form, a story, and the token its desk page carries."""
    with app.app_context():
        person = make_user(role)
        story = make_article("draft", authors=[person])
        email, story_id = person.email, story.id
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', login)
    assert token
    answer = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert answer.status_code == 302
    page = client.get(f"/articles/{story_id}").get_data(as_text=True)
    found = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page)
    assert found
    return client, story_id, found.group(1)


def _beat(client: FlaskClient, story_id: int, token: str | None) -> Any:
    headers = HX | ({"X-CSRFToken": token} if token is not None else {})
    return client.post(f"/articles/{story_id}/presence", headers=headers)


def test_a_page_s_token_is_verified_once_for_all_its_posts(
    csrf_app: Flask, loads: list[str]
) -> None:
    client, story_id, token = _signed_in(csrf_app)
    loads.clear()
    for _ in range(3):
        assert _beat(client, story_id, token).status_code == 200
    assert loads.count(token) == 1  # before: once per post


def test_a_kept_token_is_refused_to_another_session(
    csrf_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client, story_id, token = _signed_in(csrf_app)
    assert _beat(client, story_id, token).status_code == 200  # kept now
    other, other_story, _ = _signed_in(csrf_app)
    answer = _beat(other, other_story, token)
    assert answer.status_code == 400
    assert "do not match" in caplog.text  # Flask-WTF's reason, as it logs it


@pytest.mark.parametrize(
    ("token", "reason"),
    [(None, "token is missing"), ("", "token is missing"), ("tampered", "token is invalid")],
)
def test_a_missing_or_altered_token_is_refused(
    csrf_app: Flask, token: str | None, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    client, story_id, good = _signed_in(csrf_app)
    assert _beat(client, story_id, good).status_code == 200
    sent = good[:-2] + "xx" if token == "tampered" else token
    answer = _beat(client, story_id, sent)
    assert answer.status_code == 400
    assert reason in caplog.text


def test_a_token_signed_with_another_key_is_refused_even_with_its_text_kept(
    csrf_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client, story_id, token = _signed_in(csrf_app)
    assert _beat(client, story_id, token).status_code == 200
    csrf_app.config["WTF_CSRF_SECRET_KEY"] = "another key"
    answer = _beat(client, story_id, token)
    assert answer.status_code == 400
    assert "token is invalid" in caplog.text  # Flask-WTF's reason, as it logs it


def test_a_kept_token_past_the_time_limit_is_refused(
    csrf_app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    csrf_app.config["WTF_CSRF_TIME_LIMIT"] = 60
    client, story_id, token = _signed_in(csrf_app)
    assert _beat(client, story_id, token).status_code == 200  # kept now
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    answer = _beat(client, story_id, token)
    assert answer.status_code == 400
    assert "token has expired" in caplog.text  # Flask-WTF's reason, as it logs it


def test_a_session_without_its_token_is_refused(
    csrf_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client, story_id, token = _signed_in(csrf_app)
    assert _beat(client, story_id, token).status_code == 200
    with client.session_transaction() as session:
        session.pop("csrf_token")
    answer = _beat(client, story_id, token)
    assert answer.status_code == 400
    assert "session token is missing" in caplog.text  # Flask-WTF's reason, as it logs it


def test_the_kept_tokens_are_bounded() -> None:
    assert kept_csrf._VERIFIED.size == kept_csrf.TOKENS_KEPT
