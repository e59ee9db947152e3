"""Anonymous readers' public pages: kept in memory for a few seconds, revalidated for nothing.

Every reader's page is the same for a few seconds, and the front page costs a full render to
query; serving it from memory lets one process answer thousands of readers a second.

Correct across processes: every change a reader could see moves the site's version on
(`SiteVersion`, one row): a transition or a content save does it in its own transaction (through
the signals), and any other write request (a breaking headline, an admin change) in the same
transaction as its write, unless its view is marked `@changes_no_page` (the read-count beacon,
the editor's heartbeat, a draft's save). Each cacheable request reads the version once (one
primary-key lookup) and keys the cache on it, so an unpublish in one gunicorn worker is seen by
every worker at its next request.

The same key is the page's `ETag`: a browser revalidating with `If-None-Match` gets 304 before any
view runs or any template renders. The key also carries a time slot of `PUBLIC_PAGE_CACHE_SECONDS`
(at least `MIN_SLOT_SECONDS`), because the clock alone changes pages too (a scheduled story is
public from its time, even before the scheduler has run).

Only GETs of views marked both `@public` and `@read_only`, without an htmx header, from a browser
with no session cookie, are considered; only 200 answers that set no cookie are kept.
`PUBLIC_PAGE_CACHE_SECONDS=0` turns the memory cache off (tests do); ETags stay. What is kept is
bounded by bytes (`PUBLIC_PAGE_CACHE_BYTES`, bodies and headers; least recently used dropped
first) as well as by count, and an expired page goes as soon as a page is kept after it: a key
carries its time slot, so an expired page is never read again. The poll gate
(`fast_polls`) answers the 304 and a kept page from this same cache before Flask runs, when it
can send exactly what the hooks below would.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import Dialect, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from editorial import clock, htmx, workflow
from editorial.bookkeeping import BOOKKEEPING
from editorial.connections import read_one
from editorial.counters import bump_counter
from editorial.database import SAFE_METHODS
from editorial.extensions import db
from editorial.models import Article, SiteVersion
from editorial.page_store import DEFAULT_MAX_BYTES, Entry, PageCache
from editorial.signals import article_saved, article_transitioned

F = TypeVar("F", bound=Callable[..., Any])

MIN_SLOT_SECONDS = 5
RENDER_WAIT_SECONDS = 2.0
# Endpoints that are public and read-only but must not be kept: they carry their own ETag logic,
# or (a reviewer's preview, editorial/previews) must be read fresh and counted every time.
NEVER = {"ticker.poll", "ticker.api", "static", "previews.show", "live.updates"}
# The site version's read, built once: every public request asks it first (the poll gate too).
SITE_VERSION = select(SiteVersion.number).where(SiteVersion.id == 1)
CACHE = "editorial.page_cache"  # the app's PageCache, in app.extensions (the poll gate reads it)
_BUMPED = "editorial.site_version_bumped"  # Session.info: this transaction has moved it on
#: Session.info: the number this transaction moved the site version to (`bump_site_version`),
#: left for the settings' accessor (`newsroom`), which takes it when the transaction ends.
BUMPED_TO = "editorial.site_version_bumped_to"
_WROTE = "editorial.site_version_wrote"  # Session.info: out of a request, wrote what readers see
# Session.info: the version is to move with the commit's other versions, in their one statement
# (`board_version`, which takes it through `bump_wanted_at_commit`).
_AT_COMMIT = "editorial.site_version_at_commit"
# Tables no reader's page shows: a write out of a request to these alone leaves the version as
# it is (the read counts are written after the response; the week's most read is kept per slot).
UNSEEN = BOOKKEEPING | {"preview_links", "weekly_summaries"}


def changes_no_page(view: F) -> F:
    """Mark a writing view whose change no reader sees (so it leaves the site's version alone)."""
    view._changes_no_page = True  # type: ignore[attr-defined]  # a marker on the function object
    return view


def site_version() -> int:
    """The site's version now (0 before anything has changed): read once a request.

    The page cache's key and the settings' accessor both ask; a request reads its snapshot of
    the number once, and a bump in the same request forgets it.
    """
    if not has_request_context():
        return db.session.scalar(SITE_VERSION) or 0
    if "site_version" in g:
        return int(g.site_version)
    session = db.session()
    if session.in_transaction():  # its own writes (a bump) are seen only through it
        number = _read_in(session)
    else:
        number = _read_alone()
    g.site_version = number
    return number


def _read_in(session: Session) -> int:
    """The version read in `session`'s transaction on its connection, past the ORM's execution
    (a write's first read of it, for its settings: 28 µs against 59 on SQLite, 150 against 300
    on PostgreSQL, bench:writes6); what is pending is flushed first, as `Session.scalar` did."""
    session._autoflush()
    return int(session.connection().execute(SITE_VERSION).scalar() or 0)


def site_version_read() -> bool:
    """Whether this request has read the site's version already (and not moved it since)."""
    return "site_version" in g


def keep_site_version(number: int) -> None:
    """This request's site version, read by a caller in the request's snapshot with others in
    one statement (`board_version.board_version_this_request`): `site_version()` gives it."""
    g.site_version = number


def _read_alone() -> int:
    """The version read before the request's session has begun, on a pooled DBAPI connection
    (`connections.read_one`, as the poll gate reads it): a page whose parts are all kept reads
    nothing else, and the session's first statement (its connection, BEGIN, an ORM result)
    cost it five times the read: 0.5 to 0.7 ms of a 3 to 4 ms page (bench:public-render). Read
    before anything the page shows, so nothing is drawn under a version newer than it."""
    engine = db.engine
    row = read_one(engine, _version_sql(engine.dialect))
    return int(row[0] or 0) if row is not None else 0


@cache
def _version_sql(dialect: Dialect) -> str:
    """The site version's read as `dialect`'s SQL, its one value written in."""
    compiled = SITE_VERSION.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    return str(compiled)


def bump_site_version(*_args: Any, **_kwargs: Any) -> None:
    """Move the site's version on, in the caller's transaction (also a signal receiver).

    Once per transaction, whoever asks: a transition's signal, the service that changed a
    setting and the write request's own commit all say "readers may see a change", and one
    increment says it.
    """
    session = db.session()
    if session.info.get(_BUMPED):
        return
    session.info[_BUMPED] = True
    if has_request_context():
        g.pop("site_version", None)
    session.info[BUMPED_TO] = bump_counter(SiteVersion, 1)


def _bump_for_transition(*_args: Any, **_kwargs: Any) -> None:
    """A transition changes what readers may see: the site's version moves on in its
    transaction. In a write request whose commit moves it anyway (`_bump_with_the_write`), that
    commit's move says it, with the desk's in one statement (bench:workflow8); elsewhere (the
    scheduler, a view that changes no page, a request past its first commit) it moves now."""
    if has_request_context() and g.get("bumps_version"):
        return
    bump_site_version()


def bump_wanted_at_commit(session: Session) -> bool:
    """Whether this committing transaction is to move the site's version (once: the caller,
    `board_version`'s commit listener, moves it with its own rows and then calls
    `bumped_at_commit`)."""
    return _AT_COMMIT in session.info


def bumped_at_commit(session: Session, number: int) -> None:
    """The number the commit moved the site's version to: kept for the settings' accessor
    (`newsroom._carry`) when `bump_site_version` would have kept it (a write request's move),
    not for a move out of a request (`bump_outside_requests` never kept it)."""
    if session.info.pop(_AT_COMMIT, False):
        session.info[BUMPED_TO] = number


def _want_at_commit(session: Session, *, kept: bool) -> None:
    """Move the version with this commit's others (`bump_wanted_at_commit`), once; `kept`:
    the number it moves to is kept for the settings' accessor, as `bump_site_version` does."""
    if session.info.get(_BUMPED):
        return
    session.info[_BUMPED] = True
    if has_request_context():
        g.pop("site_version", None)
    session.info[_AT_COMMIT] = kept


def _transaction_ended(session: Session) -> None:
    session.info.pop(_BUMPED, None)
    session.info.pop(_WROTE, None)
    session.info.pop(_AT_COMMIT, None)


def _shown(session: Session) -> bool:
    """Whether `session` has pending changes to a table some reader's page shows."""
    pending = (*session.new, *session.dirty, *session.deleted)
    return any(_table_of(instance) not in UNSEEN for instance in pending)


def _table_of(instance: Any) -> str | None:
    return getattr(getattr(type(instance), "__table__", None), "name", None)


def _note_flush(session: Session, _context: Any) -> None:
    if not has_request_context() and _shown(session):
        session.info[_WROTE] = True


def _note_statement(state: ORMExecuteState) -> None:
    if has_request_context() or not (state.is_insert or state.is_update or state.is_delete):
        return
    if getattr(getattr(state.statement, "table", None), "name", None) not in UNSEEN:
        state.session.info[_WROTE] = True


def bump_outside_requests(session: Session) -> None:
    """Move the version on in a transaction committed out of a request (a job, a command, a
    test's factory) that wrote a table readers see: the kept public parts are keyed on it and
    on the clock's next moment only (`public.windows`), no longer on a time slot that bounded
    such a write to 5 s. In a request the write request's own commit moves it
    (`_bump_with_the_write`), unless its view says it `changes_no_page`."""
    if has_request_context() or session.info.get(_BUMPED):
        return
    if not (session.info.get(_WROTE) or _shown(session)):
        return
    _want_at_commit(session, kept=False)


def _bump_with_the_write(_session: Session) -> None:
    """A write request's first commit carries the version's bump: one transaction, not two."""
    if has_request_context() and g.get("bumps_version"):
        g.bumps_version = False
        _want_at_commit(_session, kept=True)


def _bump_if_public(article: Article, **_kwargs: Any) -> None:
    """A content save changes what readers see only when the story is public (a correction).

    A save that sends a cleared story back to fact-check is a transition, which bumps anyway.
    """
    if article.state == workflow.PUBLIC_STATE:
        bump_site_version()


def _cacheable_request(app: Flask) -> bool:
    if request.method != "GET" or htmx.is_htmx():
        return False
    if app.config["SESSION_COOKIE_NAME"] in request.cookies:
        return False
    return cacheable_view(app, request.endpoint or "")


def _changes_pages(app: Flask) -> bool:
    if request.method in SAFE_METHODS:
        return False
    view = app.view_functions.get(request.endpoint or "")
    return not getattr(view, "_changes_no_page", False) and not getattr(view, "_read_only", False)


def slot_seconds(app: Flask) -> float:
    """How long one time slot of the pages' key lasts (see the module's docstring)."""
    return max(float(app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0)), MIN_SLOT_SECONDS)


