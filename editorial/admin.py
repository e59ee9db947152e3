"""The admin area: people and roles."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from editorial.extensions import db
from editorial.forms import NewPassword
from editorial.models import Role, User
from editorial.permissions import require
from editorial.services import Refused
from editorial.services.users import create_user, set_active, set_role

bp = Blueprint("admin", __name__, url_prefix="/admin")

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class UserAccessForm(FlaskForm):
    """One row of the people table: role and whether the account works."""

    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active")
    submit = SubmitField("Save")


class NewUserForm(FlaskForm):
    """Add a person with a first password they should change."""

    display_name = StringField(
        "Name", validators=[DataRequired("Enter the person's name."), Length(max=120)]
    )
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter an email address."), Email("That isn't an email address.")],
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.REPORTER.value)
    password = PasswordField(
        "First password",
        validators=[DataRequired("Choose a first password."), NewPassword("email", "display_name")],
    )
    submit = SubmitField("Add person")


def _people() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.display_name)))


@bp.route("/users", methods=["GET", "POST"])
@require("users.manage")
def users() -> str | Response:
    """List everyone with their role and status; add a person."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data,
                form.display_name.data,
                Role(form.role.data),
                form.password.data,
                actor=current_user,
            )
        except Refused as refused:
            form.email.errors.append(str(refused))
        else:
            db.session.commit()
            flash(f"{user.display_name} can now sign in as {user.email}.", "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.errors else 200
    return render_template("admin/users.html", people=_people(), form=form), status


@bp.route("/users/<int:user_id>", methods=["POST"])
@require("users.manage")
def update_user(user_id: int) -> Response | tuple[str, int]:
    """Change a person's role and active flag. The last active admin stays an active admin."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserAccessForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        set_role(user, Role(form.role.data), actor=current_user)
        set_active(user, form.active.data, actor=current_user)
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
