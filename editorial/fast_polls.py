"""Unchanged polls answered 304 before Flask's request machinery runs (issue 28).

Every open page polls (the ticker, the inbox badge, comments, presence, the board...), and
almost every poll finds nothing new. Through Flask, that 304 paid for the whole request: the
request context, the session cookie through Flask's session, Flask-Login, the before_request
hooks, Flask-SQLAlchemy's scoped session and its teardown, the after_request hooks. A view marked
`@cheap_poll(version)` declares what its 304 needs, and `Gate` (WSGI middleware around the app)
answers from that alone when it can:

- the address is matched with the app's own URL map, and only a GET with `If-None-Match` (and,
  for a `htmx_only` poll, an htmx swap, not a history restore) is considered;
- a signed-in poll reads the session cookie with Flask's own signing serializer, checks
  Flask-Login's "strong" identifier, then the server-side session with the same prebuilt
  conditions and timeouts as `auth.sessions.load_user` (`identity.LIVE_SESSION_BRIEF`): that
  check is `fast_sessions`;
- `version(ask)` computes the poll's ETag from Core statements only (no ORM object, no
  template), run with the session's row on one pooled DBAPI connection (`raw_reads.RawReads`:
  no SQLAlchemy `Connection`, each read its own snapshot, as on PostgreSQL);
- a match answers 304 with the headers the full path gives a 304 (`security.standard_headers`,
  the ETag, `Cache-Control: no-cache`, `Vary`).

A reader's public page (a blueprint declared through `revalidate_pages`) is answered as
`page_cache` answers it, under the same conditions and key: its 304 when the browser holds the
ETag, else the page the cache keeps, with the headers and bytes Flask's hooks would send for
that hit (security headers, `Vary`, the body compressed through `compression.encoded`: the
kept page is `fast_pages`). A miss, an entry with a header the hooks would merge, a HEAD: Flask
answers.

Anything else falls through to Flask, which answers as it always has: no session or a session
that is signed out, expired, idle, inactive, protected by another identifier or due for its
once-a-minute touch; someone who must change their password; a `version` that returns None (the
person may no longer see the story, a setting not yet read by this process); a body, a NUL in
the address; an ETag that does not match. So a 304 is only ever given where Flask would give
the same 304, and `tests/test_fast_polls.py` compares the two answers header for header.
`FAST_POLLS = False` turns the gate off (the tests' way to ask Flask for its answer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from flask import Flask
from sqlalchemy.engine import Engine
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_cookie, parse_etags

from editorial import clock, fast_pages, kept_polls, newsroom, page_cache, security
from editorial.board_version import board_version
from editorial.bounded import Bounded
from editorial.connections import read_one
from editorial.extensions import db
from editorial.fast_pages import Answer
from editorial.fast_sessions import Joined, Person, Sessions
from editorial.raw_reads import RawReads, Reads

F = TypeVar("F", bound=Callable[..., Any])
StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Ask:
    """What a poll's `version` gets: where to read (`raw_reads.Reads`), the person (None for a
    public poll), the address's values, the WSGI environ and the time."""

    app: Flask
    connection: Reads
    person: Person | None
    args: Mapping[str, Any]
    environ: dict[str, Any]
    now: datetime
    # Read once per request, in a dict: Python 3.11's `functools.cached_property` locks per class
    # while it computes, so every gate thread waited for every other's database read.
    _read: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def site_version(self) -> int:
        """The site's version (`page_cache.site_version`): one primary-key read, once (none
        when the session check read it)."""
        if "site_version" not in self._read:
            if self.person is not None and self.person.versions is not None:
                self._read["site_version"] = self.person.versions[0]
            else:
                self._read["site_version"] = int(
                    self.connection.execute(_SITE_VERSION).scalar() or 0
                )
        return self._read["site_version"]

    def stamp(self) -> kept_polls.Stamp:
        """The site's, the desk's and the live desks' versions and the time slot
        (`kept_polls.stamp`: one statement, or none when the session check read them: a
        `cheap_poll(versions=True)`), which also gives `site_version` its number."""
        if self.person is not None and self.person.versions is not None:
            found = kept_polls.stamp_of(self.app, self.person.versions, self.now)
        else:
            found = kept_polls.stamp(self.app, self.connection, self.now)
        self._read["site_version"] = found.site_version
        return found

    def desk_version(self) -> int:
        """The desk's version (`board_version`): read with the session's row for a
        `cheap_poll(versions=True)`, else one primary-key read."""
        if self.person is not None and self.person.versions is not None:
            return self.person.versions[1]
        return board_version(self.connection)

    def settings(self) -> newsroom.SiteSettings | None:
        """The site settings as this process last read them, if still current, else None: the
        view reads them."""
        return newsroom.kept(self.app, self.site_version)

    def edition(self) -> str | None:
        """The address's edition (`editions`): see `edition_of`."""
        return edition_of(self.settings(), self.args)

    def header(self, name: str) -> str:
        """A request header (`HX-Trigger`...), "" when absent."""
        return str(self.environ.get("HTTP_" + name.upper().replace("-", "_"), ""))

    def query(self) -> MultiDict[str, str] | None:
        """The query string as Werkzeug's `request.args` reads it, or None where Werkzeug would
        fail (a query that is not UTF-8): the view answers that one."""
        try:
            query = self.environ.get("QUERY_STRING", "").encode("latin-1").decode()
        except UnicodeError:
            return None
        return MultiDict(parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote"))

    @property
    def full_path(self) -> str:
        """The path and query as Werkzeug's `request.full_path` gives them."""
        path = self.environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        query = self.environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8", "replace")
        return f"/{path.lstrip('/')}?{query}"


def edition_of(settings: newsroom.SiteSettings | None, args: Mapping[str, Any]) -> str | None:
    """The address's edition (`editions`): the default language's at the plain address, the
    code under `/<code>/` when the newsroom publishes in it; None where the view decides (a
    redirect, a 404, settings not read yet: `settings` is None)."""
    if settings is None:
        return None
    code = args.get("lang")
    if code is None:
        return settings.default_language
    return code if code in settings.languages and code != settings.default_language else None


PAGES = "editorial.fast_polls.pages"
VARY = "HX-Request, Accept-Encoding, Cookie"
_SITE_VERSION = page_cache.SITE_VERSION

Version = Callable[[Ask], "str | None"]
NOT_MODIFIED = "304 NOT MODIFIED"
NO_CACHE = ("Cache-Control", "no-cache")
MATCHES_KEPT = 4096
_UNSEEN = object()
# What `url_map.bind_to_environ(...).match()` reads of the environ (the method, the host, the
# scheme and port for a redirect, the script and path): the key of a kept match.
_MATCH_KEYS = (
    "REQUEST_METHOD",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
    "SCRIPT_NAME",
    "PATH_INFO",
)


@dataclass(frozen=True)
class CheapPoll:
    """A view's declaration (`cheap_poll`): how to compute its ETag cheaply, and for whom."""

    version: Version
    signed_in: bool
    htmx_only: bool
    versions: bool = False
    with_session: tuple[Any, ...] = ()
    joined: Joined | None = None


def cheap_poll(
    version: Version,
    *,
    signed_in: bool = True,
    htmx_only: bool = True,
    versions: bool = False,
    with_session: tuple[Any, ...] = (),
    joined: Joined | None = None,
) -> Callable[[F], F]:
    """Mark a poll view (one that answers through `htmx.poll`) as answerable by `Gate`.

    `version(ask)` must return exactly the ETag the view would give `htmx.poll`, or None when it
    can't say from a few Core reads (the person may not see the story, anything unusual): the
    view then runs as usual. `signed_in`: the view is behind the sign-in rule (the gate then
    needs a live session); `htmx_only`: only an htmx swap gets the view's 304 (a plain request
    gets a page or a redirect); `versions`: `version` reads the site's or the desk's version
    (`Ask.stamp`, `Ask.desk_version`), so the session check reads them in its statement;
    `with_session`: columns the session check reads too (scalar subqueries correlated to the
    `users` row), as `ask.person.also` (the inbox badge: one statement); `joined`: the check
    with the poll's joins onto the person's row (the address's values bound by name), its rows
    as `ask.person.rows`: one statement where the read depends on the role (bench:pgpolls)."""

    def mark(view: F) -> F:
        poll = CheapPoll(version, signed_in, htmx_only, versions, with_session, joined)
        view._cheap_poll = poll  # type: ignore[attr-defined]  # a marker on the function object
        return view

    return mark


def revalidate_pages(app: Flask, blueprint: str, cache_control: str) -> None:
    """Let the gate answer a reader's revalidated page of `blueprint` (`page_cache`'s 304 from
    the site's version), with the `Cache-Control` the blueprint gives its 304s."""
    app.extensions.setdefault(PAGES, {})[blueprint] = cache_control


def init_fast_polls(app: Flask) -> None:
    """Put the gate in front of the app's WSGI callable (under ProxyFix, which wraps it later)."""
    if not app.config.get("FAST_POLLS", True):
        return
    if app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION"):
        return  # limits on every route: a poll must go through the limiter's check
    if app.config.get("TRUSTED_HOSTS"):
        return  # Flask refuses other Host headers (400): the gate does not know how
    with app.app_context():
        engine = db.engine
    # Flask's documented way to wrap the WSGI app, which mypy sees as replacing a method.
    app.wsgi_app = Gate(app, engine, app.wsgi_app)  # type: ignore[method-assign]


class Gate:
    """WSGI middleware: a matching 304 for a `cheap_poll` view, else the app as usual."""

    def __init__(self, app: Flask, engine: Engine, wrapped: Callable[..., Iterable[bytes]]):
        self.app = app
        self.engine = engine
        self.wrapped = wrapped
        self.sessions = Sessions(app)
        self.keeps_pages = float(app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0)) > 0
        # An address's match, a pure function of the environ values `bind_to_environ` reads
        # (the URL map is fixed once the app serves): Werkzeug's MapAdapter cost a poll more
        # than its database read.
        self.matches: Bounded[tuple[Any, ...], tuple[str, Mapping[str, Any]] | None] = Bounded(
            MATCHES_KEPT
        )
        # The headers Flask's hooks give a 304, without and with TLS.
        self.headers = {secure: self._standard(secure) for secure in (False, True)}
        # The site version's read as this database's SQL, with its one value written in.
        self.version_sql = str(
            _SITE_VERSION.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and (
            "HTTP_IF_NONE_MATCH" in environ or self.may_be_kept(environ)
        ):
            answer = self.answer(environ)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return body
        return self.wrapped(environ, start_response)

    def may_be_kept(self, environ: dict[str, Any]) -> bool:
        """Whether a GET without `If-None-Match` could be a page the page cache keeps: a quick
        look, so a signed-in person's page or an htmx request skips the address matching."""
        return (
            self.keeps_pages
            and "HTTP_HX_REQUEST" not in environ
            and self.app.config["SESSION_COOKIE_NAME"] not in environ.get("HTTP_COOKIE", "")
        )

    def answer(self, environ: dict[str, Any]) -> Answer | None:
        """The status, headers and body to send, or None: Flask answers."""
        if environ.get("CONTENT_LENGTH") not in (None, "", "0") or (
            "HTTP_TRANSFER_ENCODING" in environ
        ):
            return None
        if "\x00" in environ.get("PATH_INFO", "") or "%00" in environ.get("QUERY_STRING", ""):
            return None
        matched = self.match(environ)
        if matched is None:
            return None
        endpoint, args = matched
        view = self.app.view_functions.get(endpoint)
        poll: CheapPoll | None = getattr(view, "_cheap_poll", None)
        if poll is None:
            return self.page(environ, endpoint, args)
        if "HTTP_IF_NONE_MATCH" not in environ:
            return None
        if poll.htmx_only and (
            environ.get("HTTP_HX_REQUEST") != "true" or "HTTP_HX_HISTORY_RESTORE_REQUEST" in environ
        ):
            return None
        read_only = bool(getattr(view, "_read_only", False))
        now = clock.now()
        with RawReads(self.engine) as reads:
            person = None
            if poll.signed_in:
                person = self.sessions.person(
                    environ,
                    reads,
                    now,
                    read_only=read_only,
                    versions=poll.versions,
                    also=poll.with_session,
                    joined=poll.joined,
                    args=args,
                )
                if person is None:
                    return None
            etag = poll.version(Ask(self.app, reads, person, args, environ, now))
        if etag is None or not matches(environ["HTTP_IF_NONE_MATCH"], etag):
            return None
        quoted = f'"{etag}"'
        return NOT_MODIFIED, [*self.standard(environ), ("ETag", quoted), NO_CACHE], []

    def match(self, environ: dict[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
        """The endpoint and values of the address (None where Werkzeug raises: a 404, a
        redirect, a wrong method), as the app's URL map matches it; kept per address."""
        key = tuple(environ.get(name) for name in _MATCH_KEYS)
        kept = self.matches.entries.get(key, _UNSEEN)
        if kept is not _UNSEEN:
            return kept  # type: ignore[return-value]  # not the marker, so a kept match
        try:
            adapter = self.app.url_map.bind_to_environ(
                environ, server_name=self.app.config["SERVER_NAME"]
            )
            endpoint, args = adapter.match()
            matched: tuple[str, Mapping[str, Any]] | None = (
                str(endpoint),
                MappingProxyType(dict(args)),
            )
        except HTTPException:
            matched = None
        self.matches.put(key, matched)
        return matched

    def page(
        self, environ: dict[str, Any], endpoint: str, args: Mapping[str, Any]
    ) -> Answer | None:
        """A reader's public page, as `page_cache` answers it: its 304 when revalidated, else
        the page it keeps (`fast_pages.kept`); for the blueprints that declared their pages'
        Cache-Control (`revalidate_pages`), else None."""
        blueprint = endpoint.rpartition(".")[0]
        cache_control = self.app.extensions.get(PAGES, {}).get(blueprint)
        if cache_control is None or not page_cache.cacheable_view(self.app, endpoint):
            return None
        if "HTTP_HX_REQUEST" in environ:
            return None
        cookies = parse_cookie(environ)
        if self.app.config["SESSION_COOKIE_NAME"] in cookies:
            return None  # signed-in staff (or a session): Flask decides
        now = clock.now()
        version = self.site_version()
        if edition_of(newsroom.kept(self.app, version), args) is None:
            return None
        key = page_cache.page_key(version, now, page_cache.slot_seconds(self.app))
        etag = f'W/"{key}"'
        if page_cache.revalidated(etag, environ.get("HTTP_IF_NONE_MATCH", "")):
            headers = [*self.standard(environ), ("ETag", etag), ("Cache-Control", cache_control)]
            return NOT_MODIFIED, headers, []
        if not self.keeps_pages:
            return None
        return fast_pages.kept(self.app, environ, key, etag, self.standard(environ))

    def site_version(self) -> int:
        """The site's version (`page_cache.site_version`'s statement): all a reader's kept page
        or 304 asks of the database, read on a pooled DBAPI connection (`connections.read_one`:
        one round trip on PostgreSQL). Through a SQLAlchemy `Connection` the read cost more
        than the rest of the kept page together (bench:public-speed)."""
        row = read_one(self.engine, self.version_sql)
        return int(row[0] or 0) if row is not None else 0

    def standard(self, environ: dict[str, Any]) -> list[tuple[str, str]]:
        """The security headers and `Vary` that Flask's after_request hooks give a 304."""
        secure = environ.get("wsgi.url_scheme") == "https" or self.app.config["PREFER_HTTPS"]
        return self.headers[bool(secure)]

    def _standard(self, secure: bool) -> list[tuple[str, str]]:
        # As Flask's: security's HX-Request, compression's Accept-Encoding (a 304 is
        # text/html to it), then the session's Cookie (Flask-Login reads it, public or not).
        return [*security.standard_headers(secure=secure), ("Vary", VARY)]


def matches(if_none_match: str, etag: str) -> bool:
    """Whether `If-None-Match` holds `etag` as `request.if_none_match.contains` finds it (a
    strong match, or `*`): the browser's usual header, the one quoted ETag it was sent, is
    compared as it is; anything else is parsed as Werkzeug parses it."""
    if if_none_match == f'"{etag}"' and '"' not in etag and "\\" not in etag:
        return True
    return parse_etags(if_none_match).contains(etag)
