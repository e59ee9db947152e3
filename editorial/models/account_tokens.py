"""Secret links that let a person into their account without a password: a password reset
asked for on the sign-in page, or an admin's invitation.

Only the SHA-256 of a token is stored (the link carries the token itself, 256 bits from
`secrets`), so a copy of the database lets nobody in. A token works once (`used_at`), until
`expires_at`, and for one person and one purpose; asking again replaces the older ones.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime

RESET, INVITATION = "reset", "invitation"


class AccountToken(Model):
    """One emailed link into an account: whose, for what, until when, and whether it was used."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<AccountToken {self.id} {self.purpose} user={self.user_id}>"
