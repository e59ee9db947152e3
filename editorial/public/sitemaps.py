"""Sitemaps for crawlers: every published story (`/sitemap.xml`), the last 48 hours' as a Google
News sitemap (`/sitemap-news.xml`), and `/robots.txt` pointing at both in every edition.

Each edition has its own pair (`/ar/sitemap.xml`...) listing its language's stories; every story
carries its published versions in the other languages as `xhtml:link` alternates (the same list
as the story page's `hreflang` links, `x-default` included), and the news sitemap names the
edition's language.

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
from editorial.public.alternates import with_default
from editorial.urls import public_url

# The sitemaps protocol's limit for one file; past it a sitemap index would be needed.
SITEMAP_LIMIT = 50_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1_000  # Google News reads at most this many entries from one news sitemap
XML = "application/xml"
FAMILIES_PER_QUERY = 1_000  # well under every database's limit of bound parameters


class Entry(NamedTuple):
    """One story as a sitemap lists it."""

    slug: str
    headline: str
    published_at: datetime
    modified_at: datetime
    family_id: int


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
        select(
            Article.slug, Article.headline, Article.published_at, corrected.c.at, Article.family_id
        )
        .outerjoin(corrected, corrected.c.article_id == Article.id)
        .where(publicly_visible(), Article.language == editions.code())
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(Article.published_at >= since)
    found = []
    for slug, headline, published_at, corrected_at, family_id in db.session.execute(query):
        modified = max(published_at, corrected_at) if corrected_at else published_at
        found.append(Entry(slug, headline, published_at, modified, family_id))
    return found


def alternates(listed: list[Entry]) -> dict[int, list[tuple[str, str]]]:
    """Family id to the `hreflang` alternates of its stories (as a story's page has them: every
    published version, and `x-default`), for the families of `listed`. One query per thousand
    families, however many stories the sitemap lists."""
    family_ids = sorted({e.family_id for e in listed})
    members: dict[int, dict[str, str]] = {}
    for start in range(0, len(family_ids), FAMILIES_PER_QUERY):
        chunk = family_ids[start : start + FAMILIES_PER_QUERY]
        rows = db.session.execute(
            select(Article.family_id, Article.language, Article.slug).where(
                Article.family_id.in_(chunk), publicly_visible()
            )
        )
        for family_id, language, slug in rows:
            members.setdefault(family_id, {})[language] = slug
    order = [language.code for language in editions.published()]
    return {
        family_id: with_default(
            [
                (code, public_url("public.article", slug=versions[code], lang=code))
                for code in order
                if code in versions
            ]
        )
        for family_id, versions in members.items()
    }


def w3c(value: datetime) -> str:
    """A time as the sitemaps protocol writes it (W3C datetime, UTC)."""
    return clock.as_utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


@public
@read_only
def sitemap() -> Response:
    """Every published story's address and last change."""
    listed = entries()
    body = render_template(
        "public/sitemap.xml", entries=listed, alternates=alternates(listed), w3c=w3c
    )
    return Response(body, mimetype=XML)


@public
@read_only
def news_sitemap() -> Response:
    """The stories published in the last 48 hours, with their headline and publication time."""
    recent = entries(since=clock.now() - NEWS_WINDOW, limit=NEWS_LIMIT)
    body = render_template(
        "public/sitemap-news.xml",
        entries=recent,
        alternates=alternates(recent),
        language=editions.code(),
        w3c=w3c,
    )
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
    ]
    for language in editions.published():
        lines.append(f"Sitemap: {public_url('public.sitemap', lang=language.code)}")
        lines.append(f"Sitemap: {public_url('public.news_sitemap', lang=language.code)}")
    lines.append("")
    return Response("\n".join(lines), mimetype="text/plain")
