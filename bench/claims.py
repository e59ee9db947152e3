"""The fact-check ledger in the benchmark: 30,000 claims seeded, the ledger page and a verdict.

`seed_claims` gives one story in fact-check (not written by the signed-in editor) 200 claims,
the ledger the benchmark opens and checks, and spreads the rest over the other stories from the
check onwards, each claim a real quote of its story's text (a verdict change checks that the
quote is still there). `ledger_target` finds that story and its first claim again.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from bench.bulk import insert_rows
from editorial import workflow
from editorial.articles.claims.service import plain_text
from editorial.extensions import db
from editorial.models import Article, Claim, ClaimChange, article_authors

CLAIMS = 30_000
LEDGER_CLAIMS = 200  # on the one story the benchmark opens
PER_STORY = 30  # at most, on each of the others
CHUNK = 2_000
VERDICTS = ("unchecked", "verified", "verified", "verified", "false", "unverifiable")


def _quotes(html: str) -> list[str]:
    """A few quotes from a story's text: runs of eight words."""
    words = plain_text(html).split(" ")
    return [" ".join(words[i : i + 8]) for i in range(0, max(1, len(words) - 8), 8)] or [""]


def seed_claims(
    editor_id: int, checker_ids: list[int], now: datetime, rng: random.Random, count: int = CLAIMS
) -> int:
    """Insert `count` claims with one history row each; returns how many. Commits nothing."""
    written_by_editor = select(article_authors.c.article_id).where(
        article_authors.c.user_id == editor_id
    )
    ledger = db.session.execute(
        select(Article.id, Article.body_html)
        .where(Article.state == workflow.FACT_CHECK, Article.id.not_in(written_by_editor))
        .order_by(Article.id)
        .limit(1)
    ).one()
    others = db.session.execute(
        select(Article.id, Article.body_html)
        .where(Article.state.in_(workflow.CHECKED_STATES), Article.id != ledger.id)
        .order_by(Article.id)
    ).all()
    plan: list[tuple[int, str]] = []
    quotes = _quotes(ledger.body_html)
    plan += [(ledger.id, quotes[n % len(quotes)]) for n in range(LEDGER_CLAIMS)]
    for article_id, html in others:
        if len(plan) >= count:
            break
        quotes = _quotes(html)
        plan += [(article_id, quotes[n % len(quotes)]) for n in range(rng.randint(1, PER_STORY))]
    plan = plan[:count]
    claims = db.metadata.tables["claims"]
    changes = db.metadata.tables["claim_changes"]
    next_id = (db.session.scalar(select(Claim.id).order_by(Claim.id.desc()).limit(1)) or 0) + 1
    for start in range(0, len(plan), CHUNK):
        rows: list[dict[str, Any]] = []
        history: list[dict[str, Any]] = []
        for offset, (article_id, quote) in enumerate(plan[start : start + CHUNK]):
            claim_id = next_id + start + offset
            verdict = "unchecked" if article_id == ledger.id else rng.choice(VERDICTS)
            checker = rng.choice(checker_ids) if verdict != "unchecked" else None
            rows.append(
                {
                    "id": claim_id,
                    "article_id": article_id,
                    "text": quote,
                    "verdict": verdict,
                    "sources": ["https://example.org/source"] if checker else [],
                    "note": "Qualified in the text." if verdict == "unverifiable" else "",
                    "text_changed": False,
                    "created_by_id": checker,
                    "created_at": now,
                    "checked_by_id": checker,
                    "checked_at": now if checker else None,
                }
            )
            history.append(
                {
                    "claim_id": claim_id,
                    "kind": "added",
                    "actor_id": checker,
                    "at": now,
                    "to_verdict": "unchecked",
                    "sources": [],
                    "note": "",
                }  # fmt: skip
            )
        insert_rows(claims, rows)
        insert_rows(changes, history)
    return len(plan)


def ledger_target() -> tuple[int, int]:
    """The story whose ledger is measured (the one with 200 claims), and its first claim."""
    article_id = db.session.scalar(
        select(Claim.article_id)
        .group_by(Claim.article_id)
        .having(func.count(Claim.id) >= LEDGER_CLAIMS)
        .limit(1)
    )
    if article_id is None:
        raise SystemExit("The benchmark's ledger story is missing: seed the claims.")
    claim_id = db.session.scalar(
        select(Claim.id).where(Claim.article_id == article_id).order_by(Claim.id).limit(1)
    )
    assert claim_id is not None  # noqa: S101  (the story has claims)
    return article_id, claim_id


def ledger_claim_ids(article_id: int) -> list[int]:
    """The measured story's claims, in the ledger's order: the verdicts go to each in turn."""
    ledger = select(Claim.id).where(Claim.article_id == article_id).order_by(Claim.id)
    return list(db.session.scalars(ledger))


def remove_bench_checks(article_id: int) -> None:
    """Put the measured story's claims back as seeded: unchecked, their checks' history gone."""
    ledger = select(Claim.id).where(Claim.article_id == article_id).scalar_subquery()
    db.session.execute(
        delete(ClaimChange).where(ClaimChange.claim_id.in_(ledger), ClaimChange.kind == "checked")
    )
    db.session.execute(
        update(Claim)
        .where(Claim.article_id == article_id)
        .values(verdict="unchecked", sources=[], note="", checked_by_id=None, checked_at=None)
    )


__all__ = ["CLAIMS", "ledger_claim_ids", "ledger_target", "remove_bench_checks", "seed_claims"]
