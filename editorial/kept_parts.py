"""A staff page's part drawn once per desk version, viewer, address and minute, and kept (issue 28).

The desk board keeps its board this way (`desk.views.kept_board`); the fact-check queue, My
queue, the calendar and the planning budget keep their pages' content the same way, since each
shows only what a committed write a board could show moves `editorial.board_version` on for
(stories, their people and marks, plans, deadlines, claims, checklists, sections, settings), and
what the clock says, which changes with the minute at most.

The key (`part_key`) is the part's name, the desk's version, the viewer's id and role, the
address's query string as typed, the newsroom's zone and the minute, plus what the caller adds
(whether htmx asked for a fragment). What that promises is the board's promise: a committed
write shows on the next request in every process; nobody is given a part drawn for another
person; the clock's words ("5 min", "Today") are those of the minute the request falls in,
drawn by that minute's first request.

A kept part is drawn with `csrf_holes.HOLE` for every CSRF token, and this request's token
is put in (`fill`). A large one (the board) may be kept as UTF-8 bytes split at the holes
(`csrf_holes.pieces`) and spliced into its page's bytes (`render_spliced`): the page
around it is drawn with a slot where it goes, so its hundreds of KB are neither searched for
holes, copied through Jinja nor encoded again on every request.

The caller reads the version (`board_version_this_request`) before anything it shows: a write
landing meanwhile is drawn under the older key at worst.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable

from flask import make_response, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import clock, newsroom
from editorial.board_version import board_version, board_version_this_request
from editorial.csrf_holes import fill
from editorial.fragment_cache import fragment_cache
from editorial.workflow_guards import UserLike, role_of


def part_key(part: str, who: UserLike, version: int | None, *more: Hashable) -> Hashable:
    """What a kept part of a staff page is kept under (see the module's docstring)."""
    minute = int(clock.now().timestamp() // 60)
    version = board_version() if version is None else version
    return (
        part,
        version,
        who.id,
        role_of(who),
        request.query_string,
        newsroom.zone(),
        minute,
        *more,
    )


def part_family(part: str, who: UserLike, *more: Hashable) -> Hashable:
    """`part_key` without its version and minute: what a part is kept under with
    `FragmentCache.get_or_stand_in`, the version and the minute (`minute_now`) its stamp."""
    return (part, who.id, role_of(who), request.query_string, newsroom.zone(), *more)


def minute_now() -> int:
    """The clock's minute as a number (a stamp for `FragmentCache.get_or_stand_in`)."""
    return int(clock.now().timestamp() // 60)


def kept_part(part: str, who: UserLike, render: Callable[[], str], *more: Hashable) -> Markup:
    """`render()`'s HTML (drawn with `HOLE` for its CSRF tokens) kept under `part_key`, with this
    request's token put in. The desk's version is read once a request, before `render` runs."""
    key = part_key(part, who, board_version_this_request(), *more)
    return fill(fragment_cache().get_or_render(key, render, alone=True), generate_csrf)


# Where a part kept as bytes goes in its page: random per process, so no text a person types
# can forge it (as `HOLE`).
SLOT = Markup(f"kept-slot-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)


def render_spliced(page: str, slot: str, part: bytes, **context: object) -> Response:
    """`page` rendered with `context`, and `part` (UTF-8, its tokens filled) where the template
    shows `slot`: the same bytes as rendering it with the part in the context, without the
    part passing through the template."""
    drawn = render_template(page, **{slot: SLOT}, **context).encode()
    before, found, after = drawn.partition(SLOT.encode())
    if not found:
        raise LookupError(f"{page} does not show {slot}")
    return make_response(b"".join((before, part, after)))
