"""Sign in, sign out and change one's password."""

from __future__ import annotations

import hashlib
import json

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from editorial import clock
from editorial.audit import record
from editorial.auth import resume
from editorial.auth.forms import ChangePasswordForm, SignInForm
from editorial.extensions import db, limiter
from editorial.identity import current_person
from editorial.models import User, UserSession
from editorial.page_cache import changes_no_page
from editorial.passwords import hash_password, needs_rehash, verify_password
from editorial.people.service import change_own_password
from editorial.permissions import public
from editorial.refusal import Refused, answer
from editorial.security import safe_next

SIGN_IN_FAILED = "That email and password don't match an account."


def _account_key() -> str:
    email = (request.form.get("email") or "").strip().lower()
    return "account:" + hashlib.sha256(email.encode()).hexdigest()


def _failed(response: Response) -> bool:
    # A sign-in that carries a refused save on answers 200 with that form (auth/resume.py).
    return response.status_code != 302 and not g.get("signed_in")


@changes_no_page
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
        user: User | None = db.session.scalar(select(User).where(User.email == email))
        # Checked even for an unknown email, so the answer takes as long either way.
        matches = verify_password(user.password_hash if user else None, form.password.data)
        if user is None or not matches:
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
            target = safe_next(request.args.get("next"))
            carried = resume.read_carried(request.form.get("carried"))
            if carried and target:  # a save that was refused for want of a session
                return resume.carry_on_page(target, carried)
            return redirect(target or url_for("desk.index"))
    carried = resume.read_carried(request.form.get("carried")) if request.method == "POST" else []
    return render_template(
        "auth/login.html",
        form=form,
        carried=json.dumps(carried) if carried else None,
        typed=resume.typed_for_reading(carried),
    )


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
    g.signed_in = True
    return user_session


@changes_no_page
def logout() -> Response:
    """Sign out: end this browser's session on the server, then forget the cookie."""
    user_session = current_user.current_session
    if user_session is not None:
        user_session.ended_at = clock.now()
    record("auth.sign_out", current_person())
    db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@changes_no_page
@login_required
def change_password() -> str | Response:
    """Change one's own password; the current one is required. Other sessions end.

    A person whose password an admin set (`must_change_password`) is sent here first, and
    nothing else works until they have chosen their own.
    """
    user = current_person()
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/change_password.html", form=form)
    try:
        change_own_password(user, form.current_password.data, form.new_password.data)
    except Refused as refused:
        refusal = answer(refused, "account.password", user)
        getattr(form, refusal.field or "new_password").errors.append(refusal.message)
        return render_template("auth/change_password.html", form=form)
    _start_session(user)
    flash("Your password is changed. Other browsers you used are signed out.", "success")
    return redirect(url_for("desk.index"))
