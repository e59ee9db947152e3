"""Embargoes: /embargo/<article id> and its forms."""

from __future__ import annotations

from flask import Blueprint

from editorial.embargo import views

bp = Blueprint("embargo", __name__, url_prefix="/embargo")

bp.add_url_rule("/<int:article_id>", view_func=views.page, methods=["GET"])
bp.add_url_rule("/<int:article_id>", view_func=views.set_embargo, methods=["POST"])
bp.add_url_rule("/<int:article_id>/lift", view_func=views.request_lift, methods=["POST"])
bp.add_url_rule("/<int:article_id>/withdraw", view_func=views.withdraw_lift, methods=["POST"])
bp.add_url_rule("/<int:article_id>/confirm", view_func=views.confirm_lift, methods=["POST"])
