"""Fronts' reads: a front and its versions, a version resolved into the stories readers see,
the fronts a story is on, and the editor's search.

`resolve` is the one place slots become stories. It runs when the page is asked for, through the
public site's `visible()`: a chosen story that is not public now (unpublished, killed, not yet
released) leaves its slot, and the slot falls back like an automatic one to the newest visible
story (of the section, on a section front) not already on the front; the lead's fallback is the
newest with a picture. A planned story's slot shows the plan's article once it is public.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from editorial import languages
from editorial.extensions import db
from editorial.fronts import layouts
from editorial.fronts.layouts import Layout
from editorial.models import Article, Image, Plan, Section, publicly_visible
from editorial.models.fronts import (
    DRAFT,
    PUBLISHED,
    SCHEDULED,
    Front,
    FrontSlot,
    FrontVersion,
)
from editorial.models.planning import KILLED
from editorial.public.queries import visible

SEARCH_SIZE = 8
PICTURE_WINDOW = 200  # the newest stories a picture-led slot looks among for a picture


class Placed:
    """A story as one front shows it: the slot's headline, summary and picture where it has them,
    the story's own otherwise (every other attribute is the story's), so the public cards show
    it unchanged and the story itself is never touched."""

    def __init__(self, article: Article, slot: FrontSlot | None = None) -> None:
        self.article = article
        self.slot = slot

    @property
    def headline(self) -> str:
        return (self.slot.headline if self.slot else "") or self.article.headline

    @property
    def summary(self) -> str:
        return (self.slot.summary if self.slot else "") or self.article.summary

    @property
    def hero_image(self) -> Image | None:
        own = self.slot.image if self.slot else None
        return own or self.article.hero_image

    @property
    def hero_image_url(self) -> str:
        return "" if self.slot and self.slot.image else self.article.hero_image_url

    def __getattr__(self, name: str) -> Any:
        return getattr(self.article, name)


@dataclass
class Place:
    """One slot of a resolved front: what readers see there, and what the editor chose."""

    container: str
    position: int
    story: Placed | None
    slot: FrontSlot | None

    @property
    def automatic(self) -> bool:
        """Whether the page's rule filled it (nothing chosen, or the choice is not public)."""
        return self.slot is None or self.slot.is_automatic or self.chosen_gone

    @property
    def chosen_gone(self) -> bool:
        """A story was chosen, but what shows is the fallback (not public, or a plan waiting)."""
        if self.slot is None or self.slot.is_automatic or self.story is None:
            return bool(self.slot and not self.slot.is_automatic and self.story is None)
        return self.story.article.id != _chosen_id(self.slot)


@dataclass
class Resolved:
    """A front as readers see it now."""

    layout: Layout
    places: list[Place] = field(default_factory=list)

    def stories(self, container: str) -> list[Placed]:
        """The stories shown in `container`, in order."""
        return [p.story for p in self.places if p.container == container and p.story]

    def ids(self) -> list[int]:
        """Every story shown in a slot (the rest of the page leaves them out)."""
        return [p.story.article.id for p in self.places if p.story]


def _chosen_id(slot: FrontSlot) -> int | None:
    if slot.article_id is not None:
        return slot.article_id
    return slot.plan.article_id if slot.plan is not None else None


def _has_picture() -> Any:
    return or_(Article.hero_image_id.is_not(None), Article.hero_image_url != "")


def resolve(version: FrontVersion | None, section: Section | None, front_page: bool) -> Resolved:
    """The stories `version`'s slots show now (every slot filled while stories exist)."""
    layout = layouts.get(version.layout if version else "", front_page)
    slots = {(s.container, s.position): s for s in (version.slots if version else [])}
    chosen_ids = {i for s in slots.values() if (i := _chosen_id(s)) is not None}
    shown = {
        a.id: a for a in db.session.scalars(visible().where(Article.id.in_(chosen_ids)))
    } if chosen_ids else {}  # fmt: skip
    pool_query = visible().where(Article.id.not_in(list(shown)))
    if section is not None:
        pool_query = pool_query.where(Article.section_id == section.id)
    pool = list(db.session.scalars(pool_query.limit(layout.slot_count)))
    pictured: list[Article] = []
    if any(c.picture_required for c in layout.containers):
        # Among the pool's newest PICTURE_WINDOW only: an archive without pictures would be
        # walked to its end (20-35 ms at 10,000 stories), for a lead that falls back anyway.
        window = pool_query.with_only_columns(Article.id).limit(PICTURE_WINDOW).subquery()
        found = pool_query.where(Article.id.in_(select(window.c.id)), _has_picture())
        pictured = list(db.session.scalars(found.limit(2)))
    used: set[int] = set(shown)
    resolved = Resolved(layout)
    for container, position in layout.places():
        slot = slots.get((container, position))
        chosen = shown.get(_chosen_id(slot) or 0) if slot else None
        box = layout.container(container) or layouts.LEAD
        if chosen is None and box.falls_back:
            needs_picture = box.picture_required
            candidates = pictured if needs_picture else pool
            chosen = next((a for a in candidates if a.id not in used), None)
            if chosen is None and needs_picture:
                chosen = next((a for a in pool if a.id not in used), None)
        if chosen is not None:
            used.add(chosen.id)
        story = Placed(chosen, slot) if chosen is not None else None
        resolved.places.append(Place(container, position, story, slot))
    return resolved


