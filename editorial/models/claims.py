"""Fact-check claims: the quotes a fact-checker records on an article, and each one's history.

Claims belong to the article, not to a revision: they survive every save. A save whose body no
longer holds a claim's quote marks it `text_changed`, and it counts as unresolved until it is
checked again (`editorial.articles.claims.service`). Internal only: no public page reads these
tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    case,
    false,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from editorial.clock import now
from editorial.extensions import Model, db
from editorial.models.types import UTCDateTime
from editorial.models.user import User
from editorial.raw_reads import session_reads

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

    @property
    def unresolved_reason(self) -> str | None:
        """Why a checked claim doesn't count as resolved yet, in words shown on its row (None
        when it does, or when its verdict says so itself: unchecked, false)."""
        if self.text_changed:
            return "Not resolved: the article's text changed since the check. Check it again."
        if self.verdict == UNVERIFIABLE and not self.note.strip():
            return (
                "Not resolved: an unverifiable claim counts only with a note on how the article"
                " qualifies it (“officials say”, “could not be confirmed”). Add the note."
            )
        return None

    def __repr__(self) -> str:
        return f"<Claim {self.id} {self.verdict} on article {self.article_id}>"


def resolved(verdict: str, note: str, text_changed: bool) -> bool:
    """The one rule of what a resolved claim is (the SQL tally, `tallies`, agrees)."""
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
    query (`tallies` below), never from the claims themselves.
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


# --- Counting: one grouped query for any number of articles, or the claims already loaded ---


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


_FRESH = Claim.text_changed.is_(False)
_TALLIES = select(
    Claim.article_id,
    func.count(Claim.id),
    _count(and_(_FRESH, Claim.verdict == UNCHECKED)),
    _count(and_(_FRESH, Claim.verdict == FALSE)),
    _count(Claim.text_changed.is_(True)),
    _count(and_(_FRESH, Claim.verdict == UNVERIFIABLE, func.trim(Claim.note) == "")),
).group_by(Claim.article_id)
_ONE_TALLY = _TALLIES.where(Claim.article_id == bindparam("article_id"))


def tallies(article_ids: Iterable[int], *, always: bool = False) -> dict[int, ClaimTally]:
    """Each article's claims counted, in one grouped query (articles without claims: absent).

    `always` sends the query even for no articles, so a page's statement count is the same
    however many of its articles are in fact-check (the board's query-count tests).
    """
    ids = list(article_ids)
    if not ids and not always:
        return {}
    if len(ids) == 1:
        # One story's (a verdict's answer, its desk page): the statement built once, read past
        # the ORM's execution, after what the session holds pending is flushed (as it would).
        with session_reads(db.session) as reads:
            rows = list(reads.execute(_ONE_TALLY, {"article_id": ids[0]}))
    else:
        rows = list(db.session.execute(_TALLIES.where(Claim.article_id.in_(ids))))
    return {row[0]: ClaimTally(*row[1:]) for row in rows}


class Tallied(Protocol):
    """An article, as the tallies see it (`Article` imports this module, so not the class)."""

    id: int


def attach_tallies(articles: Iterable[Tallied], *, always: bool = False) -> None:
    """Give each article its `claim_tally` from one query, so a list reads no claims per item."""
    wanted = [article for article in articles if "_claim_tally" not in article.__dict__]
    found = tallies((article.id for article in wanted), always=always)
    for article in wanted:
        article.__dict__["_claim_tally"] = found.get(article.id, ClaimTally())


def forget_tally(article: Tallied) -> None:
    """After a claim changed: the next `claim_tally` counts again."""
    article.__dict__.pop("_claim_tally", None)


class Checkable(Protocol):
    """A claim as the tally reads it: an article's `Claim`, or a live post's claim."""

    verdict: str
    note: str
    text_changed: bool


def tally_of(claims: Iterable[Checkable]) -> ClaimTally:
    """The tally counted from claims already loaded (the same rule as `tallies`)."""
    claims = list(claims)
    tally = ClaimTally(total=len(claims))
    for claim in claims:
        if claim.text_changed:
            tally.text_changed += 1
        elif claim.verdict == UNCHECKED:
            tally.unchecked += 1
        elif claim.verdict == FALSE:
            tally.false += 1
        elif claim.verdict == UNVERIFIABLE and not claim.note.strip():
            tally.unqualified += 1
    return tally
