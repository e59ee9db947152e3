"""The fact-check of a translation: its source's claims located in its own text.

A translation of a story cleared through its claim ledger (`Article.location_tally`) is checked
against that source: for each source claim the fact-checker records the matching passage, quoted
from the translation's text (validated to be in it, like a claim's quote), or marks it "not in
this translation". The `clear` row's guard `workflow_guards.source_claims_located` holds the
translation until every source claim is one or the other. Who may: whoever may change the
translation's own claims (`claims.change`: its fact-checker, editors, admins, never its byline).
Each change is audited (`claim.located`, the source claim its object). A save of the translation
whose text no longer holds a located passage takes that location away (`claim.location_lost`):
the claim must be located again before the translation is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from editorial import clock
from editorial.articles.claims.service import TEXT_MAX, normalised, plain_text
from editorial.audit import record
from editorial.extensions import db
from editorial.models import Article, Claim, ClaimLocation, User
from editorial.models.claim_locations import source_claims
from editorial.permissions import can
from editorial.refusal import Refused


@dataclass(frozen=True)
class SourceClaim:
    """A source claim as the translation's ledger shows it, with where it is in the translation."""

    claim: Claim
    location: ClaimLocation | None


def source_of(translation: Article) -> Article | None:
    """The source the translation was made from (None for an article that is no translation)."""
    revision = translation.source_revision
    return db.session.get(Article, revision.article_id) if revision is not None else None


def source_claims_of(translation: Article) -> list[SourceClaim]:
    """The source's claims with their location in `translation`, in the order they were added
    (two queries whatever their number); empty unless the source was cleared through its ledger."""
    if translation.source_revision_id is None:
        return []
    claims = db.session.scalars(
        source_claims(translation.source_revision_id).order_by(Claim.id)
    ).all()
    if not claims:
        return []
    found = {
        location.claim_id: location
        for location in db.session.scalars(
            select(ClaimLocation).where(
                ClaimLocation.article_id == translation.id,
                ClaimLocation.claim_id.in_([claim.id for claim in claims]),
            )
        )
    }
    return [SourceClaim(claim, found.get(claim.id)) for claim in claims]


def locate(
    translation: Article, claim_id: int, actor: User, *, passage: str, absent: bool
) -> ClaimLocation:
    """Record where source claim `claim_id` is in `translation` (the passage, which must be in
    its text), or that it is not in this translation. Callers commit."""
    if not can(actor, "claims.change", translation):
        raise Refused(
            "Only the translation's fact-checker, editors and admins locate the source's claims"
            " while it is in fact-check.",
            status=403,
        )
    wanted = {entry.claim.id: entry for entry in source_claims_of(translation)}
    entry = wanted.get(claim_id)
    if entry is None:
        raise Refused("That claim is not one of this translation's source claims.", status=404)
    text = "" if absent else normalised(passage or "")
    if not absent:
        if not text:
            raise Refused(
                "Paste the passage of this translation that says what the claim says, or mark it"
                " not in this translation.",
                field="passage",
            )
        if len(text) > TEXT_MAX:
            raise Refused(f"Keep the passage under {TEXT_MAX} characters.", field="passage")
        if text not in plain_text(translation.body_html):
            raise Refused(
                "That passage is not in this translation as it reads now: quote it exactly.",
                field="passage",
            )
    location = entry.location or ClaimLocation(claim_id=claim_id, article_id=translation.id)
    location.passage, location.absent = text, absent
    location.located_by_id, location.located_at = actor.id, clock.now()
    db.session.add(location)
    db.session.flush()
    record(
        "claim.located",
        entry.claim,
        actor=actor,
        article_id=translation.id,
        passage=text,
        absent=absent,
    )
    translation.__dict__.pop("_location_tally", None)
    return location


def forget_moved_passages(article: Article, actor: User | None) -> list[ClaimLocation]:
    """After a save: every location whose passage is gone from the text is taken away."""
    located = db.session.scalars(
        select(ClaimLocation).where(
            ClaimLocation.article_id == article.id, ClaimLocation.absent.is_(False)
        )
    ).all()
    if not located:
        return []
    body = plain_text(article.body_html)
    gone = [location for location in located if location.passage not in body]
    for location in gone:
        record(
            "claim.location_lost",
            db.session.get(Claim, location.claim_id),
            actor=actor,
            article_id=article.id,
            passage=location.passage,
        )
        db.session.delete(location)
    if gone:
        db.session.flush()
        article.__dict__.pop("_location_tally", None)
    return gone
