"""People and roles (admins): the addresses under /admin/users."""

from __future__ import annotations

from flask import Blueprint

from editorial.people import actions, views

bp = Blueprint("people", __name__, url_prefix="/admin")

bp.add_url_rule("/users", view_func=views.users, methods=["GET"])
bp.add_url_rule("/users/new", view_func=views.new_user, methods=["GET", "POST"])
bp.add_url_rule("/users/<int:user_id>", view_func=views.person, methods=["GET"])
bp.add_url_rule("/users/<int:user_id>", view_func=views.update_person, methods=["POST"])

# One address per access change (not a converter), so each is a plain route that route walks can
# build: GET asks for the confirmation, POST does it.
for _name in actions.ACTIONS:
    rule = f"/users/<int:user_id>/{_name}"
    bp.add_url_rule(rule, "confirm", actions.confirm, methods=["GET"], defaults={"action": _name})
    bp.add_url_rule(rule, "act", actions.act, methods=["POST"], defaults={"action": _name})
