"""Insights: /insights, the stories behind a figure, and each table as CSV.

Registering it keeps the summary current (a flush hook), follows the writes that move insights'
version (`version`) and adds `flask insights-rebuild`.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from editorial import allocator
from editorial.insights import cli, reading, summary, version, views, weekly

bp = Blueprint("insights", __name__, url_prefix="/insights")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/stories", view_func=views.stories, methods=["GET"])
bp.add_url_rule("/<string:table>.csv", view_func=views.download, methods=["GET"])


@bp.teardown_request
def _give_back(_error: BaseException | None) -> None:
    """A report's peak is tens of MB the allocator would otherwise keep (editorial/allocator.py).
    Only after a request that built one: `malloc_trim` walks every arena and hands back pages the
    next request faults in again, a millisecond of a kept page's five."""
    if reading.built_this_request():
        allocator.give_back()


#: The worker's jobs this feature declares (declared when imported): the owners' weekly summary.
JOBS = (weekly.send_weekly,)


@bp.record_once
def _summary(state: BlueprintSetupState) -> None:
    summary.init_summary()
    version.init_insights_version()
    state.app.cli.add_command(cli.insights_rebuild_command)
