"""The public editions: one per language the newsroom publishes in, at `/` and `/<code>/`.

`/` is the default language's edition; every other published language has the same site under
its code (`/ar/`, `/ar/news/<slug>`, `/ar/section/<slug>`, `/ar/feeds/rss.xml`...). A public
address is declared once, with `edition_rule`, which adds it twice on the same endpoint: plain,
and under `/<edition:lang>`. So there is one view per page, and nothing is copied per edition:

- on the way in (`_enter`), the language is taken out of the view's arguments and kept as this
  request's edition (`current()`); a code the newsroom does not publish in is a 404, and the
  default language's code (`/en/...`) answers 301 to the plain address;
- on the way out (`_carry`), `url_for` of an edition endpoint stays in this request's edition
  unless it names another (`url_for("public.article", slug=..., lang="ar")`); the default
  language's code, or `lang=None`, builds the plain address. Werkzeug tries the rule with more
  arguments first, so a given `lang` picks the prefixed rule and a missing one the plain rule.

Every public query asks `current()` which language to show (`editorial.public.queries.visible`),
so an edition lists only its own stories. The page cache keys on the address, which carries the
edition. A shared layer: Flask, the catalogue and the site settings, no feature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, abort, g, has_request_context, redirect, request
from werkzeug.routing import BaseConverter

from editorial import languages, newsroom
from editorial.languages import Language

ARGUMENT = "lang"
# Every endpoint declared through `edition_rule`: the ones `_enter` and `_carry` look after.
ENDPOINTS: set[str] = set()


class EditionConverter(BaseConverter):
    """`<edition:lang>`: a catalogue code, so no other first path segment is ever taken for one
    (`/desk`, `/login`...). Whether the newsroom publishes in it is decided per request."""

    regex = "|".join(sorted(languages.CATALOGUE, key=len, reverse=True))


def edition_rule(bp: Blueprint, rule: str, view_func: Callable[..., Any], **options: Any) -> None:
    """Serve `rule` in every edition: at `rule` (the default's) and at `/<code>` + `rule`."""
    endpoint = options.pop("endpoint", None) or view_func.__name__
    bp.add_url_rule(rule, endpoint, view_func, **options)
    bp.add_url_rule(f"/<edition:{ARGUMENT}>{rule}", endpoint, view_func, **options)
    ENDPOINTS.add(f"{bp.name}.{endpoint}")


def current() -> Language:
    """This request's edition (the default language's outside an edition address)."""
    if has_request_context() and "edition" in g:
        return languages.get(g.edition)
    return languages.get(newsroom.default_language())


def is_default(code: str) -> bool:
    """Whether `code` is the default language's (the edition at the plain addresses)."""
    return code == newsroom.default_language()


def published() -> list[Language]:
    """The editions, the default first (the languages the newsroom publishes in)."""
    return newsroom.current().published_languages


def _enter(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Keep the address's edition for this request; refuse a language the newsroom lacks."""
    if endpoint not in ENDPOINTS:
        return
    code = (values or {}).pop(ARGUMENT, None)
    if code is None:
        g.edition = newsroom.default_language()
        return
    if code not in newsroom.current().languages:
        abort(404)
    if is_default(code):  # `/en/news/x` is `/news/x`
        target = request.full_path.rstrip("?").removeprefix(f"/{code}") or "/"
        abort(redirect(target if target.startswith("/") else "/" + target, 301))
    g.edition = code


def _carry(endpoint: str, values: dict[str, Any]) -> None:
    """Build an edition endpoint's address in this request's edition unless told another."""
    if endpoint not in ENDPOINTS:
        return
    if ARGUMENT not in values:
        if has_request_context() and g.get("edition") and not is_default(g.edition):
            values[ARGUMENT] = g.edition
        return
    code = values[ARGUMENT]
    if code is None or is_default(code):
        values.pop(ARGUMENT)


def init_editions(app: Flask) -> None:
    """The `edition` converter (before any blueprint adds a rule) and the two hooks."""
    app.url_map.converters["edition"] = EditionConverter
    app.url_value_preprocessor(_enter)
    app.url_defaults(_carry)


def code() -> str:
    """This request's edition's language code: what public queries compare `language` with."""
    return current().code
