"""The people page: everyone with their role and status, adding a person, changing access."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from editorial.admin import bp
from editorial.admin.forms import NewUserForm, UserAccessForm
from editorial.admin.queries import people
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Role, User
from editorial.permissions import require
from editorial.services import Refused
from editorial.services.users import create_user, set_active, set_role


@bp.route("/users", methods=["GET", "POST"])
@require("users.manage")
def users() -> tuple[str, int] | Response:
    """List everyone with their role and status; add a person."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data,
                form.display_name.data,
                Role(form.role.data),
                form.password.data,
                actor=current_person(),
            )
        except Refused as refused:
            form.email.errors.append(str(refused))
        else:
            db.session.commit()
            flash(f"{user.display_name} can now sign in as {user.email}.", "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.errors else 200
    return render_template("admin/users.html", people=people(), form=form), status


@bp.route("/users/<int:user_id>", methods=["POST"])
@require("users.manage")
def update_user(user_id: int) -> Response | tuple[str, int]:
    """Change a person's role and active flag. The last active admin stays an active admin."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserAccessForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        set_role(user, Role(form.role.data), actor=current_person())
        set_active(user, form.active.data, actor=current_person())
    except Refused as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(
        f"Saved {user.display_name}: {user.role.label}, "
        f"{'active' if user.active else 'deactivated'}.",
        "success",
    )
    return redirect(url_for("admin.users"))
