"""Featured coverage (editors): /coverage/."""

from __future__ import annotations

from flask import Blueprint

from editorial.coverage import views

bp = Blueprint("coverage", __name__, url_prefix="/coverage")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/", view_func=views.feature, methods=["POST"])
bp.add_url_rule("/<int:tag_id>/unfeature", view_func=views.unfeature, methods=["POST"])
