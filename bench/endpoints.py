"""What is measured: every endpoint's exact request, the statuses it must answer, its target.

Requests are built against a running app (`Context`): a staff sign-in is made once per server
start, through the real form (`sign_in`), and its session cookie and CSRF token go into the
signed-in requests. A browser's User-Agent is the same for the sign-in and every request, since
Flask-Login's "strong" session protection ties the session to it.

Targets are ratios to hello world on the same server, from issue 14. The polls that answer
unchanged content (the ticker's 304, the board's refresh, the presence notice, the breaking desk's
lists) share the "304 answers and unchanged polls" target, whether or not they answer 304 today.

To add an endpoint (a later issue's poll or write), add an `Endpoint` to `ENDPOINTS`.
"""

from __future__ import annotations

import html
import http.client
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urlsplit

from flask import Flask
from sqlalchemy import delete, select, update

from bench import claims
from bench.seed import Targets
from bench.wrk import USER_AGENT, VARY, HttpRequest
from editorial import clock, newsroom, page_cache
from editorial.extensions import db
from editorial.models import Article, BreakingHeadline, Comment, LivePost, LiveStory, Notification

SESSION_COOKIE = "editorial_session"
FORM = "application/x-www-form-urlencoded"
BENCH_HEADLINE = "Bench headline"  # the text of every headline the benchmark posts
BENCH_COMMENT = "Bench comment"  # the text of every comment the benchmark posts
BENCH_LIVE_POST = "Bench live post"  # the text of every live post the benchmark posts


@dataclass(frozen=True)
class Answer:
    """One HTTP answer, read whole."""

    status: int
    headers: dict[str, str]  # names in lower case (servers differ: waitress sends "Etag")
    cookies: dict[str, str]
    body: str


def fetch(
    base_url: str,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> Answer:
    """One request to the loopback server, no redirects followed."""
    parts = urlsplit(base_url)
    if parts.hostname != "127.0.0.1":
        raise ValueError("The benchmark only talks to 127.0.0.1")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        connection.request(method, path, body=body.encode() if body else None, headers=sent)
        response = connection.getresponse()
        data = response.read().decode(errors="replace")
        cookies: dict[str, str] = {}
        for value in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            cookies.update({name: morsel.value for name, morsel in jar.items()})
        headers = {name.lower(): value for name, value in response.headers.items()}
        return Answer(response.status, headers, cookies, data)
    finally:
        connection.close()


@dataclass(frozen=True)
class SignedIn:
    """A staff browser's session: the cookie and the CSRF token its pages carry."""

    email: str
    cookie: str
    csrf: str


def sign_in(base_url: str, email: str, password: str) -> SignedIn:
    """Sign in through the real form (GET /login, POST /login), then read a page's CSRF token.

    Sign-in is rate limited, so this runs once per server start.
    """
    page = fetch(base_url, "GET", "/login")
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.body)
    if page.status != 200 or not found or SESSION_COOKIE not in page.cookies:
        raise RuntimeError(f"GET /login answered {page.status} without a form token")
    cookie = f"{SESSION_COOKIE}={page.cookies[SESSION_COOKIE]}"
    form = urlencode({"csrf_token": found.group(1), "email": email, "password": password})
    signed = fetch(base_url, "POST", "/login", {"Cookie": cookie, "Content-Type": FORM}, form)
    if signed.status != 302 or SESSION_COOKIE not in signed.cookies:
        raise RuntimeError(f"Sign-in as {email} answered {signed.status}, not 302")
    cookie = f"{SESSION_COOKIE}={signed.cookies[SESSION_COOKIE]}"
    desk = fetch(base_url, "GET", "/desk/", {"Cookie": cookie})
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", desk.body)
    if desk.status != 200 or not token:
        raise RuntimeError(f"GET /desk/ after sign-in answered {desk.status} without a token")
    if SESSION_COOKIE in desk.cookies:  # the token's secret was just added to the session
        cookie = f"{SESSION_COOKIE}={desk.cookies[SESSION_COOKIE]}"
    return SignedIn(email, cookie, html.unescape(token.group(1)))


