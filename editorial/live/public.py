"""What readers get of a live story: the section of the article's page (key events, the pinned
post, posts newest first, paged by "older updates"), the poll that keeps it current, a post's
own page, the Atom feed, `LiveBlogPosting` JSON-LD, and the LIVE marks (the cards' badge, the
navigation's entry).

The poll (`updates`) reads the story's id from its address and the story's version: one
indexed read, whatever the number of posts, kept under the versions it was read under
(`kept_version`, `editorial.kept_polls`), so an unchanged poll reads the versions alone. While
the reader's ETag matches it is a 304 with nothing rendered (`htmx.poll`); otherwise it sends
only the posts changed since the version the page has (`?since=`), each as it now is, or as a
removal when deleted or held back (drawn once per kept answer and `since`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, abort, current_app, render_template, request
from werkzeug.wrappers import Response

from editorial import clock, editions, htmx, kept_polls, workflow
from editorial.database import read_only
from editorial.extensions import db
from editorial.fast_polls import Ask, cheap_poll
from editorial.live import queries
from editorial.models import Article, LivePost, LiveStory
from editorial.permissions import public
from editorial.public import queries as public_queries
from editorial.public import seo
from editorial.raw_reads import Reads
from editorial.urls import public_url

LD_UPDATES = 10
FEED_SIZE = 50


def etag(article_id: int, version: int) -> str:
    return f"live-{article_id}-{version}"


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def section_context(article: Article) -> dict[str, Any] | None:
    """What `live/_public.html` shows on a published story's page, None if it was never live."""
    if article.state != workflow.PUBLIC_STATE:
        return None
    story = queries.story_for_page(article.id)
    if story is None:
        return None
    page = queries.public_page(article.id, before=_int_arg("before"))
    first_page = _int_arg("before") is None
    return {
        "story": story,
        "page": page,
        "etag": etag(article.id, story.version),
        "ld": json_ld(article, story, page if first_page else None),
        "first_page": first_page,
    }


def newest_on(page: queries.Page, limit: int) -> list[LivePost] | None:
    """The newest `limit` public posts, from a first page (its pinned post and its newest
    unpinned ones, `queries.public_page`), or None when the page may not hold them all.

    A story has one pinned post at most (`service.set_pinned` unpins any other), so the newest
    public posts are among the pinned one and the page's newest unpinned ones while the page
    shows at least `limit` of those or all there are: what `queries.latest_public` would read
    again (with its authors, co-authors and pictures: three statements of a redrawn live page
    on PostgreSQL, bench:pgpages)."""
    if len(page.posts) < limit and page.older is not None:
        return None
    shown = ([page.pinned] if page.pinned is not None else []) + page.posts
    return sorted(shown, key=lambda post: post.id, reverse=True)[:limit]


def json_ld(article: Article, story: LiveStory, page: queries.Page | None = None) -> dict[str, Any]:
    """schema.org `LiveBlogPosting`: the article's NewsArticle fields, the coverage's times and
    the latest posts as `liveBlogUpdate` (from the first `page` of posts, when given)."""
    data = seo.news_article(article) | {"@type": "LiveBlogPosting"}
    data["coverageStartTime"] = clock.machine_time(story.started_at)
    if story.ended_at is not None:
        data["coverageEndTime"] = clock.machine_time(story.ended_at)
    url = public_url("public.article", slug=article.slug)
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": post.headline or _first_words(post.body),
            "url": f"{url}#{post.anchor}",
            "datePublished": clock.machine_time(post.published_at or post.created_at),
            "dateModified": clock.machine_time(
                post.edited_at or post.published_at or post.created_at
            ),
            "articleBody": post.body,
            **(
                {
                    "author": [
                        {"@type": "Person", "name": person.display_name} for person in post.authors
                    ]
                }
                if post.authors
                else {}
            ),
        }
        for post in _newest(article.id, page)
    ]
    return data


def _newest(article_id: int, page: queries.Page | None) -> list[LivePost]:
    found = None if page is None else newest_on(page, LD_UPDATES)
    return queries.latest_public(article_id, LD_UPDATES) if found is None else found


