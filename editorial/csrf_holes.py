"""Where a kept fragment's per-request secrets go (`fragment_cache`): a kept fragment is drawn
with `HOLE` wherever this request's CSRF token goes, and the token is put in as the fragment is
sent (`fill`; as bytes split once at the holes, `pieces` and `fill_bytes`)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from markupsafe import Markup

# Where this request's CSRF token goes in a kept fragment: random per process, so no text a
# person types can forge it.
HOLE = Markup(f"csrf-hole-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)


def fill(html: str, csrf_token: Callable[[], str]) -> Markup:
    """A kept fragment with this request's CSRF token (asked for only if needed) where `HOLE` is.

    `html` is a template's autoescaped output; the token is URL-safe base64 and dots."""
    filled = html.replace(HOLE, csrf_token()) if HOLE in html else html
    return Markup(filled)  # noqa: S704  (a template's escaped output)


def pieces(html: str) -> tuple[bytes, ...]:
    """A kept fragment as UTF-8 bytes split at `HOLE`: encoded once when drawn, so a request
    joins its token between the pieces (`fill_bytes`) instead of searching, copying and encoding
    hundreds of KB again (a kept board: issue 28, bench:staff-chrome)."""
    return tuple(piece.encode() for piece in html.split(HOLE))


def fill_bytes(kept: tuple[bytes, ...], csrf_token: Callable[[], str]) -> bytes:
    """`fill` for `pieces`: the fragment's bytes with this request's token in every hole (asked
    for only if there is one)."""
    return csrf_token().encode().join(kept) if len(kept) > 1 else kept[0]


def stretches(html: str, hole: str) -> tuple[tuple[bytes, ...], ...]:
    """`pieces` of each stretch of `html` between the places of another hole (`hole`, filled per
    request as well: an article's desk page's preview links), in order."""
    return tuple(pieces(stretch) for stretch in html.split(hole))


def fill_stretches(
    kept: tuple[tuple[bytes, ...], ...], csrf_token: Callable[[], str], value: bytes
) -> bytes:
    """`fill_bytes` for `stretches`: each stretch's tokens filled, `value` between them."""
    return value.join(fill_bytes(stretch, csrf_token) for stretch in kept)
