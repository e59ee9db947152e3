"""The presence poll's 304 (`articles.presence.service.presence_version`): the story's columns
and who else is there read in one statement by the poll gate, giving exactly the view's ETag,
so a poll still answers 200 when someone comes or goes, and 304 while nobody does."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from editorial.articles.presence.service import STALE_AFTER, heartbeat, leave
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Role, User, article_authors
from tests.factories import make_article, make_headline, make_user
from tests.helpers import HX, flask_answers


def _poll(client: FlaskClient, url: str, etag: str) -> Any:
    return client.get(url, headers={**HX, "If-None-Match": etag})


def _changed(app: Flask, client: FlaskClient, url: str, etag: str) -> str:
    """Asked with the old ETag: Flask's 200 (the gate could not say 304); its new ETag is then
    the gate's 304 (the gate's version is the view's)."""
    with flask_answers(app) as calls:
        answer = _poll(client, url, etag)
        assert (answer.status_code, calls) == (200, [url])
        fresh = str(answer.headers["ETag"])
        assert fresh != etag
        calls.clear()
        assert (_poll(client, url, fresh).status_code, calls) == (304, [])
    return fresh


def _steady(app: Flask, client: FlaskClient, url: str, etag: str) -> None:
    with flask_answers(app) as calls:
        assert (_poll(client, url, etag).status_code, calls) == (304, [])


def _first(client: FlaskClient, url: str) -> str:
    answer = client.get(url, headers=HX)
    assert answer.status_code == 200
    return str(answer.headers["ETag"])


def test_someone_coming_or_going_is_a_200_and_nobody_moving_a_304(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    article = make_article("edit")
    other = make_user(Role.EDITOR, display_name="Omar Other")
    client = client_as(editor)
    url = f"/articles/{article.id}/presence"
    etag = _first(client, url)
    _steady(app, client, url, etag)
    heartbeat(article, editor)  # the viewer's own heartbeat shows nothing new
    db.session.commit()
    _steady(app, client, url, etag)
    heartbeat(article, other)  # someone comes
    db.session.commit()
    came = _changed(app, client, url, etag)
    assert "Omar Other" in client.get(url, headers=HX).get_data(as_text=True)
    leave(article, other)  # and goes
    db.session.commit()
    gone = _changed(app, client, url, came)
    assert gone == etag
    heartbeat(article, other)
    db.session.commit()
    back = _changed(app, client, url, gone)
    frozen.tick(seconds=STALE_AFTER.total_seconds() + 1)  # their tab vanished without a word
    _changed(app, client, url, back)


def test_a_reporter_on_the_byline_gets_the_gates_304_and_sees_others_come(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    """A reporter's statement carries their visibility rule (kept per person): their own draft
    is the gate's 304, an editor opening it their 200, and taken off the byline their 404."""
    reporter = make_user(Role.REPORTER)
    article = make_article("draft", authors=[reporter])
    client = client_as(reporter)
    url = f"/articles/{article.id}/presence"
    etag = _first(client, url)
    _steady(app, client, url, etag)
    heartbeat(article, editor)
    db.session.commit()
    fresh = _changed(app, client, url, etag)
    # Their statement is kept per person, its rule read at every poll: taken off the byline,
    # the same poll is Flask's 404, never a 304.
    db.session.execute(
        article_authors.delete().where(
            article_authors.c.article_id == article.id, article_authors.c.user_id == reporter.id
        )
    )
    db.session.commit()
    with flask_answers(app) as calls:
        assert (_poll(client, url, fresh).status_code, calls) == (404, [url])


def test_a_story_moved_on_is_a_200(app: Flask, editor: User, client_as: Any, frozen: Any) -> None:
    """The story's state and version are in the ETag (who still counts as editing depends on
    them): a change to the story is Flask's 200."""
    article = make_article("edit")
    client = client_as(editor)
    url = f"/articles/{article.id}/presence"
    etag = _first(client, url)
    article.version += 1
    db.session.commit()
    _changed(app, client, url, etag)


def test_the_gates_304s_are_one_statement_with_the_session_check(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    """Presence: the story and who else is there read with the session's row, for an editor
    and for a reporter on the byline (whose rule is written against their row); the board
    refresh and the breaking desk: their versions read with the session's row, nothing else."""
    reporter = make_user(Role.REPORTER)
    article = make_article("edit", authors=[reporter])
    heartbeat(article, make_user(Role.EDITOR))
    db.session.commit()
    asked = [
        (client_as(editor), f"/articles/{article.id}/presence"),
        (client_as(reporter), f"/articles/{article.id}/presence"),
        (client_as(editor), "/desk/refresh"),
        (client_as(editor), "/breaking"),
    ]
    for client, url in asked:
        etag = _first(client, url)
        with flask_answers(app) as calls, counted_statements(app) as sent:
            assert _poll(client, url, etag).status_code == 304
        assert (calls, len(sent)) == ([], 1), (url, sent)


def test_a_new_headline_still_moves_the_breaking_desks_poll(
    app: Flask, editor: User, client_as: Any, frozen: Any
) -> None:
    """The desk's version read with the session's row is the one the view reads: a write on the
    desk is Flask's 200 for the breaking desk and the board, then the gate's 304 again."""
    client = client_as(editor)
    etags = {url: _first(client, url) for url in ("/breaking", "/desk/refresh")}
    make_headline(by=editor)
    for url, etag in etags.items():
        _changed(app, client, url, etag)
