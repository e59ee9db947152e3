"""How each kind of notification comes by email (each person's own choice, per kind: the inbox
only, at once, an hourly or a daily digest), and the one-click unsubscribe an email carries, which
works without signing in (inbox/email.py makes its token, stored only hashed)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx, mail
from editorial.extensions import csrf, db
from editorial.identity import current_person
from editorial.inbox.email import CADENCES, DIGESTS, KIND_CHOICES, choice, read_unsubscribe
from editorial.inbox.service import set_email_choices
from editorial.inbox.service import unsubscribe as turn_off
from editorial.models import Kind, User
from editorial.page_cache import changes_no_page
from editorial.permissions import can, public

# Kinds only admins are ever sent: nobody else is offered them.
ADMIN_KINDS = {Kind.WEBHOOK_PAUSED.value}
# Kinds only editors and admins are sent (a desk owner's weekly summary).
EDITOR_KINDS = {Kind.WEEKLY.value}


def is_admin(person: User) -> bool:
    """Whether `person` is told of the admins' notices."""
    return can(person, "webhooks.manage")


# Posted by mail clients with no session (RFC 8058 one-click): the secret token is the check.
CSRF_EXEMPT_ENDPOINTS = {"inbox.unsubscribe"}


@changes_no_page
def email_preferences() -> Response:
    """Per kind of notification: the inbox only, email at once, or an hourly or daily digest."""
    person = current_person()
    editor = can(person, "insights.everyone")
    kinds = {
        k: v
        for k, v in KIND_CHOICES.items()
        if (k not in ADMIN_KINDS or is_admin(person)) and (k not in EDITOR_KINDS or editor)
    }
    if request.method == "POST":
        chosen = {kind: request.form.get(f"email-{kind}", "") for kind in kinds}
        changed = set_email_choices(person, chosen)
        db.session.commit()
        flash("Your email choices are saved." if changed else "Nothing changed.", "success")
        return redirect(url_for("inbox.email_preferences"))
    return htmx.render(
        "inbox/email_preferences.html",
        choices=kinds,
        cadences=CADENCES,
        chosen={kind: choice(person, kind) for kind in kinds},
        email_on=mail.enabled(),
        digest_hour=int(current_app.config.get("DIGEST_HOUR", 7)),
    )


@csrf.exempt  # RFC 8058: a mail client posts it with no session; the secret token is the check
@changes_no_page
@public
def unsubscribe(token: str) -> str | Response:
    """GET: a page with one button (a link opened by a mail scanner changes nothing). POST (the
    button, or the mail client's one-click): turn that kind of email off."""
    named = read_unsubscribe(token)
    person = db.session.get(User, named[0]) if named else None
    if named is None or person is None or not person.active:
        return render_template("inbox/unsubscribe.html", gone=True), 404  # type: ignore[return-value]
    kind = named[1]
    what = f"{kind} digests" if kind in DIGESTS else f"emails when {KIND_CHOICES[kind]}"
    if request.method == "POST":
        turn_off(person, kind)
        db.session.commit()
        return render_template("inbox/unsubscribe.html", done=True, what=what)
    return render_template("inbox/unsubscribe.html", token=token, what=what, email=person.email)