def _first_words(text: str, limit: int = 110) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def badge(article: Article) -> bool:
    """Whether `article`'s card carries the LIVE badge (one query a request for every card)."""
    return article.id in queries.live_ids()


def nav_entry() -> queries.LiveMark | None:
    """The live story the navigation's LIVE entry leads to in this edition, if any."""
    return queries.live_now_in_edition()


def _article(slug: str) -> Article:
    found = public_queries.story(slug)
    if found is None:
        abort(404)
    return found


@dataclass(frozen=True)
class KeptVersion:
    """The readers' poll as it is kept (`kept_polls`): the story's id, its live version and
    whether it is live, and the changes drawn since a few versions (`?since=`), filled by the
    first poll that needs each."""

    article_id: int
    version: int
    live: bool
    drawn: dict[tuple[str, int], str] = field(default_factory=dict, compare=False)

    @property
    def etag(self) -> str:
        return etag(self.article_id, self.version)


DRAWN_KEPT = 8  # a kept answer keeps the changes since at most this many versions


def kept_version(
    app: Flask, connection: Reads, stamp: kept_polls.Stamp, at: datetime, slug: str, language: str
) -> KeptVersion | None:
    """The visible story at `slug` in edition `language` and its live version, kept under
    `stamp` (`kept_polls`); None where the view answers 404. No window: a story visible now
    stays visible by the clock alone (its publish time and embargo are behind it), and the
    posts have no time of their own, so only a write (a version) or the slot ends it."""

    def read() -> tuple[KeptVersion, datetime | None] | None:
        found = queries.public_version(slug, language, at, connection)
        return None if found is None else (KeptVersion(*found), None)

    return kept_polls.answer(app, ("live", slug, language), stamp, at, read)


def updates_version(ask: Ask) -> str | None:
    """The readers' poll's ETag for the poll gate (`fast_polls`): the same read, kept, in the
    address's edition; None where the view answers (404, a redirect, settings not yet read)."""
    stamp = ask.stamp()
    language = ask.edition()
    if language is None:
        return None
    found = kept_version(ask.app, ask.connection, stamp, ask.now, ask.args["slug"], language)
    return None if found is None else found.etag


@cheap_poll(updates_version, signed_in=False, htmx_only=False)
@public
@read_only
def updates(slug: str) -> Response:
    """The readers' poll: 304 while the version is the page's, else what changed since."""
    at = clock.now()
    connection = db.session.connection()
    stamp = kept_polls.stamp(current_app, connection, at)
    found = kept_version(current_app, connection, stamp, at, slug, editions.code())
    if found is None:
        abort(404)
    since = _int_arg("since") or 0

    def changed() -> str:
        key = (request.script_root, since)
        body = found.drawn.get(key)
        if body is not None:
            return body
        posts = queries.changed_since(found.article_id, since)
        body = render_template(
            "live/_updates.html",
            posts=posts,
            version=found.version,
            live=found.live,
            key_events=queries.public_page(found.article_id).key_events if posts else [],
            article={"slug": slug},
        )
        if len(found.drawn) < DRAWN_KEPT:
            found.drawn[key] = body
        return body

    return htmx.poll(found.etag, changed)


@public
@read_only
def post_page(slug: str, post_id: int) -> str:
    """One post on a page of its own, for sharing."""
    article = _article(slug)
    post = queries.post(article.id, post_id)
    if post is None or not post.is_public:
        abort(404)
    return render_template("live/post.html", article=article, post=post)


@public
@read_only
def feed(slug: str) -> Response:
    """The live story's posts as Atom, newest first."""
    article = _article(slug)
    story = queries.story(article.id)
    if story is None:
        abort(404)
    posts: list[LivePost] = queries.latest_public(article.id, FEED_SIZE)
    updated = max((p.edited_at or p.published_at or p.created_at for p in posts), default=None)
    body = render_template(
        "live/feed.atom.xml",
        article=article,
        story=story,
        posts=posts,
        updated=updated or story.started_at,
    )
    return Response(body, mimetype="application/atom+xml")
