"""A live post's fact-check, claim by claim: the article ledger's rules, per post.

A post marked "needs check" goes out only once its check is cleared (`clear`), and the check
clears only as the article ledger's `clear` does (`models.claims`): every claim resolved
(verified, or unverifiable with a note; nothing unchecked, false or changed since its check),
or, with no claims recorded, a note on why nothing needed checking. The verdicts, the rule of
what is resolved and the tally are the ledger's own (`models.claims.VERDICTS`, `resolved`,
`tally_of`); the quotes are the post's (`articles.claims.service.normalised`), and the evidence
is checked as the ledger checks it (`checked_sources`).

Who (`live.check` in `permissions.py`): fact-checkers, editors and admins record claims and
verdicts and clear, never on a post they wrote or co-wrote. A claim changes only while the post
is held (needs check, not out); any change takes back a clearance already given, and an edit
that takes a quote out of the post marks that claim "text changed" and holds the post again.
Each write is audited (family "live") and moves the story's version on; callers commit.
"""

from __future__ import annotations

from datetime import datetime

from editorial.articles.claims import service as ledger
from editorial.audit import record
from editorial.extensions import db
from editorial.live.service import moved, quoted_in, story_of_post
from editorial.models import LivePost, LivePostClaim, User
from editorial.models.claims import UNCHECKED, VERDICTS, ClaimTally, tally_of
from editorial.permissions import can
from editorial.refusal import Refused

NOTE_MAX = ledger.NOTE_MAX
TEXT_MAX = ledger.TEXT_MAX


def tally(post: LivePost) -> ClaimTally:
    """The post's claims counted by the ledger's rule."""
    return tally_of(post.claims)


def may_check(person: User, post: LivePost) -> bool:
    """Whether `person` gives verdicts on `post` (what the desk's buttons read too)."""
    return can(person, "live.check", post.article) and not post.is_author(person)


def _allowed(post: LivePost, actor: User) -> None:
    if not can(actor, "live.check", post.article):
        raise Refused("Only fact-checkers, editors and admins check a live post.", status=403)
    if post.is_author(actor):
        raise Refused("Someone else must check your own post.", status=403)
    if post.deleted_at is not None:
        raise Refused("This post was deleted.", status=410)
    if not post.needs_check or post.published_at is not None:
        raise Refused("This post is not held for a check.", status=409)


def _quote(post: LivePost, text: str, own: int | None = None) -> str:
    quote = ledger.normalised(text or "")
    if not quote:
        raise Refused("Paste the claim's words from the post.", field="text")
    if len(quote) > TEXT_MAX:
        raise Refused(f"Keep a claim under {TEXT_MAX} characters.", field="text")
    if not quoted_in(post, quote):
        raise Refused("That text is not in the post as it reads now: quote it exactly.")
    if any(c.text == quote and c.id != own for c in post.claims):
        raise Refused("This quote is already a claim of the post: check that one instead.")
    return quote


def _void_clearance(post: LivePost) -> None:
    post.checked_at = None
    post.checked_by_id = None
    post.check_note = ""


def add(post: LivePost, actor: User, text: str, at: datetime) -> LivePostClaim:
    """Record a new, unchecked claim quoting the post."""
    _allowed(post, actor)
    claim = LivePostClaim(
        post_id=post.id, text=_quote(post, text), created_by_id=actor.id, created_at=at
    )
    claim.verdict, claim.sources, claim.note, claim.text_changed = UNCHECKED, [], "", False
    db.session.add(claim)
    _void_clearance(post)
    db.session.flush()
    db.session.refresh(post, ["claims"])
    moved(story_of_post(post), post, seen=False)
    record("live.claim_added", post.article, actor=actor, post_id=post.id, claim_id=claim.id)
    return claim


def verdict(
    claim: LivePostClaim, actor: User, *, verdict: str, sources: str, note: str, at: datetime
) -> None:
    """Set a claim's verdict and evidence; a re-check clears "text changed"."""
    post = claim.post
    _allowed(post, actor)
    if verdict not in VERDICTS:
        raise Refused("Choose a verdict from the list.", field="verdict")
    if not quoted_in(post, claim.text):
        raise Refused("This quote is no longer in the post: remove it and quote the post again.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Refused(f"Keep the note under {NOTE_MAX} characters.", field="note")
    before = claim.verdict
    claim.verdict = verdict
    claim.sources = ledger.checked_sources(sources)
    claim.note = note
    claim.text_changed = False
    claim.checked_by_id, claim.checked_at = actor.id, at
    _void_clearance(post)
    moved(story_of_post(post), post, seen=False)
    record(
        "live.claim_checked",
        post.article,
        actor=actor,
        post_id=post.id,
        claim_id=claim.id,
        **{"from": before, "to": verdict},
    )


def remove(claim: LivePostClaim, actor: User) -> None:
    """Take a claim off the post's check (the audit log keeps it)."""
    post = claim.post
    _allowed(post, actor)
    record(
        "live.claim_removed",
        post.article,
        actor=actor,
        post_id=post.id,
        claim_id=claim.id,
        text=claim.text,
        verdict=claim.verdict,
    )
    db.session.delete(claim)
    _void_clearance(post)
    db.session.flush()
    db.session.refresh(post, ["claims"])
    moved(story_of_post(post), post, seen=False)


def clear(post: LivePost, actor: User, at: datetime, note: str = "") -> None:
    """Clear the post's check by the ledger's rule; an editor then publishes it."""
    _allowed(post, actor)
    if post.checked_at is not None:
        raise Refused("This post's check is already cleared.", status=409)
    counted = tally(post)
    if (problem := counted.problem()) is not None:
        raise Refused(problem)
    note = (note or "").strip()
    if not counted.total and not note:
        raise Refused("No claims recorded: say why nothing needed checking.", field="note")
    post.checked_at, post.checked_by_id, post.check_note = at, actor.id, note[:NOTE_MAX]
    moved(story_of_post(post), post, seen=False)
    record("live.checked", post.article, actor=actor, post_id=post.id, claims=counted.total)
