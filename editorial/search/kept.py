"""A search's page of hits ranked and drawn once, then kept for a while (issue 28).

A common word ("minister") is looked for by many readers at once and again all day, and each
search ranked up to a thousand candidates (bm25 or `ts_rank_cd`: there is no cheaper bound that
keeps the readers' order), loaded ten stories with their sections and bylines, marked the words
and drew the list: 12 ms of a request's CPU at 10,000 stories, four times a kept front page. So
the page of hits is kept, drawn (`search/_public_hits.html`, `search/_staff_hits.html`), with
the numbers the summary and the pager read; the summary and the pager, which show the words as
typed, are drawn per request around it.

The key is the invalidation, as for every kept part:

- Both: the cap on what is ranked (`index.MATCHES`: "more than 1,000 results").
- Readers: the words as searched (`index.terms`: folded, each once, in order: "Minister" and
  "minister " share an entry), the page, and the public parts' own key
  (`public.fragments.site_key`: the site's version, the next moment the clock alone changes
  what readers may see, the edition's language). Any publish, kill, correction or edit a
  reader can see moves the site's version in its own transaction, so a killed story is gone
  from every process's next search; what the clock alone changes (a scheduled story's time,
  an embargo lifting) ends the window, so the story is found from that moment. It was keyed on
  the page cache's 5-second slot, so every common search was ranked again every 5 s though
  nothing had changed: on PostgreSQL at 100,000 stories, two words' ranking held every reader
  of them up for 70 ms (bench:pgpages).
- The desk: the words, the language filter, the page, the desk's version (`board_version`: any
  committed write to a story, its people, tags or sections), the newsroom's zone (the hits show
  local times), the minute (a tag's rename re-indexes its stories in a job after the commit) and
  whom the results are for: everyone who sees every story (editors and admins) shares them;
  anyone else's are their own (their bylines, their checks).

Kept in a cache of its own (`SEARCH_CACHE_ENTRIES`, `SEARCH_CACHE_BYTES`), not the app's
fragment cache: anyone may search for anything, and a stream of made-up words must not push the
boards' and the public pages' parts out. A page is ranked by one thread at a time (`alone`):
when the slot moves on, the others wait for its hits rather than rank the same words again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import current_app, render_template
from flask.sansio.app import App
from markupsafe import Markup

from editorial import clock, editions, newsroom, workflow
from editorial.board_version import board_version_this_request
from editorial.fragment_cache import FragmentCache
from editorial.models import User
from editorial.permissions import EDITORS
from editorial.public.fragments import site_key
from editorial.search import index as search_index
from editorial.search import queries
from editorial.workflow_guards import role_of

EXTENSION = "editorial.search_kept"
DEFAULT_ENTRIES = 256
DEFAULT_BYTES = 4 * 1024 * 1024  # a page of hits is 5 to 15 KB


@dataclass(frozen=True)
class Shown:
    """A page of results as the search pages show it: `Results` with its hits already drawn.

    `hits` is the drawn list (empty when there are none), so `{% if results.hits %}` reads as it
    does for `queries.Results`; `query` is what this request typed."""

    query: str
    language: str | None
    terms: tuple[str, ...]
    hits: Markup
    total: int
    page: int
    has_more: bool
    capped: bool


# What a kept page holds: the drawn hits, the words, total, page, has_more and capped (a tuple,
# so `fragment_cache.size_of` counts the HTML against the cache's bytes).
Kept = tuple[str, tuple[str, ...], int, int, bool, bool]


def init_search_kept(app: App) -> None:
    """Give the app its cache of searches (SEARCH_CACHE_ENTRIES, 0 turns it off)."""
    entries = int(app.config.get("SEARCH_CACHE_ENTRIES", DEFAULT_ENTRIES))
    max_bytes = int(app.config.get("SEARCH_CACHE_BYTES", DEFAULT_BYTES))
    app.extensions[EXTENSION] = FragmentCache(entries, max_bytes)


def _cache() -> FragmentCache:
    cache: FragmentCache = current_app.extensions[EXTENSION]
    return cache


def _kept(
    key: Hashable, rank: Callable[[], queries.Results], template: str, **context: object
) -> Kept:
    """The page kept under `key`, or `rank()`'s results with their hits drawn by `template`."""

    def draw() -> Kept:
        results = rank()
        html = render_template(template, results=results, **context) if results.hits else ""
        return (
            html,
            tuple(results.terms),
            results.total,
            results.page,
            results.has_more,
            results.capped,
        )

    return _cache().get_or_render(key, draw, alone=True)


def _shown(query: str, language: str | None, kept: Kept) -> Shown:
    html, terms, total, page, has_more, capped = kept
    hits = Markup(html)  # noqa: S704  (a template's escaped output)
    return Shown(query, language, terms, hits, total, page, has_more, capped)


def public_results(query: str, page: int) -> Shown:
    """The readers' results for `query` (as typed), page `page`, in this request's edition:
    `queries.public_search`, kept per words, page, edition and the public parts' key."""
    language = editions.code()
    words = tuple(search_index.terms(query))
    key = ("search.public", site_key(), language, words, page, search_index.MATCHES)
    kept = _kept(
        key, lambda: queries.public_search(query, page, language), "search/_public_hits.html"
    )
    return _shown(query, language, kept)


def staff_results(user: User, query: str, page: int, language: str | None) -> Shown:
    """`user`'s results for `query` (as typed) on the desk: `queries.staff_search`, kept per
    words, language, page, the desk's version, zone and minute, and whose results they are."""
    whose = "everyone" if user.has_role(*EDITORS) else (user.id, role_of(user))
    minute = int(clock.now().timestamp() // 60)
    version = board_version_this_request()
    words = tuple(search_index.terms(query))
    cap = search_index.MATCHES
    key = ("search.desk", version, newsroom.zone(), minute, whose, language, words, page, cap)
    kept = _kept(
        key,
        lambda: queries.staff_search(user, query, page, language),
        "search/_staff_hits.html",
        state_labels=workflow.STATE_LABELS,
    )
    return _shown(query, language, kept)
