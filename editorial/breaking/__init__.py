"""The BREAKING ticker: the editors' scheduling desk and the public ticker, as two blueprints.

`bp` ("breaking", /breaking) is the desk, for those who may manage breaking headlines
(`views`). `ticker_bp` ("ticker") serves the public side at its own addresses: the poll behind
every public page (/breaking/ticker), the JSON API (/api/breaking) and the RSS feed
(/breaking.rss) (`public`). Forms are in `forms`, this feature's SQL in `queries`; the changes
editors make, shared with the CLI, in `editorial.services.breaking`.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("breaking", __name__, url_prefix="/breaking")
ticker_bp = Blueprint("ticker", __name__)

# The public pages' `breaking_ticker()` global is `editorial.public.chrome`'s (once per request).

from editorial.breaking import public, views  # noqa: E402,F401  (views register on the blueprints)
