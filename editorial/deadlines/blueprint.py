"""Deadlines: /deadlines/<article id> (a story's, and one stage's form), /deadlines/sections (the
sections' defaults, admins), /deadlines/on-duty/<user id> (admins); the `deadline_mark` template
global the board, My queue and the article page draw their marks from; and the receivers that
give a story entering a stage its section's default."""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from editorial.deadlines import queries, service, views

bp = Blueprint("deadlines", __name__, url_prefix="/deadlines")

bp.add_url_rule("/<int:article_id>", view_func=views.page, methods=["GET"])
bp.add_url_rule("/<int:article_id>/<stage>", view_func=views.set_stage, methods=["POST"])
bp.add_url_rule("/sections", view_func=views.defaults, methods=["GET"])
bp.add_url_rule("/sections/<int:section_id>", view_func=views.section_defaults, methods=["GET"])
bp.add_url_rule(
    "/sections/<int:section_id>", view_func=views.save_section_defaults, methods=["POST"],
    endpoint="save_section_defaults",
)  # fmt: skip
bp.add_url_rule("/on-duty/<int:user_id>", view_func=views.on_duty, methods=["POST"])
bp.add_app_template_global(queries.mark_of, "deadline_mark")
bp.add_app_template_global(views.panel_context, "deadline_panel")


@bp.record_once
def _subscribe(_state: BlueprintSetupState) -> None:
    service.init_defaults()
