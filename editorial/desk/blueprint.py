"""The board: /desk/."""

from __future__ import annotations

from flask import Blueprint

from editorial.desk import cards, views

bp = Blueprint("desk", __name__, url_prefix="/desk")
# Every board card drawn through the fragment cache (`desk.cards`).
bp.add_app_template_global(cards.desk_card, "desk_card")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/refresh", view_func=views.refresh)
bp.add_url_rule("/column/<state>", view_func=views.column)
bp.add_url_rule("/card/<int:article_id>/menu", view_func=views.card_menu, methods=["GET"])
bp.add_url_rule("/card/<int:article_id>/take", view_func=views.take, methods=["POST"])
