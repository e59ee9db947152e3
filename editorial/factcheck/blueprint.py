"""The fact-check queue: /factcheck."""

from __future__ import annotations

from flask import Blueprint

from editorial.factcheck import views

bp = Blueprint("factcheck", __name__, url_prefix="/factcheck")

bp.add_url_rule("", view_func=views.queue, methods=["GET"])
bp.add_url_rule("/<int:article_id>/take", view_func=views.take, methods=["POST"])
