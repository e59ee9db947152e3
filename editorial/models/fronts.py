"""Fronts (issue 23): each edition's front page and section fronts, arranged by editors.

A `Front` is one page of one edition: the front page (`section_id` None) or a section front. What
it shows is a `FrontVersion`, a layout (`editorial.fronts.layouts`) and its `FrontSlot`s. A front
has at most one draft version (what the fronts editor changes), any number of scheduled ones
(released by the scheduler's pass), and the published ones, kept as its history; the one readers
see is `Front.published_version_id`. A slot holds a story, a planned story (it fills itself once
the plan's article is public), or nothing (automatic: the page's newest-first rule fills it), and
may override the headline, summary and picture shown on this front only, never the story's own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.article import Article
from editorial.models.media import Image
from editorial.models.planning import Plan
from editorial.models.taxonomy import Section
from editorial.models.types import UTCDateTime
from editorial.models.user import User

# A version's life: the draft (one per front) is scheduled or published; a scheduled one is
# released (published) by the scheduler exactly once, or cancelled.
DRAFT, SCHEDULED, PUBLISHED, CANCELLED = "draft", "scheduled", "published", "cancelled"
FRONT_PAGE = "home"  # a front page's place in its key and address; a section front's is its slug


class Front(Model):
    """One edition's front page or one section front."""

    __tablename__ = "fronts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "en:home", "ar:s12": one front per edition and place (NULL section ids are not unique).
    key: Mapped[str] = mapped_column(String(40), unique=True)
    language: Mapped[str] = mapped_column(String(8))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    # The version readers see (no foreign key: versions point at their front already).
    published_version_id: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    section: Mapped[Section | None] = relationship(lazy="joined")

    @staticmethod
    def key_for(language: str, section_id: int | None) -> str:
        """The unique key of the front of `language` at `section_id` (None: the front page)."""
        return f"{language}:{FRONT_PAGE if section_id is None else f's{section_id}'}"

    def __repr__(self) -> str:
        return f"<Front {self.key}>"


class FrontVersion(Model):
    """A front's arrangement: the draft, a scheduled change, or a published version."""

    __tablename__ = "front_versions"
    __table_args__ = (Index("ix_front_versions_status_release", "status", "release_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    front_id: Mapped[int] = mapped_column(ForeignKey("fronts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)
    layout: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(default=0)  # 1, 2... once published; 0 before
    release_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a scheduled one's time
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    front: Mapped[Front] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    slots: Mapped[list[FrontSlot]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="(FrontSlot.container, FrontSlot.position)",
    )

    def __repr__(self) -> str:
        return f"<FrontVersion {self.id} {self.status} #{self.number}>"


class FrontSlot(Model):
    """One filled slot of a version (an automatic slot has no row, or one with nothing in it)."""

    __tablename__ = "front_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("front_versions.id", ondelete="CASCADE"), index=True
    )
    container: Mapped[str] = mapped_column(String(20))  # "lead", "top", "also", "list"
    position: Mapped[int] = mapped_column(default=0)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), index=True
    )
    # This front's own words and picture for the story; empty/None: the story's.
    headline: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"))

    version: Mapped[FrontVersion] = relationship(back_populates="slots")
    image: Mapped[Image | None] = relationship()
    article: Mapped[Article | None] = relationship()
    plan: Mapped[Plan | None] = relationship()

    @property
    def is_automatic(self) -> bool:
        """Nothing chosen: the page's rule fills it."""
        return self.article_id is None and self.plan_id is None

    def __repr__(self) -> str:
        return f"<FrontSlot {self.container}[{self.position}] {self.article_id}>"
