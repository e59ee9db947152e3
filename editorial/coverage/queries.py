"""The coverage desk's reads: the hubs, with how many public stories each has, and tag names."""

from __future__ import annotations

from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import Article, Tag, article_tags, publicly_visible

SUGGESTIONS = 200  # tag names offered as the form's suggestions


def hubs_with_counts() -> list[tuple[Tag, int]]:
    """Every coverage hub by name, with its number of publicly visible stories."""
    stories = (
        select(func.count())
        .select_from(article_tags)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(article_tags.c.tag_id == Tag.id, publicly_visible())
        .scalar_subquery()
    )
    rows = db.session.execute(select(Tag, stories).where(Tag.coverage_hub).order_by(Tag.name))
    return [(tag, count) for tag, count in rows]


def tag_names() -> list[str]:
    """Names of tags that are not hubs yet, the most used first (the form's suggestions)."""
    used = func.count(article_tags.c.article_id)
    query = (
        select(Tag.name)
        .outerjoin(article_tags, article_tags.c.tag_id == Tag.id)
        .where(Tag.coverage_hub.is_(False))
        .group_by(Tag.id, Tag.name)
        .order_by(used.desc(), Tag.name)
        .limit(SUGGESTIONS)
    )
    return list(db.session.scalars(query))
