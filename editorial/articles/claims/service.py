"""Writing the claim ledger: adding, checking (verdict and evidence), removing a claim, and
marking claims whose quote a save took out of the body ("text changed").

Every change is checked against `permissions.can(actor, "claims.change", article)` here, so a
hand-made POST gets the same answer as the page; each one adds a `ClaimChange` history row and an
audit event (`claim.added`, `claim.checked`, `claim.removed`, `claim.text_changed`, the claim
its object and the article id in its details) in the caller's transaction. Callers commit.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update

from editorial import clock, workflow
from editorial.articles.claims.written import write_check
from editorial.audit import record
from editorial.extensions import db
from editorial.models import Article, Claim, ClaimChange, User
from editorial.models.claims import UNCHECKED, VERDICTS, forget_tally, tallies
from editorial.permissions import can
from editorial.refusal import Refused
from editorial.signals import article_transitioned
from editorial.text import html_text

TEXT_MAX = 1000
NOTE_MAX = 2000
SOURCES_MAX = 10
URL_MAX = 500

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalised(text: str) -> str:
    """`text` as claims are compared: whitespace runs as one space, curly quotes straight."""
    return " ".join(text.translate(_QUOTES).split())


@lru_cache(maxsize=32)
def plain_text(html: str) -> str:
    """The article body's words as a reader sees them (`text.html_text`), quotes straightened.

    Kept for the last few bodies (a pure function of the HTML): every verdict checks its quote
    is still in the body, and parsing the whole body each time was 2% of a verdict's CPU
    (bench:workflow8)."""
    return normalised(html_text(html))


def _in_body(article: Article, text: str) -> bool:
    return normalised(text) in plain_text(article.body_html)


def _check_allowed(article: Article, actor: User) -> None:
    if not can(actor, "claims.change", article):
        if article.state != workflow.FACT_CHECK:
            raise Refused("Claims change only while the article is in fact-check.", status=403)
        raise Refused("Only its fact-checker, editors and admins change the claims.", status=403)


def checked_text(article: Article, text: str) -> str:
    """The quote, cleaned; refused when empty, too long or not in the article's text."""
    text = normalised(text or "")
    if not text:
        raise Refused("Paste or select the claim's text from the article.", field="text")
    if len(text) > TEXT_MAX:
        raise Refused(f"Keep a claim under {TEXT_MAX} characters.", field="text")
    if not _in_body(article, text):
        raise Refused(
            "That text is not in the article as it reads now: quote it exactly.", field="text"
        )
    return text


def checked_sources(raw: str | list[str]) -> list[str]:
    """Source addresses, one per line: http or https only (a `javascript:` link is refused)."""
    lines = raw if isinstance(raw, list) else (raw or "").splitlines()
    sources = [line.strip() for line in lines if line.strip()]
    if len(sources) > SOURCES_MAX:
        raise Refused(f"Give at most {SOURCES_MAX} source addresses.", field="sources")
    for source in sources:
        parts = urlsplit(source)
        if len(source) > URL_MAX:
            raise Refused(f"Keep each address under {URL_MAX} characters.", field="sources")
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in source:
            raise Refused(
                f"“{source[:80]}” is not a web address: start it with https:// or http://.",
                field="sources",
            )
    return sources


def _checked_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Refused(f"Keep the note under {NOTE_MAX} characters.", field="note")
    return note


def _check_new_quote(article: Article, quote: str, own_id: int | None = None) -> None:
    """Refuse a quote the story's ledger already has (as cleaned: spacing and curly quotes do
    not make it another claim). The story's row is locked first (`FOR UPDATE`; SQLite's write
    lock already serialises), so two people adding the same quote at once can't both land."""
    db.session.execute(select(Article.id).where(Article.id == article.id).with_for_update())
    there = db.session.scalar(
        select(Claim.id).where(
            Claim.article_id == article.id, Claim.text == quote, Claim.id != (own_id or 0)
        )
    )
    if there is not None:
        raise Refused(
            "This quote is already a claim in the ledger: check that one instead.", field="text"
        )


def add(article: Article, actor: User, text: str) -> Claim:
    """Record a new, unchecked claim quoting the article (one claim per quote)."""
    _check_allowed(article, actor)
    quote = checked_text(article, text)
    _check_new_quote(article, quote)
    claim = Claim(article_id=article.id, text=quote, created_by_id=actor.id)
    claim.changes.append(
        ClaimChange(kind="added", actor_id=actor.id, at=clock.now(), to_verdict=UNCHECKED)
    )
    db.session.add(claim)
    db.session.flush()
    record("claim.added", claim, actor=actor, article_id=article.id, text=claim.text)
    forget_tally(article)
    return claim


