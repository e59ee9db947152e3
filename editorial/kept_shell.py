"""A staff page whose content is all kept parts, kept whole with holes (issue 28, bench:board3).

Once the board was kept (`desk.views.kept_board`, spliced as bytes), a fifth to a third of a
board request was Jinja drawing the page around it: three templates' blocks, nine static
`url_for`, the context processors. What that page shows outside its kept parts is the same for
every request of one kind, but for a few calls the staff layout makes per request:

- `csrf_token()` (the body's `hx-headers`), `staff_chrome()` (the top bar: `staff_bar`, itself
  kept with holes), `page_flashes()` and `publish_alarm()` (staff/layout.html): the shell is
  drawn with a random mark where each goes (`HOLES`: template globals called with no argument,
  so the mark replaces the call's output exactly), and each is called again per request, as
  the page would call it, in the page's order;
- the page's own parts (the board, its filter form), given per request as slots.

The rest is the newsroom's name and the edition's language (the site's version and the
request's edition and language), the page's static addresses (the script root) and the
template itself, which is what the shell is kept under (`shell_key`) with the page's name. A
value a hole would escape is escaped as Jinja escapes it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from flask import current_app, g, make_response, render_template, request
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from editorial import editions
from editorial.fragment_cache import fragment_cache
from editorial.page_cache import site_version

# The staff layout's per-request calls (see the module's docstring), in no particular order.
HOLES = ("csrf_token", "staff_chrome", "page_flashes", "publish_alarm")
# A mark per hole and per slot name: random per process, so no text a person types can forge one.
_MARK = f"shell-{secrets.token_hex(12)}-"
_FIND = re.compile(re.escape(_MARK) + r"([a-z_]+)-")


def _mark(name: str) -> Markup:
    return Markup(f"{_MARK}{name}-")  # noqa: S704  (hex digits and a Python name)


def shell_key(page: str, slots: tuple[str, ...]) -> tuple[object, ...]:
    """What the page around its holes and slots shows (see the module's docstring)."""
    return (
        "staff.shell",
        page,
        slots,
        site_version(),
        request.script_root,
        g.get("edition"),
        editions.code(),
    )


def _draw(page: str, slots: tuple[str, ...]) -> tuple[str | bytes, ...]:
    """The page drawn with marks, split: bytes between marks, a hole's or slot's name at odd
    places."""
    marks = {name: _mark(name) for name in (*HOLES, *slots)}
    drawn = render_template(
        page,
        **{name: (lambda mark=marks[name]: mark) for name in HOLES},
        **{name: marks[name] for name in slots},
    )
    split = _FIND.split(drawn)
    return tuple(part.encode() if at % 2 == 0 else part for at, part in enumerate(split))


def render_shell(page: str, slots: Mapping[str, bytes | Markup]) -> Response:
    """`page` as `render_template(page, **slots)` draws it for this request, its bytes joined
    from the kept shell, this request's holes and `slots` (bytes are UTF-8 already)."""
    names = tuple(slots)
    kept = fragment_cache().get_or_render(shell_key(page, names), lambda: _draw(page, names))
    found: Mapping[str, Any] = current_app.jinja_env.globals
    out: list[bytes] = []
    for part in kept:
        if isinstance(part, bytes):  # the even places
            out.append(part)
            continue
        value = slots[part] if part in slots else escape(found[part]())
        out.append(value if isinstance(value, bytes) else str(value).encode())
    return make_response(b"".join(out))
