"""The board: /desk/."""

from __future__ import annotations

from flask import Blueprint

from editorial.desk import views

bp = Blueprint("desk", __name__, url_prefix="/desk")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/refresh", view_func=views.refresh)
bp.add_url_rule("/column/<state>", view_func=views.column)
bp.add_url_rule("/card/<int:article_id>/menu", view_func=views.card_menu, methods=["GET"])
bp.add_url_rule("/card/<int:article_id>/take", view_func=views.take, methods=["POST"])
