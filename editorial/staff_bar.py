"""The staff top bar kept per everything it shows, with holes for this request's values (issue 28).

Every staff page drew its top bar (`staff/_bar.html`: the navigation, the account menu) through
Jinja: about twenty `url_for`, seven `can` checks and the blocks' joins, 0.3 to 0.5 ms of every
staff page (bench:staff-chrome). What it shows is the same for every request of one kind:

- the newsroom's name and language (the site's version, `page_cache.site_version`);
- which links this person may follow (each navigation action's `can`, asked on every request:
  nothing here decides a permission, and every view still checks its own);
- the person's role (its label), the page's endpoint (which link is current), and what its
  addresses are built from (the script root, the request's edition).

So it is drawn once per that key (`fragment_cache`) and kept as text split at its holes, and a
request joins its own values in: the person's name (escaped as Jinja escapes it), My queue's
count and the inbox's badge (each drawn once per value, `staff/_bar_waiting.html` and
`staff/_bar_badge.html`), and the sign-out form's CSRF token. A role change or a deactivation
shows at once: the role and the `can` answers are this request's (the session check reads them
from the person's row), and a deactivated person has no session left to draw a page with.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask import current_app, g, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from editorial.csrf_holes import HOLE
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_identity
from editorial.page_cache import site_version
from editorial.permissions import can

# The actions whose links the bar shows or leaves out (staff/_bar.html's `may`).
ACTIONS = (
    "factcheck.queue",
    "plan.manage",
    "article.create",
    "breaking.manage",
    "plan.propose",
    "front.edit",
    "users.manage",
)

# Where each of this request's values goes: random per process, so no text a person types
# (a newsroom's name, a person's) can forge one (as `csrf_holes.HOLE`).
WHO = Markup(f"bar-who-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)
WAITING = Markup(f"bar-waiting-{secrets.token_hex(16)}")  # noqa: S704
BADGE = Markup(f"bar-badge-{secrets.token_hex(16)}")  # noqa: S704
_HOLES = (WHO, WAITING, BADGE, HOLE)
_SPLIT = re.compile("(" + "|".join(re.escape(str(hole)) for hole in _HOLES) + ")")


def _pieces(html: str) -> tuple[str, ...]:
    """The bar's text split at its holes: text, hole, text, hole, ..., text."""
    return tuple(_SPLIT.split(html))


def staff_bar(waiting: int, unread: Any) -> Markup:
    """The top bar for this request (template global `staff_bar`): `waiting` is My queue's count
    (`queue_waiting`), `unread` the inbox's (`inbox_unread`)."""
    who = current_identity()
    if who is None:  # the staff layout is drawn for signed-in people only
        return Markup("")
    may = {action: can(who, action) for action in ACTIONS}
    role = who.role
    key = (
        "staff.bar",
        site_version(),
        role,
        tuple(may.values()),
        request.endpoint,
        request.script_root,
        g.get("edition"),
    )
    cache = fragment_cache()

    def render() -> tuple[str, ...]:
        drawn = render_template(
            "staff/_bar.html",
            may=may,
            role=role,
            who=WHO,
            waiting=WAITING,
            badge=BADGE,
            csrf_token=lambda: HOLE,
        )
        return _pieces(drawn)

    pieces = cache.get_or_render(key, render)
    values = {
        str(WHO): str(escape(who.display_name)),
        str(WAITING): cache.get_or_render(
            ("staff.bar.waiting", waiting),
            lambda: render_template("staff/_bar_waiting.html", waiting=waiting),
        ),
        str(BADGE): _badge(unread),
        str(HOLE): None,
    }
    out = []
    for at, piece in enumerate(pieces):
        if at % 2 == 0:
            out.append(piece)
            continue
        value = values[piece]
        if value is None:
            value = values[piece] = generate_csrf()
        out.append(value)
    return Markup("".join(out))  # noqa: S704  (templates' escaped output and escaped values)


def staff_chrome() -> Markup:
    """The top bar with My queue's count and the inbox's badge (template global `staff_chrome`,
    staff/layout.html): the features' template globals `queue_waiting` and `inbox_unread`,
    looked up as the template looks them up, so this module imports no feature."""
    found: dict[str, Any] = current_app.jinja_env.globals
    return staff_bar(found["queue_waiting"](), found["inbox_unread"]())


def _badge(unread: Any) -> str:
    """The inbox's badge for `unread` (`inbox.queries.Unread`: its count and ETag), drawn once
    per value."""
    key = (
        "staff.bar.badge",
        unread.count,
        unread.etag,
        request.script_root,
        current_app.config["POLL_SECONDS"],
    )
    html: str = fragment_cache().get_or_render(
        key, lambda: render_template("staff/_bar_badge.html", unread=unread)
    )
    return html
