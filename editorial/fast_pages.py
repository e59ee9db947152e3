"""The poll gate's kept pages (`fast_polls`): a reader's page the page cache keeps, sent as
Flask sends that hit, before Flask runs.

The entry is the one `page_cache` keeps under the same key and address; it goes out with the
kept headers, then the security headers and `Vary` Flask's hooks add, the body compressed as
the compression hook compresses it (`compression.chosen_encoding`, `compression.encoded`, the
same kept bodies). An entry holding a header those hooks would merge or set, a Content-Type the
compression hook leaves alone, or a query that is not UTF-8 goes to Flask.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.datastructures import ResponseCacheControl
from werkzeug.http import parse_accept_header, parse_cache_control_header, parse_options_header

from editorial import compression, page_cache, security

Headers = list[tuple[str, str]]
Answer = tuple[str, Headers, list[bytes]]  # status, headers, body
# Headers Flask's hooks add to a kept page (or would change in it): an entry holding one falls
# through, so the gate never has to merge them.
_ADDED_BY_HOOKS = frozenset(
    {"vary", "content-encoding", "accept-ranges", "set-cookie"}
    | {name.lower() for name, _ in security.standard_headers(secure=True)}
)


def kept(
    app: Flask, environ: dict[str, Any], key: str, etag: str, standard: Headers
) -> Answer | None:
    """The page the page cache keeps under `key` for this address, as Flask sends a hit (with
    `standard`, the headers Flask's hooks add to any answer). None (Flask answers) when nothing
    is kept, or the entry holds a header those hooks would treat otherwise."""
    full_path = _full_path(environ)
    if full_path is None:
        return None
    entry = app.extensions[page_cache.CACHE].get(page_cache.entry_key(key, full_path))
    if entry is None or entry.status != 200:
        return None
    held = {name.lower(): value for name, value in entry.headers}
    if (
        len(held) != len(entry.headers)
        or not held.keys().isdisjoint(_ADDED_BY_HOOKS)
        or held.get("etag") != etag
        or "cache-control" not in held
        or held.get("content-length") != str(len(entry.body))
        or parse_options_header(held.get("content-type"))[0] not in compression.TYPES
    ):
        return None
    body = entry.body
    encoding = compression.chosen_encoding(parse_accept_header(environ.get("HTTP_ACCEPT_ENCODING")))
    if encoding is not None and compression.MIN_BYTES <= len(body) <= compression.MAX_BYTES:
        public = parse_cache_control_header(held["cache-control"], cls=ResponseCacheControl)
        body = compression.encoded(
            app.extensions[compression.KEPT], body, encoding, same_for_everyone=bool(public.public)
        )
    else:
        encoding = None
    headers = [
        (name, str(len(body)) if name.lower() == "content-length" else value)
        for name, value in entry.headers
    ]
    headers += standard
    if encoding is not None:
        headers.append(("Content-Encoding", encoding))
    return "200 OK", headers, [body]


def _full_path(environ: dict[str, Any]) -> str | None:
    """`request.full_path` as Werkzeug builds it (the page cache's address), or None where
    Werkzeug would fail (a query that is not UTF-8): Flask answers that one."""
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    try:
        query = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    return f"/{path.lstrip('/')}?{query}"
