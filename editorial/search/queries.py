"""The searches the pages run: public (what readers may see) and staff (what this person may see).

Both go through `search.index.search`, with the same visibility SQL the rest of the app
uses: `models.publicly_visible()` for readers, `permissions.visible_articles(user)` for staff.
A reader searches one edition's language (the newsroom's default unless told); staff search
every language or the one they pick.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup
from sqlalchemy.orm import defer, joinedload, selectinload

from editorial import editions
from editorial.models import Article, User
from editorial.permissions import visible_articles
from editorial.search import index as search_index
from editorial.search.highlight import highlight, snippet
from editorial.text import html_text

PAGE_SIZE = 10


@dataclass(frozen=True)
class Hit:
    """One result, with its headline, summary and a stretch of the body marked."""

    article: Article
    headline: Markup
    summary: Markup
    excerpt: Markup


@dataclass(frozen=True)
class Results:
    """A page of results for `query` in `language` (None: every language; `terms` are the words
    searched for, folded)."""

    query: str
    language: str | None
    terms: list[str]
    hits: list[Hit]
    total: int  # at most `search.index.MATCHES`
    page: int
    has_more: bool
    capped: bool = False  # more than `total` match: "more than 1,000 results"


@lru_cache(maxsize=256)
def _plain(body_html: str) -> str:
    """A story's body as plain text (`text.html_text`), kept per process for the bodies last
    shown: a search page shows ten, and parsing each body's HTML again for its excerpt was a
    fifth of the page's Python (a common word's results are the same stories all day)."""
    return html_text(body_html)


def _results(query: str, language: str | None, found: search_index.Page) -> Results:
    words = search_index.terms(query)
    hits = [
        Hit(
            article,
            highlight(article.headline or "", words),
            highlight(article.summary or "", words),
            snippet(_plain(article.body_html or ""), words),
        )
        for article in found.articles
    ]
    return Results(
        query, language, words, hits, found.total, found.page, found.has_more, found.capped
    )


def public_search(query: str, page: int, language: str | None = None) -> Results:
    """Published stories (and scheduled ones whose time has come) in `language` (this request's
    edition when None, `editorial.editions`: an edition searches its own) matching `query`."""
    language = language or editions.code()
    found = search_index.search_public(
        query,
        language,
        page=page,
        per_page=PAGE_SIZE,
        # The excerpt is cut from the body's HTML; its Markdown, as long, stays in the database.
        options=[
            joinedload(Article.section),
            selectinload(Article.authors),
            defer(Article.body, raiseload=True),
        ],
    )
    return _results(query, language, found)


def staff_search(user: User, query: str, page: int, language: str | None = None) -> Results:
    """Every story `user` may see, in any state and in `language` (every one when None),
    matching `query`."""
    found = search_index.search(
        query,
        visible_articles(user),
        language=language,
        page=page,
        per_page=PAGE_SIZE,
        options=[joinedload(Article.section), selectinload(Article.authors)],
    )
    return _results(query, language, found)
