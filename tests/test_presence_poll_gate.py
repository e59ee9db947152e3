"""The presence poll's 304 from the gate (`fast_polls`) after polls that got it (bench:presence2):
every later answer is the one Flask gives: someone coming or going, a changed role, a story
taken away, a signed-out or deactivated person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from editorial.articles.presence.service import heartbeat
from editorial.extensions import db
from editorial.models import Article, Role, User, article_authors
from tests.factories import make_article, make_user
from tests.helpers import HX, flask_answers, flask_only


@pytest.fixture
def flask_calls(app: Flask) -> Iterator[list[str]]:
    with flask_answers(app) as calls:
        yield calls


def _url(article: Article) -> str:
    return f"/articles/{article.id}/presence"


def _etag(client: FlaskClient, url: str) -> str:
    first = client.get(url, headers=HX)
    assert first.status_code == 200, (url, first.status_code)
    return str(first.headers["ETag"])


def _poll(client: FlaskClient, url: str, etag: str) -> Any:
    return client.get(url, headers={**HX, "If-None-Match": etag})


def _set_role(user: User, role: Role) -> None:
    db.session.execute(update(User).where(User.id == user.id).values(role=role))
    db.session.commit()


def test_others_coming_and_going_give_flasks_etag(
    app: Flask, editor: User, client_as: Any, frozen: Any, flask_calls: list[str]
) -> None:
    """Two others in the editor: the gate's ETag is the one Flask gives (who, in order, with
    their names); one leaves the window: a new notice, then its 304."""
    article = make_article("edit")
    client = client_as(editor)
    url = _url(article)
    etag = _etag(client, url)
    assert [_poll(client, url, etag).status_code for _ in range(2)] == [304, 304]
    first, second = make_user(Role.EDITOR), make_user(Role.REPORTER)
    heartbeat(article, first)
    frozen.tick(seconds=5)
    heartbeat(article, second)
    db.session.commit()
    flask_calls.clear()
    changed = _poll(client, url, etag)
    assert (changed.status_code, flask_calls) == (200, [url])
    etag = str(changed.headers["ETag"])
    flask_calls.clear()
    assert (_poll(client, url, etag).status_code, flask_calls) == (304, [])
    frozen.tick(seconds=32)  # the first's heartbeat is past STALE_AFTER, the second's not yet
    moved = _poll(client, url, etag)
    assert moved.status_code == 200
    later = str(moved.headers["ETag"])
    assert later == str(flask_only(app, lambda: client.get(url, headers=HX)).headers["ETag"])
    flask_calls.clear()
    assert (_poll(client, url, later).status_code, flask_calls) == (304, [])


def test_a_changed_role_is_read_again(
    app: Flask, editor: User, client_as: Any, flask_calls: list[str]
) -> None:
    """Polled as an editor, then made a reporter who may not see the draft: Flask's 404 (never
    the editor's 304); made an admin, 304 again."""
    article = make_article("draft")
    client = client_as(editor)
    url = _url(article)
    etag = _etag(client, url)
    assert [_poll(client, url, etag).status_code for _ in range(2)] == [304, 304]
    _set_role(editor, Role.REPORTER)
    flask_calls.clear()
    assert [_poll(client, url, etag).status_code for _ in range(2)] == [404, 404]
    assert flask_calls == [url, url]
    _set_role(editor, Role.ADMIN)
    flask_calls.clear()
    assert [_poll(client, url, etag).status_code for _ in range(2)] == [304, 304]
    assert flask_calls == []


def test_a_story_taken_away_is_flasks_404(
    app: Flask, client_as: Any, flask_calls: list[str]
) -> None:
    """A reporter on the byline, polling, then taken off it: 404, as Flask."""
    reporter = make_user(Role.REPORTER)
    article = make_article("draft", authors=[reporter, make_user(Role.REPORTER)])
    client = client_as(reporter)
    url = _url(article)
    etag = _etag(client, url)
    flask_calls.clear()
    assert [_poll(client, url, etag).status_code for _ in range(2)] == [304, 304]
    assert flask_calls == []
    db.session.execute(
        article_authors.delete().where(
            article_authors.c.article_id == article.id, article_authors.c.user_id == reporter.id
        )
    )
    db.session.commit()
    assert _poll(client, url, etag).status_code == 404
    assert flask_calls == [url]


def test_signed_out_or_deactivated_is_flasks(
    app: Flask, editor: User, client_as: Any, flask_calls: list[str]
) -> None:
    """A polling person's cookie after signing out, or once deactivated: Flask's 401."""
    article = make_article("draft")
    client = client_as(editor)
    url = _url(article)
    etag = _etag(client, url)
    assert [_poll(client, url, etag).status_code for _ in range(2)] == [304, 304]
    cookie = client.get_cookie("editorial_session")
    assert cookie is not None
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("editorial_session", cookie.value)
    flask_calls.clear()
    assert (_poll(thief, url, etag).status_code, flask_calls) == (401, [url])
    client = client_as(editor)
    etag = _etag(client, url)
    assert [_poll(client, url, etag).status_code for _ in range(2)] == [304, 304]
    db.session.execute(update(User).where(User.id == editor.id).values(active=False))
    db.session.commit()
    flask_calls.clear()
    assert (_poll(client, url, etag).status_code, flask_calls) == (401, [url])
