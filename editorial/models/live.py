"""Live coverage (issue 24): a story made live, and its stream of short posts.

`LiveStory` is one row per live story (the article's id is its key): when it started, when it
ended (None while live), which reporters may post without an editor, and `version`, a number
every change a reader or the desk could see moves on. The readers' and the desk's polls read
only that number (one primary-key lookup), and each post keeps the version of its last change
(`LivePost.seq`), so a poll that is behind asks for the posts with a higher `seq`: only what
changed.

A post is public when it is published (`published_at`) and not deleted (`deleted_at`); a
deleted post stays as a row (its history is audited) but nothing of it is shown. Each edit of a
post keeps what it said before as a `LivePostRevision`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.article import Article
from editorial.models.media import Image
from editorial.models.types import UTCDateTime
from editorial.models.user import User

HEADLINE_LIMIT = 200


class LiveStory(Model):
    """An article running as live coverage: live from `started_at` until `ended_at`."""

    __tablename__ = "live_stories"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Reporters an editor lets post without waiting for "Publish post" (user ids).
    direct_reporters: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Moved on by every change to the story or its posts: the polls' ETag.
    version: Mapped[int] = mapped_column(default=0)

    article: Mapped[Article] = relationship()

    @property
    def is_live(self) -> bool:
        return self.ended_at is None


class LivePost(Model):
    """One update of a live story."""

    __tablename__ = "live_posts"
    __table_args__ = (
        Index("ix_live_posts_article_seq", "article_id", "seq"),
        Index("ix_live_posts_article_published", "article_id", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    headline: Mapped[str] = mapped_column(String(HEADLINE_LIMIT), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Set by an edit made after the post went out: readers see "updated HH:MM".
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pinned: Mapped[bool] = mapped_column(default=False)
    key_event: Mapped[bool] = mapped_column(default=False)
    needs_check: Mapped[bool] = mapped_column(default=False)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The story's version at this post's last change (see the module's docstring).
    seq: Mapped[int] = mapped_column(default=0)

    article: Mapped[Article] = relationship()
    image: Mapped[Image | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.deleted_at is None

    @property
    def waits_for_check(self) -> bool:
        return self.needs_check and self.checked_at is None

    @property
    def anchor(self) -> str:
        return f"post-{self.id}"


def public_posts() -> ColumnElement[bool]:
    """SQL twin of `LivePost.is_public`."""
    return and_(LivePost.published_at.is_not(None), LivePost.deleted_at.is_(None))


class LivePostRevision(Model):
    """What a post said before an edit."""

    __tablename__ = "live_post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("live_posts.id", ondelete="CASCADE"), index=True
    )
    headline: Mapped[str] = mapped_column(String(HEADLINE_LIMIT), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    saved_by: Mapped[User | None] = relationship()
