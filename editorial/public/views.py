"""The public site's pages: the front page, a story, and section, region, tag and author listings.

Views stay thin: what they show comes from `editorial.public.queries`. Only visible stories are
ever found there; a story once public and since withdrawn answers 410, anything else missing 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Select
from werkzeug.wrappers import Response

from editorial import clock, editions, newsroom
from editorial.database import read_only
from editorial.extensions import db
from editorial.forms import page_number
from editorial.fronts import queries as fronts
from editorial.media.service import photo_of
from editorial.models import Article, Region, Section, Tag, User
from editorial.models.taxonomy import moved_to
from editorial.permissions import public
from editorial.public import alternates, queries
from editorial.public.addresses import term_at
from editorial.public.chrome import label
from editorial.public.fragments import Deferred
from editorial.public.heads import loaded, section_head, story_head
from editorial.public.queries import Listing

# Browsers keep a page but ask again every time (`max-age=0, must-revalidate`): the answer is a
# 304 of a few hundred bytes, from the site version alone (`page_cache`), until something changes,
# and a 410 the moment a story is withdrawn. A shared cache (a CDN) may serve it for five seconds
# (`s-maxage`), the most a kill may take to reach its readers; see the README.
PUBLIC_CACHE = "public, max-age=0, must-revalidate, s-maxage=5"

MAX_PAGE = 10_000  # beyond this a page number is nonsense (and would overflow SQLite's OFFSET)


def image_src(url: str | None) -> str | None:
    """`url` if it is safe as an image source on our pages (https, or a path on this site)."""
    url = (url or "").strip()
    if url.startswith("https://") or (url.startswith("/") and not url.startswith("//")):
        return url
    return None


def cache_for_readers(response: Response) -> Response:
    """Let browsers keep an anonymous reader's page if they revalidate it on every view, and
    shared caches for five seconds.

    A 304 carries the same rule, so a cache that revalidated keeps following it. Signed-in staff
    get no-store from `editorial.security` (their pages carry their name and a CSRF token).
    Errors keep the default (no-cache), so a withdrawn story is not served stale.
    """
    if (
        request.method in ("GET", "HEAD")
        and response.status_code in (200, 304)
        and not current_user.is_authenticated
    ):
        response.headers.setdefault("Cache-Control", PUBLIC_CACHE)
    return response


def checked_by_shown() -> bool:
    """Whether a story cleared through the claim ledger says "Checked by NAME · DATE": the one
    switch for the line, the admin setting `show_checked_by` (/admin/settings)."""
    return newsroom.current().show_checked_by


def public_helpers() -> dict[str, Any]:
    """What the public templates use besides the view's own context."""
    return {"today": clock.now()}


def _page_number() -> int:
    """`?page=N`; anything that is not a whole number reads as the first page."""
    return page_number(request.args.get("page"), MAX_PAGE) or abort(404)


def _listing(
    kind: str,
    title: str,
    query: Select[Article] | Callable[[], Select[Article]],
    *,
    empty_is_404: bool = False,
    page_kind: str | None = None,
    **context: Any,
) -> str:
    """A listing page of `query`; past its last page 404, and with no story at all if asked.

    `kind` is the kicker above the title; `page_kind` (default: `kind`) is what the page's title
    calls it ("Ceasefire — Topic", "Ceasefire — Coverage"), so no two kinds of page share a title.
    """
    page = _page_number()

    def read() -> Listing:
        return queries.page_of(query() if callable(query) else query, page)

    if page > 1 or empty_is_404:
        listing: Listing | Deferred = read()
        if not listing.articles:
            abort(404)
    else:  # the first page is never a 404: its stories are read only if its part is drawn
        listing = Deferred(read, page=page)
    return render_template(
        "public/listing.html",
        kind=kind,
        page_kind=page_kind or kind,
        title=title,
        listing=listing,
        most_read=Deferred(queries.most_read),
        keep_fragments=True,
        **context,
    )


