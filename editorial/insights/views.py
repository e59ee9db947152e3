"""The insights pages: the figures, the stories behind one, a table as CSV.

Each runs with the cycle collector paused (`collector`), its drawing included: the report's
rows are still alive while the page is drawn.

The figures of /insights are drawn once and kept (`kept_figures`) for the minute and insights'
version (`insights.version`): a report at 100,000 stories takes a third of a second of CPU, and
a desk with the page open in several tabs, or several editors on the same Monday view, would pay
it on every load. A write that changes what the page counts or names (a transition, a duty, a
claim's verdict, a correction, a headline linked, a live post, a deadline, a name, a setting)
moves that version and is drawn at once; one that does not (an autosave of a story no
translation was made from, a comment, a claim's wording, a checklist) leaves the figures kept;
what only the clock moves (a story still in a stage) shows within the minute. The page says
when its figures are from. Around them the page's whole content (the period, the filters, the
figures) is kept as bytes per viewer and address under the same version and minute
(`kept_page`) and spliced into the page, so a second load draws no template but the frame.

**What may be stale, and for how long** (issue 28, bench:insights5, bench:pginsights,
bench:insights8). A new minute's or a new insights version's figures are drawn once, in a
thread beside the one request that finds them missing (`_beside`). No load waits for them when
figures of the same filters and period are kept, however many minutes old: it answers the
newest kept at once (`FragmentCache.get_or_stand_in`), the page says "Figures as of" the minute
they were drawn in, which is what they are, and that newer ones are being drawn; with
JavaScript the page asks for itself again a second later (htmx, `insights/index.html`) until
its figures are the current ones, and swaps them in; without it, a reload does. The drawing goes
on and is kept when it ends. Decided so because what a person opening insights expects is the
page at once, saying when its figures are from: on PostgreSQL at 100,000 stories a drawing
takes 1.4 s idle and several seconds under load. What a stand-in may lack: the clock's minutes
since it was drawn (a story still in a stage ages), and the writes since, only while one
drawing that shows them is under way (0.2 s at 10,000 stories); the page fills them in when it
ends. A request never stands in on a drawing under way of an older version than the one it
read (that drawing would not show the write): it starts its own drawing beside it at once (one
per version and minute) and answers as the drawing request does. A value kept under a later
version and minute than a request read (kept while it was on its way) is answered to it. What
the figures and the page are kept under holds the period's days, so past midnight in the
newsroom's zone nothing from yesterday's period stands in: the first load of the day waits for
the drawing, as does the first of a process (nothing kept to show). One drawing at a time for
the same figures in a process, but for the one after a write beside an older one; reports are
built `reading.AT_ONCE` at a time at most, whatever the filters.

**No load waits** (issue 28's p99 < 10x p50). The request that started a drawing waited up to a
second for it (`FRESH_WAIT`, so that a person's load after their own write showed it). Under wrk
that one wait was insights' p99: the bench's writes move insights' version after its warm-up, so
its window's first load waited its full second for a drawing slowed by 16 connections' work
(p99 544-617 ms against a p50 of 47-136: bench:insights7, bench:insights8); a wait for the new
minute alone did the same and was cut first (stop 43's `CLOCK_GRACE`, now folded into this).
The page refreshing itself shows a person's own write as soon as it is drawn, without holding a
server thread for it. `INSIGHTS_FRESH_WAIT` still sets a wait (the tests wait for every drawing).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from flask import abort, copy_current_request_context, current_app, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import clock, collector, htmx, languages, newsroom, workflow
from editorial.board_version import insights_version_this_request
from editorial.csrf_holes import fill_bytes, pieces
from editorial.database import read_only
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.insights import filters as filtering
from editorial.insights import queries, reading, tables
from editorial.insights.filters import Filters
from editorial.kept_parts import minute_now, part_family, render_spliced
from editorial.models import User
from editorial.permissions import can, visible_articles

#: How long the request that finds the figures missing waits for their drawing (which runs in a
#: thread of its own, `_beside`) before it answers the newest kept ones of the same filters and
#: day, the page asking for the new ones itself (see the module's docstring): none.
#: `INSIGHTS_FRESH_WAIT` in the config sets it (the tests wait for every drawing).
FRESH_WAIT = 0.0

#: How long a request waits for another building the same figures before building its own: a
#: report takes 0.3 s of CPU at 10,000 stories and 2.3 s at 100,000 when 90 days hold half the
#: archive (BENCHMARKS.md, bench:search-insights), longer while threads share the GIL; after the
#: fragment cache's 2 s every waiting thread built it again, behind `reading.AT_ONCE`.
BUILD_WAIT = 30.0


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
    """The figures, each a chart with its sentence and its table; while newer figures are being
    drawn, older ones, the page asking for itself again until they are drawn (`drawing`)."""
    content, current = kept_page(current_person())
    return render_spliced("insights/index.html", "content", content, drawing=not current)


def kept_page(person: User) -> tuple[bytes, bool]:
    """The page's content (`insights/_page.html`: the period, the filters, every figure) as UTF-8,
    drawn once per insights version, viewer, address and minute and kept
    (`kept_parts.part_family`; one drawing at a time, the newest kept page meanwhile: see the
    module's docstring).
    Its 250 KB of figures went through Jinja, were copied and encoded again on every request:
    half the page's CPU once the figures were kept. A page drawn around figures another request
    is still drawing (older ones standing in) is answered, not kept; while they are drawn, the
    newest page kept around older figures is answered instead, as it would stand in for the
    page (drawing the page again around the figures standing in cost each request meanwhile a
    page's rendering: bench:pginsights). The filter form is a GET form: no CSRF token. With the
    page, whether it is around the current figures (False: older ones, standing in)."""
    version = insights_version_this_request()  # before anything the page shows
    found, everyone = _filters()
    # The period's days in the family: a page from before midnight never stands in after it.
    family = part_family("insights.page", person, found.start, found.end)

    def render() -> tuple[tuple[bytes, ...], bool]:
        figures, current = kept_figures(found)
        older = None if current else fragment_cache().newest(family)
        if older is not None:  # figures still being drawn: the page kept around older ones
            return older, False
        sections, people = queries.names()
        drawn = pieces(
            render_template(
                "insights/_page.html",
                filters=found,
                everyone=everyone,
                figures=figures,
                sections=sorted(sections.items(), key=lambda s: s[1]),
                people=sorted(people.items(), key=lambda p: p[1]) if everyone else [],
                languages=newsroom.current().published_languages,
                periods=filtering.PERIODS,
            )
        )
        return drawn, current

    stamp = (version, minute_now())
    kept, current = fragment_cache().get_or_stand_in(
        family, stamp, render, within=None, wait=BUILD_WAIT
    )
    return fill_bytes(kept, generate_csrf), current


def kept_figures(found: Filters) -> tuple[Markup, bool]:
    """Every figure for `found` (`insights/_figures.html`), drawn once per filters, insights
    version and minute, and kept (`fragment_cache`; one drawing at a time per filters, the
    newest kept answered meanwhile: see the module's docstring), with whether they are this
    version's and minute's. The version is read before the figures, so a write landing
    meanwhile is kept under the older version at worst. The figures name the person only
    through the filters (a reporter's own are the person filter), so two viewers with the same
    filters share them."""
    now = clock.now()
    family = (
        "insights.figures",
        found.query(),
        found.start,  # the period's days, as the newsroom's zone has them now
        found.end,
    )
    stamp = (insights_version_this_request(), int(now.timestamp() // 60))

    def draw() -> tuple[str, bool]:
        report = reading.compute(found, now, behind=False)
        drawn = render_template(
            "insights/_figures.html", report=report, filters=found, draw=tables.draw, as_of=now
        )
        return drawn, True

    fresh_wait = float(current_app.config.get("INSIGHTS_FRESH_WAIT", FRESH_WAIT))
    drawn, current = fragment_cache().get_or_stand_in(
        family,
        stamp,
        draw,
        within=None,
        wait=BUILD_WAIT,
        beside=_beside,
        fresh_wait=fresh_wait,
    )
    return Markup(drawn), current  # noqa: S704


def _beside(job: Callable[[], None], done: Callable[[], None]) -> None:
    """Run `job` in a thread of its own with a copy of this request's context (its own
    application context, database session and `g`), then `done`, once that context is torn
    down (the blueprint gives the drawing's memory back there)."""
    work = copy_current_request_context(job)

    def run() -> None:
        try:
            work()
        finally:
            done()

    thread = threading.Thread(target=run, name="insights-drawing", daemon=True)
    DRAWINGS.add(thread)
    thread.start()


#: The drawings running beside a request (`_beside`): a test joins them.
DRAWINGS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


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
