"""The same page in the other editions: the masthead's language links and the `hreflang` links.

A story's other versions are the published members of its family (`Article.family_id`), each at
its own edition's address; a page every edition has (the front page, a section, a region, a
footer page, search) is the same address in each edition (search keeps the words searched). A
tag's, an author's or a coverage hub's page exists in an edition when that edition has a visible
story for it: its view names those editions (`exists_in`, from one query), and the others get
no alternate, and their language link leads to that edition's front page, as a story's does when
it has no published version in that language.

`hreflang` alternates (in the head, and in the sitemaps) are two-way: every version lists every
version, itself included, plus `x-default` (the default language's version when there is one,
else the first in the newsroom's order of languages). A page with no other version has none.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import g, request, url_for
from sqlalchemy import select

from editorial import editions
from editorial.extensions import db
from editorial.languages import Language
from editorial.models import Article, publicly_visible
from editorial.public.fragments import UNKEPT, kept_value
from editorial.urls import absolute

# Pages that every edition has, at the same address under its prefix.
IN_EVERY_EDITION = frozenset(
    {"public.home", "public.section", "public.region", "public.footer_page"}
)
# Search exists in every edition too, and its alternates keep the words searched.
SEARCH = "search.public_search"


@dataclass(frozen=True)
class LanguageLink:
    """One edition's link from this page: its language, where it leads, and if it is this one."""

    language: Language
    href: str
    current: bool
    same_page: bool  # the same story or page in that language (else that edition's front page)


def versions(family_id: int) -> dict[str, str]:
    """The published members of family `family_id`: language code to slug (one query)."""
    rows = db.session.execute(
        select(Article.language, Article.slug).where(
            Article.family_id == family_id, publicly_visible()
        )
    )
    return {language: slug for language, slug in rows}


def _story_versions(article: Article) -> dict[str, str]:
    """`versions` of the story's family, once per request (the head and the masthead ask) and
    read once per site version (`fragments.kept_value`)."""
    if "story_versions" not in g:
        family = article.family_id
        kept = kept_value("versions", lambda: tuple(versions(family).items()), family)
        g.story_versions = dict(kept)
    return dict(g.story_versions)


def exists_in(codes: Iterable[str]) -> None:
    """Say which editions have this page (a tag's, an author's, a hub's: those with a visible
    story for it); the head's alternates and the masthead's links read it."""
    g.page_editions = frozenset(codes)


def _same_page(code: str, article: Article | None) -> str | None:
    """This page's address in edition `code`, if that edition has it."""
    if article is not None:
        slug = _story_versions(article).get(code)
        return url_for("public.article", slug=slug, lang=code) if slug else None
    endpoint = request.endpoint or ""
    if endpoint == SEARCH:
        return url_for(endpoint, lang=code, q=request.args.get("q") or None)
    if endpoint in IN_EVERY_EDITION or code in g.get("page_editions", ()):
        # A listing's first page: another edition has its own number of pages.
        return url_for(endpoint, **(request.view_args or {}), lang=code)
    return None


def page_identity(article: Article | None = None) -> Hashable:
    """What this page's language links and `hreflang` alternates depend on besides the site's
    state and the edition (which every kept part is keyed on): the story's family, or the
    endpoint, its values and the editions that have the page (`exists_in`). A search's words
    are the reader's own: its page is `fragments.UNKEPT` (drawn every time, never kept)."""
    if article is not None:
        return ("story", article.family_id)
    endpoint = request.endpoint or ""
    if endpoint == SEARCH:
        return UNKEPT
    values = tuple(sorted((request.view_args or {}).items()))
    return (endpoint, values, g.get("page_editions"))


def language_links(article: Article | None = None) -> list[LanguageLink]:
    """A link to every edition the newsroom publishes: to this story or page in its language
    when there is one, else to its front page. `article` is the story shown, if any: its
    links are kept per site version with its family's versions (`_kept_for_story`)."""
    if article is not None:
        return list(_kept_for_story("language-links", _language_links, article))
    return _language_links(None)


def _kept_for_story(name: str, compute: Any, article: Article) -> tuple[Any, ...]:
    """`compute(article)` for a story's page, kept as `versions` is (`fragments.kept_value`:
    the site version and the clock's next moment, the edition, signed in or not) under the
    story's family: what it says depends on nothing else. Drawn per request, the links and the
    head's alternates cost a kept story page about a twentieth of its CPU (bench:public-render)."""
    return tuple(kept_value(name, lambda: tuple(compute(article)), article.family_id))


def _language_links(article: Article | None) -> list[LanguageLink]:
    here = editions.code()
    links = []
    for language in editions.published():
        same = _same_page(language.code, article)
        href = same or url_for("public.home", lang=language.code)
        links.append(LanguageLink(language, href, language.code == here, same is not None))
    return links


def hreflang(article: Article | None = None) -> list[tuple[str, str]]:
    """(hreflang, absolute address) for every version of this page, then `x-default`; none for
    a page that exists in one language only."""
    if article is not None:
        return list(_kept_for_story("hreflang", _hreflang, article))
    return _hreflang(None)


def _hreflang(article: Article | None) -> list[tuple[str, str]]:
    found = [
        (language.code, absolute(href))
        for language in editions.published()
        if (href := _same_page(language.code, article))
    ]
    return with_default(found)


def with_default(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`found` (in the newsroom's order of languages) and its `x-default`, if it has two or
    more versions; nothing otherwise."""
    if len(found) < 2:
        return []
    default = dict(found).get(editions.published()[0].code, found[0][1])
    return [*found, ("x-default", default)]
