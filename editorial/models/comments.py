"""Editorial comments: the desk's conversation about an article, never shown to the public."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.history import ArticleEvent
from editorial.models.types import UTCDateTime
from editorial.models.user import User


class _StateColumns(Protocol):
    @property
    def deleted_at(self) -> datetime | None: ...
    @property
    def resolved_at(self) -> datetime | None: ...
    @property
    def outside_name(self) -> str | None: ...


class CommentState:
    """What a comment's own columns say of it: shared by `Comment` and the thread's plain rows
    (`articles.comments.queries.ThreadComment`), which read the same columns. No annotations of
    its own, so neither the ORM's mapping nor a dataclass's fields see it."""

    @property
    def deleted(self: _StateColumns) -> bool:
        return self.deleted_at is not None

    @property
    def resolved(self: _StateColumns) -> bool:
        return self.resolved_at is not None

    @property
    def from_outside(self: _StateColumns) -> bool:
        """Written by an outside reviewer through a preview link (no account)."""
        return self.outside_name is not None


class Comment(CommentState, ArticleEvent, Model):
    """A plain-text comment by `actor` on an article; a reply when `parent_id` is set.

    Replies are one level deep: a reply's parent is always a top-level comment. Deleting keeps
    the row (`deleted_at`), so a thread with replies still shows "comment deleted" where it was.
    `updated_at` moves with every change (post, edit, delete, resolve), which is what the
    thread's poll compares: one indexed read tells whether anything changed.
    """

    __tablename__ = "comments"
    # The poll's count and last change; a story's newest comments in their order (the activity,
    # the thread list, the open threads: migration 0051).
    __table_args__ = (
        Index("ix_comments_article_updated", "article_id", "updated_at"),
        Index("ix_comments_article_at", "article_id", "at", "id"),
    )

    # The story's id leads `ix_comments_article_at`, which serves every lookup by it (the
    # story's deletion's cascade included): no index of its own, as `ArticleEvent` gives.
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))

    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A reviewer from outside the newsroom (a preview link's answer, editorial/previews): no
    # account, so no `actor`; the name they were sent the link under, and which link it was.
    outside_name: Mapped[str | None] = mapped_column(String(120))
    preview_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("preview_links.id", ondelete="SET NULL")
    )

    actor: Mapped[User | None] = relationship(foreign_keys="Comment.actor_id")
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    replies: Mapped[list[Comment]] = relationship(
        foreign_keys=[parent_id], order_by="Comment.at", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Comment {self.id} on article {self.article_id}>"
