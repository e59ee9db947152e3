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
  conditions and timeouts as `auth.sessions.load_user` (`identity.LIVE_SESSION_BRIEF`);
- `version(ask)` computes the poll's ETag on one connection, in a deferred (read-only)
  transaction, from Core statements only: no ORM object, no template;
- a match answers 304 with the headers the full path gives a 304 (`security.standard_headers`,
  the ETag, `Cache-Control: no-cache`, `Vary`).

A reader's public page (a blueprint declared through `revalidate_pages`) is answered as
`page_cache` answers it, under the same conditions and key: its 304 when the browser holds the
ETag, else the page the cache keeps, with the headers and bytes Flask's hooks would send for
that hit (security headers, `Vary`, the body compressed through `compression.encoded`). A miss,
an entry with a header the hooks would merge, a HEAD: Flask answers.

Anything else falls through to Flask, which answers as it always has: no session or a session
that is signed out, expired, idle, inactive, protected by another identifier or due for its
once-a-minute touch; someone who must change their password; a `version` that returns None (the
person may no longer see the story, a setting not yet read by this process); a body, a NUL in
the address; an ETag that does not match. So a 304 is only ever given where Flask would give
the same 304, and `tests/test_fast_polls.py` compares the two answers header for header.
`FAST_POLLS = False` turns the gate off (the tests' way to ask Flask for its answer).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from werkzeug.datastructures import ResponseCacheControl
from werkzeug.exceptions import HTTPException
from werkzeug.http import (
    parse_accept_header,
    parse_cache_control_header,
    parse_cookie,
    parse_etags,
    parse_options_header,
)

from editorial import clock, compression, newsroom, page_cache, security
from editorial.database import reading
from editorial.extensions import db
from editorial.identity import LIVE_SESSION_BRIEF, TOUCH_EVERY_SECONDS
from editorial.models import Role, SiteVersion

F = TypeVar("F", bound=Callable[..., Any])
StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Person:
    """The signed-in person as the session check read them: all a 304 may depend on."""

    id: int
    role: Role

    def has_role(self, *roles: Role) -> bool:
        """Whether the person's role is one of `roles` (as `User.has_role`)."""
        return self.role in roles


@dataclass(frozen=True)
class Ask:
    """What a poll's `version` gets: the connection to read on, the person (None for a public
    poll), the address's values, the WSGI environ and the time."""

    app: Flask
    connection: Connection
    person: Person | None
    args: Mapping[str, Any]
    environ: dict[str, Any]
    now: datetime
    # Read once per request, in a dict: Python 3.11's `functools.cached_property` locks per class
    # while it computes, so every gate thread waited for every other's database read.
    _read: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def site_version(self) -> int:
        """The site's version (`page_cache.site_version`): one primary-key read, once."""
        if "site_version" not in self._read:
            self._read["site_version"] = int(self.connection.execute(_SITE_VERSION).scalar() or 0)
        return self._read["site_version"]

    def settings(self) -> newsroom.SiteSettings | None:
        """The site settings as this process last read them, if still current, else None: the
        view reads them."""
        return newsroom.kept(self.app, self.site_version)

    def edition(self) -> str | None:
        """The address's edition (`editions`): the default language's at the plain address, the
        code under `/<code>/` when the newsroom publishes in it; None where the view decides (a
        redirect, a 404, settings not read yet)."""
        settings = self.settings()
        if settings is None:
            return None
        code = self.args.get("lang")
        if code is None:
            return settings.default_language
        return code if code in settings.languages and code != settings.default_language else None

    def header(self, name: str) -> str:
        """A request header (`HX-Trigger`...), "" when absent."""
        return str(self.environ.get("HTTP_" + name.upper().replace("-", "_"), ""))

    @property
    def full_path(self) -> str:
        """The path and query as Werkzeug's `request.full_path` gives them."""
        path = self.environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        query = self.environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8", "replace")
        return f"/{path.lstrip('/')}?{query}"


PAGES = "editorial.fast_polls.pages"
VARY = "HX-Request, Accept-Encoding, Cookie"
_SITE_VERSION = select(SiteVersion.number).where(SiteVersion.id == 1)

Version = Callable[[Ask], "str | None"]
Answer = tuple[str, list[tuple[str, str]], list[bytes]]  # status, headers, body
NOT_MODIFIED = "304 NOT MODIFIED"
# Headers Flask's hooks add to a kept page (or would change in it): an entry holding one falls
# through, so the gate never has to merge them.
_ADDED_BY_HOOKS = frozenset(
    {"vary", "content-encoding", "accept-ranges", "set-cookie"}
    | {name.lower() for name, _ in security.standard_headers(secure=True)}
)


@dataclass(frozen=True)
class CheapPoll:
    """A view's declaration (`cheap_poll`): how to compute its ETag cheaply, and for whom."""

    version: Version
    signed_in: bool
    htmx_only: bool


def cheap_poll(
    version: Version, *, signed_in: bool = True, htmx_only: bool = True
) -> Callable[[F], F]:
    """Mark a poll view (one that answers through `htmx.poll`) as answerable by `Gate`.

    `version(ask)` must return exactly the ETag the view would give `htmx.poll`, or None when it
    can't say from a few Core reads (the person may not see the story, anything unusual): the
    view then runs as usual. `signed_in`: the view is behind the sign-in rule (the gate then
    needs a live session); `htmx_only`: only an htmx swap gets the view's 304 (a plain request
    gets a page or a redirect)."""

    def mark(view: F) -> F:
        view._cheap_poll = CheapPoll(version, signed_in, htmx_only)  # type: ignore[attr-defined]  # a marker on the function object
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
        self.serializer: URLSafeTimedSerializer | None = None
        self.keeps_pages = float(app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0)) > 0

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
        try:
            adapter = self.app.url_map.bind_to_environ(
                environ, server_name=self.app.config["SERVER_NAME"]
            )
            endpoint, args = adapter.match()
        except HTTPException:
            return None
        view = self.app.view_functions.get(str(endpoint))
        poll: CheapPoll | None = getattr(view, "_cheap_poll", None)
        if poll is None:
            return self.page(environ, str(endpoint), args)
        if "HTTP_IF_NONE_MATCH" not in environ:
            return None
        if poll.htmx_only and (
            environ.get("HTTP_HX_REQUEST") != "true" or "HTTP_HX_HISTORY_RESTORE_REQUEST" in environ
        ):
            return None
        read_only = bool(getattr(view, "_read_only", False))
        now = clock.now()
        with reading(), self.engine.connect() as connection:
            person = None
            if poll.signed_in:
                person = self.person(environ, connection, now, read_only=read_only)
                if person is None:
                    return None
            etag = poll.version(Ask(self.app, connection, person, args, environ, now))
        if etag is None or not parse_etags(environ["HTTP_IF_NONE_MATCH"]).contains(etag):
            return None
        headers = [*self.standard(environ), ("ETag", f'"{etag}"'), ("Cache-Control", "no-cache")]
        return NOT_MODIFIED, headers, []

    def page(
        self, environ: dict[str, Any], endpoint: str, args: Mapping[str, Any]
    ) -> Answer | None:
        """A reader's public page, as `page_cache` answers it: its 304 when revalidated, else
        the page it keeps (`kept`); for the blueprints that declared their pages'
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
        with reading(), self.engine.connect() as connection:
            ask = Ask(self.app, connection, None, args, environ, now)
            if ask.edition() is None:
                return None
        key = page_cache.page_key(ask.site_version, now, page_cache.slot_seconds(self.app))
        etag = f'W/"{key}"'
        if page_cache.revalidated(etag, environ.get("HTTP_IF_NONE_MATCH", "")):
            headers = [*self.standard(environ), ("ETag", etag), ("Cache-Control", cache_control)]
            return NOT_MODIFIED, headers, []
        return self.kept(environ, key, etag)

    def kept(self, environ: dict[str, Any], key: str, etag: str) -> Answer | None:
        """The page the page cache keeps under `key` for this address, as Flask sends a hit:
        the kept headers, then the security headers and `Vary` its hooks add, the body
        compressed as the compression hook compresses it. None (Flask answers) when nothing is
        kept, or the entry holds a header those hooks would treat otherwise."""
        full_path = _full_path(environ)
        if not self.keeps_pages or full_path is None:
            return None
        entry = self.app.extensions[page_cache.CACHE].get(page_cache.entry_key(key, full_path))
        if entry is None or entry.status != 200:
            return None
        kept = {name.lower(): value for name, value in entry.headers}
        if (
            len(kept) != len(entry.headers)
            or not kept.keys().isdisjoint(_ADDED_BY_HOOKS)
            or kept.get("etag") != etag
            or "cache-control" not in kept
            or kept.get("content-length") != str(len(entry.body))
            or parse_options_header(kept.get("content-type"))[0] not in compression.TYPES
        ):
            return None
        body = entry.body
        encoding = compression.chosen_encoding(
            parse_accept_header(environ.get("HTTP_ACCEPT_ENCODING"))
        )
        if encoding is not None and compression.MIN_BYTES <= len(body) <= compression.MAX_BYTES:
            public = parse_cache_control_header(kept["cache-control"], cls=ResponseCacheControl)
            body = compression.encoded(
                self.app.extensions[compression.KEPT],
                body,
                encoding,
                same_for_everyone=bool(public.public),
            )
        else:
            encoding = None
        headers = [
            (name, str(len(body)) if name.lower() == "content-length" else value)
            for name, value in entry.headers
        ]
        headers += self.standard(environ)
        if encoding is not None:
            headers.append(("Content-Encoding", encoding))
        return "200 OK", headers, [body]

    def standard(self, environ: dict[str, Any]) -> list[tuple[str, str]]:
        """The security headers and `Vary` that Flask's after_request hooks give a 304."""
        secure = environ.get("wsgi.url_scheme") == "https" or self.app.config["PREFER_HTTPS"]
        # As Flask's: security's HX-Request, compression's Accept-Encoding (a 304 is
        # text/html to it), then the session's Cookie (Flask-Login reads it, public or not).
        return [*security.standard_headers(secure=secure), ("Vary", VARY)]

    def person(
        self, environ: dict[str, Any], connection: Connection, now: datetime, *, read_only: bool
    ) -> Person | None:
        """The person of a live, current session, or None for anything Flask must decide."""
        config = self.app.config
        cookie = parse_cookie(environ).get(config["SESSION_COOKIE_NAME"])
        interface = self.app.session_interface
        if not cookie or not isinstance(interface, SecureCookieSessionInterface):
            return None
        if self.serializer is None:
            # Flask makes one per request; the secret key is fixed once the app serves.
            self.serializer = interface.get_signing_serializer(self.app)
        serializer = self.serializer
        if serializer is None:
            return None
        try:
            data = serializer.loads(
                cookie, max_age=int(self.app.permanent_session_lifetime.total_seconds())
            )
        except BadSignature:
            return None
        token = data.get("_user_id")
        if not token or "_remember" in data or data.get("_permanent"):
            return None  # Flask-Login or Flask would write the cookie: let them
        if data.get("_id") != _login_identifier(environ):
            return None  # "strong" session protection: Flask-Login signs this session out
        row = connection.execute(LIVE_SESSION_BRIEF, {"token": token}).first()
        if row is None:
            return None
        last_seen, created, person_id, role, must_change_password = row
        if (
            now - last_seen > config["SESSION_IDLE_TIMEOUT"]
            or now - created > config["SESSION_ABSOLUTE_TIMEOUT"]
        ):
            return None
        if not read_only and (now - last_seen).total_seconds() > TOUCH_EVERY_SECONDS:
            return None  # the once-a-minute touch is Flask's to record
        if must_change_password:
            return None
        return Person(person_id, role)


def _full_path(environ: dict[str, Any]) -> str | None:
    """`request.full_path` as Werkzeug builds it (the page cache's address), or None where
    Werkzeug would fail (a query that is not UTF-8): Flask answers that one."""
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    try:
        query = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    return f"/{path.lstrip('/')}?{query}"


def _login_identifier(environ: dict[str, Any]) -> str:
    """Flask-Login's session identifier (`utils._create_identifier`), from the environ: the
    first X-Forwarded-For address (else the remote address) and the User-Agent, as bytes."""
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", environ.get("REMOTE_ADDR"))
    address = forwarded.encode("utf-8").split(b",")[0].strip() if forwarded is not None else None
    agent = environ.get("HTTP_USER_AGENT")
    user_agent = agent.encode("utf-8") if agent is not None else None
    return hashlib.sha512(f"{address}|{user_agent}".encode()).hexdigest()
