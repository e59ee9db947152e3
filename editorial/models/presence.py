"""Who has an article open in the editor right now: one row per (article, person), upserted.

The editor page sends a heartbeat every 15 seconds; a row older than 35 seconds means the person
has gone (closed the tab, lost the connection), so nothing has to clean up for the notice to
disappear.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime
from editorial.models.user import User


class EditorPresence(Model):
    """`user` had `article` open in the editor at `last_seen`."""

    __tablename__ = "editor_presence"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<EditorPresence article={self.article_id} user={self.user_id}>"
