"""The library's reads: pictures by search, one picture's uses, the editor's picker."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from editorial.extensions import db
from editorial.models import Article, Image, User
from editorial.permissions import visible_articles

PAGE_SIZE = 24
PICKER_SIZE = 8
QUERY_MAX = 100


@dataclass
class LibraryPage:
    """One page of the library: its pictures, how many articles use each, and whether there is
    another page."""

    images: list[Image]
    uses: dict[int, list[Article]]
    page: int
    has_more: bool


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching(query: str) -> Select[Image]:
    """Pictures whose caption, credit or alt text contain every word of `query`, newest first."""
    statement = select(Image).options(selectinload(Image.uploaded_by))
    for word in query[:QUERY_MAX].split()[:8]:
        pattern = _like(word)
        statement = statement.where(
            or_(
                Image.caption.ilike(pattern, escape="\\"),
                Image.credit.ilike(pattern, escape="\\"),
                Image.alt.ilike(pattern, escape="\\"),
            )
        )
    return statement.order_by(Image.created_at.desc(), Image.id.desc())


def uses(viewer: User, image_ids: list[int]) -> dict[int, list[Article]]:
    """The articles `viewer` may see that use each picture (others are not named)."""
    found: dict[int, list[Article]] = {i: [] for i in image_ids}
    if not image_ids:
        return found
    articles = db.session.scalars(
        select(Article)
        .where(Article.hero_image_id.in_(image_ids), visible_articles(viewer))
        .order_by(Article.updated_at.desc())
    )
    for article in articles:
        if article.hero_image_id is not None:
            found[article.hero_image_id].append(article)
    return found


def library(viewer: User, query: str, page: int) -> LibraryPage:
    """A page of the library for `viewer`."""
    rows = list(
        db.session.scalars(matching(query).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE))
    )
    images = rows[:PAGE_SIZE]
    return LibraryPage(images, uses(viewer, [i.id for i in images]), page, len(rows) > PAGE_SIZE)


def picker(query: str) -> list[Image]:
    """The first few pictures matching `query`, for the editor's "choose from the library"."""
    return list(db.session.scalars(matching(query).limit(PICKER_SIZE)))
