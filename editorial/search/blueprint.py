"""Full-text search: /search for readers, /desk/search for staff.

Registering it keeps the index current (a flush hook), gives the app its cache of searches
(`search.kept`) and adds `flask search-reindex`.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from editorial.editions import edition_rule
from editorial.search import cli, kept, upkeep, views

bp = Blueprint("search", __name__)

edition_rule(bp, "/search", view_func=views.public_search)  # /search, /ar/search...
bp.add_url_rule("/desk/search", view_func=views.staff_search)


@bp.record_once
def _index(state: BlueprintSetupState) -> None:
    upkeep.init_search_index()
    kept.init_search_kept(state.app)
    state.app.cli.add_command(cli.search_reindex_command)