@dataclass
class Context:
    """What the request builders need: the server, the staff session, the seeded rows, the DB."""

    base_url: str
    staff: SignedIn
    targets: Targets
    app: Flask  # the harness's own app on the same database (forms and clean-up)
    notes: dict[str, str] = field(default_factory=dict)  # per endpoint, shown in the report

    def staff_headers(self, *, htmx: bool = False, post: bool = False) -> dict[str, str]:
        """A signed-in browser's headers; htmx's own for a swap or poll, the token for a POST."""
        headers = {"Cookie": self.staff.cookie}
        if htmx:
            headers |= {"HX-Request": "true", "HX-Current-URL": self.base_url + "/desk/"}
        if post:
            headers |= {"Content-Type": FORM}
            if htmx:
                headers["X-CSRFToken"] = self.staff.csrf
        return headers


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


def _desk_refresh(ctx: Context) -> HttpRequest:
    return HttpRequest("GET", "/desk/refresh", ctx.staff_headers(htmx=True))


def _presence_poll(ctx: Context) -> HttpRequest:
    path = f"/articles/{ctx.targets.presence_draft_id}/presence"
    return HttpRequest("GET", path, ctx.staff_headers(htmx=True))


def _breaking_lists(ctx: Context) -> HttpRequest:
    return HttpRequest("GET", "/breaking", ctx.staff_headers(htmx=True))


def editor_form(app: Flask, article_id: int, csrf: str) -> str:
    """The editor form as htmx's autosave posts it (hx-include="#article-form"), the body typed on.

    Read from the database at its current version, so the first save of a run is not stale; the
    body ends with a marker wrk replaces per request, so every autosave is a real change.
    """
    with app.app_context():
        db.session.expire_all()
        article = db.session.get(Article, article_id)
        if article is None:
            raise RuntimeError(f"No article {article_id}")
        fields = [
            ("csrf_token", csrf),
            ("version", str(article.version)),
            ("headline", article.headline),
            ("summary", article.summary),
            ("body", article.body.split("\n\nStill typing:")[0] + f"\n\nStill typing: {VARY}"),
            ("section_id", str(article.section_id or "")),
            ("region_id", str(article.region_id or "")),
            ("tags", ", ".join(tag.name for tag in article.tags)),
            ("source", article.source),
            ("hero_image_url", article.hero_image_url),
            ("hero_caption", article.hero_caption),
            *[("author_ids", str(author.id)) for author in article.authors],
        ]
        db.session.rollback()
    return urlencode(fields)


def _autosave(ctx: Context) -> HttpRequest:
    """Autosaves of the seeded drafts in turn: at 16 connections, 16 writers on their own drafts."""
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "autosave"}
    turns = [
        (f"/articles/{article_id}/autosave", editor_form(ctx.app, article_id, ctx.staff.csrf))
        for article_id in ctx.targets.autosave_draft_ids
    ]
    (path, body), *rest = turns
    return HttpRequest("POST", path, headers, body, rotation=tuple(rest))


def _heartbeat(ctx: Context) -> HttpRequest:
    path = f"/articles/{ctx.targets.presence_draft_id}/presence"
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "presence"}
    return HttpRequest("POST", path, headers, "")


def _breaking_post(ctx: Context) -> HttpRequest:
    """The desk's new-headline form posted without JavaScript: live now, six hours, no link."""
    body = urlencode(
        {
            "csrf_token": ctx.staff.csrf,
            "new-text": f"{BENCH_HEADLINE} {VARY}",
            "new-article": "",
            "new-starts_at": "",
            "new-ends_at": "",
        }
    )
    return HttpRequest("POST", "/breaking", ctx.staff_headers(post=True), body)


def _comment_poll(ctx: Context) -> HttpRequest:
    """An open article page's comment poll with the ETag of the thread it shows (unchanged)."""
    path = f"/articles/{ctx.targets.presence_draft_id}/comments"
    first = fetch(ctx.base_url, "GET", path, ctx.staff_headers(htmx=True))
    etag = first.headers.get("etag", "")
    if first.status != 200 or not etag:
        raise RuntimeError(f"The comment poll answered {first.status} without an ETag")
    return HttpRequest("GET", path, ctx.staff_headers(htmx=True) | {"If-None-Match": etag})


