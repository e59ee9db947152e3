"""Changing a person's access, each behind a confirmation that says what will happen.

`GET /admin/users/<id>/<action>` is the confirmation (a page, or the fragment that opens on the
person's page with htmx); `POST` to the same address does it. Role, deactivation, password reset
and sign-out everywhere end the person's open sessions at once, so a browser that signed in
before the change is out on its next request.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Role, User
from editorial.page_cache import changes_no_page
from editorial.people.forms import ConfirmForm
from editorial.people.queries import session_count
from editorial.people.service import (
    LAST_ADMIN,
    is_last_active_admin,
    reset_password,
    set_active,
    set_role,
    sign_out_everywhere,
)
from editorial.people.views import get_person, role_or_none
from editorial.permissions import require
from editorial.refusal import Refused, answer

ACTIONS = ("role", "deactivate", "reactivate", "reset-password", "sign-out")


@dataclass(frozen=True)
class Plan:
    """What an action will do to a person, in words, or why it can't be done."""

    title: str
    consequence: str
    button: str
    refusal: str | None = None
    needs_typing: bool = False


def _sessions(user: User, count: int) -> str:
    if count == 0:
        return f"{user.display_name} is not signed in anywhere now."
    plural = "session" if count == 1 else "sessions"
    return f"{user.display_name} will be signed out of {count} {plural} at once."


def plan(action: str, user: User, actor: User, role: Role | None) -> Plan:
    """What `action` on `user` by `actor` will do (`role`: the new one, for a role change)."""
    name = user.display_name
    signed_out = _sessions(user, session_count(user))
    me = user.id == actor.id
    if action == "role":
        if role is None or role == user.role:
            other = f"Choose a role other than {user.role.label}."
            return Plan("Change role", "", "", refusal=other)
        refusal = LAST_ADMIN if user.role == Role.ADMIN and is_last_active_admin(user) else None
        return Plan(
            f"Make {name} {'an' if role.label[0] in 'AEIOU' else 'a'} {role.label}?",
            f"{name} will be {role.label} instead of {user.role.label}. {signed_out}",
            f"Make {role.label}",
            refusal,
        )
    if action == "deactivate":
        refusal = None if user.active else f"{name} is already deactivated."
        if refusal is None and is_last_active_admin(user):
            refusal = LAST_ADMIN
        return Plan(
            f"Deactivate {name}?",
            f"{name} will no longer be able to sign in. {signed_out} Their bylines, comments and "
            "history stay, shown with their name."
            + (" This is your own account: you will be signed out now." if me else ""),
            "Deactivate",
            refusal,
            needs_typing=me,
        )
    if action == "reactivate":
        return Plan(
            f"Reactivate {name}?",
            f"{name} will be able to sign in again with their current password.",
            "Reactivate",
            None if not user.active else f"{name} is already active.",
        )
    if action == "reset-password":
        return Plan(
            f"Reset {name}'s password?",
            f"{name} gets a new password, shown to you once, and must choose their own at their "
            f"next sign-in. {signed_out}",
            "Reset password",
        )
    return Plan(
        f"Sign {name} out everywhere?",
        f"{signed_out} They can sign in again with their password.",
        "Sign out everywhere",
    )


def _role_asked(form: ConfirmForm) -> Role | None:
    value = form.role.data or request.args.get("role", "")
    return role_or_none(value)


@require("users.manage")
@read_only
def confirm(user_id: int, action: str) -> Response:
    """Say what `action` will do to this person, with the button that does it."""
    user = get_person(user_id)
    form = ConfirmForm(formdata=None)
    role = _role_asked(ConfirmForm(request.args, meta={"csrf": False}))
    form.role.data = role.value if role else None
    return _confirmation(user, action, form, role)


def _confirmation(
    user: User, action: str, form: ConfirmForm, role: Role | None, status: int = 200
) -> Response:
    return htmx.render(
        "people/confirm.html",
        "people/_confirm.html",
        person=user,
        action=action,
        plan=plan(action, user, current_person(), role),
        form=form,
        status=status,
    )


@require("users.manage")
@changes_no_page
def act(user_id: int, action: str) -> Response:
    """Do `action` to this person, once its confirmation is posted."""
    user = get_person(user_id)
    actor = current_person()
    form = ConfirmForm()
    role = _role_asked(form)
    if not form.validate_on_submit():
        return _confirmation(user, action, form, role, status=400)
    what = plan(action, user, actor, role)
    if what.needs_typing and (form.typed.data or "").strip().lower() != actor.email:
        form.typed.errors.append("Type your own email address exactly to deactivate yourself.")
        return _confirmation(user, action, form, role, status=422)
    if what.refusal:
        return _confirmation(user, action, form, role, status=422)
    try:
        done = _do(action, user, actor, role)
    except Refused as refused:
        refusal = answer(refused, "users.manage", user)
        flash(refusal.message, "error")
        return _confirmation(get_person(user_id), action, form, role, status=refusal.status)
    if isinstance(done, Response):
        return done
    flash(done, "success")
    if user.id == actor.id and action != "reactivate":
        return redirect(url_for("auth.login"))
    return redirect(url_for("people.person", user_id=user.id))


def _do(action: str, user: User, actor: User, role: Role | None) -> str | Response:
    """Make the change and commit; the message to show, or the page that shows a password."""
    name = user.display_name
    if action == "role" and role is not None:
        set_role(user, role, actor=actor)
        message = f"{name} is now {role.label}, signed out everywhere."
    elif action == "deactivate":
        set_active(user, False, actor=actor)
        message = f"{name} is deactivated and signed out everywhere."
    elif action == "reactivate":
        set_active(user, True, actor=actor)
        message = f"{name} can sign in again."
    elif action == "reset-password":
        password = reset_password(user, actor=actor)
        db.session.commit()
        return htmx.render("people/password_shown.html", person=user, password=password)
    else:
        sign_out_everywhere(user, actor=actor)
        message = f"{name} is signed out everywhere."
    db.session.commit()
    return message
