"""The taxonomy the public navigation is built from, seeded from the reference page."""

from __future__ import annotations

from sqlalchemy import or_, select

from editorial.database import insert_missing
from editorial.extensions import db
from editorial.models import Region, Section, SectionGroup, Tag
from editorial.text import slugify

NEWS_SECTIONS = [
    "Politics",
    "Economy",
    "Sports",
    "Arts&Culture",
    "Health",
    "Miscellaneous",
    "Technology",
    "Environment",
]
ARTICLE_KINDS = ["Opinion", "Analysis", "Blog", "Features"]
REGIONS = [
    "Africa",
    "Asia",
    "Asia-Pacific",
    "Europe",
    "Latin America",
    "MENA",
    "Palestine",
    "US & Canada",
]


def seed_taxonomy() -> int:
    """Add whichever seeded sections and regions are missing; returns how many were added."""
    have_sections = set(db.session.scalars(select(Section.name)))
    have_regions = set(db.session.scalars(select(Region.name)))
    added = 0
    for group, names in (
        (SectionGroup.NEWS, NEWS_SECTIONS),
        (SectionGroup.ARTICLES, ARTICLE_KINDS),
    ):
        for position, name in enumerate(names):
            if name not in have_sections:
                db.session.add(
                    Section(name=name, slug=slugify(name), group=group, position=position)
                )
                added += 1
    for position, name in enumerate(REGIONS):
        if name not in have_regions:
            db.session.add(Region(name=name, slug=slugify(name), position=position))
            added += 1
    return added


def sections_in_order() -> list[Section]:
    """Every section in the order menus list them: by position, then by name."""
    return list(db.session.scalars(select(Section).order_by(Section.position, Section.name)))


def regions_in_order() -> list[Region]:
    """Every region in the order menus list them: by position, then by name."""
    return list(db.session.scalars(select(Region).order_by(Region.position, Region.name)))


def get_or_create_tag(name: str) -> Tag:
    """The tag called `name` (case-insensitively), created if new."""
    name = " ".join(name.split())[:80]
    slug = slugify(name)
    tag = db.session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is None:
        # Two people adding the same new tag at once both see it missing: the database keeps
        # the first insert and quietly skips the second, and both then read the one tag.
        insert_missing(Tag, {"name": name, "slug": slug})
        tag = db.session.scalar(select(Tag).where(or_(Tag.slug == slug, Tag.name == name)).limit(1))
    assert tag is not None  # just inserted, or there already  # noqa: S101
    return tag
