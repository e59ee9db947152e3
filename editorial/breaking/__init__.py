"""The BREAKING ticker: the editors' scheduling desk and the public ticker, as two blueprints.

`bp` ("breaking", /breaking) is the desk, for those who may manage breaking headlines
(`views`). `ticker_bp` ("ticker") serves the public side at its own addresses: the poll behind
every public page (/breaking/ticker), the JSON API (/api/breaking) and the RSS feed
(/breaking.rss) (`public`). Forms are in `forms`, this feature's SQL in `queries`; the changes
editors make, shared with the CLI, in `editorial.services.breaking`.
"""

from __future__ import annotations

from flask import Blueprint

from editorial import clock
from editorial.breaking import queries
from editorial.services.breaking_rules import iso

bp = Blueprint("breaking", __name__, url_prefix="/breaking")
ticker_bp = Blueprint("ticker", __name__)


def current_ticker() -> queries.Ticker:
    """The live ticker now: the `breaking_ticker()` template global of every public page."""
    return queries.ticker_state(clock.now())


# Registered here for now; the site's per-request "chrome" is meant to take this over.
ticker_bp.add_app_template_global(current_ticker, "breaking_ticker")
bp.add_app_template_filter(iso, "iso_utc")

from editorial.breaking import public, views  # noqa: E402,F401  (views register on the blueprints)
