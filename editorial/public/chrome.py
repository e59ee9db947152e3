"""What every public page's frame shows: the menus and the BREAKING ticker.

Both are template globals (`navigation()`, `breaking_ticker()`) that public/layout.html and the
ticker slot it includes call while rendering. Each is computed once per request and kept on
`flask.g`, so however many templates ask, the menus cost one query per taxonomy table and the
ticker one query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict, TypeVar, cast

from flask import g

from editorial import clock, editions
from editorial.breaking.queries import Ticker, ticker_state
from editorial.models import Region, Section, SectionGroup, Tag
from editorial.models.taxonomy import regions_in_order, sections_in_order

T = TypeVar("T")


class Navigation(TypedDict):
    """The public menus: News sections, Articles kinds and regions, each in menu order."""

    news: list[Section]
    articles: list[Section]
    regions: list[Region]


def _once_per_request(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, the first time this request asks for `name`; the same value after that."""
    if name not in g:
        setattr(g, name, compute())
    return cast(T, getattr(g, name))


def _navigation() -> Navigation:
    sections = sections_in_order()
    return {
        "news": [s for s in sections if s.group == SectionGroup.NEWS],
        "articles": [s for s in sections if s.group == SectionGroup.ARTICLES],
        "regions": regions_in_order(),
    }


def navigation() -> Navigation:
    """The public site's menus, from the taxonomy tables (admins manage them as data)."""
    return _once_per_request("public_navigation", _navigation)


def label(term: Section | Region | Tag) -> str:
    """A section's, region's or tag's name in this request's edition (`Named.label`): the
    `|label` filter of the public templates."""
    named = getattr(term, "label", None)  # the editor's preview has stand-ins with a name only
    return named(editions.code()) if callable(named) else term.name


def breaking_ticker() -> Ticker:
    """The live BREAKING ticker for this request's pages (`ticker_state()` now)."""
    return _once_per_request("public_ticker", lambda: ticker_state(clock.now()))
