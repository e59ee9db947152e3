"""In-app notifications: what a person's inbox holds, and which of it they have read."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.article import Article
from editorial.models.types import UTCDateTime
from editorial.models.user import User

if TYPE_CHECKING:
    from editorial.models.planning import Plan


class Kind(enum.StrEnum):
    """Why a person was notified."""

    ASSIGNED = "assigned"
    MENTIONED = "mentioned"
    COMMENTED = "commented"
    RETURNED = "returned"
    FLAGGED = "flagged"
    CLEARED = "cleared"
    PUBLISHED = "published"
    SOURCE_CHANGED = "source_changed"  # a translation's source changed since it was made
    MISSED = "missed_publish"
    PLAN = "plan"  # a planned story one is on was made, moved, reassigned, killed or restored
    DEADLINE = "deadline"  # a stage's deadline is near, reached or passed (escalation)
    WEBHOOK_PAUSED = "webhook_paused"  # (admins) an endpoint was paused after failing
    WEEKLY = "weekly_summary"  # (desk owners) last week's insights of a section they own


class Notification(Model):
    """`recipient` was told that `actor` did `kind` on `article`; unread until `read_at`.

    The unread count and the poll's "anything new?" are one range scan of
    `ix_notifications_unread` (recipient, read_at, id), however large the inbox grows; the inbox
    itself reads `ix_notifications_recipient_time` (recipient, created_at, id) backwards: newest
    first by the time it happened, which the id need not follow (rows written with an earlier
    time, as the demo's history is).
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_unread", "recipient_id", "read_at", "id"),
        Index("ix_notifications_recipient_time", "recipient_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(
        Enum(Kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    # The story it is about; a plan's notification before its draft exists has `plan_id` only.
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    # What to show under the line: a comment's opening words, a transition's note, a duty.
    excerpt: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it went out by email, at once or in a digest; a digest claims its rows by setting it
    # (`UPDATE ... WHERE emailed_at IS NULL`), so two workers never email one twice.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    article: Mapped[Article | None] = relationship()
    plan: Mapped[Plan | None] = relationship()

    def __repr__(self) -> str:
        return f"<Notification {self.kind} for {self.recipient_id} on {self.article_id}>"


class UnsubscribeToken(Model):
    """The secret of one email's unsubscribe link: it turns off `kind` (a `Kind` value, or
    "hourly"/"daily" for a digest) for `user_id`, and nothing else, until `expires_at`.

    Only the SHA-256 of the token is kept (the link carries the token, 256 bits from `secrets`),
    so a copy of the database unsubscribes nobody; each email gets a token of its own, and the
    digest job removes expired ones.
    """

    __tablename__ = "unsubscribe_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    def __repr__(self) -> str:
        return f"<UnsubscribeToken {self.id} {self.kind} user={self.user_id}>"
