"""Missed-publish alarms (issue 22): a scheduled story or a breaking headline that should be
public and is not. One row per miss (what, and the time it was due), so the alarm is raised,
audited and told to the editors exactly once however many processes notice it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime

STORY, HEADLINE = "story", "headline"


class PublishAlarm(Model):
    """One missed publish: raised once, cleared once when it is resolved."""

    __tablename__ = "publish_alarms"
    __table_args__ = (UniqueConstraint("subject", "due_at", name="uq_publish_alarms_subject_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # STORY or HEADLINE
    # "story:12", "headline:5": with `due_at`, the one key that makes raising it happen once.
    subject: Mapped[str] = mapped_column(String(40))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    headline_id: Mapped[int | None] = mapped_column(
        ForeignKey("breaking_headlines.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
