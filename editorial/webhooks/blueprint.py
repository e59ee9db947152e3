"""Webhooks (admins): /admin/webhooks, an endpoint's log, its buttons.

Registering it subscribes the events' hooks (signals, the session's flush) once.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from editorial.webhooks import events, views

bp = Blueprint("webhooks", __name__, url_prefix="/admin")

bp.add_url_rule("/webhooks", view_func=views.webhooks, methods=["GET"])
bp.add_url_rule("/webhooks", view_func=views.register, methods=["POST"])
bp.add_url_rule("/webhooks/<int:endpoint_id>", view_func=views.endpoint, methods=["GET"])
bp.add_url_rule("/webhooks/<int:endpoint_id>/test", view_func=views.test, methods=["POST"])
bp.add_url_rule("/webhooks/<int:endpoint_id>/pause", view_func=views.pause, methods=["POST"])
bp.add_url_rule("/webhooks/<int:endpoint_id>/resume", view_func=views.resume, methods=["POST"])
bp.add_url_rule("/webhooks/<int:endpoint_id>/remove", view_func=views.remove, methods=["POST"])
bp.add_url_rule(
    "/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/again",
    view_func=views.send_again,
    methods=["POST"],
)


@bp.record_once
def _subscribe(_state: BlueprintSetupState) -> None:
    events.init_events()
