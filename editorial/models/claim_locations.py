"""Where a translation says what its source's checked claims say (the fact-check of a translation).

A translation of a story that was cleared through its claim ledger is checked against that
source: each source claim is located in the translation (the passage, quoted from the
translation's own text) or marked "not in this translation". One row per source claim and
translation; a claim removed from the source takes its locations with it. Internal only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Select,
    Text,
    UniqueConstraint,
    and_,
    column,
    false,
    func,
    select,
    table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model, db
from editorial.models.claims import Claim
from editorial.models.history import ArticleRevision
from editorial.models.types import UTCDateTime
from editorial.models.user import User


class ClaimLocation(Model):
    """A source claim found in a translation: the matching passage, or marked absent."""

    __tablename__ = "claim_locations"
    __table_args__ = (
        UniqueConstraint("claim_id", "article_id", name="uq_claim_locations_claim_article"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    # The translation it is located in.
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    passage: Mapped[str] = mapped_column(Text, default="")
    # Marked "not in this translation" (then `passage` is empty).
    absent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    located_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    located_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    located_by: Mapped[User | None] = relationship()


class LocationTally:
    """A translation's source claims counted: how many, and how many are located or marked."""

    __slots__ = ("total", "located")

    def __init__(self, total: int = 0, located: int = 0) -> None:
        self.total = total
        self.located = located

    def problem(self) -> str | None:
        """Why the translation can't be cleared yet, in words; None when it can."""
        left = self.total - self.located
        if left <= 0:
            return None
        which = "1 source claim is" if left == 1 else f"{left} source claims are"
        return (
            f"Locate every source claim in this translation first: {which} neither located "
            "nor marked “not in this translation”."
        )


def source_claims(source_revision_id: int | None) -> Select[Claim]:
    """SQL: the claims of the source that revision `source_revision_id` belongs to, when that
    source was cleared through its ledger (it names its checker)."""
    # The articles table by name: `models.article` imports this module.
    source = table("articles", column("id"), column("checked_at"))
    return (
        select(Claim)
        .join(source, source.c.id == Claim.article_id)
        .join(ArticleRevision, ArticleRevision.article_id == source.c.id)
        .where(ArticleRevision.id == source_revision_id, source.c.checked_at.is_not(None))
    )


def location_tally(article_id: int, source_revision_id: int | None) -> LocationTally | None:
    """The translation's source claims counted (one query); None for no translation, or a
    source not cleared through its ledger."""
    if source_revision_id is None:
        return None
    claims = source_claims(source_revision_id).subquery()
    row = db.session.execute(
        select(func.count(claims.c.id), func.count(ClaimLocation.id)).select_from(
            claims.outerjoin(
                ClaimLocation,
                and_(
                    ClaimLocation.claim_id == claims.c.id,
                    ClaimLocation.article_id == article_id,
                ),
            )
        )
    ).one()
    total, located = int(row[0] or 0), int(row[1] or 0)
    return LocationTally(total, located) if total else None


def attach_location_tallies(articles: Iterable[Any]) -> None:
    """Give each article its `location_tally` as `Article.location_tally` would, with three
    queries in all however many (a queue's rows): the sources the translations were made from,
    those sources' claims, and the translations' locations."""
    articles = list(articles)
    translations = [a for a in articles if a.source_revision_id is not None]
    for article in articles:
        article.__dict__["_location_tally"] = None
    if not translations:
        return
    source = table("articles", column("id"), column("checked_at"))
    source_of: dict[int, int] = {
        revision_id: article_id
        for revision_id, article_id in db.session.execute(
            select(ArticleRevision.id, ArticleRevision.article_id)
            .join(source, source.c.id == ArticleRevision.article_id)
            .where(
                ArticleRevision.id.in_({a.source_revision_id for a in translations}),
                source.c.checked_at.is_not(None),
            )
        )
    }
    claims: dict[int, set[int]] = {}
    for claim_id, article_id in db.session.execute(
        select(Claim.id, Claim.article_id).where(Claim.article_id.in_(set(source_of.values())))
    ):
        claims.setdefault(article_id, set()).add(claim_id)
    located: dict[int, set[int]] = {}
    for claim_id, article_id in db.session.execute(
        select(ClaimLocation.claim_id, ClaimLocation.article_id).where(
            ClaimLocation.article_id.in_({a.id for a in translations})
        )
    ):
        located.setdefault(article_id, set()).add(claim_id)
    for article in translations:
        wanted = claims.get(source_of.get(article.source_revision_id, 0), set())
        if wanted:
            found = len(wanted & located.get(article.id, set()))
            article.__dict__["_location_tally"] = LocationTally(len(wanted), found)


__all__ = [
    "ClaimLocation",
    "LocationTally",
    "attach_location_tallies",
    "location_tally",
    "source_claims",
]
