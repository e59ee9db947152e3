"""Sitemaps for crawlers: every published story (`/sitemap.xml`), the last 48 hours' as a Google
News sitemap (`/sitemap-news.xml`), and `/robots.txt` pointing at both.

Only what `publicly_visible()` lets through is ever listed, so a draft's address never reaches a
crawler. Addresses are absolute on `PUBLIC_BASE_URL` (never the request's Host). The pages are
ordinary public reads: kept by the page cache and revalidated on the site's version like any
other public page, so an unpublished story leaves them at the next request.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from flask import Response, render_template
from sqlalchemy import func, select

from editorial import clock, editions
from editorial.database import read_only
from editorial.extensions import db
from editorial.models import Article, Correction, publicly_visible
from editorial.permissions import public
from editorial.urls import public_url

# The sitemaps protocol's limit for one file; past it a sitemap index would be needed.
SITEMAP_LIMIT = 50_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1_000  # Google News reads at most this many entries from one news sitemap
XML = "application/xml"


class Entry(NamedTuple):
    """One story as a sitemap lists it."""

    slug: str
    headline: str
    published_at: datetime
    modified_at: datetime


def entries(*, since: datetime | None = None, limit: int = SITEMAP_LIMIT) -> list[Entry]:
    """Visible stories newest first (published after `since`, if given), with their last change.

    A published story changes only through a correction, so its last change is its newest
    correction, else its publication. Columns only: no story's text is loaded.
    """
    corrected = (
        select(Correction.article_id, func.max(Correction.at).label("at"))
        .group_by(Correction.article_id)
        .subquery()
    )
    query = (
        select(Article.slug, Article.headline, Article.published_at, corrected.c.at)
        .outerjoin(corrected, corrected.c.article_id == Article.id)
        .where(publicly_visible(), Article.language == editions.code())
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(Article.published_at >= since)
    found = []
    for slug, headline, published_at, corrected_at in db.session.execute(query):
        modified = max(published_at, corrected_at) if corrected_at else published_at
        found.append(Entry(slug, headline, published_at, modified))
    return found


def w3c(value: datetime) -> str:
    """A time as the sitemaps protocol writes it (W3C datetime, UTC)."""
    return clock.as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


@public
@read_only
def sitemap() -> Response:
    """Every published story's address and last change."""
    body = render_template("public/sitemap.xml", entries=entries(), w3c=w3c)
    return Response(body, mimetype=XML)


@public
@read_only
def news_sitemap() -> Response:
    """The stories published in the last 48 hours, with their headline and publication time."""
    recent = entries(since=clock.now() - NEWS_WINDOW, limit=NEWS_LIMIT)
    body = render_template("public/sitemap-news.xml", entries=recent, w3c=w3c)
    return Response(body, mimetype=XML)


@public
@read_only
def robots() -> Response:
    """Crawlers may read the public site, not the desk; here are the sitemaps."""
    lines = [
        "User-agent: *",
        "Disallow: /desk/",
        "Disallow: /articles/",
        "Disallow: /admin/",
        "Disallow: /login",
        f"Sitemap: {public_url('public.sitemap')}",
        f"Sitemap: {public_url('public.news_sitemap')}",
        "",
    ]
    return Response("\n".join(lines), mimetype="text/plain")
