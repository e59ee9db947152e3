"""An activity line's HTML, drawn once per everything it shows and reused (`fragment_cache`), as
a ledger row's history lines are (`claims/rows.py`).

Every desk page, a comment's answer (the whole activity beside the thread) and an action's other
panels draw the story's newest 60 lines through Jinja. A line is the same from one answer to the
next unless something it shows changed, so `activity_lines(entries)` keys each on the line's kind,
time, actor's name and columns (`queries.Line`: frozen, its words and names), what its relative
time says now ("3 min ago") and the newsroom's zone (its local time and the zone's name). A line
drawn again as the same object (a comment's answer carried over, `comments/carried.py`) finds
its HTML as it last drew it while its time's words, the zone and the labels are the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import current_app
from markupsafe import Markup

from editorial import newsroom, workflow
from editorial.articles.queries import Entry, Line
from editorial.fragment_cache import FragmentCache, fragment_cache
from editorial.templating import relative_time

TEMPLATE = "articles/_activity_line.html"
# The whitespace the timeline's loop put before and after each line (kept byte for byte).
_BEFORE, _AFTER = "\n    \n    \n    ", "\n    "


def activity_lines(
    entries: Sequence[Entry], state_labels: Mapping[str, str], zone: str | None = None
) -> Markup:
    """The timeline's lines for `entries` (`articles/_activity_line.html`), each from the cache,
    joined here rather than by a Jinja loop calling back once per line (a comment's answer
    draws 60). `zone`: the newsroom's, as the timeline looked it up once (None: looked up
    here)."""
    cache, zone = fragment_cache(), zone or newsroom.zone()
    lines = [_line(cache, entry, state_labels, zone) for entry in entries]
    return Markup("".join(_BEFORE + line + _AFTER for line in lines))  # noqa: S704  (escaped)


def _line(cache: FragmentCache, entry: Entry, state_labels: Mapping[str, str], zone: str) -> str:
    # The "created" line's item is the story: it draws only the time and the actor.
    item = entry.item if isinstance(entry.item, Line) else None
    labels = "states" if state_labels is workflow.STATE_LABELS else tuple(state_labels.items())
    # A line drawn again as the same object (a comment's answer carried over from the one
    # before it, `comments/carried.py`) with the same words for its time, zone and labels is
    # the line it last drew: found without building its key (the story's Line hashed whole).
    drawn = (relative_time(entry.at), zone, labels)
    kept = entry.__dict__.get(_DRAWN) if item is not None else None
    if kept is not None and kept[0] == drawn:
        return str(kept[1])
    key = (
        "activity-line",
        entry.kind,
        entry.at,
        entry.actor,
        item,
        drawn[0],
        zone,
        labels,
    )

    def render() -> str:
        template = current_app.jinja_env.get_template(TEMPLATE)
        return template.render(entry=entry, state_labels=state_labels)

    html = cache.get_or_render(key, render)
    if item is not None and cache.max_entries:
        entry.__dict__[_DRAWN] = (drawn, html)  # frozen: its fields, not this note
    return html


_DRAWN = "_editorial_drawn"
