"""A poll is cheap, not a way around sign-in: the session check it passes (one indexed row, no
person loaded: `identity.SignedIn`) refuses everything the full check refused. Each poll is asked
with the ETag it last answered, so a broken check would show as a 304 where a 401 belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from editorial.extensions import db
from editorial.models import Role, User
from editorial.people.service import set_active, set_role
from tests.factories import make_article
from tests.helpers import HX

POLLS: dict[str, Callable[[int], str]] = {
    "inbox badge": lambda _article: "/inbox/badge",
    "board refresh": lambda _article: "/desk/refresh",
    "alarm banner": lambda _article: "/alarms/banner",
    "comments": lambda article: f"/articles/{article}/comments",
    "presence": lambda article: f"/articles/{article}/presence",
}


def _etag(client: FlaskClient, url: str) -> str:
    """The poll's ETag, and proof that asking again with it answers 304 while signed in."""
    first = client.get(url, headers=HX)
    assert first.status_code == 200, first.status_code
    etag = first.headers["ETag"]
    assert client.get(url, headers={**HX, "If-None-Match": etag}).status_code == 304
    return etag


def _again(client: FlaskClient, url: str, etag: str) -> int:
    return client.get(url, headers={**HX, "If-None-Match": etag}).status_code


@pytest.fixture
def polled(
    frozen: Any, editor: User, client_as: Any
) -> tuple[FlaskClient, dict[str, tuple[str, str]]]:
    """An editor's client and each poll's (address, ETag) as their open pages hold them (the
    clock stopped: the board's ETag moves on with the minute)."""
    article = make_article("edit")
    client = client_as(editor)
    etags = {name: (url(article.id), "") for name, url in POLLS.items()}
    return client, {name: (url, _etag(client, url)) for name, (url, _) in etags.items()}


def _refused_everywhere(client: FlaskClient, etags: dict[str, tuple[str, str]]) -> None:
    answers = {name: _again(client, url, etag) for name, (url, etag) in etags.items()}
    assert answers == dict.fromkeys(POLLS, 401)


def test_a_poll_without_a_session_is_refused(app: Flask, polled: Any) -> None:
    _client, etags = polled
    _refused_everywhere(app.test_client(), etags)


def test_a_signed_out_cookie_replayed_to_a_poll_is_refused(app: Flask, polled: Any) -> None:
    client, etags = polled
    cookie = client.get_cookie("editorial_session")
    assert cookie is not None
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("editorial_session", cookie.value)
    _refused_everywhere(thief, etags)


def test_a_deactivated_person_polls_no_more(polled: Any, editor: User, admin: User) -> None:
    client, etags = polled
    set_active(editor, False, actor=admin)
    db.session.commit()
    _refused_everywhere(client, etags)


def test_inactive_is_checked_on_every_poll_not_only_when_sessions_are_ended(
    polled: Any, editor: User
) -> None:
    """Even a session row left open (an import, a restore, a hand edit) stops at `active`."""
    client, etags = polled
    db.session.execute(update(User).where(User.id == editor.id).values(active=False))
    db.session.commit()
    _refused_everywhere(client, etags)


def test_a_role_change_ends_the_polls_too(polled: Any, editor: User, admin: User) -> None:
    client, etags = polled
    set_role(editor, Role.REPORTER, actor=admin)
    db.session.commit()
    _refused_everywhere(client, etags)


def test_an_idle_session_polls_no_more(app: Flask, polled: Any, frozen: Any) -> None:
    """Polls are read-only: they never keep a session alive past its idle timeout."""
    client, etags = polled
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    frozen.tick(seconds=idle.total_seconds() + 1)
    _refused_everywhere(client, etags)


def test_a_page_after_a_poll_still_knows_the_person(polled: Any, editor: User) -> None:
    """The person is loaded only when a page asks (here the navigation's name)."""
    client, _etags = polled
    page = client.get("/desk/")
    assert page.status_code == 200
    assert editor.display_name in page.get_data(as_text=True)
