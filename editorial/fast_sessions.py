"""The poll gate's session check (`fast_polls`): who a signed-in poll is from, read from the
session cookie and one indexed row, building nothing.

The cookie is read with Flask's own signing serializer, Flask-Login's "strong" identifier
(address and User-Agent) is checked, then the server-side session with the same prebuilt
conditions and timeouts as `auth.sessions.load_user` (`identity.LIVE_SESSION_BRIEF`). Anything
Flask or Flask-Login would act on (sign out, write the cookie, record the once-a-minute touch,
ask for a new password) gives None, and Flask answers the poll.

What the cookie says is a pure function of the Cookie header, the address and the User-Agent
(the secret key is fixed once the app serves), so a verified one is kept per those three, exact,
in a small bounded memo (`bounded.Bounded`): the session's token and the time it was signed.
The signature's age is checked again at every poll, as itsdangerous checks it, and the session's
row is read at every poll: signing out, a deactivation, a password change, the idle and
absolute timeouts end a kept cookie's 304s as they end Flask's. Only a cookie that passed every
check is kept.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Select
from werkzeug.http import parse_cookie

from editorial.bounded import Bounded
from editorial.identity import LIVE_SESSION_BRIEF, TOUCH_EVERY_SECONDS
from editorial.kept_polls import VERSIONS
from editorial.models import Role
from editorial.raw_reads import Reads

COOKIES_KEPT = 1024
# The same check with the site's, the desk's and the live desks' versions (`kept_polls.VERSIONS`)
# read in its statement: a poll whose ETag needs them (`cheap_poll(versions=True)`) reads
# nothing more for them (bench:presence-poll).
LIVE_SESSION_VERSIONS = LIVE_SESSION_BRIEF.add_columns(*VERSIONS.selected_columns)


Joined = Callable[[Select[Any]], Select[Any]]


@cache
def _check(versions: bool, also: tuple[Any, ...], joined: Joined | None = None) -> Select[Any]:
    """The session check's statement with the versions (when asked), a poll's own columns
    (`cheap_poll(with_session=...)`) and its joins (`cheap_poll(joined=...)`), built once per
    poll."""
    statement = LIVE_SESSION_VERSIONS if versions else LIVE_SESSION_BRIEF
    statement = statement.add_columns(*also) if also else statement
    return joined(statement) if joined is not None else statement


@dataclass(frozen=True)
class Person:
    """The signed-in person as the session check read them: all a 304 may depend on."""

    id: int
    role: Role
    # The site's, the desk's and the live desks' versions, read with the session's row when
    # the poll asked for them (`Sessions.person(versions=True)`), else None.
    versions: tuple[int, int, int] | None = None
    # The poll's own columns read with the session's row (`cheap_poll(with_session=...)`).
    also: tuple[Any, ...] = ()
    # A joined poll's rows (`cheap_poll(joined=...)`): each row's columns after the session's,
    # in the statement's order (the first is `also`).
    rows: tuple[tuple[Any, ...], ...] = ()

    def has_role(self, *roles: Role) -> bool:
        """Whether the person's role is one of `roles` (as `User.has_role`)."""
        return self.role in roles


class Sessions:
    """The session check for one app (its signing serializer made once, on first use)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.serializer: URLSafeTimedSerializer | None = None
        self.max_age = int(app.permanent_session_lifetime.total_seconds())
        # (Cookie header, address, User-Agent) -> (the session's token, when it was signed).
        self.verified: Bounded[tuple[Any, ...], tuple[str, int]] = Bounded(COOKIES_KEPT)

    def person(
        self,
        environ: dict[str, Any],
        reads: Reads,
        now: datetime,
        *,
        read_only: bool,
        versions: bool = False,
        also: tuple[Any, ...] = (),
        joined: Joined | None = None,
        args: Mapping[str, Any] | None = None,
    ) -> Person | None:
        """The person of a live, current session, or None for anything Flask must decide;
        with `versions`, the versions read in the same statement (`Person.versions`), `also`,
        columns correlated to the person's row (`Person.also`), and `joined`, the poll's joins
        onto that row, bound with the address's values `args` (`Person.rows`)."""
        config = self.app.config
        key = (
            environ.get("HTTP_COOKIE"),
            environ.get("HTTP_X_FORWARDED_FOR", environ.get("REMOTE_ADDR")),
            environ.get("HTTP_USER_AGENT"),
        )
        kept = self.verified.get(key)
        if kept is None:
            kept = self.token(environ)
            if kept is None:
                return None
            self.verified.put(key, kept)
        token, signed = kept
        age = int(time.time()) - signed
        if age < 0 or age > self.max_age:
            return None  # as itsdangerous's SignatureExpired: Flask starts a new session
        statement = _check(versions, also, joined)
        rows: tuple[Any, ...] = ()
        if joined is None:
            row = reads.execute(statement, {"token": token}).first()
        else:
            rows = tuple(reads.execute(statement, {**(args or {}), "token": token}))
            row = rows[0] if rows else None
        if row is None:
            return None
        last_seen, created, person_id, role, must_change_password = row[:5]
        if (
            now - last_seen > config["SESSION_IDLE_TIMEOUT"]
            or now - created > config["SESSION_ABSOLUTE_TIMEOUT"]
        ):
            return None
        if not read_only and (now - last_seen).total_seconds() > TOUCH_EVERY_SECONDS:
            return None  # the once-a-minute touch is Flask's to record
        if must_change_password:
            return None
        found = (int(row[5]), int(row[6]), int(row[7])) if versions else None
        start = 8 if versions else 5
        extra = tuple(tuple(each[start:]) for each in rows)
        return Person(person_id, role, found, tuple(row[start:]), extra)

    def token(self, environ: dict[str, Any]) -> tuple[str, int] | None:
        """The session's token and when the cookie was signed, from a cookie that Flask and
        Flask-Login would take as it is; None for anything they would act on."""
        cookie = parse_cookie(environ).get(self.app.config["SESSION_COOKIE_NAME"])
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
            data, signed = serializer.loads(cookie, max_age=self.max_age, return_timestamp=True)
        except BadSignature:
            return None
        token = data.get("_user_id")
        if not token or not isinstance(token, str) or "_remember" in data or data.get("_permanent"):
            return None  # Flask-Login or Flask would write the cookie: let them
        if data.get("_id") != _login_identifier(environ):
            return None  # "strong" session protection: Flask-Login signs this session out
        return token, int(signed.timestamp())


def _login_identifier(environ: dict[str, Any]) -> str:
    """Flask-Login's session identifier (`utils._create_identifier`), from the environ: the
    first X-Forwarded-For address (else the remote address) and the User-Agent, as bytes."""
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", environ.get("REMOTE_ADDR"))
    address = forwarded.encode("utf-8").split(b",")[0].strip() if forwarded is not None else None
    agent = environ.get("HTTP_USER_AGENT")
    user_agent = agent.encode("utf-8") if agent is not None else None
    return hashlib.sha512(f"{address}|{user_agent}".encode()).hexdigest()
