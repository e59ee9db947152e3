"""The calendar: /calendar/ (week, month, day), "Move to…" and its POST, the private feed."""

from __future__ import annotations

from flask import Blueprint

from editorial.calendar import cells, views

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/move/<source>/<int:ident>", view_func=views.move_form, methods=["GET"])
bp.add_url_rule("/move/<source>/<int:ident>", view_func=views.move, methods=["POST"])
bp.add_url_rule("/address", view_func=views.address, methods=["POST"])
bp.add_url_rule("/address/reset", view_func=views.reset_address, methods=["POST"])
bp.add_url_rule("/feed/<token>.ics", view_func=views.ics, endpoint="feed", methods=["GET"])
bp.add_app_template_global(cells.calendar_cell, "calendar_cell")
