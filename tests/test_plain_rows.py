"""`database.plain_rows`: the driver's tuples for a large read, the same rows the session gives."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from editorial.database import plain_rows
from editorial.extensions import db
from editorial.models import Article
from tests.factories import make_article


def test_plain_rows_are_the_sessions_rows_as_tuples(app: Any) -> None:
    for state in ("draft", "edit", "published"):
        make_article(state)
    query = select(Article.id, Article.state, Article.language, Article.section_id).order_by(
        Article.id
    )
    assert plain_rows(query) == [tuple(row) for row in db.session.execute(query)]
    assert all(type(row) is tuple for row in plain_rows(query))


def test_a_story_not_yet_flushed_is_read_as_the_session_would(app: Any) -> None:
    story = make_article("draft")
    story_id = story.id  # loaded now: reading it later would flush the change itself
    story.headline = "Changed, not yet flushed"
    found = plain_rows(select(Article.headline).where(Article.id == story_id))
    assert found == [("Changed, not yet flushed",)]
