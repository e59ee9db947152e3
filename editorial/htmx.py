"""One URL, two renderings: the page for a normal request, the fragment for an htmx swap.

The three answers every feature gives go through here, so each rule lives in one place:

- a page (`render`): an htmx request gets the fragment, except a history restore (the back button
  after htmx's cache missed), which gets the whole page like any other navigation;
- an action done (`done`): htmx gets the fragment it swaps (with any out-of-band panels) and a
  toast; a plain form post gets the message flashed and a redirect;
- a poll (`poll`): 304 before anything is rendered while the browser's ETag still matches, else
  the fragment, never kept by a cache without asking. A poll view marked
  `fast_polls.cheap_poll` is answered that 304 before Flask runs at all.

A refusal is `editorial.refusal.answer`'s. `respond` sends the htmx response headers (events,
retargeting, swap style) for a fragment a view has already rendered; `toast` is the event payload
every page's message area listens to (`static/js/app.js`).

`Vary: HX-Request` is added to every response by `editorial.security`, so caches keep the two
renderings apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request
from flask import make_response as flask_response
from htmx_flask.requests import HtmxHeaders
from werkzeug.wrappers import Response

Trigger = dict[str, Any]


def headers() -> HtmxHeaders:
    """This request's htmx headers (`HX-Trigger`, `HX-Target`...)."""
    # htmx-flask's request class adds `.htmx` at run time; Flask's type doesn't know it.
    return request.htmx  # type: ignore[attr-defined]


def is_htmx() -> bool:
    """Whether this request came from htmx (any kind: swap, poll or history restore)."""
    return bool(headers())


def wants_fragment() -> bool:
    """An htmx swap wants the fragment; a history restore (back button) wants the whole page."""
    return is_htmx() and not headers().history_restore_request


def from_page(path: str) -> bool:
    """Whether this htmx request was made from the page at `path` (its `HX-Current-URL`).

    An action answers its own panel everywhere; on the page it came from it also refreshes the
    page's other panels (see `articles.panels.refreshed`).
    """
    current = request.headers.get("HX-Current-URL", "") if is_htmx() else ""
    return bool(current) and urlsplit(current).path == path


def render(
    page: str,
    fragment: str | None = None,
    /,
    *,
    status: int = 200,
    trigger: Trigger | None = None,
    **context: Any,
) -> Response:
    """Render `fragment` for an htmx swap, else `page`, with the same context.

    `trigger` (htmx events) is sent only with the fragment: a full page has nothing listening.
    """
    if fragment is not None and wants_fragment():
        return respond(render_template(fragment, **context), status=status, trigger=trigger)
    return flask_response(render_template(page, **context), status)


def fragment(template: str, /, *, status: int = 200, **kwargs: Any) -> Response:
    """Render a fragment and send it with htmx headers (see `respond` for the keywords)."""
    headers = {key: kwargs.pop(key) for key in ("trigger", "retarget", "reswap") if key in kwargs}
    return respond(render_template(template, **kwargs), status=status, **headers)


def respond(
    html: str | bytes,
    *,
    status: int = 200,
    trigger: Trigger | None = None,
    retarget: str | None = None,
    reswap: str | None = None,
) -> Response:
    """`html` with htmx's response headers: `HX-Trigger` events, `HX-Retarget`, `HX-Reswap`.

    The headers are set directly rather than through htmx-flask's `make_response`, whose reswap
    check rejects `beforebegin`/`afterbegin` (a missing comma in its list of values).
    """
    response = flask_response(html, status)
    if trigger:
        response.headers["HX-Trigger"] = json.dumps(trigger)
    if retarget:
        response.headers["HX-Retarget"] = retarget
    if reswap:
        response.headers["HX-Reswap"] = reswap
    return response


def toast(message: str, kind: str = "success") -> Trigger:
    """The `toast` event: a message the page shows in its live region."""
    return {"toast": {"message": message, "kind": kind}}


def done(
    message: str,
    fragment: Callable[[], str],
    back: str,
    *,
    kind: str = "success",
    trigger: Trigger | None = None,
    retarget: str | None = None,
    reswap: str | None = None,
) -> Response:
    """The answer to an action that worked: for htmx, `fragment()` (what it swaps, with any
    out-of-band panels; where `retarget` and how `reswap` say, when not where the request's
    element said) with `message` as a toast and the `trigger` events; for a plain form post,
    `message` flashed and a redirect to `back`. `fragment` is only rendered for htmx."""
    if is_htmx():
        events = {**(trigger or {}), **toast(message, kind)}
        return respond(fragment(), trigger=events, retarget=retarget, reswap=reswap)
    flash(message, kind)
    return redirect(back)


def poll(etag: str, fragment: Callable[[], str | bytes]) -> Response:
    """A poll's answer: 304, with nothing loaded or rendered, while the browser's `If-None-Match`
    still matches `etag` (read from one indexed query); else `fragment()`. `no-cache`: a cache may
    keep it but must ask every time."""
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = respond(fragment())
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response
