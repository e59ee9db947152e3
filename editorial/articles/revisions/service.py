"""Revisions: a copy of the article's content after every save, transition and correction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from editorial.extensions import db
from editorial.models import Article, ArticleRevision, User


def content_fields(article: Article) -> dict[str, Any]:
    """The article's content other than headline, summary and body, as plain JSON values."""
    return {
        "source": article.source,
        "section": article.section.name if article.section else "",
        "section_id": article.section_id,
        "region": article.region.name if article.region else "",
        "region_id": article.region_id,
        "tags": [tag.name for tag in article.tags],
        "authors": [author.display_name for author in article.authors],
        "author_ids": [author.id for author in article.authors],
        "hero_image_url": article.hero_image_url,
        "hero_caption": article.hero_caption,
        # The picture is part of the revision: which one (restored with it) and its words then.
        "hero_image_id": article.hero_image_id,
        "picture": _picture_words(article),
    }


def _picture_words(article: Article) -> str:
    image = article.hero_image
    return f"{image.caption} ({image.credit})" if image is not None else ""


def keep_revision(article: Article, actor: User | None, reason: str) -> ArticleRevision:
    """Add a revision holding the article's current content at its current version."""
    revision = ArticleRevision(
        article_id=article.id,
        version=article.version,
        actor_id=actor.id if actor else None,
        reason=reason,
        headline=article.headline,
        summary=article.summary,
        body=article.body,
        fields=content_fields(article),
    )
    db.session.add(revision)
    return revision


def newest_first(article: Article) -> Select[ArticleRevision]:
    """The article's revisions, newest first: by version, then by when they were kept."""
    return (
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.version.desc(), ArticleRevision.id.desc())
    )


def newest_revision(
    article: Article, *, at_most: int | None = None, below: int | None = None
) -> ArticleRevision | None:
    """The newest revision, or the newest at or before version `at_most` / before `below`."""
    query = newest_first(article)
    if at_most is not None:
        query = query.where(ArticleRevision.version <= at_most)
    if below is not None:
        query = query.where(ArticleRevision.version < below)
    return db.session.scalar(query.limit(1))
