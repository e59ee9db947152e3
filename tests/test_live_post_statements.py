"""Posting to a live story (`live.views.create`, `live.service.create_post`) writes the post once
with its `seq`, moves the story's version on in one statement, and draws its answer from what
the transaction already holds: nothing read again after the commit but the counts and the
desk's version (bench:writes4h). The answer is the same as before: the new post with its
co-authors, the composer, the counts, the `liveDesk` event."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import LivePost, LiveStory, Role, User
from tests.factories import make_live_story, make_user

pytestmark = pytest.mark.usefixtures("frozen")
HX = {"HX-Request": "true"}


def _live(editor: User) -> LiveStory:
    return make_live_story(editor, headline="Count night")


def _flat(statements: list[str]) -> list[str]:
    return [" ".join(sql.split()) for sql in statements]


def test_a_post_is_written_once_and_nothing_it_wrote_is_read_back(
    app: Flask, editor: User, client_as: Any
) -> None:
    story = _live(editor)
    desk = client_as(editor)
    url = f"/articles/{story.article_id}/live/posts"
    desk.post(url, data={"body": "First"}, headers=HX)
    version = db.session.scalar(select(LiveStory.version))
    with counted_statements(app) as statements:
        answer = desk.post(url, data={"body": "Second"}, headers=HX)
    assert answer.status_code == 200
    sent = _flat(statements)
    assert not [sql for sql in sent if sql.startswith("UPDATE live_posts")]  # seq in the INSERT
    assert not [sql for sql in sent if sql.startswith("SELECT live_posts.id, live_posts.")]
    assert not [sql for sql in sent if sql.startswith("SELECT users.")]  # the person kept
    stories = [sql for sql in sent if sql.startswith("SELECT live_stories.article_id")]
    assert len(stories) == 1  # read once, held: its version is where the change starts
    if db.engine.dialect.name == "postgresql":
        assert "FOR UPDATE" in stories[0]
    assert not [sql for sql in sent if "pinned" in sql and sql.startswith("SELECT")]
    updates = [sql for sql in sent if sql.startswith("UPDATE live_stories")]
    assert len(updates) == 1 and "RETURNING" in updates[0]
    assert not [sql for sql in sent if sql.startswith("SELECT live_stories.version")]
    post = db.session.scalar(select(LivePost).where(LivePost.body == "Second"))
    assert post is not None and post.seq == version + 1
    moved = json.loads(answer.headers["HX-Trigger"])["liveDesk"]
    assert moved == {
        "from": f"live-{story.article_id}-{version}",
        "to": f"live-{story.article_id}-{version + 1}",
    }


def test_the_answer_shows_the_co_authors_written_with_the_post(
    editor: User, reporter: User, client_as: Any
) -> None:
    story = _live(editor)
    second = make_user(Role.REPORTER, display_name="Rana Haddad")
    html = (
        client_as(editor)
        .post(
            f"/articles/{story.article_id}/live/posts",
            data={"body": "Both of us", "coauthors": [str(second.id), str(reporter.id)]},
            headers=HX,
        )
        .get_data(as_text=True)
    )
    post_part = html[: html.index('id="live-composer"')]
    assert "Rana Haddad" in post_part and reporter.display_name in post_part
    assert "Both of us" in post_part
