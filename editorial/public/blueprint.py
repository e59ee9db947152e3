"""The public site: every address, and every global the public pages' templates use.

Template globals registered here (app-wide, since the desk's preview of a story and its picture
pages show the same markup): `edition` (this request's edition's language), `language_links`
and `hreflang` (alternates), `navigation`, `breaking_ticker` (chrome, once per request),
`coverage_hub`, `featured_coverage`, `story_image`, `story_image_alt`, `share_links`,
`story_updated`, `news_article` (seo), `checked_by_shown`, `image_src`, `public_stylesheet_url`
(assets), and the library picture's `picture_img`, `picture_url`, `picture_absolute_url`,
`shown_picture`
(`editorial.media.markup`), and `kept` (a part drawn once per site version: `fragments`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

from editorial import editions, fast_polls, newsroom
from editorial.editions import edition_rule
from editorial.media import markup
from editorial.public import (
    alternates,
    assets,
    chrome,
    coverage,
    feeds,
    footer_pages,
    fragments,
    heads,
    reads,
    seo,
    sitemaps,
    views,
)

bp = Blueprint("public", __name__)

# Each page in every edition (`editorial.editions`): `/news/<slug>` and `/ar/news/<slug>`.

edition_rule(bp, "/", view_func=views.home)
edition_rule(bp, "/section/<slug>", view_func=views.section)
edition_rule(bp, "/region/<slug>", view_func=views.region)
edition_rule(bp, "/tag/<slug>", view_func=views.tag)
edition_rule(bp, "/author/<int:user_id>", view_func=views.author)
edition_rule(bp, "/author/<slug>", view_func=views.author_page)
edition_rule(bp, "/news/<slug>", view_func=views.article)
edition_rule(bp, "/news/<slug>/read", view_func=reads.count_read, methods=["POST"])
edition_rule(bp, "/coverage/<slug>", view_func=coverage.coverage)
edition_rule(bp, "/feeds/rss.xml", view_func=feeds.feed_rss)
edition_rule(bp, "/section/<slug>/rss.xml", view_func=feeds.section_rss)
edition_rule(bp, "/feeds/atom.xml", view_func=feeds.feed_atom)
edition_rule(bp, "/sitemap.xml", view_func=sitemaps.sitemap)
edition_rule(bp, "/sitemap-news.xml", view_func=sitemaps.news_sitemap)
bp.add_url_rule("/robots.txt", view_func=sitemaps.robots)
bp.add_url_rule("/assets/public-<digest>.css", view_func=assets.stylesheet)
bp.add_url_rule("/favicon.ico", view_func=assets.favicon)
for _page in newsroom.FOOTER_PAGES:  # one plain address each: /about, /contact, /privacy
    edition_rule(bp, f"/{_page}", view_func=footer_pages.footer_page, defaults={"page": _page})

bp.after_request(views.cache_for_readers)


@bp.record_once
def _revalidated_before_flask(state: BlueprintSetupState) -> None:
    """A reader's revalidated page is answered 304 by the poll gate (`fast_polls`) with the
    Cache-Control `cache_for_readers` gives it."""
    fast_polls.revalidate_pages(cast(Flask, state.app), bp.name, views.PUBLIC_CACHE)


bp.app_context_processor(views.public_helpers)  # the desk's previews draw public templates too

GLOBALS: dict[str, Callable[..., Any]] = {
    "edition": editions.current,
    "language_links": alternates.language_links,
    "hreflang": alternates.hreflang,
    "page_identity": alternates.page_identity,
    "local_day": fragments.local_day,
    "navigation": chrome.navigation,
    "breaking_ticker": chrome.breaking_ticker,
    "coverage_hub": coverage.hub_of,
    "featured_coverage": coverage.featured,
    "story_image": seo.story_image,
    "story_image_alt": seo.story_image_alt,
    "share_links": seo.share_links,
    "story_updated": seo.updated_at,
    "news_article": seo.news_article,
    "checked_by_shown": views.checked_by_shown,
    "image_src": views.image_src,
    "public_stylesheet_url": assets.public_stylesheet_url,
    "picture_img": markup.picture_img,
    "picture_url": markup.picture_url,
    "picture_absolute_url": markup.picture_absolute_url,
    "shown_picture": markup.shown_picture,
    "kept": fragments.kept,
    "most_read_box": fragments.most_read_box,
    "deferred": fragments.deferred,
    "loaded": heads.loaded,
}
for _name, _function in GLOBALS.items():
    bp.add_app_template_global(_function, _name)
bp.add_app_template_filter(chrome.label, "label")  # a term's name in the edition's language
