"""The public side of the BREAKING ticker: the poll behind every public page, the API and the feed.

Served from `ticker_bp` ("ticker"), open to everyone, at the addresses they have always had. The
poll answers 304 from a hash of the live rows before anything is rendered, since every reader's
open page polls it; the hash is taken at request time, so it changes when the clock alone starts or
ends a headline. The hash, and the fragment once drawn, are kept under the versions they were read
under until the clock alone would change them (`queries.kept_ticker`, `editorial.kept_polls`): an
unchanged poll reads the versions and nothing else. The API and the feed keep their headlines
as the public pages keep their parts (`public.fragments.site_key`: the site's version, which
every headline's and story's change moves, and the next moment the clock alone changes what
readers see, a headline's start or end among them), so they read the site's version and
nothing else until one of those moves (on PostgreSQL each statement is a round trip to a
server sharing the CPUs; bench:pgpages).
"""

from __future__ import annotations

from email.utils import format_datetime
from functools import partial

from flask import current_app, jsonify, render_template, request
from werkzeug.wrappers import Response

from editorial import clock, editions, htmx, kept_polls
from editorial.breaking import queries
from editorial.breaking.rules import iso
from editorial.database import read_only
from editorial.extensions import db
from editorial.fast_polls import cheap_poll
from editorial.permissions import public
from editorial.public.fragments import kept_value
from editorial.urls import public_url

PUBLIC_MAX_AGE = 15
RSS_TYPE = "application/rss+xml; charset=utf-8"


@cheap_poll(queries.ticker_version, signed_in=False, htmx_only=False)
@public
@read_only
def poll() -> Response:
    """The ticker's content for the poll on every public page: 304, unrendered, when unchanged;
    else the fragment, drawn once per kept answer."""
    at = clock.now()
    connection = db.session.connection()
    stamp = kept_polls.stamp(current_app, connection, at)
    kept = queries.kept_ticker(current_app, connection, stamp, at, editions.code())
    return htmx.poll(kept.state.etag, partial(_drawn, kept))


def _drawn(kept: queries.KeptTicker) -> str:
    root = request.script_root
    body = kept.drawn.get(root)
    if body is None:
        body = kept.drawn[root] = render_template("breaking/_ticker_items.html", ticker=kept.state)
    return body


@public
@read_only
def api() -> Response:
    """The live headlines as JSON (times ISO 8601 UTC) for apps and partner sites."""
    items = _live_now()
    response = jsonify(
        headlines=[
            {
                "id": item.id,
                "text": item.text,
                "link": _article_url(item),
                "start": iso(item.starts_at),
                "end": iso(item.ends_at),
                "pinned": item.pinned,
            }
            for item in items
        ]
    )
    return _public_cacheable(response, queries.signature(items, "api"))


@public
@read_only
def rss() -> Response:
    """The live headlines as RSS 2.0."""
    at = clock.now()
    items = _live_now()
    body = render_template(
        "breaking/feed.rss.xml",
        items=items,
        link=_article_url,
        rfc822=lambda value: format_datetime(clock.as_utc(value), usegmt=True),
        built=at,
    )
    response = Response(body, content_type=RSS_TYPE)
    return _public_cacheable(response, queries.signature(items, "rss"))


def _live_now() -> list[queries.LiveItem]:
    """This edition's live headlines now (`queries.live_items`), read once per site version and
    window of time (`kept_value`) for the API and the feed."""
    return list(kept_value("breaking.live", lambda: tuple(queries.live_items(clock.now()))))


def _article_url(item: queries.LiveItem) -> str | None:
    if not item.article_slug:
        return None
    return public_url("public.article", slug=item.article_slug, _anchor=item.anchor or None)


def _public_cacheable(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response.make_conditional(request)
