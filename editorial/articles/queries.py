"""The article desk's reads that are not a domain operation: suggestions, revision lists."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from editorial.extensions import db
from editorial.models import Article, ArticleRevision, Tag, User, article_tags
from editorial.permissions import visible_articles
from editorial.services.revisions import newest_first
from editorial.text import slugify


def tags_starting_with(term: str, limit: int, person: User) -> list[Tag]:
    """Tags whose name (or slug) starts with `term`, by name, that are on an article `person`
    may see.

    A tag that exists only on someone else's draft would tell what that draft is about, so the
    tags offered follow the same visibility as the articles (`permissions.visible_articles`).
    """
    matches = Tag.name.istartswith(term, autoescape=True)
    if slugify(term) != "untitled":  # a name with no ASCII letters has no useful slug
        matches |= Tag.slug.startswith(slugify(term), autoescape=True)
    seen = (
        select(article_tags.c.tag_id)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(visible_articles(person))
    )
    query = select(Tag).where(matches, Tag.id.in_(seen)).order_by(Tag.name).limit(limit)
    return list(db.session.scalars(query))


def revisions_of(article: Article) -> list[ArticleRevision]:
    """The article's revisions, newest first, with who made each."""
    return list(
        db.session.scalars(newest_first(article).options(selectinload(ArticleRevision.actor)))
    )
