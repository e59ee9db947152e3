"""A calendar item's HTML, rendered once per everything it shows and reused (`fragment_cache`),
as the board's cards are (`desk/cards.py`).

A month draws about 210 items through the `calendar_item` macro on every view, each working out
its local times, its language and its "Move to…" address. An item (`items.Item`, frozen) is
already every value about it that the page shows, so `calendar_cell(item, moved)` keys the
macro's HTML on the item itself, the newsroom's zone, and what differs by viewer or page:
whether the viewer may move it, the calendar address its form returns to (`back`), the move
addresses' root, and whether it is the item just moved. It holds no CSRF token ("Move to…" is a
GET form).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from flask import current_app
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from editorial import newsroom
from editorial.calendar.items import Item
from editorial.fragment_cache import fragment_cache

TEMPLATE = "calendar/_one_item.html"
# What the macro reads from its page's context (calendar.views._context).
GIVEN = ("marks", "movable", "back", "move_base", "language")


def cell_key(item: Item, given: dict[str, Any], moved: bool, zone: str) -> Hashable:
    """Everything the item's `<li>` shows, as one hashable value."""
    return ("calendar-item", item, zone, bool(given["movable"]), given["back"],
            given["move_base"], moved)  # fmt: skip


@pass_context
def calendar_cell(context: Context, item: Item, moved: str = "") -> Markup:
    """`item` drawn by the `calendar_item` macro (`calendar/_item.html`), from the cache if it
    can."""
    given = {name: context.get(name) for name in GIVEN}

    def render() -> str:
        template = current_app.jinja_env.get_template(TEMPLATE)
        return template.render(item=item, moved=moved, **given)

    key = cell_key(item, given, item.key == moved, newsroom.zone())
    return Markup(fragment_cache().get_or_render(key, render))  # noqa: S704  (escaped output)
