"""Compress text responses (pages, fragments, CSS, JS, feeds) with brotli or gzip.

What the browser says it accepts (`Accept-Encoding`, with its q-values) decides: brotli first,
then gzip, else the response goes as it is. Only a complete 200 of a text type is compressed:

- a streamed body (the audit log's CSV export, a generator) is left as it is, so it still streams;
  a static file (sent as a file wrapper) is read and compressed, it is small and known in full;
- 304s, 206s and errors are untouched: a 304 has no body, and a range is of the plain bytes;
- an `ETag` becomes weak (`W/"..."`) when the body is compressed, since the compressed bytes
  are not the plain ones: a strong validator must name one exact representation, a weak one may
  stand for every encoding of the same content. Browsers send it back in `If-None-Match`, which
  is compared weakly (Werkzeug's `send_file` and `page_cache` both do), so 304s keep working;
- every response of a compressible type carries `Vary: Accept-Encoding`, so a shared cache never
  hands a compressed body to a client that did not ask for it.

Compressed bodies that are the same for every reader (a static file, an anonymous public page:
`Cache-Control: public`) are kept in a small LRU map keyed on the encoding and a digest of the
plain bytes, so a page the page cache keeps (`page_cache`) is hashed, not compressed again, for
every reader. The key is the content itself, never an ETag: a page's ETag names a site version
and a time slot, and the bytes under it are only the same while the page cache keeps them.
Anything else (a signed-in person's page is `no-store`) is compressed for its request only.

`init_compression` must be called before any other `after_request` is registered: Flask runs them
in reverse order, so this one runs last and sees the response as it will be sent (the page cache
keeps the plain body; the security headers are already set).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict

import brotli
from flask import Flask, Response, request
from werkzeug.datastructures import Accept

TYPES = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "text/plain",
        "text/xml",
        "application/javascript",
        "application/json",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "image/svg+xml",
    }
)
ENCODINGS = ("br", "gzip")  # preferred first when the browser likes both equally
MIN_BYTES = 512  # below this the encoding's own overhead eats the saving
MAX_BYTES = 4 * 1024 * 1024  # a larger body is sent as it is rather than held in memory twice
BROTLI_QUALITY = 5  # brotli's speed/size sweet spot for bodies made per request
GZIP_LEVEL = 6
KEPT_ENTRIES = 256
KEPT = "editorial.compressed_bodies"  # the app's KeptBodies, in app.extensions


def compress(data: bytes, encoding: str) -> bytes:
    """`data` encoded with `encoding` ("br" or "gzip")."""
    if encoding == "br":
        return bytes(brotli.compress(data, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY))
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


class KeptBodies:
    """Compressed bodies that every reader gets alike, by (encoding, digest of the plain body)."""

    def __init__(self, size: int = KEPT_ENTRIES) -> None:
        self._size = size
        self._bodies: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, bytes]) -> bytes | None:
        """The body kept under `key`, if any (and mark it recently used)."""
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: tuple[str, bytes], body: bytes) -> None:
        """Keep `body`; the least recently used go beyond the size."""
        with self._lock:
            self._bodies[key] = body
            self._bodies.move_to_end(key)
            while len(self._bodies) > self._size:
                self._bodies.popitem(last=False)

    def __len__(self) -> int:
        return len(self._bodies)


def chosen_encoding(accepted: Accept) -> str | None:
    """The encoding the browser accepts best, of ours (None: send it plain); `accepted` is its
    `Accept-Encoding` as Werkzeug parses it (`request.accept_encodings`)."""
    encoding = accepted.best_match(ENCODINGS)
    return encoding if encoding and accepted[encoding] > 0 else None


def encoded(kept: KeptBodies, plain: bytes, encoding: str, *, same_for_everyone: bool) -> bytes:
    """`plain` encoded, from `kept` when it is the same for every reader (and then kept there).

    Shared by the hook below and the poll gate's answer for a page the page cache keeps
    (`fast_polls`), so the two send the same bytes."""
    if not same_for_everyone:
        return compress(plain, encoding)
    key = (encoding, hashlib.blake2b(plain, digest_size=16).digest())
    body = kept.get(key)
    if body is None:
        body = compress(plain, encoding)
        kept.put(key, body)
    return body


def _compressible(response: Response) -> bool:
    if response.status_code != 200 or "Content-Encoding" in response.headers:
        return False
    if response.is_streamed and not response.direct_passthrough:
        return False  # a generator: it streams as it is
    length = response.content_length
    return length is None or MIN_BYTES <= length <= MAX_BYTES


def _same_for_everyone(response: Response) -> bool:
    return request.endpoint == "static" or bool(response.cache_control.public)


def init_compression(app: Flask) -> None:
    """Compress every eligible response (see the module doc); call before other after_requests."""
    kept = KeptBodies()
    app.extensions[KEPT] = kept

    @app.after_request
    def compress_response(response: Response) -> Response:
        if response.mimetype not in TYPES:
            return response
        response.vary.add("Accept-Encoding")
        encoding = chosen_encoding(request.accept_encodings)
        if encoding is None or not _compressible(response):
            return response
        # A static file is read here (it is small); Werkzeug closes it with the response.
        response.direct_passthrough = False
        plain = response.get_data()
        if len(plain) < MIN_BYTES:
            return response
        body = encoded(kept, plain, encoding, same_for_everyone=_same_for_everyone(response))
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        response.headers.pop("Accept-Ranges", None)  # ranges would be of the plain bytes
        etag, weak = response.get_etag()
        if etag and not weak:
            response.set_etag(etag, weak=True)
        return response
