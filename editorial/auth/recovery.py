"""Views of getting in by an emailed link: "Forgot your password?", the reset link and the
invitation link (the writes are in `auth/service.py`).

The forgot page answers the same whatever the address (known, unknown, deactivated), so it
tells nobody who has an account; it is rate limited per address and per IP like the sign-in.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from editorial import mail
from editorial.auth import service
from editorial.auth.forms import ChooseNewPasswordForm, ForgotPasswordForm
from editorial.auth.views import _account_key, _start_session
from editorial.extensions import db, limiter
from editorial.models.account_tokens import INVITATION, RESET
from editorial.page_cache import changes_no_page
from editorial.permissions import public
from editorial.refusal import Refused, answer

SENT = (
    "If that address belongs to an account here, a link to choose a new password is on its way. "
    "It works once, for an hour. Nothing arrived? Look in spam, or ask an admin."
)


@changes_no_page
@public
@limiter.limit(lambda: current_app.config["RESET_LIMIT_PER_IP"], methods=["POST"], scope="reset-ip")
@limiter.limit(
    lambda: current_app.config["RESET_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    scope="reset-account",
)
def forgot_password() -> str | Response:
    """Ask for a reset link by email; the same answer whether or not the address has an account.
    With email off, the page says to ask an admin instead."""
    form = ForgotPasswordForm()
    if not mail.enabled():
        return render_template("auth/forgot_password.html", form=form, email_on=False)
    if form.validate_on_submit():
        service.request_reset(form.email.data)
        db.session.commit()
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form, email_on=True)


def _choose(token: str, purpose: str, template: str) -> str | Response:
    if service.valid_token(token, purpose) is None:
        return render_template(template, form=None, expired=service.EXPIRED), 410  # type: ignore[return-value]
    form = ChooseNewPasswordForm()
    if form.validate_on_submit():
        try:
            user = service.use_token(token, purpose, form.new_password.data)
        except Refused as refused:
            refusal = answer(refused, "account.password")
            if refusal.field == "token":
                return render_template(template, form=None, expired=refusal.message), 410  # type: ignore[return-value]
            form.new_password.errors.append(refusal.message)
            return render_template(template, form=form), refusal.status  # type: ignore[return-value]
        _start_session(user)
        flash(
            "Your password is set. Every other browser you used is signed out."
            if purpose == RESET
            else "Welcome: your password is set and you are signed in.",
            "success",
        )
        return redirect(url_for("desk.index"))
    return render_template(template, form=form)


@changes_no_page
@public
def reset_password(token: str) -> str | Response:
    """The emailed reset link: choose a new password (once, within the hour), then in."""
    return _choose(token, RESET, "auth/reset_password.html")


@changes_no_page
@public
def accept_invitation(token: str) -> str | Response:
    """The emailed invitation: choose one's password (once, within the week), then in."""
    return _choose(token, INVITATION, "auth/accept_invitation.html")
