"""What happened to an article: transitions, assignments, revisions and public corrections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime
from editorial.models.user import User


class ArticleEvent:
    """Something that happened to an article: which article, when, and who did it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @declared_attr
    def actor(cls) -> Mapped[User | None]:
        """Who did it (None: the system)."""
        return relationship(User)


class ArticleTransition(ArticleEvent, Model):
    """One move through the state machine: from, to, who (None: the system), when, why."""

    __tablename__ = "article_transitions"
    # Insights count a period's submits, publishes and spikes, and whether a submit is a story's
    # first, from these two indexes alone (`insights.flow_sql`; migration 0044).
    __table_args__ = (
        Index("ix_article_transitions_name_at_article", "name", "at", "article_id"),
        Index("ix_article_transitions_article_name_at", "article_id", "name", "at"),
    )

    name: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class ArticleAssignment(ArticleEvent, Model):
    """A change of who does a duty on an article (`editor` or `fact_checker`): before and after."""

    __tablename__ = "article_assignments"

    duty: Mapped[str] = mapped_column(String(20))
    before_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    after_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # Named, since the event points at three people: who did it, before and after.
    actor: Mapped[User | None] = relationship(foreign_keys="ArticleAssignment.actor_id")
    before: Mapped[User | None] = relationship(foreign_keys=[before_id])
    after: Mapped[User | None] = relationship(foreign_keys=[after_id])


class ArticleRevision(ArticleEvent, Model):
    """The article's content as it was after one save (or transition): any two can be compared."""

    __tablename__ = "article_revisions"

    version: Mapped[int]
    # "created", "saved", "transition", "restored", "corrected"
    reason: Mapped[str] = mapped_column(String(20), default="saved")
    headline: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # Everything else that a save can change (section, region, tags, source, bylines...).
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Correction(ArticleEvent, Model):
    """A dated public notice that a published article was changed, shown on the article page."""

    __tablename__ = "corrections"
    # Insights count a period's corrections.
    __table_args__ = (Index("ix_corrections_at", "at"),)

    notice: Mapped[str] = mapped_column(Text)
