"""One report for one set of filters: read (`queries`), then build (`report`, `flow`).

At most `AT_ONCE` reports are built at a time in a process; a request beyond them waits its
turn. A report at 10,000 stories holds about 15 MB of Python objects and SQLite's working memory
while it is built, and the allocator keeps what a peak took: eight waitress threads building one
each grew the server by 125 MB that it never gave back (BENCHMARKS.md, `bench:memory`). Building
them side by side gains nothing on two cores, since the Python half holds the GIL. The cycle
collector is paused while one is built (`collector`): its tens of thousands of rows made the
collector walk the whole heap every two or three reports.
"""

from __future__ import annotations

import threading
from datetime import datetime

from flask import g, has_request_context

from editorial import collector, languages, newsroom
from editorial.insights import flow, live_figures, queries
from editorial.insights.filters import Filters
from editorial.insights.report import Builder, Report

AT_ONCE = 2
_TURNS = threading.BoundedSemaphore(AT_ONCE)
_BUILT = "_editorial_insights_built"  # flask.g: this request built a report


def built_this_request() -> bool:
    """Whether this request built a report (its peak is memory worth giving back)."""
    return bool(g.get(_BUILT))


def compute(filters: Filters, now: datetime, behind: bool = True) -> Report:
    """Every figure of /insights for `filters`, as of `now`; without `behind`, the time in stage
    figures keep no story ids (the page shows numbers; the list behind one asks again)."""
    if has_request_context():
        setattr(g, _BUILT, True)
    with _TURNS, collector.paused():
        return _compute(filters, now, behind)


def _compute(filters: Filters, now: datetime, behind: bool) -> Report:
    sections, people = queries.names()
    settings = newsroom.current()
    builder = Builder(
        queries.load(filters, now),
        filters,
        settings.time_zone,
        now,
        sections,
        people,
        lambda code: languages.get(code).english_name,
    )
    codes = [c for c in settings.languages if not filters.language or c == filters.language]
    report = flow.build(builder, codes, behind)
    live_figures.add(builder)  # after the breaking figure: live stories and posts per day
    return report