def _comment_post(ctx: Context) -> HttpRequest:
    """Posting a comment through htmx: the thread comes back with the comment in it."""
    path = f"/articles/{ctx.targets.presence_draft_id}/comments"
    body = urlencode({"body": f"{BENCH_COMMENT} {VARY}", "parent_id": ""})
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "comment-thread"}
    return HttpRequest("POST", path, headers, body)


def _claims_ledger(ctx: Context) -> HttpRequest:
    """An article's desk page with its claim ledger of 200 claims (of 30,000 seeded)."""
    return HttpRequest("GET", f"/articles/{ctx.targets.ledger_article_id}", ctx.staff_headers())


def _claim_verdict(ctx: Context) -> HttpRequest:
    """A verdict change through htmx from the article's page: the ledger and every panel back."""
    article_id, claim_id = ctx.targets.ledger_article_id, ctx.targets.ledger_claim_id
    page = f"{ctx.base_url}/articles/{article_id}"
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Current-URL": page}
    body = urlencode(
        {"verdict": "verified", "sources": "https://example.org/bench-source", "note": VARY}
    )
    return HttpRequest("POST", f"/articles/{article_id}/claims/{claim_id}", headers, body)


def remove_bench_checks(ctx: Context) -> None:
    """Delete the history rows a run's verdict changes added (the ledger page stays the same)."""
    with ctx.app.app_context():
        claims.remove_bench_checks(ctx.targets.ledger_claim_id)
        db.session.commit()


def remove_posted_comments(ctx: Context) -> None:
    """Delete the comments (and their notifications) a run posted."""
    with ctx.app.app_context():
        posted = select(Comment.id).where(Comment.body.startswith(BENCH_COMMENT))
        db.session.execute(delete(Notification).where(Notification.comment_id.in_(posted)))
        db.session.execute(delete(Comment).where(Comment.body.startswith(BENCH_COMMENT)))
        db.session.commit()


def remove_posted_headlines(ctx: Context) -> None:
    """Delete the headlines a run posted, so later runs see the seeded ticker (50, 10 live)."""
    with ctx.app.app_context():
        db.session.execute(
            delete(BreakingHeadline).where(BreakingHeadline.text.startswith(BENCH_HEADLINE))
        )
        db.session.commit()


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
    first = fetch(ctx.base_url, "GET", path)
    etag = first.headers.get("etag", "")
    if first.status != 200 or not etag:
        raise RuntimeError(f"The live poll answered {first.status} without an ETag")
    return HttpRequest("GET", path, {"If-None-Match": etag})


def _live_post(ctx: Context) -> HttpRequest:
    """An editor posting from the live desk's composer through htmx (the token in X-CSRFToken):
    the desk comes back with the post in it."""
    path = f"/articles/{ctx.targets.live_article_id}/live/posts"
    body = urlencode({"headline": "", "body": f"{BENCH_LIVE_POST} {VARY}"})
    headers = ctx.staff_headers(htmx=True, post=True) | {"HX-Target": "live-desk"}
    return HttpRequest("POST", path, headers, body)


def remove_posted_live_posts(ctx: Context) -> None:
    """Delete the posts a run added, and move the story's and the site's version on as a
    deletion does, so that pages and polls measured later show the seeded 1,000 again."""
    with ctx.app.app_context():
        db.session.execute(delete(LivePost).where(LivePost.body.startswith(BENCH_LIVE_POST)))
        db.session.execute(
            update(LiveStory)
            .where(LiveStory.article_id == ctx.targets.live_article_id)
            .values(version=LiveStory.version + 1)
        )
        page_cache.bump_site_version()
        db.session.commit()


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


