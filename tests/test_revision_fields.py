"""A revision's content fields: what a lazy load would read comes from one statement of names
(`revisions.service.content_fields`), the same values the loaded relationships give."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from editorial.articles.revisions.service import content_fields
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Article, Region, Role
from tests.factories import make_article, make_image, make_user, section


def _story() -> int:
    first, second = make_user(Role.REPORTER), make_user(Role.REPORTER)
    image = make_image(caption="Boats at dawn", credit="AFP")
    region = db.session.scalar(select(Region).order_by(Region.id).limit(1))
    article = make_article(
        authors=[second, first],  # the byline's order, not the ids'
        tags=["zinc", "Aid", "border"],
        section=section("Politics"),
        region=region,
        hero_image=image,
    )
    return article.id


def test_unloaded_names_are_read_in_one_statement(app: Flask) -> None:
    article_id = _story()
    db.session.expunge_all()
    article = db.session.get(Article, article_id)
    assert article is not None
    with counted_statements(app) as statements:
        stored = content_fields(article)
    assert len(statements) == 1
    # The same values as the relationships loaded (and an object's own, unflushed, when loaded).
    db.session.expunge_all()
    article = db.session.get(Article, article_id)
    assert article is not None
    for name in ("tags", "authors", "section", "region", "hero_image"):
        getattr(article, name)
    with counted_statements(app) as statements:
        loaded = content_fields(article)
    assert statements == []
    assert stored == loaded
    assert stored["picture"] == "Boats at dawn (AFP)" and stored["section"] == "Politics"
    assert stored["author_ids"] == [author.id for author in article.authors]
    assert stored["tags"] == [tag.name for tag in article.tags]


def test_a_story_without_names_reads_empty_ones(app: Flask) -> None:
    article_id = make_article(authors=[], section=None).id
    db.session.expunge_all()
    fresh = db.session.get(Article, article_id)
    assert fresh is not None
    fields = content_fields(fresh)
    assert (fields["section"], fields["region"], fields["picture"]) == ("", "", "")
    assert (fields["tags"], fields["authors"], fields["author_ids"]) == ([], [], [])
