"""A short-lived in-process cache of anonymous readers' public pages.

Every reader's page is the same for a few seconds, and the front page costs ~25 ms to query and
render; serving it from memory lets one process answer thousands of readers a second. Bounded
staleness: entries live `PUBLIC_PAGE_CACHE_SECONDS` (default 5; 0 turns the cache off, as tests
do), and this process drops every entry as soon as it changes anything (a successful POST, a
transition, a scheduled release). Other processes see a change within the TTL at worst; shared
caches in front are already told `max-age=60` by the public blueprint.

Only GETs of views marked both `@public` and `@read_only`, without an htmx header, from a browser
with no session cookie, answering 200 without setting a cookie, are kept.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, g, request

from editorial import htmx
from editorial.public import CSRF_EXEMPT_ENDPOINTS
from editorial.signals import article_saved, article_transitioned

MAX_ENTRIES = 512
# Endpoints that are public and read-only but must not be kept: they carry their own ETag logic.
NEVER = {"ticker.poll", "ticker.api", "static"}


@dataclass
class Entry:
    """One kept response."""

    expires: float
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class PageCache:
    """A TTL- and size-bounded map from URL to response, safe across threads."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self, *_args: Any, **_kwargs: Any) -> None:
        """Forget everything (also usable as a signal receiver)."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _cacheable_request(app: Flask) -> bool:
    if request.method != "GET" or htmx.is_htmx() or request.endpoint in NEVER:
        return False
    if app.config["SESSION_COOKIE_NAME"] in request.cookies:
        return False
    view = app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "_public", False) and getattr(view, "_read_only", False))


def init_page_cache(app: Flask) -> None:
    """Serve and keep anonymous public pages; drop them all when this process changes anything."""
    ttl = float(app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0))
    if ttl <= 0:
        return
    cache = PageCache()
    app.extensions["editorial.page_cache"] = cache
    exempt = set(CSRF_EXEMPT_ENDPOINTS)  # the read-count beacon changes no page
    article_transitioned.connect(cache.clear, weak=False)
    article_saved.connect(cache.clear, weak=False)

    @app.before_request
    def serve_kept_page() -> Response | None:
        g.page_cache_key = None
        if not _cacheable_request(app):
            return None
        key = request.full_path
        entry = cache.get(key)
        if entry is None:
            g.page_cache_key = key
            return None
        return Response(entry.body, status=entry.status, headers=entry.headers)

    @app.after_request
    def keep_page(response: Response) -> Response:
        key = g.get("page_cache_key")
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
            and request.endpoint not in exempt
        ):
            cache.clear()
        elif key and response.status_code == 200 and "Set-Cookie" not in response.headers:
            if not response.direct_passthrough:
                cache.put(
                    key,
                    Entry(
                        expires=time.monotonic() + ttl,
                        status=response.status_code,
                        headers=list(response.headers.items()),
                        body=response.get_data(),
                    ),
                )
        return response
