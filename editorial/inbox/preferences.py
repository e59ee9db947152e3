"""Which notifications come by email (each person's own choice, per kind), and the one-click
unsubscribe an email carries, which works without signing in (inbox/email.py signs its token)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx, mail
from editorial.extensions import csrf, db
from editorial.identity import current_person
from editorial.inbox.email import KIND_CHOICES, read_unsubscribe
from editorial.inbox.service import set_email_kinds
from editorial.inbox.service import unsubscribe as turn_off
from editorial.models import User
from editorial.page_cache import changes_no_page
from editorial.permissions import public

# Posted by mail clients with no session (RFC 8058 one-click): the signed token is the check.
CSRF_EXEMPT_ENDPOINTS = {"inbox.unsubscribe"}


@changes_no_page
def email_preferences() -> Response:
    """Per kind of notification: the inbox only, or email at once too."""
    person = current_person()
    if request.method == "POST":
        changed = set_email_kinds(person, request.form.getlist("kinds"))
        db.session.commit()
        flash("Your email choices are saved." if changed else "Nothing changed.", "success")
        return redirect(url_for("inbox.email_preferences"))
    return htmx.render(
        "inbox/email_preferences.html",
        choices=KIND_CHOICES,
        chosen=set(person.email_kinds or []),
        email_on=mail.enabled(),
    )


@csrf.exempt  # RFC 8058: a mail client posts it with no session; the signed token is the check
@changes_no_page
@public
def unsubscribe(token: str) -> str | Response:
    """GET: a page with one button (a link opened by a mail scanner changes nothing). POST (the
    button, or the mail client's one-click): turn that kind of email off."""
    named = read_unsubscribe(token)
    person = db.session.get(User, named[0]) if named else None
    if named is None or person is None:
        return render_template("inbox/unsubscribe.html", gone=True), 404  # type: ignore[return-value]
    what = KIND_CHOICES[named[1]]
    if request.method == "POST":
        turn_off(person, named[1])
        db.session.commit()
        return render_template("inbox/unsubscribe.html", done=True, what=what)
    return render_template("inbox/unsubscribe.html", token=token, what=what, email=person.email)
