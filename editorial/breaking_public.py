"""The public side of the BREAKING ticker: the poll behind every public page, the API and the feed.

The poll answers 304 from a hash of the live rows before anything is rendered, since every reader's
open page polls it; the hash is taken at request time, so it changes when the clock alone starts or
ends a headline. Served from the `breaking` blueprint (`editorial.breaking`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from flask import current_app, jsonify, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from htmx_flask import make_response
from werkzeug.wrappers import Response

from editorial import clock
from editorial.auth import public
from editorial.database import read_only
from editorial.services import breaking as service

DEFAULT_POLL_SECONDS = 15
PUBLIC_MAX_AGE = 15
RSS_TYPE = "application/rss+xml; charset=utf-8"


@dataclass(frozen=True)
class Ticker:
    """What the ticker partial needs: the live headlines, their hash and the poll interval."""

    items: list[service.LiveItem]
    etag: str
    poll_seconds: int


def ticker_state(at: datetime | None = None) -> Ticker:
    """The live ticker now; a template global (`breaking_ticker()`) for every public page."""
    poll = int(current_app.config.get("BREAKING_POLL_SECONDS", DEFAULT_POLL_SECONDS))
    items = service.live_items(at or clock.now())
    return Ticker(items=items, etag=service.signature(items, f"ticker:{poll}"), poll_seconds=poll)


def register_site_routes(state: BlueprintSetupState) -> None:
    """Serve the API and the feed at their own addresses, outside /breaking."""
    state.app.add_url_rule("/api/breaking", "breaking.api", api, methods=["GET"])
    state.app.add_url_rule("/breaking.rss", "breaking.rss", rss, methods=["GET"])


@public
@read_only
def ticker() -> Response:
    """The ticker's content for the poll on every public page: 304, unrendered, when unchanged."""
    state = ticker_state()
    if request.if_none_match.contains(state.etag):
        response = Response(status=304)
    else:
        response = make_response(render_template("breaking/_ticker_items.html", ticker=state))
    response.set_etag(state.etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@public
@read_only
def api() -> Response:
    """The live headlines as JSON (times ISO 8601 UTC) for apps and partner sites."""
    items = service.live_items(clock.now())
    response = jsonify(
        headlines=[
            {
                "id": item.id,
                "text": item.text,
                "link": _article_url(item),
                "start": service.iso(item.starts_at),
                "end": service.iso(item.ends_at),
                "pinned": item.pinned,
            }
            for item in items
        ]
    )
    return _public_cacheable(response, service.signature(items, "api"))


@public
@read_only
def rss() -> Response:
    """The live headlines as RSS 2.0."""
    at = clock.now()
    items = service.live_items(at)
    body = render_template(
        "breaking/feed.rss.xml",
        items=items,
        link=_article_url,
        rfc822=lambda value: format_datetime(clock.as_utc(value), usegmt=True),
        built=at,
    )
    response = Response(body, content_type=RSS_TYPE)
    return _public_cacheable(response, service.signature(items, "rss"))


def _article_url(item: service.LiveItem) -> str | None:
    if not item.article_slug:
        return None
    return url_for("public.article", slug=item.article_slug, _external=True)


def _public_cacheable(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response.make_conditional(request)
