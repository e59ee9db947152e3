"""Breaking headlines: the one-line items of the BREAKING ticker on every public page.

A headline's status is never stored: it follows from the clock (scheduled before `starts_at`, live
until `ends_at`, expired after) unless an editor withdrew it (`withdrawn_at`). No job has to flip
anything for the ticker to be right at the second a headline starts or ends.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.languages import DEFAULT_CODE
from editorial.models.article import Article
from editorial.models.types import UTCDateTime
from editorial.models.user import User

TEXT_LIMIT = 200


class BreakingHeadline(Model):
    """One headline on the ticker, scheduled from `starts_at` to `ends_at` (UTC)."""

    __tablename__ = "breaking_headlines"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_breaking_headlines_window", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(TEXT_LIMIT))
    # Which edition's ticker shows it (a catalogue code, `editorial.languages`).
    language: Mapped[str] = mapped_column(String(12), default=DEFAULT_CODE, index=True)
    # Only a publicly visible article may be linked (checked by the service, not the database).
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pinned: Mapped[bool] = mapped_column(default=False)
    # The editors' running order among live headlines (lower first); 0 until someone reorders.
    position: Mapped[int] = mapped_column(default=0)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Where on the linked article's page it points (a live post's `post-<id>`), or "".
    anchor: Mapped[str] = mapped_column(String(40), default="", server_default="")

    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Bumped by every change; an UPDATE carrying an older number matches no row (a lost update).
    version: Mapped[int] = mapped_column(default=1)

    article: Mapped[Article | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<BreakingHeadline {self.id} {self.text[:30]!r}>"
