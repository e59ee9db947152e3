"""Time in stage with the period's closed days kept: only today's rows are read per build.

A period's time-in-stage figures are over every stage that ended in it (`stage_sql`): at the
100,000 seed, 229,000 rows for 90 days, most of a build's 2.3 s. The stages that ended before
today's start in the newsroom's zone (the closed days) are read once, grouped by kind, group
and stage and sorted (`Closed`: arrays of doubles, 8 bytes a value), and kept in the process
(`_KEPT`, bounded by values); a build then reads only the stages that ended today and those
still open, sorts those few, and picks each group's median and 90th percentile from the two
sorted runs without merging them (`kth`). The figures are the same numbers `compute_flat`
gives (tests hold them to it).

What the closed part is kept under: the filters' narrowing, the period's start, today's start
(so it is read again once a day, when a day closes), the zone, and the closed days' version
(`version.CLOSED_ROW`), which moves only when a write changes a stage row ending before today
(the summary compares them around its refresh), a byline or a translator, or deletes a story.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask import current_app
from sqlalchemy import select

from editorial import clock
from editorial.board_version import CLOSED_ROW
from editorial.database import plain_rows_streamed
from editorial.extensions import db
from editorial.insights import stage_sql
from editorial.insights.filters import Filters
from editorial.insights.stage_sql import KINDS, Figure, Stages
from editorial.models import SiteVersion

KEPT_VALUES = 4_000_000  # at most this many kept values a process (32 MB), oldest forgotten
_EXTENSION = "editorial.insights_closed_days"
_LOCK = threading.Lock()
_CLOSED_VERSION = select(SiteVersion.number).where(SiteVersion.id == CLOSED_ROW)


@dataclass
class Closed:
    """The closed days' values by kind, then (group, stage), each sorted; how many in all."""

    groups: dict[str, dict[tuple[Any, str], array[float]]]
    size: int


Values = dict[str, defaultdict[tuple[Any, str], Any]]


def flat_values(
    filters: Filters, now: datetime, zone: str, into: Callable[[], Any] = list, **part: Any
) -> Values:
    """Each kind's values by (group, stage), unsorted, a week as its Monday's date, from
    `stage_sql.grouped_rows`'s flat rows (`part`: its `ended` and `with_open`), each group's in
    a new `into()` (a list; for the closed days an array of doubles). The rows are folded as
    they come from the driver: at 100,000 stories the closed days' 229,000 rows read at once,
    and a float object per value, were a peak of 70 MB that the allocator kept (bench:memory6);
    streamed into arrays, one row batch and 8 bytes a value."""
    kinds: Values = {k: defaultdict(into) for k in KINDS}
    overall, weekly, by_section, by_language, by_person = (kinds[k] for k in KINDS)
    mondays = [
        date.fromisoformat(day)
        for _, day in stage_sql.week_bounds(min(filters.start, now), max(filters.end, now), zone)
    ]
    seen: set[int] = set()  # the drafts counted: a story with two bylines comes twice
    for article_id, stage, seconds, section_id, language, week, person in plain_rows_streamed(
        stage_sql.grouped_rows(filters, now, zone, flat=True, **part)
    ):
        by_person[(person, stage)].append(seconds)
        if stage == "draft":
            if article_id in seen:
                continue
            seen.add(article_id)
        overall[(None, stage)].append(seconds)
        weekly[(mondays[week], stage)].append(seconds)
        by_section[(section_id, stage)].append(seconds)
        by_language[(language, stage)].append(seconds)
    return kinds


def _doubles() -> array[float]:
    return array("d")


def _kept() -> OrderedDict[Hashable, Closed]:
    kept: OrderedDict[Hashable, Closed] = current_app.extensions.setdefault(
        _EXTENSION, OrderedDict()
    )
    return kept


def today_start(now: datetime, zone: str) -> datetime:
    """Today's start in `zone` (UTC): the stages that ended before it are the closed days'."""
    return clock.from_local(datetime.combine(clock.to_local(now, zone).date(), time()), zone)


