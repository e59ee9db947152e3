"""My queue: /queue/."""

from __future__ import annotations

from flask import Blueprint

from editorial.queue import queries, views

bp = Blueprint("queue", __name__, url_prefix="/queue")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_app_template_global(queries.waiting_now, "queue_waiting")
bp.add_app_template_filter(queries.shown_count, "waiting_count")