def front(language: str, section: Section | None) -> Front | None:
    """The front of `language` at `section` (None: the front page), if it was ever arranged."""
    key = Front.key_for(language, section.id if section else None)
    return db.session.scalar(select(Front).where(Front.key == key))


def version(version_id: int | None) -> FrontVersion | None:
    """A version with its slots (and their stories, plans and pictures) loaded."""
    if version_id is None:
        return None
    return db.session.scalar(
        select(FrontVersion)
        .where(FrontVersion.id == version_id)
        .options(selectinload(FrontVersion.slots).selectinload(FrontSlot.plan))
    )


def published(language: str, section: Section | None) -> Resolved:
    """What readers of `language` see on the front page (or `section`'s front) now."""
    found = front(language, section)
    chosen = version(found.published_version_id) if found else None
    return resolve(chosen, section, section is None)


def draft(found: Front | None) -> FrontVersion | None:
    """`found`'s draft, if someone has started one."""
    if found is None:
        return None
    return db.session.scalar(
        select(FrontVersion)
        .where(FrontVersion.front_id == found.id, FrontVersion.status == DRAFT)
        .order_by(FrontVersion.id.desc())
        .limit(1)
    )


def history(found: Front | None) -> list[FrontVersion]:
    """`found`'s published versions, newest first."""
    if found is None:
        return []
    return list(
        db.session.scalars(
            select(FrontVersion)
            .where(FrontVersion.front_id == found.id, FrontVersion.status == PUBLISHED)
            .order_by(FrontVersion.number.desc())
        )
    )


def scheduled(found: Front | None) -> list[FrontVersion]:
    """`found`'s scheduled changes, soonest first."""
    if found is None:
        return []
    return list(
        db.session.scalars(
            select(FrontVersion)
            .where(FrontVersion.front_id == found.id, FrontVersion.status == SCHEDULED)
            .order_by(FrontVersion.release_at)
        )
    )


def fronts_with(article: Article) -> list[Front]:
    """The fronts whose published version holds `article` (chosen, or through its plan)."""
    plan_ids = select(Plan.id).where(Plan.article_id == article.id)
    holding = (
        select(FrontVersion.front_id)
        .join(FrontSlot, FrontSlot.version_id == FrontVersion.id)
        .join(Front, Front.published_version_id == FrontVersion.id)
        .where(or_(FrontSlot.article_id == article.id, FrontSlot.plan_id.in_(plan_ids)))
    )
    return list(db.session.scalars(select(Front).where(Front.id.in_(holding)).order_by(Front.key)))


def search(text: str, language: str) -> list[Article]:
    """Public stories of `language` whose headline has `text`, newest first (the slot search)."""
    words = text.strip()
    if not words:
        return []
    return list(
        db.session.scalars(
            select(Article)
            .where(publicly_visible(), Article.language == language)
            .where(func.lower(Article.headline).contains(words.lower(), autoescape=True))
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(SEARCH_SIZE)
        )
    )


def plans_matching(text: str, language: str) -> list[Plan]:
    """Planned stories (not killed, not yet public) whose working title has `text`."""
    words = text.strip()
    if not words:
        return []
    return list(
        db.session.scalars(
            select(Plan)
            .where(Plan.status != KILLED, Plan.languages.contains(language))
            .where(func.lower(Plan.working_title).contains(words.lower(), autoescape=True))
            .order_by(Plan.slot_start, Plan.id)
            .limit(SEARCH_SIZE)
        )
    )


def label(found: Front) -> str:
    """ "Front page (English)", "Politics (العربية)": how the desk names a front."""
    name = languages.get(found.language).english_name
    return f"{found.section.name if found.section else 'Front page'} ({name})"