def page_key(version: int, at: datetime, seconds: float) -> str:
    """The pages' key (and, as `W/"key"`, their ETag): the site's version and the time slot."""
    return f"{version}.{int(at.timestamp() // seconds)}"


def entry_key(key: str, full_path: str) -> str:
    """Where a page is kept: the pages' key and the address (`request.full_path`)."""
    return f"{key}:{full_path}"


def revalidated(etag: str, if_none_match: str) -> bool:
    """Whether a browser's `If-None-Match` holds the pages' ETag now."""
    return etag in if_none_match


def cacheable_view(app: Flask, endpoint: str) -> bool:
    """Whether `endpoint` serves pages this cache keeps and revalidates: `@public` and
    `@read_only`, and not one of those with their own ETag (NEVER)."""
    view = app.view_functions.get(endpoint)
    return (
        endpoint not in NEVER
        and bool(getattr(view, "_public", False))
        and bool(getattr(view, "_read_only", False))
    )


def init_page_cache(app: Flask) -> None:
    """Answer revalidations with 304, serve and keep anonymous pages, follow the site's version."""
    ttl = float(app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0))
    seconds = slot_seconds(app)
    cache = PageCache(int(app.config.get("PUBLIC_PAGE_CACHE_BYTES", DEFAULT_MAX_BYTES)))
    app.extensions[CACHE] = cache
    # Sent inside the transaction that made the change, so the version moves with it.
    article_transitioned.connect(_bump_for_transition, weak=False)
    article_saved.connect(_bump_if_public, weak=False)
    event.listen(Session, "before_commit", _bump_with_the_write)
    event.listen(Session, "after_flush", _note_flush)
    event.listen(Session, "do_orm_execute", _note_statement)
    event.listen(Session, "before_commit", bump_outside_requests)
    event.listen(Session, "after_commit", _transaction_ended)
    event.listen(Session, "after_rollback", _transaction_ended)

    @app.before_request
    def answer_from_what_is_known() -> Response | None:
        g.page_cache_key = None
        g.bumps_version = _changes_pages(app)
        if not _cacheable_request(app):
            return None
        key = page_key(site_version(), clock.now(), seconds)
        etag = f'W/"{key}"'
        g.page_etag = etag
        if revalidated(etag, request.headers.get("If-None-Match", "")):
            return Response(status=304, headers={"ETag": etag})
        g.page_cache_key = entry_key(key, request.full_path)
        if ttl <= 0:
            return None
        entry = cache.get(g.page_cache_key)
        if entry is None:
            # One request renders an expired page while the others wait for it, instead of
            # every request that arrives meanwhile rendering it too (a stampede).
            lock = cache.render_lock(g.page_cache_key)
            if lock.acquire(timeout=RENDER_WAIT_SECONDS):
                entry = cache.get(g.page_cache_key)
                if entry is None:
                    g.page_render_lock = lock  # released once this request has kept its page
                    return None
                lock.release()
            else:
                return None  # the renderer is slow: render this one too rather than wait on
        return Response(entry.body, status=entry.status, headers=entry.headers)

    @app.teardown_request
    def let_others_render(_error: BaseException | None) -> None:
        lock = g.pop("page_render_lock", None)
        if lock is not None:
            lock.release()

    @app.after_request
    def keep_page(response: Response) -> Response:
        if _changes_pages(app):
            if response.status_code < 400:
                cache.clear()  # this process's entries are unreachable now; free them at once
            return response
        key = g.get("page_cache_key")
        if not key or response.status_code != 200 or "Set-Cookie" in response.headers:
            return response
        response.headers["ETag"] = g.page_etag
        if ttl > 0 and not response.direct_passthrough:
            entry = Entry(
                expires=time.monotonic() + ttl,
                status=response.status_code,
                headers=list(response.headers.items()),
                body=response.get_data(),
            )
            cache.put(key, entry)
        return response
