"""The planning desk: `/plans` (the list), `/plans/budget`, a plan's page and its actions, and
the template globals the board and the article page read (`plan_of`, `plan_slot`)."""

from __future__ import annotations

from flask import Blueprint

from editorial.planning import actions, checks, queries, views

bp = Blueprint("planning", __name__, url_prefix="/plans")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/budget", view_func=views.budget, methods=["GET"])
bp.add_url_rule("/new", view_func=views.new, methods=["GET"])
bp.add_url_rule("/new", view_func=views.create, methods=["POST"])
bp.add_url_rule("/<int:plan_id>", view_func=views.show, methods=["GET"])
bp.add_url_rule("/<int:plan_id>/edit", view_func=views.edit, methods=["GET"])
bp.add_url_rule("/<int:plan_id>/edit", view_func=views.update, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/accept", view_func=actions.accept, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/decline", view_func=actions.decline, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/start", view_func=actions.start, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/move", view_func=actions.move, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/deadline", view_func=actions.deadline, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/reassign", view_func=actions.reassign, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/kill", view_func=actions.kill, methods=["POST"])
bp.add_url_rule("/<int:plan_id>/restore", view_func=actions.restore, methods=["POST"])

bp.add_app_template_global(queries.plan_for, "plan_of")
bp.add_app_template_global(checks.slot_words, "plan_slot")
