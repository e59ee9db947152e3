"""Flask's signed-cookie sessions, a verified cookie's payload kept (issue 28, bench:staff-bar).

Every signed-in request opened its session by making a signing serializer and checking the
cookie's HMAC and time stamp (itsdangerous), about 4% of a kept staff page. What a cookie says is
a pure function of its text and the secret key (fixed once the app serves), so a cookie that
verified is kept (`bounded.Bounded`, 1,024) with its payload and the time it was signed, as the
poll gate keeps one (`fast_sessions`). Each request still gets a session of its own (a new
`SecureCookieSession` from a copy of the payload: what a request changes never reaches the
next), and the signature's age is checked at every request as itsdangerous checks it, so an
expired cookie starts a new session exactly as before. Only payloads of plain values (text,
numbers, booleans) are kept; a cookie holding a list (flashed messages) is verified every time.
Who is signed in is still decided by the server-side session's row, read at every request
(`auth.sessions.load_user`).
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature

from editorial.bounded import Bounded

COOKIES_KEPT = 1024
_PLAIN = (str, int, float, bool, type(None))


class KeptCookieSessions(SecureCookieSessionInterface):
    """`SecureCookieSessionInterface`, a verified cookie's payload kept (see the module)."""

    def __init__(self) -> None:
        # (cookie, secret key) -> (its payload's items, when it was signed)
        self.verified: Bounded[tuple[str, Any], tuple[tuple[tuple[str, Any], ...], int]] = Bounded(
            COOKIES_KEPT
        )

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The request's session, as Flask's own interface opens it."""
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (cookie, app.secret_key)
        kept = self.verified.get(key)
        if kept is None:
            serializer = self.get_signing_serializer(app)
            if serializer is None:
                return None
            try:
                data, signed = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            if not all(isinstance(value, _PLAIN) for value in data.values()):
                return self.session_class(data)
            kept = (tuple(data.items()), int(signed.timestamp()))
            self.verified.put(key, kept)
        items, signed_at = kept
        age = int(time.time()) - signed_at
        if age > max_age or age < 0:  # itsdangerous's SignatureExpired: a new session
            return self.session_class()
        return self.session_class(dict(items))


def init_cookie_sessions(app: Flask) -> None:
    """Open the app's sessions through `KeptCookieSessions`."""
    app.session_interface = KeptCookieSessions()
