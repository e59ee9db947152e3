"""What is measured: every endpoint's exact request, the statuses it must answer, its target.

Requests are built against a running app (`bench.session.Context`: a staff sign-in made once per
server start, the seeded rows, the harness's own app on the database); the pages, polls and the
transition issue 28 added are built in `bench.more_requests`.

Targets are ratios to hello world on the same server, from issue 28: polls (sent as a browser
sends them, with the ETag of a first answer) ≥ 0.50 and answered 304; public pages kept or
revalidated ≥ 0.50; rendered with the page cache off ≥ 0.10 (public search ≥ 0.05); the board
≥ 0.10; other staff pages ≥ 0.05; writes ≥ 0.05. Growth from 10,000 to 100,000 stories (within
1.25×) is judged in `bench.growth`.

To add an endpoint (a later issue's poll or write), add an `Endpoint` to `ENDPOINTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import select

from bench import more_requests as more
from bench import writes
from bench.session import (
    FORM,
    SESSION_COOKIE,
    Answer,
    Context,
    SignedIn,
    fetch,
    sign_in,
    with_etag,
)
from bench.wrk import HttpRequest
from editorial import clock, newsroom
from editorial.extensions import db
from editorial.models import LiveStory

__all__ = ["FORM", "SESSION_COOKIE", "Answer", "Context", "SignedIn", "fetch", "sign_in"]


@dataclass(frozen=True)
class Endpoint:
    """One measured request and what it must achieve."""

    key: str
    title: str
    build: Callable[[Context], HttpRequest]
    target: float
    target_name: str
    expected: frozenset[int] = frozenset({200})
    tolerated: frozenset[int] = frozenset()  # counted and shown apart (a 409 on a racing save)
    page_cache: bool = False  # measured on the server with the public page cache on
    write: bool = False
    after: Callable[[Context], None] | None = None  # clean-up after each run
    english: str = ""  # another language's page: the key of its English counterpart


# -- Request builders -------------------------------------------------------------------------


def _desk(ctx: Context) -> HttpRequest:
    return HttpRequest("GET", "/desk/", ctx.staff_headers())


def _desk_filtered(ctx: Context) -> HttpRequest:
    return HttpRequest("GET", f"/desk/?section={ctx.targets.section_id}", ctx.staff_headers())


def _editor(ctx: Context) -> HttpRequest:
    return HttpRequest("GET", f"/articles/{ctx.targets.editor_draft_id}/edit", ctx.staff_headers())


def _article(ctx: Context) -> HttpRequest:
    return HttpRequest("GET", f"/news/{ctx.targets.article_slug}")


def _home(_ctx: Context) -> HttpRequest:
    return HttpRequest("GET", "/")


# The Arabic edition's front page and a story at its edition's address (issue 21's editions).
ARABIC_HOME = "/ar/"


def _arabic_article(ctx: Context) -> HttpRequest:
    if not ctx.targets.arabic_article_slug:
        raise RuntimeError("The seeding made no published Arabic story")
    return HttpRequest("GET", "/ar/news/" + quote(ctx.targets.arabic_article_slug))


def _arabic_home(_ctx: Context) -> HttpRequest:
    return HttpRequest("GET", ARABIC_HOME)


def _article_conditional(ctx: Context) -> HttpRequest:
    """The story again, with the validators of a previous answer (as a browser's cache sends)."""
    path = f"/news/{ctx.targets.article_slug}"
    first = fetch(ctx.base_url, "GET", path)
    headers: dict[str, str] = {}
    if "etag" in first.headers:
        headers["If-None-Match"] = first.headers["etag"]
    if "last-modified" in first.headers:
        headers["If-Modified-Since"] = first.headers["last-modified"]
    if not headers:
        # No validator in the answer today: send the answer's Date as the browser's guess.
        headers["If-Modified-Since"] = first.headers.get("date", "")
        ctx.notes["article-conditional"] = (
            "the answer carries no ETag or Last-Modified today, so If-Modified-Since is its Date"
        )
    return HttpRequest("GET", path, headers)


def _ticker(ctx: Context) -> HttpRequest:
    """The public ticker's poll with the ETag of what it shows (static/js/ticker.js)."""
    first = fetch(ctx.base_url, "GET", "/breaking/ticker", {"HX-Request": "true"})
    etag = first.headers.get("etag", "")
    if not etag:
        raise RuntimeError("The ticker answered without an ETag")
    headers = {
        "HX-Request": "true",
        "HX-Target": "breaking-ticker",
        "HX-Current-URL": ctx.base_url + "/",
        "If-None-Match": etag,
    }
    return HttpRequest("GET", "/breaking/ticker", headers)


def _api(_ctx: Context) -> HttpRequest:
    return HttpRequest("GET", "/api/breaking")


def _breaking_lists(ctx: Context) -> HttpRequest:
    """The breaking desk's lists, polled every 20 s, with the ETag it was given (its ETag holds
    the minute, like the board's)."""
    more.wait_for_a_fresh_minute()
    headers = ctx.staff_headers(htmx=True) | {"HX-Target": "breaking-lists"}
    headers |= {"HX-Current-URL": ctx.base_url + "/breaking"}
    return with_etag(ctx, "/breaking", headers)


def _comment_poll(ctx: Context) -> HttpRequest:
    """An open article page's comment poll with the ETag of the thread it shows (unchanged)."""
    path = f"/articles/{ctx.targets.presence_draft_id}/comments"
    return with_etag(ctx, path, ctx.staff_headers(htmx=True))


def _claims_ledger(ctx: Context) -> HttpRequest:
    """An article's desk page with its claim ledger of 200 claims (of 30,000 seeded)."""
    return HttpRequest("GET", f"/articles/{ctx.targets.ledger_article_id}", ctx.staff_headers())


def _live(ctx: Context) -> HttpRequest:
    """The live story's public page (issue 24): 1,000 posts, the first 20 shown."""
    return HttpRequest("GET", f"/news/{ctx.targets.live_slug}")


def _live_version(ctx: Context) -> int:
    """The live story's version now (a posting run moves it on)."""
    with ctx.app.app_context():
        version = db.session.scalar(
            select(LiveStory.version).where(LiveStory.article_id == ctx.targets.live_article_id)
        )
        db.session.rollback()
    if version is None:
        raise RuntimeError("The live story is missing")
    return version


def _live_poll(ctx: Context) -> HttpRequest:
    """A reader's poll with nothing new (static/js/live.js: `?since=` the page's version and its
    ETag, no cookie, no htmx headers): a 304."""
    path = f"/news/{ctx.targets.live_slug}/live/updates?since={_live_version(ctx)}"
    return with_etag(ctx, path, {})


# A common word and a two-word query in the seeded stories (their bodies are the demo's).
SEARCH_COMMON = "minister"
SEARCH_TWO_WORDS = "ceasefire+talks"


def _search_public(_ctx: Context) -> HttpRequest:
    return HttpRequest("GET", f"/search?q={SEARCH_COMMON}")


def _search_public_two(_ctx: Context) -> HttpRequest:
    return HttpRequest("GET", f"/search?q={SEARCH_TWO_WORDS}&page=3")


def _search_desk(ctx: Context) -> HttpRequest:
    return HttpRequest("GET", f"/desk/search?q={SEARCH_COMMON}", ctx.staff_headers(htmx=True))


def _calendar_month(ctx: Context) -> HttpRequest:
    """This month on the calendar, every kind, as an editor sees it (2,000 plans seeded)."""
    return HttpRequest("GET", "/calendar/?view=month", ctx.staff_headers())


def _budget_day(ctx: Context) -> HttpRequest:
    """Today's budget (the planning desk's day, grouped by section), as an editor sees it."""
    with ctx.app.app_context():
        today = clock.to_local(clock.now(), newsroom.zone()).date().isoformat()
    return HttpRequest("GET", f"/plans/budget?day={today}", ctx.staff_headers())


def _insights(ctx: Context) -> HttpRequest:
    """The insights page over 90 days, as an editor sees it (issue 27)."""
    return HttpRequest("GET", "/insights/?period=90", ctx.staff_headers())


# Issue 28's target groups: (name shown in the report, ratio to hello world).
POLL = ("poll, unchanged: 304", 0.50)
KEPT = ("public, kept or revalidated", 0.50)
PUBLIC = ("public, rendered (cache off)", 0.10)
SEARCH = ("public search", 0.05)
BOARD = ("desk board", 0.10)
STAFF = ("staff page", 0.05)
WRITE = ("write", 0.05)
NOT_MODIFIED = frozenset({304})


def _e(
    key: str,
    title: str,
    build: Callable[[Context], HttpRequest],
    group: tuple[str, float],
    expected: frozenset[int] = frozenset({200}),
    **more_fields: object,
) -> Endpoint:
    """An endpoint in one of the target groups."""
    name, target = group
    return Endpoint(key, title, build, target, name, expected, **more_fields)  # type: ignore[arg-type]


ENDPOINTS: tuple[Endpoint, ...] = (
    # Staff pages
    _e("desk", "desk board", _desk, BOARD),
    _e("desk-filter", "desk board, one filter", _desk_filtered, BOARD),
    _e("editor", "editor page (a draft)", _editor, STAFF),
    _e("article-desk", "an article's desk page (a draft)", more.article_desk, STAFF),
    _e("claims-ledger", "article's desk page, 200 claims", _claims_ledger, STAFF),
    _e("queue", "My queue", more.queue, STAFF),
    _e("factcheck-queue", "fact-check queue", more.factcheck_queue, STAFF),
    _e("calendar-month", "calendar, month view", _calendar_month, STAFF),
    _e("budget-day", "budget, one day", _budget_day, STAFF),
    _e("insights", "insights, 90 days", _insights, STAFF),
    _e("search-desk", "desk search (htmx), one word", _search_desk, STAFF),
    _e("live-desk", "live desk, 1,000 posts", more.live_desk, STAFF),
    # Public pages, rendered (cache off), in each edition
    _e("home", "home, cache off", _home, PUBLIC),
    _e("section", "section page, cache off", more.section, PUBLIC),
    _e("article", "public article, cache off", _article, PUBLIC),
    _e("live", "live story, 1,000 posts, cache off", _live, PUBLIC),
    _e("ar-home", "Arabic front page, cache off", _arabic_home, PUBLIC, english="home"),
    _e("ar-article", "Arabic article, cache off", _arabic_article, PUBLIC, english="article"),
    _e("ar-live", "Arabic live story, cache off", more.arabic_live, PUBLIC, english="live"),
    _e("api-breaking", "/api/breaking", _api, PUBLIC),
    _e("search", "public search, one word, cache off", _search_public, SEARCH),
    _e("search-two", "public search, two words, page 3", _search_public_two, SEARCH),
    # Public pages kept (page cache on) or revalidated (304)
    _e("article-conditional", "public article, conditional", _article_conditional, KEPT,
       frozenset({200, 304})),
    _e("home-cached", "home, cache on", _home, KEPT, page_cache=True),
    _e("section-cached", "section page, cache on", more.section, KEPT, page_cache=True),
    _e("article-cached", "public article, cache on", _article, KEPT, page_cache=True),
    _e("live-cached", "live story, cache on", _live, KEPT, page_cache=True),
    _e("ar-home-cached", "Arabic front page, cache on", _arabic_home, KEPT, page_cache=True,
       english="home-cached"),
    _e("ar-article-cached", "Arabic article, cache on", _arabic_article, KEPT, page_cache=True,
       english="article-cached"),
    _e("ar-live-cached", "Arabic live story, cache on", more.arabic_live, KEPT, page_cache=True,
       english="live-cached"),
    # Polls, as the browser sends them (the ETag of a first answer): unchanged, so 304
    _e("ticker", "ticker poll", _ticker, POLL, NOT_MODIFIED),
    _e("comment-poll", "comment poll", _comment_poll, POLL, NOT_MODIFIED),
    _e("inbox-badge", "inbox badge poll", more.inbox_badge, POLL, NOT_MODIFIED),
    _e("presence-poll", "presence poll", more.presence_poll, POLL, NOT_MODIFIED),
    _e("desk-refresh", "board refresh poll", more.desk_refresh, POLL, NOT_MODIFIED),
    _e("live-poll", "live story poll (reader)", _live_poll, POLL, NOT_MODIFIED),
    _e("live-stream", "live desk stream poll", more.live_stream, POLL, NOT_MODIFIED),
    _e("alarm-banner", "missed-publish alarm poll", more.alarm_banner, POLL, NOT_MODIFIED),
    _e("media-state", "picture state poll", more.media_state, POLL, NOT_MODIFIED),
    _e("breaking-lists", "breaking desk poll", _breaking_lists, POLL, NOT_MODIFIED),
    # Writes
    _e("autosave", "autosave a draft", writes.autosave, WRITE, tolerated=frozenset({409}),
       write=True),
    _e("heartbeat", "editor heartbeat", writes.heartbeat, WRITE, write=True),
    _e("comment-post", "post a comment", writes.comment_post, WRITE, write=True,
       after=writes.remove_posted_comments),
    _e("transition", "transition (submit, return)", more.transition, WRITE,
       tolerated=frozenset({409}), write=True, after=more.undo_transitions),
    _e("claim-verdict", "change a claim's verdict", writes.claim_verdict, WRITE, write=True,
       after=writes.remove_bench_checks),
    _e("breaking-post", "post a breaking headline", writes.breaking_post, WRITE, frozenset({302}),
       write=True, after=writes.remove_posted_headlines),
    _e("live-post", "post to the live story", writes.live_post, WRITE, write=True,
       after=writes.remove_posted_live_posts),
)  # fmt: skip
BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


def hello_request() -> HttpRequest:
    """Hello world's one page."""
    return HttpRequest("GET", "/")
