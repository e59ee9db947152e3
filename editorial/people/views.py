"""The people pages: the list (search, filters, pages), adding a person, a person's page.

The list is one URL with two renderings: typing in the search box swaps only the results
(`people/_people.html`) and updates the address; without JavaScript the same form submits and the
whole page comes back. Changes to access go through `admin/actions.py`, each behind a
confirmation.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx, mail
from editorial.auth import service as account_links
from editorial.database import read_only
from editorial.extensions import db
from editorial.forms import address_int
from editorial.identity import current_person
from editorial.models import Role, User
from editorial.page_cache import changes_no_page
from editorial.people.forms import DetailsForm, NewUserForm, RoleForm
from editorial.people.queries import PeopleFilter, people_page, session_count
from editorial.people.service import create_user, generated_password, update_details
from editorial.permissions import require
from editorial.refusal import Refused, answer

MAX_SEARCH = 200


def role_or_none(value: str | None) -> Role | None:
    """The role named `value`, or None for anything else (a hand-made query string)."""
    return next((role for role in Role if role.value == value), None)


def people_filter(args: Any) -> PeopleFilter:
    """The list's filters from the query string; anything unreadable is left out, never a 500."""
    role = args.get("role", "")
    active = {"yes": True, "no": False}.get(args.get("active", ""))
    page = max(1, address_int(args.get("page"), 1))
    return PeopleFilter(
        q=args.get("q", "").strip()[:MAX_SEARCH],
        role=role_or_none(role),
        active=active,
        page=page,
    )


def _list_args(wanted: PeopleFilter, **changes: Any) -> dict[str, Any]:
    """The query string for `wanted` (with `changes`), leaving out what is not set."""
    values = {
        "q": wanted.q,
        "role": wanted.role.value if wanted.role else "",
        "active": "" if wanted.active is None else ("yes" if wanted.active else "no"),
        "page": wanted.page if wanted.page > 1 else "",
        **changes,
    }
    return {key: value for key, value in values.items() if value not in ("", None, 1)}


@require("users.manage")
@read_only
def users() -> Response:
    """Everyone, with role, active, last sign-in and open sessions; searched, filtered, paged."""
    wanted = people_filter(request.args)
    found = people_page(wanted)
    return htmx.render(
        "people/users.html",
        "people/_people.html",
        wanted=wanted,
        found=found,
        roles=list(Role),
        page_url=lambda page: url_for("people.users", **_list_args(wanted, page=page)),
    )


@require("users.manage")
@changes_no_page
def new_user() -> Response:
    """Add a person with a role and a temporary password (typed, or generated and shown once),
    or, with email on, an emailed invitation to choose their own."""
    form = NewUserForm()
    email_on = mail.enabled()
    if form.validate_on_submit():
        inviting = email_on and form.invite.data
        password = (not inviting and form.password.data) or generated_password()
        try:
            user = create_user(
                form.email.data,
                form.display_name.data,
                Role(form.role.data),
                password,
                actor=current_person(),
                temporary=True,
            )
            if inviting:  # the generated password is never shown: the link replaces it
                account_links.invite(user, actor=current_person())
        except Refused as refused:
            refusal = answer(refused, "users.manage")
            getattr(form, refusal.field or "email").errors.append(refusal.message)
        else:
            db.session.commit()
            if inviting:
                flash(
                    f"{user.display_name} is added. An invitation is on its way to {user.email}: "
                    "its link lets them choose their password and sign in, once, for a week.",
                    "success",
                )
                return redirect(url_for("people.person", user_id=user.id))
            if not form.password.data:
                return htmx.render("people/password_shown.html", person=user, password=password)
            flash(
                f"{user.display_name} can now sign in as {user.email} with the password you "
                "chose, and will be asked to change it.",
                "success",
            )
            return redirect(url_for("people.person", user_id=user.id))
    status = 422 if form.errors else 200
    return htmx.render("people/new_user.html", form=form, status=status, email_on=email_on)


def get_person(user_id: int) -> User:
    """The person with `user_id`, or 404."""
    return db.session.get(User, user_id) or abort(404)


@require("users.manage")
@read_only
def person(user_id: int) -> Response:
    """One person: their name and email to edit, and what can be done to their access."""
    user = get_person(user_id)
    return _person_page(user, DetailsForm(obj=user))


def _person_page(user: User, form: DetailsForm, status: int = 200) -> Response:
    return htmx.render(
        "people/person.html",
        person=user,
        form=form,
        role_form=RoleForm(role=user.role.value, formdata=None),
        sessions=session_count(user),
        is_me=user.id == current_person().id,
        status=status,
    )


@require("users.manage")
def update_person(user_id: int) -> Response:
    """Save a person's display name and email (the name shows in public bylines)."""
    user = get_person(user_id)
    form = DetailsForm()
    if form.validate_on_submit():
        try:
            changed = update_details(
                user, form.display_name.data, form.email.data, actor=current_person()
            )
        except Refused as refused:
            form.email.errors.append(answer(refused, "users.manage", user).message)
        else:
            db.session.commit()
            flash(f"Saved {user.display_name}." if changed else "Nothing changed.", "success")
            return redirect(url_for("people.person", user_id=user.id))
    return _person_page(get_person(user_id), form, status=422)
