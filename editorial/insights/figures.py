"""The insights' arithmetic, pure: no Flask, no database, so tests feed it hand-built histories.

Time in a stage: an article's transitions, in order, cut its life into visits (a state from one
move to the next; the first visit is the draft, from the article's creation). A stage's time for
one story is the sum of all its visits to that stage, so a story reopened, flagged back or
returned counts each loop; a visit still open counts up to now. The story's figure for a stage
belongs to the moment its last visit ended (now, when still open): that moment decides whether it
falls in the period and in which week.

Percentiles: the median is the middle value (the mean of the two middle ones for an even count);
the 90th percentile is the nearest rank: the smallest value with at least 90% of values at or
below it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

STAGES: tuple[str, ...] = ("draft", "edit", "fact_check", "ready")
STAGE_NAMES = {"draft": "Draft", "edit": "Edit", "fact_check": "Fact-check", "ready": "Ready"}


class Move(NamedTuple):
    """One transition as the figures need it."""

    at: datetime
    name: str
    from_state: str
    to_state: str


class StageTime(NamedTuple):
    """A story's whole time in one stage, and when its last visit there ended (now if open)."""

    article_id: int
    stage: str
    seconds: float
    ended: datetime
    still_open: bool


@dataclass(frozen=True)
class Stats:
    """How many, the median and the 90th percentile (None when there is nothing)."""

    count: int
    median: float | None
    p90: float | None


def _utc(value: datetime) -> datetime:
    if value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def stage_times(
    article_id: int, created_at: datetime, moves: Sequence[Move], now: datetime
) -> list[StageTime]:
    """The story's time in each of STAGES it visited (moves in the order they happened)."""
    totals: dict[str, float] = {}
    ended: dict[str, datetime] = {}
    state, since = "draft", _utc(created_at)
    for move in moves:
        at = _utc(move.at)
        if move.to_state == move.from_state:
            continue  # a reschedule: no change of stage
        stage = move.from_state or state
        totals[stage] = totals.get(stage, 0.0) + max((at - since).total_seconds(), 0.0)
        ended[stage] = at
        state, since = move.to_state, at
    now = _utc(now)
    open_stage = state if state in STAGES else None
    if open_stage:
        totals[state] = totals.get(state, 0.0) + max((now - since).total_seconds(), 0.0)
        ended[state] = now
    return [
        StageTime(article_id, s, totals[s], ended[s], s == open_stage)
        for s in STAGES
        if s in totals
    ]


def median(values: Sequence[float]) -> float | None:
    """The middle value; the mean of the two middle ones for an even count."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(math.ceil(share * len(ordered)), 1)
    return ordered[rank - 1]


def stats(values: Sequence[float]) -> Stats:
    """Count, median and 90th percentile of `values`."""
    return Stats(len(values), median(values), percentile(values, 0.9))


def stats_of_sorted(ordered: Sequence[float]) -> Stats:
    """`stats` of values already in ascending order: indexes picked, nothing sorted again."""
    n = len(ordered)
    if not n:
        return Stats(0, None, None)
    mid = n // 2
    middle = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return Stats(n, middle, ordered[max(math.ceil(0.9 * n), 1) - 1])


def local_day(at: datetime, zone: str) -> date:
    """The newsroom's calendar day that `at` falls on."""
    return _utc(at).astimezone(_zone(zone)).date()


def week_of(at: datetime, zone: str) -> date:
    """The Monday starting the newsroom's week that `at` falls in."""
    day = local_day(at, zone)
    return day - timedelta(days=day.weekday())


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


AGE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("under 1 h", 3600),
    ("1–4 h", 4 * 3600),
    ("4–24 h", 24 * 3600),
    ("1–3 days", 72 * 3600),
    ("over 3 days", math.inf),
)


def age_bucket(seconds: float) -> str:
    """Which of AGE_BUCKETS an age on the desk falls in."""
    for label, limit in AGE_BUCKETS:
        if seconds < limit:
            return label
    return AGE_BUCKETS[-1][0]


def duration(seconds: float | None) -> str:
    """ "3 h 10 min", "2 d 4 h", "45 min", "under 1 min", "–" for nothing."""
    if seconds is None:
        return "–"
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return "under 1 min"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def change(now_value: float | None, before: float | None) -> str:
    """ ", up 40% from last week" / ", down 12%..." / ", the same as last week" / ""."""
    if now_value is None or before is None or before <= 0:
        return ""
    percent = round((now_value - before) / before * 100)
    if percent == 0:
        return ", the same as the week before"
    return f", {'up' if percent > 0 else 'down'} {abs(percent)}% from the week before"


def per_hundred(count: int, published: int) -> float | None:
    """`count` per 100 published stories (None when none were published)."""
    return round(count * 100 / published, 1) if published else None


def share(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole percentage."""
    return round(part * 100 / whole) if whole else None


def seconds_between(pairs: Iterable[tuple[datetime, datetime]]) -> list[float]:
    """The seconds from each pair's first time to its second (negative ones dropped)."""
    out = []
    for start, end in pairs:
        seconds = (_utc(end) - _utc(start)).total_seconds()
        if seconds >= 0:
            out.append(seconds)
    return out
