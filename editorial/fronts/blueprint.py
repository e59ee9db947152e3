"""Fronts: /fronts/ (every edition's fronts), /fronts/<lang>/<place> (one front's editor, its
preview and its actions), and the `fronts_of_story` template global the desk page lists a story's
fronts with."""

from __future__ import annotations

from flask import Blueprint

from editorial.fronts import actions, queries, views

bp = Blueprint("fronts", __name__, url_prefix="/fronts")

FRONT = "/<lang>/<place>"
SLOT = FRONT + "/slots/<slot>"  # "lead-0", "top-2": a container and a place in it

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule(FRONT, view_func=views.edit, methods=["GET"])
bp.add_url_rule(FRONT + "/preview", view_func=views.preview, methods=["GET"])
bp.add_url_rule(SLOT + "/put", view_func=actions.put, methods=["POST"])
bp.add_url_rule(SLOT + "/clear", view_func=actions.clear, methods=["POST"])
bp.add_url_rule(SLOT + "/move", view_func=actions.move, methods=["POST"])
bp.add_url_rule(SLOT + "/words", view_func=actions.words, methods=["POST"])
bp.add_url_rule(FRONT + "/swap", view_func=actions.swap, methods=["POST"])
bp.add_url_rule(FRONT + "/layout", view_func=actions.layout, methods=["POST"])
bp.add_url_rule(FRONT + "/publish", view_func=actions.publish, methods=["POST"])
bp.add_url_rule(FRONT + "/schedule", view_func=actions.schedule, methods=["POST"])
bp.add_url_rule(FRONT + "/scheduled/<int:version_id>/cancel", view_func=actions.cancel,
                methods=["POST"])  # fmt: skip
bp.add_url_rule(FRONT + "/versions/<int:version_id>/restore", view_func=actions.restore,
                methods=["POST"])  # fmt: skip
bp.add_app_template_global(queries.fronts_with, "fronts_of_story")
bp.add_app_template_global(queries.label, "front_label")
