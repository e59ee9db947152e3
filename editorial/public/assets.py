"""What public pages fetch besides their HTML: one stylesheet, the favicon and the logo.

- **One stylesheet.** A phone waits for every stylesheet in the head before it draws anything, and
  the public pages linked six. `PUBLIC_STYLESHEETS` are served as one file, concatenated in order,
  at `/assets/public-<digest>.css`: the digest of its bytes is in the address, so it is cached for
  a year (`immutable`) and a change to any of the files gives a new address. The files stay what
  they are in static/css, so each rule has one source (the desk loads some of them one by one).
  The bundle is built once per process, and again when a file's modification time changes.
- **The favicon.** Pages link static/favicon.svg; browsers, feed readers and crawlers still ask for
  `/favicon.ico` at the root, which answers static/favicon.ico (the same mark, 16 to 48 px).
- **The logo** (static/img/logo.png, 512 px square, the same mark on white) is the publisher's
  logo in a story's JSON-LD (`publisher_logo`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Response, current_app, request, send_from_directory, url_for
from werkzeug.wrappers import Response as BaseResponse

from editorial.permissions import public
from editorial.urls import absolute

# In cascade order: shared variables and type, a story's text, the ticker, the site, search, and
# what a story page adds (small enough that every public page may as well have it cached).
PUBLIC_STYLESHEETS = (
    "base.css",
    "story.css",
    "ticker.css",
    "public.css",
    "search.css",
    "reading.css",
    "live.css",
)
YEAR = 365 * 24 * 3600
LOGO = "img/logo.png"
LOGO_SIZE = 512


@dataclass(frozen=True)
class Bundle:
    """A stylesheet made of several files, and the digest its address carries."""

    css: bytes
    digest: str


def _css_folder() -> Path:
    return Path(current_app.static_folder or "static") / "css"


@lru_cache(maxsize=4)
def _build(folder: Path, stamps: tuple[tuple[str, int], ...]) -> Bundle:
    """The files named in `stamps`, joined (each introduced by its name, for whoever reads it)."""
    parts = [f"/* {name} */\n".encode() + (folder / name).read_bytes() for name, _ in stamps]
    css = b"\n".join(parts)
    return Bundle(css=css, digest=hashlib.sha256(css).hexdigest()[:16])


def public_stylesheet() -> Bundle:
    """The public pages' stylesheet as the files are now."""
    folder = _css_folder()
    stamps = tuple((name, os.stat(path).st_mtime_ns) for name, path in _paths(folder))
    return _build(folder, stamps)


@lru_cache(maxsize=4)
def _paths(folder: Path) -> tuple[tuple[str, str], ...]:
    """Each file's name and path, made once: every public page asks each file's modification
    time, and making seven `Path`s to ask cost more than asking (bench:public3)."""
    return tuple((name, str(folder / name)) for name in PUBLIC_STYLESHEETS)


def public_stylesheet_url() -> str:
    """The address of the public stylesheet (its digest in it), for the public layout."""
    return url_for("public.stylesheet", digest=public_stylesheet().digest)


def publisher_logo() -> dict[str, object]:
    """The publisher's logo as schema.org wants it in a story's JSON-LD."""
    url = absolute(url_for("static", filename=LOGO))
    return {"@type": "ImageObject", "url": url, "width": LOGO_SIZE, "height": LOGO_SIZE}


@public
def stylesheet(digest: str) -> BaseResponse:
    """The public stylesheet. Under its current digest it is kept for a year; under an old one
    (a page cached before a deploy) it answers the current file, to be revalidated every time."""
    bundle = public_stylesheet()
    response = Response(bundle.css, mimetype="text/css")
    response.set_etag(bundle.digest)
    if digest == bundle.digest:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


@public
def favicon() -> BaseResponse:
    """/favicon.ico, where browsers and crawlers look for it whatever the page links."""
    return send_from_directory(
        current_app.static_folder or "static", "favicon.ico", max_age=7 * 24 * 3600
    )