def _seconds(moment: datetime) -> int:
    return int(clock.as_utc(moment).timestamp() // 1)


def _closed(filters: Filters, zone: str, start_s: int, split_s: int) -> Closed:
    """The closed part's values: read once per key, then kept."""
    version = db.session.connection().execute(_CLOSED_VERSION).scalar() or 0
    key = (
        filters.section_id,
        filters.language,
        filters.person_id,
        start_s,
        split_s,
        zone,
        int(version),
    )
    kept = _kept()
    with _LOCK:
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
            return found
    # The weeks' Mondays do not depend on now here: `filters.start` stands for it.
    values = flat_values(
        filters, filters.start, zone, into=_doubles, ended=(start_s, split_s), with_open=False
    )
    groups: dict[str, dict[tuple[Any, str], array[float]]] = {}
    size = 0
    for kind, by_group in values.items():
        groups[kind] = {}
        for group in list(by_group):
            # One group's floats at a time: the array read is let go as its sorted copy is made.
            groups[kind][group] = array("d", sorted(by_group.pop(group)))
            size += len(groups[kind][group])
    found = Closed(groups, size)
    with _LOCK:
        keep(kept, key, found)
    return found


def keep(kept: OrderedDict[Hashable, Closed], key: tuple[Any, ...], found: Closed) -> None:
    """Keep `found` under `key` (its last item the closed days' version), letting go of what is
    kept under another version: the version only moves on, so those are never read again, yet
    they stayed until `KEPT_VALUES` pushed them out (at 100,000 stories 1.1 million values,
    9 MB, a set of filters; bench:memory7). A drawing that began before a write and ends after
    a newer one was kept replaces it (the next load reads the newer again): rare, and nothing
    is stuck if the version starts over (a database reset under a running server). Then the
    oldest beyond `KEPT_VALUES` go."""
    version = key[-1]
    for other in [k for k in kept if k[-1] != version]:  # type: ignore[index]
        del kept[other]
    kept[key] = found
    total = sum(c.size for c in kept.values())
    while total > KEPT_VALUES and len(kept) > 1:
        total -= kept.popitem(last=False)[1].size


def kth(a: Sequence[float], b: Sequence[float], k: int) -> float:
    """The `k`-th smallest (from 0) of two sorted runs together, found by halving: a few steps
    over `b`'s length, however long `a` is."""
    if not b:
        return a[k]
    if not a:
        return b[k]
    lo, hi = max(0, k + 1 - len(a)), min(k + 1, len(b))
    while lo < hi:  # how many of the k+1 smallest come from b
        i = (lo + hi) // 2
        if b[i] < a[k - i]:
            lo = i + 1
        else:
            hi = i
    j = k + 1 - lo
    return max(a[j - 1] if j > 0 else float("-inf"), b[lo - 1] if lo > 0 else float("-inf"))


def stats(a: Sequence[float], b: Sequence[float]) -> Figure:
    """`figures.stats_of_sorted` of the two sorted runs together, as `compute_flat` gives it."""
    n = len(a) + len(b)
    if not n:
        return Figure(0, None, None)
    mid = n // 2
    middle = kth(a, b, mid) if n % 2 else (kth(a, b, mid - 1) + kth(a, b, mid)) / 2
    p90 = kth(a, b, max(math.ceil(0.9 * n), 1) - 1)
    return Figure(n, float(middle), float(p90))


def figures(filters: Filters, now: datetime, zone: str) -> Stages:
    """Every time-in-stage figure for `filters` as of `now` (no story ids): the closed days
    kept, today's stages and those still open read now."""
    start_s, end_s = _seconds(filters.start), _seconds(filters.end)
    split_s = min(max(_seconds(today_start(now, zone)), start_s), end_s)
    closed = _closed(filters, zone, start_s, split_s) if split_s > start_s else Closed({}, 0)
    fresh = flat_values(filters, now, zone, ended=(split_s, end_s), with_open=True)
    found = Stages(asked=False)
    empty: array[float] = array("d")
    for kind in KINDS:
        kept = closed.groups.get(kind, {})
        today = fresh[kind]
        for key in (*kept, *(k for k in today if k not in kept)):
            numbers = today.get(key, [])
            numbers.sort()
            group, stage = key
            found.figures[(kind, group, stage)] = stats(kept.get(key, empty), numbers)
    return found
