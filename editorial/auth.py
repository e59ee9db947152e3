"""Signing in and out, changing one's password, and the rule that every page needs a sign-in.

Sessions live on the server (`UserSession`): the cookie carries only a random token, so signing
out, deactivation, a role change or a password change end it for good, whoever kept a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from editorial import clock
from editorial.audit import record
from editorial.extensions import db, limiter, login_manager
from editorial.forms import NewPassword
from editorial.models import User, UserSession, end_sessions
from editorial.passwords import MAX_LENGTH, hash_password, needs_rehash, verify_password
from editorial.security import safe_next

F = TypeVar("F", bound=Callable[..., Any])

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = "That email and password don't match an account."
TOUCH_EVERY_SECONDS = 60


def public(view: F) -> F:
    """Mark a view as open to everyone; every other view needs a signed-in user."""
    view._public = True  # type: ignore[attr-defined]
    return view


class SignInForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired("Enter your email address.")])
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=MAX_LENGTH)],
    )
    submit = SubmitField("Sign in")


class ChangePasswordForm(FlaskForm):
    """The current password, then the new one twice."""

    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a new password."), NewPassword()],
        description="At least 8 characters; a passphrase of several words is best.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[EqualTo("new_password", "The two new passwords are different.")],
    )
    submit = SubmitField("Change password")


def _account_key() -> str:
    email = (request.form.get("email") or "").strip().lower()
    return "account:" + hashlib.sha256(email.encode()).hexdigest()


def _failed(response: Response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"], deduct_when=_failed
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="login-account",
)
def login() -> str | Response:
    """Sign in with email and password; on success go to `?next=` if it is a local path."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("desk.index"))
    form = SignInForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(select(User).where(User.email == email))
        if not verify_password(user.password_hash if user else None, form.password.data):
            record("auth.sign_in_failed", user, email=email)
            db.session.commit()
            form.password.errors.append(SIGN_IN_FAILED)
        elif not user.active:
            record("auth.sign_in_refused", user, reason="deactivated")
            db.session.commit()
            form.email.errors.append(
                "This account has been deactivated. Ask an admin if you need it back."
            )
        else:
            _start_session(user, form.password.data)
            return redirect(safe_next(request.args.get("next")) or url_for("desk.index"))
    return render_template("auth/login.html", form=form)


def _start_session(user: User, password: str | None = None) -> UserSession:
    """A fresh server-side session for `user` in this browser (the old cookie is dropped)."""
    session.clear()
    user_session = UserSession(
        user=user,
        ip=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:300],
    )
    db.session.add(user_session)
    db.session.flush()
    user.current_session = user_session
    user.last_sign_in_at = clock.now()
    if password and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record("auth.sign_in", user, actor=user)
    db.session.commit()
    login_user(user)
    return user_session


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out: end this browser's session on the server, then forget the cookie."""
    user_session = current_user.current_session
    if user_session is not None:
        user_session.ended_at = clock.now()
    record("auth.sign_out", current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    """Change one's own password; the current one is required. Other sessions end."""
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            user.password_hash = hash_password(form.new_password.data)
            end_sessions(user)
            record("user.password_changed", user)
            _start_session(user)
            flash("Your password is changed. Other browsers you used are signed out.", "success")
            return redirect(url_for("desk.index"))
    return render_template("auth/change_password.html", form=form)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The user of the live server-side session `token`, or None (signed out, expired, inactive)."""
    user_session = db.session.scalar(
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.token == token, UserSession.ended_at.is_(None))
    )
    if user_session is None or not user_session.user.active:
        return None
    now = clock.now()
    config = current_app.config
    if (
        now - user_session.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
        or now - user_session.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]
    ):
        if not g.get("read_only"):
            user_session.ended_at = now
            db.session.commit()
        return None
    if not g.get("read_only") and (now - user_session.last_seen_at).total_seconds() > (
        TOUCH_EVERY_SECONDS
    ):
        user_session.last_seen_at = now
        db.session.commit()
    user = user_session.user
    user.current_session = user_session
    return user


def init_auth(app: Flask) -> None:
    """Bind Flask-Login and make every non-public view require a signed-in user."""
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"

    @login_manager.unauthorized_handler
    def unauthorized() -> Response:
        if request.htmx or request.method != "GET":
            abort(401)
        flash(login_manager.login_message, "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def require_sign_in() -> Response | None:
        view = app.view_functions.get(request.endpoint or "")
        if view is None or request.endpoint == "static" or getattr(view, "_public", False):
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None
