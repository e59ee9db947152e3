"""The public site's feeds: the latest stories as RSS 2.0 and Atom, and each section's as RSS."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from typing import NamedTuple

from flask import Response, render_template

from editorial import clock
from editorial.database import read_only
from editorial.models import Article, Section
from editorial.permissions import public
from editorial.public import queries
from editorial.public.addresses import term_at

FEED_SIZE = 30


class Format(NamedTuple):
    """A feed format: the template that writes it and the media type it is served as."""

    template: str
    mimetype: str


RSS = Format("public/feed.rss.xml", "application/rss+xml")
ATOM = Format("public/feed.atom.xml", "application/atom+xml")


def _rfc822(value: datetime | None) -> str:
    return format_datetime(clock.as_utc(value or clock.now()), usegmt=True)


def _entry_updated(article: Article) -> datetime:
    """When a feed entry last changed: its last save, but never before it was published."""
    return max(article.updated_at, article.published_at or article.updated_at)


def _feed(form: Format, section: Section | None = None) -> Response:
    """The latest stories (of `section`, if given) written as `form`."""
    articles = queries.for_feed(FEED_SIZE, section)
    body = render_template(
        form.template,
        articles=articles,
        rfc822=_rfc822,
        entry_updated=_entry_updated,
        updated=max(map(_entry_updated, articles), default=None),
        section=section,
    )
    return Response(body, mimetype=form.mimetype)


@public
@read_only
def feed_rss() -> Response:
    """The latest published stories as RSS 2.0."""
    return _feed(RSS)


@public
@read_only
def section_rss(slug: str) -> Response:
    """The latest published stories of one section as RSS 2.0 (an old address answers 301)."""
    return _feed(RSS, term_at(Section, slug))


@public
@read_only
def feed_atom() -> Response:
    """The latest published stories as Atom."""
    return _feed(ATOM)