BOARD, EDITOR, PUBLIC, CACHED = "board ≥ 0.20", "editor ≥ 0.10", "public ≥ 0.30", "cached ≥ 0.7"
UNCHANGED, API, WRITE = "304/unchanged poll ≥ 0.70", "api ≥ 0.5", "write ≥ 0.10"

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("desk", "desk board", _desk, 0.20, BOARD),
    Endpoint("desk-filter", "desk board, one filter", _desk_filtered, 0.20, BOARD),
    Endpoint("calendar-month", "calendar, month view", _calendar_month, 0.20, BOARD),
    Endpoint("budget-day", "budget, one day", _budget_day, 0.20, BOARD),
    Endpoint("editor", "editor page (a draft)", _editor, 0.10, EDITOR),
    Endpoint("insights", "insights, 90 days", _insights, 0.0002, "report ≥ 0.0002"),
    Endpoint("article", "public article, cache off", _article, 0.30, PUBLIC),
    Endpoint("home", "home, cache off", _home, 0.30, PUBLIC),
    Endpoint(
        "article-conditional",
        "public article, conditional",
        _article_conditional,
        0.70,
        UNCHANGED,
        expected=frozenset({200, 304}),
    ),
    Endpoint("ticker", "ticker poll (ETag)", _ticker, 0.70, UNCHANGED, frozenset({304})),
    Endpoint("api-breaking", "/api/breaking", _api, 0.5, API),
    Endpoint("desk-refresh", "board refresh poll", _desk_refresh, 0.70, UNCHANGED),
    Endpoint("presence-poll", "presence poll", _presence_poll, 0.70, UNCHANGED),
    Endpoint("breaking-lists", "breaking desk poll", _breaking_lists, 0.70, UNCHANGED),
    Endpoint(
        "autosave",
        "autosave a draft",
        _autosave,
        0.10,
        WRITE,
        tolerated=frozenset({409}),
        write=True,
    ),
    Endpoint("heartbeat", "editor heartbeat", _heartbeat, 0.10, WRITE, write=True),
    Endpoint(
        "breaking-post",
        "post a breaking headline",
        _breaking_post,
        0.10,
        WRITE,
        expected=frozenset({302}),
        write=True,
        after=remove_posted_headlines,
    ),
    Endpoint(
        "comment-poll", "comment poll (ETag)", _comment_poll, 0.70, UNCHANGED, frozenset({304})
    ),
    Endpoint(
        "comment-post",
        "post a comment",
        _comment_post,
        0.10,
        WRITE,
        write=True,
        after=remove_posted_comments,
    ),
    Endpoint("claims-ledger", "fact-check ledger (200 claims)", _claims_ledger, 0.10, EDITOR),
    Endpoint(
        "claim-verdict",
        "change a claim's verdict",
        _claim_verdict,
        0.10,
        WRITE,
        write=True,
        after=remove_bench_checks,
    ),
    Endpoint("search", "public search, one word, cache off", _search_public, 0.30, PUBLIC),
    Endpoint("search-two", "public search, two words, page 3", _search_public_two, 0.30, PUBLIC),
    Endpoint("search-desk", "desk search (htmx), one word", _search_desk, 0.20, BOARD),
    Endpoint("article-cached", "public article, cache on", _article, 0.70, CACHED, page_cache=True),
    Endpoint("home-cached", "home, cache on", _home, 0.70, CACHED, page_cache=True),
    Endpoint(
        "ar-article", "Arabic article, cache off", _arabic_article, 0.30, PUBLIC, english="article"
    ),
    Endpoint("ar-home", "Arabic front page, cache off", _arabic_home, 0.30, PUBLIC, english="home"),
    Endpoint(
        "ar-article-cached",
        "Arabic article, cache on",
        _arabic_article,
        0.70,
        CACHED,
        page_cache=True,
        english="article-cached",
    ),
    Endpoint(
        "ar-home-cached",
        "Arabic front page, cache on",
        _arabic_home,
        0.70,
        CACHED,
        page_cache=True,
        english="home-cached",
    ),
    Endpoint("live", "live story, 1,000 posts, cache off", _live, 0.30, PUBLIC),
    Endpoint("live-cached", "live story, cache on", _live, 0.70, CACHED, page_cache=True),
    Endpoint(
        "live-poll", "live poll, unchanged (304)", _live_poll, 0.70, UNCHANGED, frozenset({304})
    ),
    Endpoint(
        "live-post",
        "post to the live story",
        _live_post,
        0.10,
        WRITE,
        write=True,
        after=remove_posted_live_posts,
    ),
)
BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}


def hello_request() -> HttpRequest:
    """Hello world's one page."""
    return HttpRequest("GET", "/")
