"""Carrying on after a session ended mid-writing: what was typed is never lost to a sign-in.

A session ends under a writer (timed out, deactivated, a role change, "sign out everywhere"):
- a plain form post (Save without JavaScript, or with it) answers 401 with the sign-in form and
  the typed fields carried in it (`resume_page`); once signed in, a page holds them in a form
  that posts them where they were going (`carry_on_page`), so one press saves them, and a
  refusal there (a conflict, a role that no longer may) keeps them as every refused save does;
- an htmx request (autosave, an action) gets a 401 and `static/js/app.js` offers "Sign in again"
  in a new tab (`signed_in_again` is where that tab lands); back in the first tab the page asks
  `fresh_token` for the new session's CSRF token, and the text never left the form.

Only a post that passed the CSRF check gets here (the check runs before the sign-in rule), so a
forged cross-site post is never offered back. Files are not carried: a picture is uploaded again.
"""

from __future__ import annotations

import json

from flask import current_app, g, jsonify, render_template, request
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from editorial.auth.forms import SignInForm
from editorial.diff import FIELDS
from editorial.security import safe_next

# Posted fields that are the form's machinery, not what a person typed; the token is replaced.
NOT_SHOWN = frozenset({"csrf_token", "version", "editing", "save"})
LABELS = dict(FIELDS)


def _carried(name: str) -> bool:
    """Whether a posted field goes along: never the old token, never a password (an account
    form's fields would otherwise sit in a page and a hidden field in the clear)."""
    return name != "csrf_token" and "password" not in name.lower()


def carried_fields() -> list[tuple[str, str]]:
    """The posted form, as (name, value) pairs in order, without the old token or passwords."""
    return [
        (name, value) for name, values in request.form.lists() for value in values if _carried(name)
    ]


def read_carried(raw: str | None) -> list[tuple[str, str]]:
    """The pairs `resume_page` put in the sign-in form; anything malformed carries nothing."""
    try:
        pairs = json.loads(raw or "[]")
    except ValueError:
        return []
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        return []
    return [(name, value) for name, value in pairs if _carried(name)]


def typed_for_reading(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What a person typed, labelled, to read or copy (never the form's machinery)."""
    return [
        (LABELS.get(name, name.replace("_", " ").capitalize()), value)
        for name, value in pairs
        if name not in NOT_SHOWN and value.strip()
    ]


def resume_page() -> Response | None:
    """The 401 answer to a form post whose session has ended: sign in here, the text is kept.

    None when there is nothing to carry (the caller answers a plain 401).
    """
    pairs = carried_fields()
    target = safe_next(request.full_path.rstrip("?"))
    form_post = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
    if not pairs or target is None or not form_post:
        return None
    body = render_template(
        "auth/login.html",
        form=SignInForm(formdata=None),
        action_next=target,
        carried=json.dumps(pairs),
        typed=typed_for_reading(pairs),
    )
    response = Response(body, status=401, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"  # it holds what was typed
    return response


def carry_on_page(target: str, pairs: list[tuple[str, str]]) -> str:
    """After signing in again: the carried form, ready to post where it was going."""
    # Flask-WTF keeps this request's token in `g`, made under the session that sign-in just
    # replaced: forget it, so the form carries the new session's.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    return render_template(
        "auth/carry_on.html", target=target, pairs=pairs, typed=typed_for_reading(pairs)
    )


def signed_in_again() -> str:
    """Where the "Sign in again" tab lands: the work is in the other tab, still unsaved."""
    return render_template("auth/signed_in_again.html")


def fresh_token() -> Response:
    """This session's CSRF token, for a page opened under an earlier session (JSON, not kept).

    Behind the sign-in rule: the page asks with `HX-Request`, so a signed-out answer is a 401.
    """
    response = jsonify(csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response
