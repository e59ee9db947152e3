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

A post's authors are its writer (`author`) and the co-authors an editor adds from the staff
(`live_post_coauthors`, in the order added). A post marked "needs check" gets its own claims
(`LivePostClaim`): the article ledger's verdicts and tally (`models.claims`), kept apart from
the article's claims because those quote the article's body, gate the article's `clear` and are
counted by article wherever the ledger is read; a post's claims quote the post.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text, and_, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.article import Article
from editorial.models.claims import UNCHECKED, resolved
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


live_post_coauthors = Table(
    "live_post_coauthors",
    Model.metadata,
    Column("post_id", ForeignKey("live_posts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)


class LivePost(Model):
    """One update of a live story."""

    __tablename__ = "live_posts"
    __table_args__ = (
        Index("ix_live_posts_article_seq", "article_id", "seq"),
        Index("ix_live_posts_article_published", "article_id", "published_at", "id"),
        # The desk's stream, newest first by time (`live.queries.desk_posts`): walked, not sorted.
        Index("ix_live_posts_article_created", "article_id", "created_at", "id"),
        # The desk's counts (`live.queries.counts`, every post's answer): read from the index
        # alone, not from each post's row (bench:live8).
        Index("ix_live_posts_article_counted", "article_id", "deleted_at", "published_at"),
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
    # Cleared with no claims recorded: why nothing needed checking (the ledger's rule).
    check_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The story's version at this post's last change (see the module's docstring).
    seq: Mapped[int] = mapped_column(default=0)

    article: Mapped[Article] = relationship()
    image: Mapped[Image | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])
    coauthors: Mapped[list[User]] = relationship(
        secondary=live_post_coauthors, order_by=live_post_coauthors.c.position, viewonly=True
    )
    claims: Mapped[list[LivePostClaim]] = relationship(
        order_by="LivePostClaim.id", viewonly=True, back_populates="post"
    )

    @property
    def authors(self) -> list[User]:
        """Its writer, then its co-authors."""
        found = [self.author] if self.author is not None else []
        # By id: `User.__eq__` (Flask-Login's) compares session ids, not people.
        return found + [person for person in self.coauthors if person.id != self.author_id]

    def is_author(self, person: User) -> bool:
        return person.id == self.author_id or any(p.id == person.id for p in self.coauthors)

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


class LivePostClaim(Model):
    """A claim in a live post, checked as the article ledger checks claims (`models.claims`):
    the same verdicts, the same rule of what is resolved, the same tally."""

    __tablename__ = "live_post_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("live_posts.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(20), default=UNCHECKED)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    # The post was edited and no longer holds the quote: unresolved until checked again.
    text_changed: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[LivePost] = relationship(back_populates="claims")
    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])

    @property
    def resolved(self) -> bool:
        return resolved(self.verdict, self.note, self.text_changed)
