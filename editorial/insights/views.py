"""The insights pages: the figures, the stories behind one, a table as CSV.

Each runs with the cycle collector paused (`collector`), its drawing included: the report's
rows are still alive while the page is drawn.
"""

from __future__ import annotations

from flask import abort, request
from werkzeug.wrappers import Response

from editorial import clock, collector, htmx, languages, newsroom, workflow
from editorial.database import read_only
from editorial.identity import current_person
from editorial.insights import filters as filtering
from editorial.insights import queries, reading, tables
from editorial.insights.filters import Filters
from editorial.permissions import can, visible_articles


def _filters() -> tuple[Filters, bool]:
    """The address's filters; a person who may not see everyone's is narrowed to themselves."""
    person = current_person()
    found = filtering.parse(request.args, newsroom.zone())
    everyone = can(person, "insights.everyone")
    if not everyone:
        found = found.for_person(person.id)
    return found, everyone


@read_only
@collector.paused()
def index() -> Response:
    """The figures, each a chart with its sentence and its table."""
    found, everyone = _filters()
    report = reading.compute(found, clock.now(), behind=False)
    sections, people = queries.names()
    return htmx.render(
        "insights/index.html",
        filters=found,
        everyone=everyone,
        report=report,
        draw=tables.draw,
        sections=sorted(sections.items(), key=lambda s: s[1]),
        people=sorted(people.items(), key=lambda p: p[1]) if everyone else [],
        languages=newsroom.current().published_languages,
        periods=filtering.PERIODS,
    )


@read_only
@collector.paused()
def stories() -> Response:
    """The stories behind one figure (`figure=` its key), the viewer may see."""
    found, everyone = _filters()
    key = (request.args.get("figure") or "")[:80]
    report = reading.compute(found, clock.now())
    ids = report.stories.get(key, set())
    rows = queries.headlines_of(ids, visible_articles(current_person()))
    sections, _ = queries.names()
    return htmx.render(
        "insights/stories.html",
        filters=found,
        key=key,
        rows=rows,
        sections=sections,
        state_labels=workflow.STATE_LABELS,
        language_name=lambda code: languages.get(code).english_name,
    )


@read_only
@collector.paused()
def download(table: str) -> Response:
    """One table as CSV, for the same filters."""
    found, _ = _filters()
    shown = reading.compute(found, clock.now(), behind=False).table(table)
    if shown is None:
        abort(404)
    name = f"insights-{table}-{found.first_day}-{found.last_day}.csv"
    return Response(
        shown.csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
