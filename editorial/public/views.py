"""The public site's pages: the front page, a story, and section, region, tag and author listings.

Views stay thin: what they show comes from `editorial.public.queries`. Only visible stories are
ever found there; a story once public and since withdrawn answers 410, anything else missing 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import Select
from werkzeug.wrappers import Response

from editorial import clock
from editorial.auth import public
from editorial.database import read_only
from editorial.models import Article, Region, Section, Tag, User
from editorial.public import bp, queries

MAX_PAGE = 10_000  # beyond this a page number is nonsense (and would overflow SQLite's OFFSET)
LATEST_ON_FRONT = 9  # the lead story and a grid of eight


def image_src(url: str | None) -> str | None:
    """`url` if it is safe as an image source on our pages (https, or a path on this site)."""
    url = (url or "").strip()
    if url.startswith("https://") or (url.startswith("/") and not url.startswith("//")):
        return url
    return None


@bp.context_processor
def public_helpers() -> dict[str, Any]:
    """What the public templates use besides the view's own context."""
    return {"image_src": image_src, "today": clock.now()}


def _page_number() -> int:
    """`?page=N`; anything that is not a whole number reads as the first page."""
    page = request.args.get("page", 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    return max(page, 1)


def _listing(
    kind: str,
    title: str,
    query: Select[Article],
    *,
    empty_is_404: bool = False,
    **context: Any,
) -> str:
    """A listing page of `query`; past its last page 404, and with no story at all if asked."""
    page = _page_number()
    listing = queries.page_of(query, page)
    if not listing.articles and (page > 1 or empty_is_404):
        abort(404)
    return render_template(
        "public/listing.html",
        kind=kind,
        title=title,
        listing=listing,
        most_read=queries.most_read(),
        **context,
    )


@bp.route("/")
@public
@read_only
def home() -> str:
    """The front page: a lead story, the latest, a block per section and the most read."""
    latest = queries.latest(LATEST_ON_FRONT)
    return render_template(
        "public/home.html",
        lead=latest[0] if latest else None,
        latest=latest[1:],
        blocks=queries.section_blocks(exclude=[a.id for a in latest]),
        most_read=queries.most_read(),
    )


@bp.route("/section/<slug>")
@public
@read_only
def section(slug: str) -> str:
    """Published stories in one section (Politics...) or article kind (Opinion...), paged."""
    found = queries.by_slug(Section, slug) or abort(404)
    return _listing(str(found.group), found.name, queries.in_section(found), section=found)


@bp.route("/region/<slug>")
@public
@read_only
def region(slug: str) -> str:
    """Published stories about one region, paged."""
    found = queries.by_slug(Region, slug) or abort(404)
    return _listing("Region", found.name, queries.in_region(found))


@bp.route("/tag/<slug>")
@public
@read_only
def tag(slug: str) -> str:
    """Published stories with one tag, paged.

    A tag with no visible story answers 404: tags are made while drafting, so their names alone
    could reveal a story that has not run.
    """
    found = queries.by_slug(Tag, slug) or abort(404)
    return _listing("Topic", found.name, queries.tagged(found), empty_is_404=True)


@bp.route("/author/<int:user_id>")
@public
@read_only
def author(user_id: int) -> str | Response:
    """Published stories by one byline author, paged; a person with an address of their own
    (`/author/<slug>`) is sent there for good (301).

    Someone with no visible story answers 404, so the staff list can't be read off the site.
    """
    found = queries.person(user_id) or abort(404)
    if found.slug:
        page = request.args.get("page")  # None is left out of the address
        return redirect(url_for("public.author_page", slug=found.slug, page=page), 301)
    return _author_listing(found)


@bp.route("/author/<slug>")
@public
@read_only
def author_page(slug: str) -> str:
    """An author's page at the address they chose on their profile."""
    found = queries.person_by_slug(slug) or abort(404)
    return _author_listing(found)


def _author_listing(found: User) -> str:
    listing = queries.by_author(found)
    return _listing("Author", found.display_name, listing, empty_is_404=True, bio=found.bio)


@bp.route("/news/<slug>")
@public
@read_only
def article(slug: str) -> str:
    """One story, with its corrections, related stories, what to read next and the most read
    (none of them the story itself).

    404 unless it is visible now, except that a story once published and since withdrawn
    answers 410 Gone.
    """
    found = queries.story(slug)
    if found is None:
        abort(410 if queries.was_ever_public(slug) else 404)
    related_news = queries.related(found)
    return render_template(
        "public/article.html",
        article=found,
        related=related_news,
        read_next=queries.read_next(found, exclude=[a.id for a in related_news]),
        most_read=queries.most_read(exclude=[found.id]),
    )
