"""The fact-check desk's reads: claim tallies (one grouped query for any number of articles),
an article's ledger (claims with their history, a fixed number of queries however many), the
queue of articles waiting for a check, and whether the public page names the checker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from editorial import settings, workflow
from editorial.extensions import db
from editorial.models import Article, Claim, ClaimChange, Role, User
from editorial.models.claims import FALSE, UNCHECKED, UNVERIFIABLE, VERDICT_LABELS, ClaimTally
from editorial.permissions import can, visible_articles


def checked_by_shown() -> bool:
    """Whether the public article page shows "Checked by NAME · DATE" for a ledger clearance.

    The one switch for the line: the admin setting `show_checked_by` (/admin/settings).
    """
    return settings.current().show_checked_by


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).cast(Integer)


def tallies(article_ids: Iterable[int], *, always: bool = False) -> dict[int, ClaimTally]:
    """Each article's claims counted, in one grouped query (articles without claims: absent).

    `always` sends the query even for no articles, so a page's statement count is the same
    however many of its articles are in fact-check (the board's query-count tests).
    """
    ids = list(article_ids)
    if not ids and not always:
        return {}
    fresh = Claim.text_changed.is_(False)
    rows = db.session.execute(
        select(
            Claim.article_id,
            func.count(Claim.id),
            _count(and_(fresh, Claim.verdict == UNCHECKED)),
            _count(and_(fresh, Claim.verdict == FALSE)),
            _count(Claim.text_changed.is_(True)),
            _count(and_(fresh, Claim.verdict == UNVERIFIABLE, func.trim(Claim.note) == "")),
        )
        .where(Claim.article_id.in_(ids))
        .group_by(Claim.article_id)
    )
    return {row[0]: ClaimTally(*row[1:]) for row in rows}


def attach_tallies(articles: Iterable[Article], *, always: bool = False) -> None:
    """Give each article its `claim_tally` from one query, so a list reads no claims per item."""
    wanted = [article for article in articles if "_claim_tally" not in article.__dict__]
    found = tallies((article.id for article in wanted), always=always)
    for article in wanted:
        article.__dict__["_claim_tally"] = found.get(article.id, ClaimTally())


def forget_tally(article: Article) -> None:
    """After a claim changed: the next `claim_tally` counts again."""
    article.__dict__.pop("_claim_tally", None)


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


def ledger_context(article: Article, person: User, **extra: Any) -> dict[str, Any]:
    """What `factcheck/_ledger.html` needs: the claims, the tally, and whether one may change them.

    Empty (no ledger panel) for someone who may not read the claims, and for an article that
    has none and is not in fact-check (nothing to show).
    """
    if not can(person, "claims.read", article):
        return {"ledger": None}
    claims = claims_of(article)
    if not claims and article.state != workflow.FACT_CHECK:
        return {"ledger": None}
    tally = _tally_of(claims)
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
        }
    }


def _tally_of(claims: list[Claim]) -> ClaimTally:
    """The tally counted from claims already loaded (the same rule as `tallies`)."""
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


def flag_note(article: Article) -> str:
    """The flag note's first draft: the false claims and their evidence."""
    false = db.session.scalars(
        select(Claim)
        .where(Claim.article_id == article.id, Claim.verdict == FALSE)
        .order_by(Claim.id)
    ).all()
    if not false:
        return ""
    lines = ["False claims:"]
    for claim in false:
        lines.append(f"- “{claim.text}”")
        if claim.sources:
            lines.append("  Sources: " + " ".join(claim.sources))
        if claim.note.strip():
            lines.append("  " + claim.note.strip())
    return "\n".join(lines)


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters from the address: a section, an assignee (a person or "none")."""

    section_id: int | None = None
    assignee: int | str | None = None  # a user id, or "none" for unassigned

    def args(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.section_id:
            args["section"] = self.section_id
        if self.assignee is not None:
            args["assignee"] = self.assignee
        return args


@dataclass(frozen=True)
class QueueRow:
    """One article waiting for its check."""

    article: Article
    waiting_since: datetime
    tally: ClaimTally


QUEUE_LIMIT = 200


def waiting(person: User, filters: QueueFilters) -> list[QueueRow]:
    """Articles in fact-check that `person` may see, oldest waiting first, with claim progress."""
    conditions: list[ColumnElement[bool]] = [
        Article.state == workflow.FACT_CHECK,
        visible_articles(person),
    ]
    if filters.section_id:
        conditions.append(Article.section_id == filters.section_id)
    if filters.assignee == "none":
        conditions.append(Article.fact_checker_id.is_(None))
    elif isinstance(filters.assignee, int):
        conditions.append(Article.fact_checker_id == filters.assignee)
    articles = list(
        db.session.scalars(
            select(Article)
            .where(*conditions)
            .options(
                joinedload(Article.section),
                joinedload(Article.fact_checker),
                selectinload(Article.authors),
            )
            .order_by(Article.state_changed_at, Article.id)
            .limit(QUEUE_LIMIT)
        ).unique()
    )
    attach_tallies(articles)
    return [QueueRow(a, a.state_changed_at, a.claim_tally) for a in articles]


def assignees() -> list[User]:
    """Everyone who holds a check now or could (active fact-checkers), for the filter."""
    holders = select(Article.fact_checker_id).where(
        Article.state == workflow.FACT_CHECK, Article.fact_checker_id.is_not(None)
    )
    return list(
        db.session.scalars(
            select(User)
            .where(or_(User.id.in_(holders), and_(User.role == Role.FACT_CHECKER, User.active)))
            .order_by(User.display_name)
        )
    )
