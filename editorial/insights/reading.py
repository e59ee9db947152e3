"""One report for one set of filters: read (`queries`), then build (`report`, `flow`)."""

from __future__ import annotations

from datetime import datetime

from editorial import languages, newsroom
from editorial.insights import flow, live_figures, queries
from editorial.insights.filters import Filters
from editorial.insights.report import Builder, Report


def compute(filters: Filters, now: datetime, behind: bool = True) -> Report:
    """Every figure of /insights for `filters`, as of `now`; without `behind`, the time in stage
    figures keep no story ids (the page shows numbers; the list behind one asks again)."""
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
