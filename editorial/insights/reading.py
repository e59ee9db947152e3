"""One report for one set of filters: read (`queries`), then build (`report`, `flow`)."""

from __future__ import annotations

from datetime import datetime

from editorial import languages, newsroom
from editorial.insights import flow, live_figures, queries
from editorial.insights.filters import Filters
from editorial.insights.report import Builder, Report


def compute(filters: Filters, now: datetime) -> Report:
    """Every figure of /insights for `filters`, as of `now`."""
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
    report = flow.build(builder, codes)
    live_figures.add(builder)  # after the breaking figure: live stories and posts per day
    return report
