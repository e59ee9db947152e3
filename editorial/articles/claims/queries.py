"""The claim ledger's reads: an article's claims with their history (a fixed number of queries
however many), what the ledger panel needs, and the flag note's first draft."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from editorial import workflow
from editorial.articles.claims.locations import source_claims_of, source_of
from editorial.extensions import db
from editorial.models import Article, Claim, ClaimChange, User
from editorial.models.claims import FALSE, VERDICT_LABELS, resolved, tally_of
from editorial.permissions import can
from editorial.raw_reads import reads_on


def claims_of(article: Article) -> list[Claim]:
    """The article's claims in the order they were added, with checker and history loaded.

    Three queries whatever the number of claims (claims with checker, changes, their actors).
    """
    return list(
        db.session.scalars(
            select(Claim)
            .where(Claim.article_id == article.id)
            .options(
                joinedload(Claim.checked_by),
                selectinload(Claim.changes).joinedload(ClaimChange.actor),
            )
            .order_by(Claim.id)
        ).unique()
    )


def claim_of(article: Article, claim_id: int) -> Claim | None:
    """One claim of the article as its ledger row shows it, with its checker loaded (its history
    is `history_of`'s)."""
    return db.session.scalars(
        select(Claim)
        .where(Claim.article_id == article.id, Claim.id == claim_id)
        .options(joinedload(Claim.checked_by))
        .execution_options(populate_existing=True)
    ).first()


class Line(NamedTuple):
    """A line of a claim's history as its row shows it (`claims/_change.html`): the change's
    columns and its actor's name (None: the system)."""

    id: int
    kind: str
    actor_name: str | None
    at: datetime
    from_verdict: str | None
    to_verdict: str | None
    sources: list[str] | None
    note: str


# Built once, read past the ORM (`raw_reads.reads_on`): a claim's history grows a line per
# verdict, and a verdict's answer draws it whole; as `ClaimChange` objects with their actors
# each line cost more than drawing it.
_HISTORY = (
    select(
        ClaimChange.id,
        ClaimChange.kind,
        User.display_name,
        ClaimChange.at,
        ClaimChange.from_verdict,
        ClaimChange.to_verdict,
        ClaimChange.sources,
        ClaimChange.note,
    )
    .outerjoin(User, User.id == ClaimChange.actor_id)
    .where(ClaimChange.claim_id == bindparam("claim_id"))
    .order_by(ClaimChange.id)
)


def history_of(claim_id: int) -> list[Line]:
    """The claim's history, oldest first (as `Claim.changes`), in one statement."""
    with reads_on(db.session.connection()) as reads:
        return [Line(*row) for row in reads.execute(_HISTORY, {"claim_id": claim_id})]


def history_driver_rows(
    claim_id: int,
) -> tuple[list[tuple[Any, ...]], Callable[[tuple[Any, ...]], Line]]:
    """The claim's history as the driver gives it, oldest first, and what makes a row a `Line`:
    `rows.history_html` compares the values with the history it drew before and draws only the
    lines that are new (one statement, as `history_of`)."""
    with reads_on(db.session.connection()) as reads:
        raw, make = reads.driver_rows(_HISTORY, {"claim_id": claim_id})

    def line(row: tuple[Any, ...]) -> Line:
        return Line(*make(row))

    return raw, line


def ledger_context(article: Article, person: User, **extra: Any) -> dict[str, Any]:
    """What `claims/_ledger.html` needs: the claims, the tally, and whether one may change them.

    Empty (no ledger panel) for someone who may not read the claims, and for an article that
    has none and is not in fact-check (nothing to show).
    """
    if not can(person, "claims.read", article):
        return {"ledger": None}
    claims = claims_of(article)
    located = source_claims_of(article)
    if not claims and not located and article.state != workflow.FACT_CHECK:
        return {"ledger": None}
    tally = tally_of(claims)
    article.__dict__["_claim_tally"] = tally
    return {
        "ledger": {
            "claims": claims,
            "tally": tally,
            "changing": can(person, "claims.change", article),
            "verdict_labels": VERDICT_LABELS,
            "error": extra.get("error"),
            "error_for": extra.get("error_for"),
            "error_field": extra.get("error_field"),
            "editing": extra.get("editing"),
            "typed": extra.get("typed", {}),
            # A translation of a cleared story: its source's claims, each located or not yet.
            "source_claims": located,
            "source": source_of(article) if located else None,
            "located": sum(1 for entry in located if entry.location is not None),
        }
    }


def flag_note(article: Article) -> str:
    """The flag note's first draft: the false claims and their evidence.

    None to read when the story's tally counts no false claim and none whose text changed (a
    false claim is one or the other): a verdict's answer had read them at every verdict."""
    tally = article.claim_tally
    if not (tally.false or tally.text_changed):
        return ""
    false = db.session.scalars(
        select(Claim)
        .where(Claim.article_id == article.id, Claim.verdict == FALSE)
        .order_by(Claim.id)
    ).all()
    return _evidence("False claims:", false, with_verdict=False)


def clear_note(article: Article) -> str:
    """The Clear note's first draft, as Flag's: the resolved claims with their evidence.

    Read as the four columns it quotes, not as the ledger's claims with their checkers and
    histories: every verdict's answer drafts it while Clear is on offer, and on a ledger of 200
    claims the objects were ~50 ms of each (bench:verdict-rotation)."""
    quoted = db.session.execute(
        select(Claim.text, Claim.verdict, Claim.sources, Claim.note, Claim.text_changed)
        .where(Claim.article_id == article.id)
        .order_by(Claim.id)
    )
    done = [row for row in quoted if resolved(row.verdict, row.note, row.text_changed)]
    return _evidence("Resolved claims:", done, with_verdict=True)


class _Quoted(Protocol):
    """What a note's first draft quotes of a claim (a `Claim`, or a row of these columns)."""

    text: str
    verdict: str
    sources: list[str]
    note: str


def _evidence(title: str, claims: Sequence[_Quoted], *, with_verdict: bool) -> str:
    """`claims` under `title`, each quoted with its sources and note ("" for none): the one shape
    of a Flag or Clear note's first draft."""
    if not claims:
        return ""
    lines = [title]
    for claim in claims:
        verdict = f" ({VERDICT_LABELS[claim.verdict]})" if with_verdict else ""
        lines.append(f"- “{claim.text}”{verdict}")
        if claim.sources:
            lines.append("  Sources: " + " ".join(claim.sources))
        if claim.note.strip():
            lines.append("  " + claim.note.strip())
    return "\n".join(lines)
