"""Preview links: the desk's `/articles/<id>/previews` (make, revoke) and the reviewer's
`/preview/<token>` (read, answer); the `preview_panel` template global that draws the story's
page's Preview links panel."""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.wrappers import Response

from editorial.previews import reviewer, views

bp = Blueprint("previews", __name__)

bp.add_url_rule("/articles/<int:article_id>/previews", view_func=views.create, methods=["POST"])
bp.add_url_rule(
    "/articles/<int:article_id>/previews/<int:link_id>/revoke",
    view_func=views.revoke,
    methods=["POST"],
)
bp.add_url_rule("/preview/<token>", view_func=reviewer.show, methods=["GET"])
bp.add_url_rule("/preview/<token>", view_func=reviewer.answer, methods=["POST"])
bp.add_app_template_global(views.panel_html, "preview_panel")

REVIEWER_PAGES = {"previews.show", "previews.answer"}


@bp.after_request
def _private(response: Response) -> Response:
    if request.endpoint in REVIEWER_PAGES:
        return reviewer.private_answer(response)
    return response
