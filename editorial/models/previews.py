"""Preview links (issue 25): a story shown to a named reviewer outside the newsroom, without an
account, for a limited time, and each time the link was opened.

The token itself is never stored: only its sha256 (`token_hash`), so a copy of the database
opens no preview. A link is pinned to one revision (`revision_id`: the reviewer reads exactly
what was sent) or follows the latest text (`revision_id` None).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import as_utc, now
from editorial.extensions import Model
from editorial.models.article import Article
from editorial.models.history import ArticleRevision
from editorial.models.types import UTCDateTime
from editorial.models.user import User

ACTIVE, EXPIRED, REVOKED = "active", "expired", "revoked"


class PreviewLink(Model):
    """One reviewer's link to one story: who it is for, what it shows, until when."""

    __tablename__ = "preview_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reviewer_name: Mapped[str] = mapped_column(String(120))
    reviewer_email: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Pinned: the revision the reviewer sees whatever is saved later; None follows the latest.
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("article_revisions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    article: Mapped[Article] = relationship()
    revision: Mapped[ArticleRevision | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def pinned(self) -> bool:
        return self.revision_id is not None

    def state(self, at: datetime | None = None) -> str:
        """ACTIVE, EXPIRED or REVOKED at `at` (default: now); revoked wins over expired."""
        if self.revoked_at is not None:
            return REVOKED
        return EXPIRED if as_utc(self.expires_at) <= (at or now()) else ACTIVE

    def __repr__(self) -> str:
        return f"<PreviewLink {self.id} on article {self.article_id} for {self.reviewer_name!r}>"


class PreviewView(Model):
    """The link was opened: when, and a salted hash of the address it came from (never the
    address itself), so the desk can tell one reader from several without keeping who."""

    __tablename__ = "preview_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("preview_links.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    address_hash: Mapped[str] = mapped_column(String(64))
