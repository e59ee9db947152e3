"""The article desk's reads that are not a domain operation: suggestions, revision lists."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Tag
from editorial.services.revisions import newest_first
from editorial.text import slugify


def tags_starting_with(term: str, limit: int) -> list[Tag]:
    """Tags whose name (or slug) starts with `term`, by name."""
    matches = Tag.name.istartswith(term, autoescape=True)
    if slugify(term) != "untitled":  # a name with no ASCII letters has no useful slug
        matches |= Tag.slug.startswith(slugify(term), autoescape=True)
    return list(db.session.scalars(select(Tag).where(matches).order_by(Tag.name).limit(limit)))


def revisions_of(article: Article) -> list[ArticleRevision]:
    """The article's revisions, newest first, with who made each."""
    return list(
        db.session.scalars(newest_first(article).options(selectinload(ArticleRevision.actor)))
    )
