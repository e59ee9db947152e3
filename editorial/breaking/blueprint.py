"""The BREAKING desk (editors, /breaking) and the public ticker (its poll, the API, the feed).

`bp` ("breaking") is the desk, for those who may manage breaking headlines; `ticker_bp`
("ticker") serves the public side at the addresses it has always had. The public pages'
`breaking_ticker()` global is `editorial.public.chrome`'s (once per request).
"""

from __future__ import annotations

from flask import Blueprint

from editorial.breaking import public, service, views
from editorial.editions import edition_rule

bp = Blueprint("breaking", __name__, url_prefix="/breaking")
ticker_bp = Blueprint("ticker", __name__)

bp.add_url_rule("", view_func=views.index, methods=["GET"])
bp.add_url_rule("", view_func=views.create, methods=["POST"])
bp.add_url_rule("/validate", view_func=views.validate, methods=["POST"])
bp.add_url_rule("/articles", view_func=views.articles, methods=["GET"])
bp.add_url_rule("/<int:headline_id>", view_func=views.row, methods=["GET"])
bp.add_url_rule("/<int:headline_id>/edit", view_func=views.edit, methods=["GET", "POST"])
bp.add_url_rule("/<int:headline_id>/validate", view_func=views.validate_edit, methods=["POST"])
# One endpoint per row button (breaking.extend, breaking.end...), all served by `act`.
for _action in service.ROW_ACTIONS:
    if not _action.opens_form:
        bp.add_url_rule(
            f"/<int:headline_id>/{_action.name}",
            _action.name,
            views.act,
            methods=["POST"],
            defaults={"action": _action.name},
        )

# Per edition (`editorial.editions`): /api/breaking is the default language's, /ar/api/breaking...
edition_rule(ticker_bp, "/breaking/ticker", view_func=public.poll, methods=["GET"])
edition_rule(ticker_bp, "/api/breaking", view_func=public.api, methods=["GET"])
edition_rule(ticker_bp, "/breaking.rss", view_func=public.rss, methods=["GET"])