def check(
    claim: Claim,
    article: Article,
    actor: User,
    *,
    verdict: str,
    sources: str | list[str],
    note: str,
    text: str | None = None,
) -> ClaimChange:
    """Set a claim's verdict and evidence (a re-check clears "text changed").

    `text`, when given and different, re-quotes the claim from the article as it reads now.
    A claim whose quote is gone from the body can't be re-checked until it is re-quoted.
    """
    _check_allowed(article, actor)
    if verdict not in VERDICTS:
        raise Refused("Choose a verdict from the list.", field="verdict")
    checked_sources_ = checked_sources(sources)
    checked_note = _checked_note(note)
    quote = claim.text
    if text is not None and normalised(text) != claim.text:
        quote = checked_text(article, text)
        _check_new_quote(article, quote, claim.id)
    elif not _in_body(article, quote):
        raise Refused(
            "This quote is no longer in the article: change it to what the article says now.",
            field="text",
        )
    change = ClaimChange(
        kind="checked",
        actor_id=actor.id,
        at=clock.now(),
        from_verdict=claim.verdict,
        to_verdict=verdict,
        sources=checked_sources_,
        note=checked_note,
    )
    details: dict[str, Any] = {"from": claim.verdict, "to": verdict, "sources": checked_sources_}
    if quote != claim.text:
        details["text"] = quote
    if claim.text_changed:
        details["rechecked"] = True
    values = {
        "text": quote,
        "verdict": verdict,
        "sources": checked_sources_,
        "note": checked_note,
        "text_changed": False,
        "checked_by_id": actor.id,
        "checked_at": change.at,
    }
    # Its rows and audit line past the unit of work (`written`), unless the session holds
    # something unwritten: then flushed with its audit row, once, at the commit
    # (bench:workflow8): the claim is in the database already, so the audit row names it
    # without a flush first.
    write_check(claim, change, values, actor, article_id=article.id, **details)
    forget_tally(article)
    return change


def remove(claim: Claim, article: Article, actor: User) -> None:
    """Take a claim off the ledger (its history goes with it; the audit log keeps the removal)."""
    _check_allowed(article, actor)
    record(
        "claim.removed",
        claim,
        actor=actor,
        article_id=article.id,
        text=claim.text,
        verdict=claim.verdict,
    )
    db.session.delete(claim)
    db.session.flush()
    forget_tally(article)


def mark_changed_text(article: Article, actor: User | None) -> list[Claim]:
    """After a save: every claim whose quote is gone from the body is marked "text changed"."""
    claims = db.session.scalars(
        select(Claim).where(Claim.article_id == article.id, Claim.text_changed.is_(False))
    ).all()
    if not claims:
        return []
    body = plain_text(article.body_html)
    gone = [claim for claim in claims if claim.text not in body]
    now = clock.now()
    for claim in gone:
        claim.text_changed = True
        claim.changes.append(
            ClaimChange(
                kind="text_changed",
                actor_id=actor.id if actor else None,
                at=now,
                from_verdict=claim.verdict,
                to_verdict=claim.verdict,
            )
        )
        record(
            "claim.text_changed", claim, actor=actor, article_id=article.id, verdict=claim.verdict
        )
    if gone:
        db.session.flush()
        forget_tally(article)
    return list(gone)


def _on_transition(
    article: Article, transition: workflow.Transition, actor: User | None = None, **_: Any
) -> None:
    """A clearance through the ledger names its checker on the public page ("Checked by")."""
    if transition.name != "clear":
        return
    through_ledger = tallies([article.id]).get(article.id) is not None
    values = (
        {"checked_by_id": actor.id, "checked_at": clock.now()}
        if through_ledger and actor is not None
        else {"checked_by_id": None, "checked_at": None}
    )
    db.session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(article)


def start_the_ledger(article: Article, checker: User) -> None:
    """The demo's story in fact-check: its first two sentences as claims, the first verified."""
    sentences = [part.strip() for part in plain_text(article.body_html).split(". ")][:2]
    for n, sentence in enumerate(s if s.endswith(".") else s + "." for s in sentences if s):
        claim = add(article, checker, sentence)
        if n == 0:
            check(claim, article, checker, verdict="verified", sources=[SOURCE], note="")


SOURCE = "https://example.org/ministry-statement"


def init_claims() -> None:
    """Subscribe to transitions (blinker keeps one connection per receiver); saves are
    `claims.saved`'s."""
    article_transitioned.connect(_on_transition)


__all__ = [
    "add",
    "check",
    "init_claims",
    "mark_changed_text",
    "plain_text",
    "remove",
    "start_the_ledger",
]
