"""An article on the desk: its page, the editor, transitions, assignment, revisions,
corrections and presence. (Its comments and claim ledger are sub-features with blueprints of
their own.)"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

from editorial.articles import activity_rows, assist, autosave, corrections, editor, page
from editorial.articles.assignment import views as assignment
from editorial.articles.presence import service as presence_service
from editorial.articles.presence import views as presence
from editorial.articles.revisions import views as revisions
from editorial.articles.transitions import scheduler
from editorial.articles.transitions import views as transitions
from editorial.articles.translations import views as translations

bp = Blueprint("articles", __name__, url_prefix="/articles")
bp.add_app_template_global(activity_rows.activity_lines, "activity_lines")

bp.add_url_rule("/<int:article_id>", view_func=page.show)
bp.add_url_rule("/<int:article_id>/as-published", view_func=page.as_published)

bp.add_url_rule("/new", view_func=editor.new, methods=["GET", "POST"])
bp.add_url_rule("/<int:article_id>/edit", view_func=editor.edit, methods=["GET", "POST"])

bp.add_url_rule("/<int:article_id>/autosave", view_func=autosave.autosave, methods=["POST"])

bp.add_url_rule("/preview", view_func=assist.preview, methods=["POST"])
bp.add_url_rule("/tags", view_func=assist.tag_suggestions)

bp.add_url_rule("/<int:article_id>/presence", view_func=presence.presence)
bp.add_url_rule(
    "/<int:article_id>/presence", view_func=presence.presence_heartbeat, methods=["POST"]
)

bp.add_url_rule(
    "/<int:article_id>/transition/<name>", view_func=transitions.transition, methods=["POST"]
)

bp.add_url_rule("/<int:article_id>/assignment", view_func=assignment.assignment, methods=["GET"])
bp.add_url_rule("/<int:article_id>/assign/<duty>", view_func=assignment.assign, methods=["POST"])
bp.add_url_rule("/<int:article_id>/take", view_func=assignment.take, methods=["POST"])

bp.add_url_rule("/<int:article_id>/revisions", view_func=revisions.revisions)
bp.add_url_rule("/<int:article_id>/revisions/compare", view_func=revisions.compare_revisions)
bp.add_url_rule(
    "/<int:article_id>/revisions/<int:revision_id>/restore",
    view_func=revisions.restore,
    methods=["POST"],
)

bp.add_url_rule("/<int:article_id>/translate", view_func=translations.translate, methods=["POST"])
bp.add_url_rule("/<int:article_id>/up-to-date", view_func=translations.up_to_date, methods=["POST"])

bp.add_url_rule("/<int:article_id>/correct", view_func=corrections.correct, methods=["GET", "POST"])

#: The worker's jobs this feature declares (declared when imported): the presence sweep.
JOBS = (presence_service.forget_stale,)


@bp.record_once
def _scheduler(state: BlueprintSetupState) -> None:
    scheduler.init_scheduler(cast(Flask, state.app))
