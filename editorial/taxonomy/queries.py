"""The taxonomy pages' reads: the section menus and regions with their stories counted, a page
of tags (searched by name), and a tag as an admin names it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select

from editorial.extensions import db
from editorial.models import Article, Region, Section, SectionGroup, Tag, article_tags
from editorial.models.taxonomy import regions_in_order, sections_in_order


def _uses(model: type[Section | Region]) -> dict[int, int]:
    column = Section.id if model is Section else Region.id
    link = Article.section_id if model is Section else Article.region_id
    rows = db.session.execute(
        select(column, func.count(Article.id)).join(Article, link == column).group_by(column)
    )
    return {term_id: count for term_id, count in rows}


def lists_context() -> dict[str, Any]:
    """The section menus and the regions, in order, with how many stories use each."""
    sections = sections_in_order(retired=True)
    return {
        "lists": [
            ("news", "News", [s for s in sections if s.group == SectionGroup.NEWS]),
            ("articles", "Articles", [s for s in sections if s.group == SectionGroup.ARTICLES]),
            ("regions", "Regions", regions_in_order(retired=True)),
        ],
        "uses": {"sections": _uses(Section), "regions": _uses(Region)},
    }


def tags_page(q: str, page: int, per_page: int) -> Sequence[Row[Tag, int]]:
    """Tags by name with how many stories use each: page `page`, and one more row than a page
    holds when there is a next one. `q` narrows to names containing it."""
    stories = func.count(article_tags.c.article_id).label("stories")
    query = (
        select(Tag, stories)
        .outerjoin(article_tags, article_tags.c.tag_id == Tag.id)
        .group_by(Tag.id)
        .order_by(Tag.name)
    )
    if q:
        query = query.where(Tag.name.icontains(q, autoescape=True))
    return db.session.execute(query.limit(per_page + 1).offset((page - 1) * per_page)).all()


def tag_named(wanted: str) -> Tag | None:
    """The tag an admin typed: its name (any case) or its slug."""
    return db.session.scalar(
        select(Tag).where((func.lower(Tag.name) == wanted.lower()) | (Tag.slug == wanted.lower()))
    )
