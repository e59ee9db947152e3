"""The thread list's items (each thread's first comment, replies and reply box, folded when
resolved), drawn once per everything they show and reused (`fragment_cache`), as the live desk's
posts are (`live/rows.py`).

Posting a comment answers with the whole thread list (htmx swaps it): 50 threads. Each item is
the same from one answer to the next unless something it shows changed, so `comment_items`
keys each on every comment's words, times (and what "5 min ago" says now), state, author's name
and whether it is the viewer's own, who resolved the thread and when, the story's language, the
newsroom's zone and the address its forms post to, and joins the kept items in Python: the
list's Jinja loop (its filters and a call per thread) was most of what a kept thread still cost.
The forms' CSRF token is the fragment cache's hole, filled once in the joined list. A thread
drawn again as the same object (a comment's answer carried over from the one before it,
`carried.py`) finds its item as it last drew it while the list's part of the key and its times'
words are the same, without building the key. A list
drawn after a refusal (`error_for`: a form open with the reason and what was typed) draws its
items afresh.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import datetime
from typing import Any

from flask import current_app
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from editorial import newsroom
from editorial.articles.comments.queries import ThreadComment
from editorial.csrf_holes import HOLE, fill
from editorial.fragment_cache import fragment_cache
from editorial.models import Comment
from editorial.templating import relative_time

TEMPLATE = "comments/_item.html"
# What an item reads from the thread list's context (comments/_thread.html).
GIVEN = ("article", "comments_url", "current_user", "error_for", "error", "typed", "editing")
# The whitespace the list's loop put around each item (kept byte for byte).
_AROUND = "\n    "


def shown(comment: Comment | ThreadComment) -> bool:
    """Whether the list shows the thread: not deleted, or with a reply that is not."""
    return not comment.deleted or any(not reply.deleted for reply in comment.replies)


def _when(value: datetime | None) -> tuple[datetime | None, str]:
    return value, relative_time(value)


def item_key(
    comment: Comment | ThreadComment, given: dict[str, Any], viewer: int | None, zone: str
) -> Hashable:
    """Everything one thread's item shows, as one hashable value."""
    article = given["article"]
    resolver = comment.resolved_by
    return (
        "comment-item",
        article.id,
        article.lang.code,
        article.lang.direction,
        given["comments_url"],
        zone,
        _when(comment.resolved_at),
        resolver.display_name if resolver else None,
        tuple(
            (
                c.id,
                c.body,
                c.at,
                relative_time(c.at),
                c.edited_at,
                c.deleted,
                c.outside_name,
                c.actor.display_name if c.actor else None,
                c.actor_id == viewer,
            )
            for c in [comment, *comment.replies]
        ),
    )


@pass_context
def comment_items(
    context: Context, threads: Sequence[Comment | ThreadComment], zone: str | None = None
) -> Markup:
    """The list's items for `threads` (those it shows), each drawn by `comments/_item.html`
    with the list's context and kept unless the list shows a refusal. `zone`: the newsroom's, as
    the list looked it up once (None: looked up here)."""
    given = {name: context.get(name) for name in GIVEN}
    template = current_app.jinja_env.get_template(TEMPLATE)
    if given["error_for"] is not None:  # only then do error, typed and editing show
        csrf = context["csrf"]
        fresh = (template.render(comment=c, csrf=csrf, **given) for c in threads if shown(c))
        return Markup("".join(_AROUND + html + _AROUND for html in fresh))  # noqa: S704

    cache, zone = fragment_cache(), zone or newsroom.zone()
    viewer = given["current_user"].id
    article = given["article"]
    # What every item's key takes from the list (`item_key`), for `_drawn_before`.
    shared = (
        article.id, article.lang.code, article.lang.direction, given["comments_url"], zone, viewer
    )  # fmt: skip
    parts = []
    for comment in threads:
        if not shown(comment):
            continue
        drawn = (shared, _times(comment))
        before = _drawn_before(comment, drawn)
        if before is not None:
            parts.append(before)
            continue

        def render(comment: Comment | ThreadComment = comment) -> str:
            return _AROUND + template.render(comment=comment, csrf=HOLE, **given) + _AROUND

        html = cache.get_or_render(item_key(comment, given, viewer, zone), render)
        if isinstance(comment, ThreadComment) and cache.max_entries:
            comment.__dict__[_DRAWN] = (drawn, html)
        parts.append(html)
    return fill("".join(parts), lambda: str(context["csrf"]))


# A thread read once and drawn again (the same object: a comment's answer carried over from the
# one before, `carried.py`) remembers its item as last drawn, with what the item's key took from
# the list and from the clock: the same again is the same item, found without building its key.
_DRAWN = "_editorial_drawn"


def _times(comment: Comment | ThreadComment) -> tuple[str, ...]:
    """What an item says of its times now: its resolve's and each comment's ("5 min ago")."""
    said = [relative_time(comment.resolved_at)]
    said += [relative_time(c.at) for c in [comment, *comment.replies]]
    return tuple(said)


def _drawn_before(comment: Comment | ThreadComment, drawn: tuple[Any, ...]) -> str | None:
    """`comment`'s item as this object last drew it, if with the same list and times."""
    if not isinstance(comment, ThreadComment):
        return None
    kept = comment.__dict__.get(_DRAWN)
    return kept[1] if kept is not None and kept[0] == drawn else None
