"""An article's editorial comments: the thread and its poll, posting, editing, resolving, and
@mention suggestions."""

from __future__ import annotations

from flask import Blueprint

from editorial.articles.comments import markup, rows, views

bp = Blueprint("comments", __name__, url_prefix="/articles")

bp.add_url_rule("/<int:article_id>/comments", view_func=views.thread, methods=["GET"])
bp.add_url_rule("/<int:article_id>/comments", view_func=views.post, methods=["POST"])
bp.add_url_rule(
    "/<int:article_id>/comments/<int:comment_id>/edit", view_func=views.edit, methods=["POST"]
)
bp.add_url_rule(
    "/<int:article_id>/comments/<int:comment_id>/delete", view_func=views.delete, methods=["POST"]
)
bp.add_url_rule(
    "/<int:article_id>/comments/<int:comment_id>/resolve", view_func=views.resolve, methods=["POST"]
)
bp.add_url_rule(
    "/<int:article_id>/comments/<int:comment_id>/reopen", view_func=views.reopen, methods=["POST"]
)
bp.add_url_rule("/<int:article_id>/comments/people", view_func=views.people, methods=["GET"])
bp.add_app_template_filter(markup.comment_html, "comment_html")
bp.add_app_template_global(rows.comment_items, "comment_items")
