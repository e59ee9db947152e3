"""The fact-check desk's figures, worked out by the database (Core, the same on SQLite and
PostgreSQL): no story's history comes to Python.

The definition is the one `flow.fact_check` walked in Python over each story's moves, in order
(`at`, then id): a round begins at a move into fact-check when none is open, and that move is
the story's send (counted when in the period); a flag while a round is open marks it flagged
back (counted for its actor when in the period); a clear while a round is open ends it (in the
period: a round cleared, from its send to the clear, for the clear's actor); a return to draft
or a spike ends an open round without a clear. (A move into fact-check is a send, never a flag
or clear: the workflow has none.) Times are whole Unix seconds (`stage_sql.epoch`).

The rounds are not cut out of the transitions on each request: `insights.summary` keeps each
send, flag and clear (a clear with its seconds since the send and whether its round was
flagged) in `insight_fact_check_events`, current with the transitions, so a period reads only
its own rows, on their time index. Migration 0038 cut the existing histories in SQL (each move
numbered with `ROW_NUMBER`, a running `SUM` of round-ending moves cutting them into segments,
the first move into fact-check in a segment its send); `summary.fact_check_rows` walks one
story's moves in Python. A round's events never depend on later moves, so a period's rows are
those of the moves in it.

The story ids behind each number are read only when asked (`behind`: the list behind a
figure), never for /insights or its CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from editorial import workflow
from editorial.database import plain_rows
from editorial.extensions import db
from editorial.insights import figures as f
from editorial.insights.filters import Filters
from editorial.insights.queries import candidates, narrowed
from editorial.models import Article
from editorial.models.claims import Claim
from editorial.models.history import ArticleTransition
from editorial.models.insight_summary import InsightFactCheckEvent

# The moves that matter: a send, a flag, a clear, and a return to draft or a spike.
MOVES = or_(
    ArticleTransition.to_state.in_((workflow.FACT_CHECK, workflow.DRAFT, workflow.SPIKED)),
    ArticleTransition.name.in_(("flag", "clear")),
)
VERDICTS = ("verified", "false", "unverifiable")


@dataclass
class FactCheck:
    """Counts by (kind, person): kinds `sent`, `cleared`, `first`, `flagged` (person None) and
    `checker_cleared`, `checker_flagged` (by the move's actor); the send-to-clear seconds of
    each round cleared; the claims of each story sent; verdicts by kind (claims, stories); and
    with `behind`, the story ids by the same keys (`verdict`, kind) for the verdicts."""

    counts: dict[tuple[str, int | None], int] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)
    verdicts: dict[str, tuple[int, int]] = field(default_factory=dict)
    behind: dict[tuple[str, Any], set[int]] = field(default_factory=dict)
    asked: bool = False

    def count(self, kind: str, person: int | None = None) -> int:
        """How many stories (0 when none)."""
        return self.counts.get((kind, person), 0)

    def people(self) -> set[int | None]:
        """Everyone with a clear or a flag in the period."""
        return {p for k, p in self.counts if k.startswith("checker_")}


def _rows(filters: Filters) -> Any:
    """SQL: the sends, flags and clears of the period, one row each: kind, actor, story,
    seconds (a clear: from its round's send), flagged (a clear: its round was flagged back),
    read from the summary (`insight_fact_check_events`) on its time index."""
    e = InsightFactCheckEvent
    events = select(
        e.kind.label("kind"),
        e.actor_id,
        e.article_id,
        e.seconds.label("seconds"),
        e.flagged.label("flagged"),
    ).where(e.at >= filters.start, e.at < filters.end)
    return narrowed(events, e.article_id, filters).cte("fc_rows")


def compute(filters: Filters, behind: bool = False) -> FactCheck:
    """Every fact-check figure for `filters`; with `behind`, the stories behind each too."""
    rows = _rows(filters)
    r = rows.c
    found = FactCheck(asked=behind)
    sends = r.kind == "send"
    clears = r.kind == "clear"
    parts: list[tuple[str, Any, Any]] = [
        ("sent", null(), sends),
        ("cleared", null(), clears),
        ("first", null(), and_(clears, r.flagged == 0)),
        ("flagged", null(), and_(clears, r.flagged == 1)),
        ("checker_cleared", r.actor_id, clears),
        ("checker_flagged", r.actor_id, r.kind == "flag"),
    ]
    number = func.count(r.article_id.distinct()) if not behind else r.article_id

    def part(name: str, person: Any, where: Any) -> Any:
        query = select(literal(name).label("k"), cast_int(person).label("p"), number).where(where)
        if behind:
            return query.distinct()
        return query.group_by(cast_int(person))

    sent = select(r.article_id).where(sends).distinct().subquery("fc_sent")
    per_story = (
        select(func.count(Claim.id).label("n"))
        .select_from(sent)
        .outerjoin(Claim, Claim.article_id == sent.c.article_id)
        .group_by(sent.c.article_id)
        .subquery("fc_claims")
    )
    query = union_all(
        *(part(*p) for p in parts),
        select(literal("round"), null(), r.seconds).where(clears),
        select(literal("claims"), per_story.c.n, func.count()).group_by(per_story.c.n),
    )
    for name, person, value in plain_rows(query):
        if name == "round":
            found.seconds.append(float(value))
        elif name == "claims":
            found.claims += [int(person)] * int(value)
        elif behind:
            found.behind.setdefault((name, person), set()).add(value)
        else:
            found.counts[(name, person)] = int(value)
    if behind:
        found.counts = {k: len(v) for k, v in found.behind.items()}
    _verdicts(found, filters, behind)
    return found


def cast_int(value: Any) -> Any:
    """SQL: `value` as an integer (a NULL typed, so the union's columns agree)."""
    return cast(value, Integer)


def _verdicts(found: FactCheck, filters: Filters, behind: bool) -> None:
    checked = and_(
        candidates(filters),
        Claim.checked_at >= filters.start,
        Claim.checked_at < filters.end,
        Claim.verdict.in_(VERDICTS),
    )
    base = select(Claim.verdict).join(Article, Article.id == Claim.article_id).where(checked)
    for verdict, claims, stories in db.session.execute(
        base.add_columns(func.count(), func.count(Claim.article_id.distinct())).group_by(
            Claim.verdict
        )
    ):
        found.verdicts[verdict] = (int(claims), int(stories))
    if behind:
        for verdict, article_id in db.session.execute(base.add_columns(Claim.article_id)):
            found.behind.setdefault(("verdict", verdict), set()).add(article_id)


def stats(found: FactCheck) -> f.Stats:
    """Count, median and 90th percentile of the send-to-clear seconds."""
    return f.stats(found.seconds)
