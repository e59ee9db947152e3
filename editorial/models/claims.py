"""Fact-check claims: the quotes a fact-checker records on an article, and each one's history.

Claims belong to the article, not to a revision: they survive every save. A save whose body no
longer holds a claim's quote marks it `text_changed`, and it counts as unresolved until it is
checked again (`editorial.services.claims`). Internal only: no public page reads these tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime
from editorial.models.user import User

UNCHECKED, VERIFIED, FALSE, UNVERIFIABLE = "unchecked", "verified", "false", "unverifiable"
VERDICTS: tuple[str, ...] = (UNCHECKED, VERIFIED, FALSE, UNVERIFIABLE)
VERDICT_LABELS = {
    UNCHECKED: "Unchecked",
    VERIFIED: "Verified",
    FALSE: "False",
    UNVERIFIABLE: "Unverifiable",
}


class Claim(Model):
    """One quote from the article and the check on it: verdict, evidence (URLs and a note)."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_article_id", "article_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(20), default=UNCHECKED)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    # How the article qualifies it (an unverifiable claim needs one), or any other evidence.
    note: Mapped[str] = mapped_column(Text, default="")
    # The quote is no longer in the body: unresolved until someone checks it again.
    text_changed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    checked_by: Mapped[User | None] = relationship(foreign_keys=[checked_by_id])
    changes: Mapped[list[ClaimChange]] = relationship(
        order_by="ClaimChange.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def resolved(self) -> bool:
        """Counts toward clearance: verified, or unverifiable with a note, and text unchanged."""
        return resolved(self.verdict, self.note, self.text_changed)

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.verdict} on article {self.article_id}>"


def resolved(verdict: str, note: str, text_changed: bool) -> bool:
    """The one rule of what a resolved claim is (the SQL tally in `factcheck.queries` agrees)."""
    if text_changed:
        return False
    return verdict == VERIFIED or (verdict == UNVERIFIABLE and bool(note.strip()))


class ClaimChange(Model):
    """A row of a claim's history: who did what when (added, verdict, text changed, re-checked)."""

    __tablename__ = "claim_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # added, checked, text_changed, quote
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    from_verdict: Mapped[str | None] = mapped_column(String(20))
    to_verdict: Mapped[str | None] = mapped_column(String(20))
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()

    def details(self) -> dict[str, Any]:
        """What the audit event carries."""
        return {"from": self.from_verdict, "to": self.to_verdict, "sources": self.sources}


class ClaimTally:
    """An article's claims counted: how many, and how many of each kind of unresolved one.

    What the `clear` guard and every progress line ("7 of 9 resolved") read, from one grouped
    query (`factcheck.queries.tallies`), never from the claims themselves.
    """

    __slots__ = ("total", "unchecked", "false", "text_changed", "unqualified")

    def __init__(
        self,
        total: int = 0,
        unchecked: int = 0,
        false: int = 0,
        text_changed: int = 0,
        unqualified: int = 0,
    ) -> None:
        self.total = total
        self.unchecked = unchecked
        self.false = false
        self.text_changed = text_changed
        self.unqualified = unqualified

    @property
    def unresolved(self) -> int:
        return self.unchecked + self.false + self.text_changed + self.unqualified

    @property
    def resolved(self) -> int:
        return self.total - self.unresolved

    def problem(self) -> str | None:
        """Why these claims don't allow clearing yet, in words; None when they do."""
        parts = [
            _counted(self.unchecked, "claim still unchecked", "claims still unchecked"),
            _counted(self.false, "false claim", "false claims"),
            _counted(
                self.text_changed,
                "claim whose text changed since its check",
                "claims whose text changed since their check",
            ),
            _counted(
                self.unqualified,
                "unverifiable claim without a note on how the article qualifies it",
                "unverifiable claims without a note on how the article qualifies them",
            ),
        ]
        found = [part for part in parts if part]
        if not found:
            return None
        listed = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
        return f"Resolve every claim first: {listed}."


def _counted(count: int, one: str, many: str) -> str:
    if not count:
        return ""
    return f"1 {one}" if count == 1 else f"{count} {many}"
