"""An article's claim ledger: add a claim, check it, open its form, remove it."""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from editorial.articles.claims import rows, saved, service, views

bp = Blueprint("claims", __name__, url_prefix="/articles")

bp.add_url_rule("/<int:article_id>/claims", view_func=views.add, methods=["POST"])
bp.add_url_rule("/<int:article_id>/claims/<int:claim_id>", view_func=views.check, methods=["POST"])
bp.add_url_rule(
    "/<int:article_id>/claims/<int:claim_id>/locate", view_func=views.locate, methods=["POST"]
)
bp.add_url_rule(
    "/<int:article_id>/claims/<int:claim_id>/form", view_func=views.form, methods=["GET"]
)
bp.add_url_rule(
    "/<int:article_id>/claims/<int:claim_id>/remove", view_func=views.remove, methods=["POST"]
)
bp.add_app_template_global(views.claims_progress, "claims_progress")
bp.add_app_template_global(rows.ledger_row, "ledger_row")
bp.add_app_template_global(rows.history_line, "history_line")


@bp.record_once
def _subscribe(_state: BlueprintSetupState) -> None:
    service.init_claims()
    saved.init_saved()