@public
@read_only
def home() -> str:
    """The front page as this edition's editors published it (`editorial.fronts`): the lead, the
    top stories, "Also today", then a block per section and the most read. A slot nobody filled,
    or whose story is no longer public, shows the newest story not already on the page."""
    front = Deferred(lambda: fronts.published(editions.code(), None))
    lead = Deferred(lambda: next(iter(front.stories("lead")), None))
    return render_template(
        "public/home.html",
        lead=lead,
        latest=Deferred(lambda: front.stories("top")),
        also=Deferred(lambda: front.stories("also")),
        blocks=Deferred(lambda: queries.section_blocks(exclude=front.ids())),
        most_read=Deferred(queries.most_read),
        keep_fragments=True,
    )


@public
@read_only
def section(slug: str) -> str:
    """A section's (Politics...) or article kind's (Opinion...) front: its lead (and top stories)
    as its editors arranged them on the first page, then the rest newest first, paged; an
    address it had before a rename answers 301 to the one it has now."""
    # Its head alone (`public.heads`): the section itself is loaded only to draw its part.
    found = section_head(slug) or term_at(Section, slug)
    front = Deferred(lambda: fronts.published(editions.code(), loaded(found)))
    return _listing(
        str(found.group),
        found.label(editions.code()),  # `chrome.label`, for a head or the section alike
        lambda: queries.in_section(loaded(found)).where(Article.id.not_in(front.ids())),
        page_kind="Section",
        section=found,
        front=front if _page_number() == 1 else None,
    )


@public
@read_only
def region(slug: str) -> str:
    """Published stories about one region, paged (an old address answers 301)."""
    found = term_at(Region, slug)
    return _listing("Region", label(found), queries.in_region(found))


@public
@read_only
def tag(slug: str) -> str:
    """Published stories with one tag, paged (an old or merged tag's address answers 301).

    A tag with no visible story answers 404: tags are made while drafting, so their names alone
    could reveal a story that has not run.
    """
    found = term_at(Tag, slug)
    alternates.exists_in(queries.editions_with(Article.tags.any(Tag.id == found.id)))
    return _listing("Topic", label(found), queries.tagged(found), empty_is_404=True)


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


@public
@read_only
def author_page(slug: str) -> str | Response:
    """An author's page at the address they chose on their profile; one they had before answers
    301 to where the page is now."""
    found = queries.person_by_slug(slug)
    if found is None:
        person = db.session.get(User, moved_to("author", slug) or 0) or abort(404)
        if person.slug:
            return redirect(url_for("public.author_page", slug=person.slug, page=_page_arg()), 301)
        return redirect(url_for("public.author", user_id=person.id, page=_page_arg()), 301)
    return _author_listing(found)


def _page_arg() -> str | None:
    return request.args.get("page")  # None is left out of the address


def _author_listing(found: User) -> str:
    alternates.exists_in(queries.editions_with(Article.authors.any(User.id == found.id)))
    listing = queries.by_author(found)
    return _listing(
        "Author",
        found.display_name,
        listing,
        empty_is_404=True,
        bio=found.bio,
        photo=photo_of(found),
    )


@public
@read_only
def article(slug: str) -> str | Response:
    """One story, with its corrections, related stories, what to read next and the most read
    (none of them the story itself).

    A story of another edition answers 301 to its address there; otherwise 404 unless it is
    visible now, except that a story once published and since withdrawn
    answers 410 Gone.
    """
    found = story_head(slug)  # the story itself is loaded only if a part that shows it is drawn
    if found is None and (language := queries.language_of_visible(slug)) is not None:
        # Another edition's story: its address carries its language (`/ar/news/<slug>`).
        return redirect(url_for("public.article", slug=slug, lang=language), 301)
    if found is None:
        abort(410 if queries.was_ever_public(slug) else 404)
    story = found
    related_news = Deferred(lambda: queries.related(loaded(story)))
    return render_template(
        "public/article.html",
        article=found,
        related=related_news,
        read_next=Deferred(
            lambda: queries.read_next(loaded(story), exclude=[a.id for a in related_news])
        ),
        most_read=Deferred(lambda: queries.most_read(exclude=[story.id])),
        keep_fragments=True,
    )
