"""Response headers and redirect-target checks shared by every blueprint."""

from __future__ import annotations

from tempfile import SpooledTemporaryFile
from typing import IO
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, abort, request
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from editorial.database import SAFE_METHODS

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self' https: data:"
)
# The same policy for the one page this site frames itself (the editor's full-width preview).
CSP_FRAMEABLE_BY_SELF = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


def safe_next(target: str | None) -> str | None:
    """`target` if it is a same-site relative path, else None.

    Refuses anything a browser could read as another host: `//x`, `/\\x`, `\\\\x`, `/%5Cx`,
    `http:/\\x`, `javascript:...`, and control characters.
    """
    if not target:
        return None
    decoded = unquote(target)
    if not target.startswith("/") or decoded.startswith("//"):
        return None
    if "\\" in decoded or any(ord(c) < 32 or ord(c) == 127 for c in decoded):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def frameable_by_this_site(response: BaseResponse) -> BaseResponse:
    """Let this site's own pages (and only them) show `response` in a frame.

    Every other response keeps `frame-ancestors 'none'` and `X-Frame-Options: DENY`
    (`init_security_headers` sets them only where a view has not).
    """
    response.headers["Content-Security-Policy"] = CSP_FRAMEABLE_BY_SELF
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def init_body_limit(app: Flask) -> None:
    """Refuse (413) every request whose body is over its limit, with a length or without one.

    The limit is the request's `max_content_length` (MAX_CONTENT_LENGTH, or the upload endpoints'
    larger one from `media.limits`). Werkzeug refuses a Content-Length over it, but reads a body
    sent without one (chunked) only up to the limit and hands the cut body on as if it were whole.
    So a body without a length is read here, once, at most one byte past the limit: over it is
    refused; within it, it is handed on as a body of known length. Registered before every other
    request hook (the CSRF check reads the form), and it runs for every route, even one that never
    reads its body.
    """

    @app.before_request
    def refuse_oversized_body() -> None:
        limit = request.max_content_length
        if limit is None:
            return
        environ = request.environ
        if request.content_length is not None:
            if request.content_length > limit:
                raise RequestEntityTooLarge()
            return
        if "wsgi.input_terminated" not in environ:
            return  # no length and a server that doesn't end the stream: Werkzeug reads nothing
        body, size = _read_at_most(environ["wsgi.input"], limit + 1)
        if size > limit:
            raise RequestEntityTooLarge()
        environ["wsgi.input"] = body
        environ["CONTENT_LENGTH"] = str(size)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        request.__dict__.pop("stream", None)  # in case a hook before this one looked at it


def _read_at_most(stream: IO[bytes], size: int) -> tuple[IO[bytes], int]:
    """Up to `size` bytes of `stream`, and how many: kept in memory while small, then in a
    temporary file (an upload may be 11 MB), as Werkzeug keeps a form's files."""
    kept: IO[bytes] = SpooledTemporaryFile(max_size=512 * 1024)  # dropped with the request
    read = 0
    while read < size:
        piece = stream.read(min(size - read, 64 * 1024))
        if not piece:
            break
        kept.write(piece)
        read += len(piece)
    kept.seek(0)
    return kept, read


def init_input_guard(app: Flask) -> None:
    """Refuse (400) any request whose path, query or form carries a NUL character.

    No person types one; PostgreSQL can't store one in text and would answer with an error (found
    by tests/test_fuzz.py), and SQLite would keep an invisible character.
    """

    @app.before_request
    def refuse_nul() -> None:
        # The path too (`/news/%00` reached PostgreSQL); a GET's body is never read.
        sources = [request.args] if request.method in SAFE_METHODS else [request.args, request.form]
        if "\x00" in request.path or any(
            "\x00" in value
            for source in sources
            for _key, values in source.lists()
            for value in values
        ):
            abort(400, "The request contained a character that can't be stored.")


def standard_headers(*, secure: bool) -> list[tuple[str, str]]:
    """The security headers every response carries (HSTS only over TLS): added by
    `init_security_headers`, and by the poll gate (`fast_polls`) to the 304s it answers."""
    headers = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ]
    if secure:
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return headers


def init_security_headers(app: Flask) -> None:
    """Add the security headers to every response: pages, partials, errors and static files."""

    # Built once, with each name as compared (`standard_headers` is the one list).
    each = {
        secure: tuple(
            (name.lower(), name, value) for name, value in standard_headers(secure=secure)
        )
        for secure in (False, True)
    }

    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        present = {name.lower() for name in headers.keys()}  # one pass, not one per header
        for lowered, name, value in each[bool(app.config["PREFER_HTTPS"] or request.is_secure)]:
            if lowered not in present:
                headers.add(name, value)
        # One URL serves a page or an htmx fragment: caches must keep them apart. Without a
        # Vary yet (most answers), the header as `response.vary.add` writes it, unparsed.
        if "vary" in present:
            response.vary.add("HX-Request")
        else:
            headers["Vary"] = "HX-Request"
        if request.endpoint != "static" and "cache-control" not in present:
            # Signed-in pages must not be kept by shared caches.
            headers["Cache-Control"] = "no-store" if _signed_in() else "no-cache"
        return response


def _signed_in() -> bool:
    return bool(current_user and current_user.is_authenticated)
