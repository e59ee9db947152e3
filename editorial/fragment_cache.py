"""Rendered fragments kept in memory, keyed on everything they show (issue 28).

A board of 150 cards rendered each card through Jinja on every request: two thirds of the
board's CPU. Most cards are the same from one request to the next and from one viewer to the
next, so a card is rendered once per key and its HTML reused.

The key is the invalidation. A caller builds it from every value its fragment shows (the
article's version, the names on it, the marks, what its clock says in words, and the part of
it that depends on the viewer: which buttons, the return address), so a change to any of them is
a new key at once, in every process, without a message between processes: the same rule as the
page cache (`editorial.page_cache`), which keys on the site's version. Old keys are never read
again and fall out of the least-recently-used end. Nothing is keyed on a person: two viewers
whose cards would say the same share the HTML, and two whose cards would differ get different
keys, because what differs is in the key.

Per-request secrets (a form's CSRF token) are never in a kept fragment: the fragment is rendered
with `HOLE` where the token goes, and `fill` puts this request's token in after reading it.

The public pages' parts (`public/fragments.py`: the masthead, the footer, a front, a listing's
page, a story) are kept here too, keyed on the page cache's key (the site's version and slot).

Bounded (`FRAGMENT_CACHE_ENTRIES`, 0 turns it off), safe across threads, one per app.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask, current_app
from markupsafe import Markup

EXTENSION = "editorial.fragment_cache"
DEFAULT_ENTRIES = 2048
# Where this request's CSRF token goes in a kept fragment: random per process, so no text a
# person types can forge it.
T = TypeVar("T")
HOLE = Markup(f"csrf-hole-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)


class FragmentCache:
    """A size-bounded LRU map from a key to rendered HTML, safe across threads."""

    def __init__(self, max_entries: int = DEFAULT_ENTRIES) -> None:
        self.max_entries = max(0, int(max_entries))
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_render(self, key: Hashable, render: Callable[[], T]) -> T:
        """The HTML (or other immutable value) kept under `key`, or `render()`'s, kept (rendered
        outside the lock: two threads missing the same key at once both render it, which is
        cheaper than waiting)."""
        if self.max_entries == 0:
            return render()
        with self._lock:
            html = self._entries.get(key)
            if html is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                kept: T = html
                return kept
            self.misses += 1
        html = render()
        with self._lock:
            self._entries[key] = html
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return html

    def clear(self) -> None:
        """Forget everything (tests; never needed for correctness)."""
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


def fragment_cache() -> FragmentCache:
    """This app's fragment cache."""
    cache: FragmentCache = current_app.extensions[EXTENSION]
    return cache


def fill(html: str, csrf_token: Callable[[], str]) -> Markup:
    """A kept fragment with this request's CSRF token (asked for only if needed) where `HOLE` is.

    `html` is a template's autoescaped output; the token is URL-safe base64 and dots."""
    filled = html.replace(HOLE, csrf_token()) if HOLE in html else html
    return Markup(filled)  # noqa: S704  (a template's escaped output)


def init_fragment_cache(app: Flask) -> None:
    """Give the app its cache, sized by FRAGMENT_CACHE_ENTRIES."""
    entries = app.config.get("FRAGMENT_CACHE_ENTRIES", DEFAULT_ENTRIES)
    app.extensions[EXTENSION] = FragmentCache(int(entries))
