"""The inbox: /inbox/ and its badge poll."""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from editorial.inbox import digests, preferences, queries, service, views

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/badge", view_func=views.badge, methods=["GET"])
bp.add_url_rule("/<int:notification_id>", view_func=views.open_one, methods=["GET"])
bp.add_url_rule("/read", view_func=views.read_all, methods=["POST"])
bp.add_url_rule("/email", view_func=preferences.email_preferences, methods=["GET", "POST"])
bp.add_url_rule("/unsubscribe/<token>", view_func=preferences.unsubscribe, methods=["GET", "POST"])
bp.add_app_template_global(queries.unread_now, "inbox_unread")

#: The worker's jobs this feature declares (declared when imported): the hourly digests.
JOBS = (digests.send_digests,)


@bp.record_once
def _subscribe(_state: BlueprintSetupState) -> None:
    service.init_notifications()
