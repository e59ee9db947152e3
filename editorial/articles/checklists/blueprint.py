"""House checklists: /admin/checklists (admins), and a story's waiver and sign-off; the
`checklist_mark` template global the board, My queue and the fact-check queue draw from."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

from editorial.articles.checklists import queries, service, views
from editorial.articles.checklists.kept import init_kept_rules

bp = Blueprint("checklists", __name__)

bp.add_url_rule("/admin/checklists", view_func=views.rules, methods=["GET"])
bp.add_url_rule("/admin/checklists", view_func=views.add_rule, methods=["POST"])
bp.add_url_rule(
    "/admin/checklists/<int:rule_id>/remove", view_func=views.remove_rule, methods=["POST"]
)
bp.add_url_rule(
    "/articles/<int:article_id>/checklist/<int:rule_id>/waive/<transition>",
    view_func=views.waive,
    methods=["POST"],
)
bp.add_url_rule(
    "/articles/<int:article_id>/checklist/<int:rule_id>/sign-off",
    view_func=views.sign_off,
    methods=["POST"],
)
bp.add_url_rule("/articles/<int:article_id>/checklist/live", view_func=views.live, methods=["POST"])
bp.add_app_template_global(queries.typed_steps, "checklist_typed")
bp.add_app_template_global(queries.mark_of, "checklist_mark")


@bp.record_once
def _subscribe(state: BlueprintSetupState) -> None:
    service.init_checklists()
    init_kept_rules(cast(Flask, state.app))
