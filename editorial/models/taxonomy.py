"""Sections, regions and tags: how the public site is navigated. Data, managed by admins.

A section may have a desk owner (`Section.owner_id`): an active editor or admin, chosen by an
admin on the section's admin page, who gets the section's weekly summary of insights (stories
filed, published and corrected, median time in edit and fact-check, overdue stages) in the inbox
every Monday at 07:00 newsroom time, and by email if they chose it (`insights.weekly`). A section
with no owner has its summary sent to nobody. `WeeklySummary` keeps the week each section's
summary went out, one row per (section, week), so it goes once however many workers run the job.

Beside them, the reads every feature shares (menu order, a tag by name, where an old slug went);
the admin's changes are `editorial.taxonomy.service`."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Date,
    Enum,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    delete,
    false,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.database import insert_missing
from editorial.extensions import Model, db
from editorial.models.types import UTCDateTime
from editorial.text import slugify

if TYPE_CHECKING:
    from editorial.models.user import User


class SectionGroup(enum.StrEnum):
    """The two menus of the public navigation."""

    NEWS = "News"
    ARTICLES = "Articles"


class Named:
    """A name people read and the slug its public address uses, both unique."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # The name in other languages, by catalogue code ({"ar": "سياسة"}): each public edition
    # shows its own, else `name` (admins edit them on the term's page).
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")

    def label(self, code: str) -> str:
        """The name readers of language `code` see."""
        return (self.labels or {}).get(code) or self.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class Section(Named, Model):
    """A section (Politics, Economy...) or an article kind (Opinion, Analysis...)."""

    __tablename__ = "sections"

    group: Mapped[SectionGroup] = mapped_column(
        Enum(
            SectionGroup,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    position: Mapped[int] = mapped_column(default=0)
    # Retired: hidden from the editor's pickers and the public menus; its stories keep it.
    retired: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The desk owner: an active editor or admin who gets the weekly summary (None: nobody does).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])


class WeeklySummary(Model):
    """Section `section_id`'s weekly summary for the newsroom week starting Monday `week_of`
    went to `recipient_id` at `sent_at` (as notification `notification_id`).

    One row per (section, week), inserted with `ON CONFLICT DO NOTHING`: the job that inserts it
    is the one that sends it, so two workers never send a week twice.
    """

    __tablename__ = "weekly_summaries"
    __table_args__ = (UniqueConstraint("section_id", "week_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    week_of: Mapped[date] = mapped_column(Date)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notifications.id", ondelete="SET NULL"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    def insights_query(self) -> dict[str, str]:
        """The /insights filters of this summary: its section and its seven days."""
        return {
            "section": str(self.section_id),
            "from": self.week_of.isoformat(),
            "to": (self.week_of + timedelta(days=6)).isoformat(),
        }


class Region(Named, Model):
    """A region of the world an article is about."""

    __tablename__ = "regions"

    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False, server_default=false())


class Tag(Named, Model):
    """A free topic label; created by whoever tags an article with a new name.

    An editor may feature one as a coverage hub (`coverage.service`): it then has a public page
    of its own (`/coverage/<slug>`) and a banner on its stories.
    """

    __tablename__ = "tags"

    coverage_hub: Mapped[bool] = mapped_column(default=False, server_default=false())
    hub_description: Mapped[str] = mapped_column(Text, default="", server_default="")


class SlugHistory(Model):
    """An address something had before: `/section/<old>` answers 301 to where it lives now.

    `kind` is "section", "region", "tag" or "author"; `target_id` the row it points to. A slug
    that is taken again by a live row stops redirecting (the row is removed when it is claimed).
    """

    __tablename__ = "slug_history"
    __table_args__ = (UniqueConstraint("kind", "old_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    old_slug: Mapped[str] = mapped_column(String(80))
    target_id: Mapped[int] = mapped_column()


KINDS: dict[type[Section | Region | Tag], str] = {Section: "section", Region: "region", Tag: "tag"}


# --- Reading them in menu order, and tags as writers name them -------------------------------


def sections_in_order(*, retired: bool = False) -> list[Section]:
    """The sections in the order menus list them (by position, then name); retired ones only
    when asked (the admin's list), since pickers and menus leave them out."""
    query = select(Section).order_by(Section.position, Section.name)
    if not retired:
        query = query.where(Section.retired.is_(False))
    return list(db.session.scalars(query))


def regions_in_order(*, retired: bool = False) -> list[Region]:
    """The regions in menu order; retired ones only when asked."""
    query = select(Region).order_by(Region.position, Region.name)
    if not retired:
        query = query.where(Region.retired.is_(False))
    return list(db.session.scalars(query))


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


# --- Addresses that moved: an old slug answers 301 to its row's address now ------------------


def claim_slug(kind: str, slug: str) -> None:
    """A live row takes `slug`: it no longer redirects anywhere else."""
    db.session.execute(
        delete(SlugHistory).where(SlugHistory.kind == kind, SlugHistory.old_slug == slug)
    )


def remember_slug(kind: str, old_slug: str, target_id: int) -> None:
    """`old_slug` now answers 301 to row `target_id`; a row's older slugs keep doing so."""
    claim_slug(kind, old_slug)
    db.session.execute(
        insert(SlugHistory).values(kind=kind, old_slug=old_slug, target_id=target_id)
    )


def moved_to(kind: str, slug: str) -> int | None:
    """The row an old `slug` of `kind` points to now, or None."""
    return db.session.scalar(
        select(SlugHistory.target_id).where(SlugHistory.kind == kind, SlugHistory.old_slug == slug)
    )
