"""Insights: /insights, the stories behind a figure, and each table as CSV."""

from __future__ import annotations

from flask import Blueprint

from editorial.insights import views, weekly

bp = Blueprint("insights", __name__, url_prefix="/insights")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/stories", view_func=views.stories, methods=["GET"])
bp.add_url_rule("/<string:table>.csv", view_func=views.download, methods=["GET"])

#: The worker's jobs this feature declares (declared when imported): the owners' weekly summary.
JOBS = (weekly.send_weekly,)
