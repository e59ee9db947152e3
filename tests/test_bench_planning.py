"""The benchmark's planning desk (bench/planning.py): the seeded plans, deadlines and embargoes
are dealt to the active stories in the order of their ids, whatever order the database keeps
their rows in, so storing the story rows differently (bench.seed's storage without pglz) seeds
the same desk."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from bench.planning import seed_plans
from editorial import clock
from editorial.extensions import db
from editorial.models import Article, Role, User
from editorial.models.planning import ArticleDeadline
from tests.factories import make_article, make_user

pytestmark = pytest.mark.usefixtures("frozen")


def test_the_desk_is_dealt_to_the_active_stories_by_id_not_by_where_their_rows_lie(
    app: object, editor: User
) -> None:
    stories = [make_article(state) for state in ("draft", "edit", "draft", "ready", "draft")]
    # The first story's row rewritten: PostgreSQL's heap now holds it after the others, and
    # SQLite's read by the state index gives the drafts before the other stages.
    stories[0].headline = "Rewritten, so its row moves"
    db.session.commit()
    reporter = make_user(Role.REPORTER)
    seed_plans([editor.id], [reporter.id], [stories[0].section_id], clock.now(), random.Random(5))
    db.session.flush()
    dealt = list(
        db.session.scalars(select(ArticleDeadline.article_id).order_by(ArticleDeadline.id))
    )
    assert dealt == sorted(story.id for story in stories)
    embargoed = db.session.scalars(
        select(Article.id).where(Article.embargo_until.is_not(None)).order_by(Article.id)
    )
    assert list(embargoed) == [stories[n].id for n in (0, 2, 4)]
