"""An activity line's HTML, drawn once per everything it shows and reused (`fragment_cache`), as
a ledger row's history lines are (`claims/rows.py`).

Every desk page, a comment's answer (the whole activity beside the thread) and an action's other
panels draw the story's newest 60 lines through Jinja. A line is the same from one answer to the
next unless something it shows changed, so `activity_line(entry)` keys it on the line's kind,
time, actor's name and columns (`queries.Line`: frozen, its words and names), what its relative
time says now ("3 min ago") and the newsroom's zone (its local time and the zone's name).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app
from markupsafe import Markup

from editorial import newsroom, workflow
from editorial.articles.queries import Entry, Line
from editorial.fragment_cache import fragment_cache
from editorial.templating import relative_time

TEMPLATE = "articles/_activity_line.html"


def activity_line(entry: Entry, state_labels: Mapping[str, str], zone: str | None = None) -> Markup:
    """`entry`'s line of the timeline (`articles/_activity_line.html`), from the cache. `zone`:
    the newsroom's, as the timeline looked it up once (60 lines; None: looked up here)."""
    # The "created" line's item is the story: it draws only the time and the actor.
    item = entry.item if isinstance(entry.item, Line) else None
    key = (
        "activity-line",
        entry.kind,
        entry.at,
        entry.actor,
        item,
        relative_time(entry.at),
        zone or newsroom.zone(),
        "states" if state_labels is workflow.STATE_LABELS else tuple(state_labels.items()),
    )

    def render() -> str:
        template = current_app.jinja_env.get_template(TEMPLATE)
        return template.render(entry=entry, state_labels=state_labels)

    return Markup(fragment_cache().get_or_render(key, render))  # noqa: S704  (escaped output)
