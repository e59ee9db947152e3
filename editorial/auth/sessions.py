"""Server-side sessions: loading the person behind a cookie, timeouts, and the sign-in rule."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from flask import Flask, abort, current_app, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import update
from werkzeug.wrappers import Response

from editorial import clock, htmx
from editorial.auth import resume
from editorial.database import after_response
from editorial.extensions import db, login_manager
from editorial.identity import LIVE_SESSION, TOUCH_EVERY_SECONDS, SignedIn
from editorial.models import UserSession
from editorial.request_reads import request_reads

# Where each of the two rows' columns is in the session check's row, found once: its labels
# are `s_<column>` and `u_<column>` (`identity.LIVE_SESSION`).
_LABELS = list(LIVE_SESSION.selected_columns.keys())
_SESSION_AT = tuple((label[2:], at) for at, label in enumerate(_LABELS) if label[:2] == "s_")
_USER_AT = tuple((label[2:], at) for at, label in enumerate(_LABELS) if label[:2] == "u_")


@login_manager.user_loader
def load_user(token: str) -> SignedIn | None:
    """The person of the live server-side session `token`, or None (signed out, expired,
    inactive). No ORM object is built unless the request asks for the `User` (`identity`)."""
    with request_reads() as reads:  # past the ORM's execution (the session's own on SQLite)
        found = reads.execute(LIVE_SESSION, {"token": token}).first()
    if found is None:
        return None
    session = {name: found[at] for name, at in _SESSION_AT}
    now = clock.now()
    config = current_app.config
    if (
        now - session["last_seen_at"] > config["SESSION_IDLE_TIMEOUT"]
        or now - session["created_at"] > config["SESSION_ABSOLUTE_TIMEOUT"]
    ):
        if not g.get("read_only"):
            _record_later(session["id"], ended_at=now)
        return None
    stale = (now - session["last_seen_at"]).total_seconds() > TOUCH_EVERY_SECONDS
    if stale and not g.get("read_only"):
        # At most once a minute. A write request keeps it in its own transaction; a read
        # records it after its page has gone out, so reading never waits for the write lock.
        if g.get("writes"):
            db.session.execute(
                update(UserSession).where(UserSession.id == session["id"]).values(last_seen_at=now)
            )
            session["last_seen_at"] = now
        else:
            _record_later(session["id"], last_seen_at=now)
    user = {name: found[at] for name, at in _USER_AT}
    return SignedIn(user, session)


def _record_later(session_id: int, **values: datetime) -> None:
    """Write `values` on the session row after the response (see `database.after_response`)."""
    after_response(
        lambda: db.session.execute(
            update(UserSession).where(UserSession.id == session_id).values(**values)
        )
    )


def init_auth(app: Flask) -> None:
    """Bind Flask-Login and make every non-public view require a signed-in user."""
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"

    @login_manager.unauthorized_handler
    def unauthorized() -> Response:
        if not htmx.is_htmx() and request.method == "POST":
            # A form post (a Save) whose session ended: sign in on the page that keeps the text.
            kept = resume.resume_page()
            if kept is not None:
                return kept
        if htmx.is_htmx() or request.method != "GET":
            abort(401)
        flash(login_manager.login_message, "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def require_sign_in() -> Response | None:
        view = app.view_functions.get(request.endpoint or "")
        if view is None or request.endpoint == "static" or getattr(view, "_public", False):
            return None
        if not current_user.is_authenticated:
            return cast(Response, login_manager.unauthorized())
        if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
            return _password_change_first()
        return None


# What a person whose password an admin set may still do: choose their own, or sign out.
PASSWORD_CHANGE_ENDPOINTS = {"auth.change_password", "auth.logout"}


def _password_change_first() -> Response:
    """A page sends to the password form; anything else (htmx, a POST) is refused, 403."""
    if htmx.is_htmx() or request.method != "GET":
        abort(403)
    flash("Choose your own password before you go on.", "info")
    return redirect(url_for("auth.change_password"))
