"""A coverage hub's public page (`/coverage/<slug>`): a featured tag's stories under its banner.

Editors feature a tag on the desk (`editorial.coverage`). The page is a listing like a tag's, with
the hub's description; a tag that is not featured, or has no visible story, answers 404.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from editorial.database import read_only
from editorial.extensions import db
from editorial.models import Article, Tag, article_tags
from editorial.permissions import public
from editorial.public import alternates, queries
from editorial.public.addresses import term_at
from editorial.public.chrome import label
from editorial.public.views import _listing  # the package's one listing page

HUBS_SHOWN = 6


def featured() -> list[Tag]:
    """The coverage hubs the front page's Coverage box lists, by name (one query): only hubs
    with a visible story in this edition, so no link leads to a hub page that answers 404."""
    in_edition = (
        select(article_tags.c.tag_id)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(article_tags.c.tag_id == Tag.id, queries.in_edition())
    )
    query = (
        select(Tag)
        .where(Tag.coverage_hub, in_edition.exists())
        .order_by(Tag.name)
        .limit(HUBS_SHOWN)
    )
    return list(db.session.scalars(query))


def hub_of(article: Article) -> Tag | None:
    """The coverage hub `article` belongs to (its first featured tag by name), if any.

    Reads the story's tags, already loaded for its page: no query of its own.
    """
    return next((tag for tag in article.tags if tag.coverage_hub), None)


@public
@read_only
def coverage(slug: str) -> str:
    """A featured tag's stories, newest first, paged, with the hub's description (an old
    address of the tag answers 301)."""
    found = term_at(Tag, slug)
    if not found.coverage_hub:
        abort(404)
    alternates.exists_in(queries.editions_with(Article.tags.any(Tag.id == found.id)))
    return _listing(
        "Featured coverage",
        label(found),
        queries.tagged(found),
        empty_is_404=True,
        page_kind="Coverage",
        bio=found.hub_description,
        hub=found,
    )
