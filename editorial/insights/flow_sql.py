"""Stories filed, published and spiked per day, counted by the database.

The same definition `flow.flow` had over every story's history in Python: a story is filed on
the day of its first submit ever (a submit in the period with none before it), published or spiked
on each day it was; each counted once a day, and once in the period's total. Only moves in the
period are read, and the newsroom's days are buckets whose boundaries (each local midnight, in
UTC) are worked out in Python where the zone rules are (see `stage_sql`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from editorial import clock
from editorial.extensions import db
from editorial.insights.filters import Filters
from editorial.insights.queries import narrowed
from editorial.models.history import ArticleTransition

FILED = ("submit",)
PUBLISHED = ("publish", "publish_now", "release")


@dataclass
class Flow:
    """Stories per (kind, day), stories per kind over the period, and (if asked) their ids."""

    per_day: dict[tuple[str, date], int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    behind: dict[tuple[str, date], set[int]] = field(default_factory=dict)


def day_bounds(first: date, last: date, zone: str) -> list[tuple[datetime, date]]:
    """Each newsroom day from `first` to `last`: its local midnight (UTC)."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [(clock.from_local(datetime.combine(d, time()), zone), d) for d in days]


def _day(at: Any, bounds: list[tuple[datetime, date]]) -> ColumnElement[str]:
    # The stored moment is compared as stored (no conversion per branch: SQLite would work the
    # expression out again for every day of the period), halving the days at each `CASE` (a
    # moment is compared about 7 times for 90 days, not up to 90 times down a list).
    def between(lo: int, hi: int) -> Any:
        if lo == hi:
            return cast(literal(bounds[lo][1].isoformat()), String)
        mid = (lo + hi) // 2
        return case((at < bounds[mid + 1][0], between(lo, mid)), else_=between(mid + 1, hi))

    return cast(between(0, len(bounds) - 1), String)


def compute(filters: Filters, zone: str, behind: bool = False) -> Flow:
    """Filed, published and spiked stories per day of the period."""
    t = ArticleTransition
    in_period = (t.at >= filters.start, t.at < filters.end)
    # A submit in the period with none before it (in order: time, then id) is the first ever.
    earlier = aliased(ArticleTransition)
    first_submit = ~exists(
        select(earlier.id).where(
            earlier.article_id == t.article_id,
            earlier.name.in_(FILED),
            or_(earlier.at < t.at, and_(earlier.at == t.at, earlier.id < t.id)),
        )
    )
    bounds = day_bounds(filters.first_day, filters.last_day, zone)

    def moves(kind: str, names: tuple[str, ...]) -> Any:
        return narrowed(
            select(
                literal(kind).label("kind"), t.article_id, _day(t.at, bounds).label("day")
            ).where(t.name.in_(names), *in_period),
            t.article_id,
            filters,
        )

    rows = union_all(
        moves("filed", FILED).where(first_submit),
        moves("published", PUBLISHED),
        moves("spiked", ("spike",)),
    ).cte("flow_rows")
    found = Flow()
    counted = func.count(rows.c.article_id.distinct())
    for kind, day, count in db.session.execute(
        union_all(
            select(rows.c.kind, rows.c.day, counted).group_by(rows.c.kind, rows.c.day),
            select(rows.c.kind, literal(None, String), counted).group_by(rows.c.kind),
        )
    ):
        if day is None:
            found.totals[kind] = int(count)
        else:
            found.per_day[(kind, date.fromisoformat(day))] = int(count)
    if behind:
        for kind, day, article_id in db.session.execute(
            select(rows.c.kind, rows.c.day, rows.c.article_id)
        ):
            found.behind.setdefault((kind, date.fromisoformat(day)), set()).add(article_id)
    return found
