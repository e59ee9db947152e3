"""A comment thread's HTML (its first comment, replies and reply box), drawn once per everything
it shows and reused (`fragment_cache`), as the live desk's posts are (`live/rows.py`).

Posting a comment answers with the whole thread list (htmx swaps it), and each thread drew its
comments, their forms and their mentions' markup through Jinja every time: most of the post's
CPU. A thread is the same from one answer to the next unless something it shows changed, so
`comment_thread(comment)` (a `Comment`, or the list's plain `ThreadComment`) keys it on every
comment's words, times (and what "5 min ago" says now), state, author's name and whether it is
the viewer's own, the story's language, the newsroom's zone and the address its forms post to.
Its forms' CSRF token is the fragment cache's hole, filled per request. A thread list drawn
after a refusal (`error_for`: a form open with the reason and what was typed) draws its threads
afresh.
"""

from __future__ import annotations

from collections.abc import Hashable
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

TEMPLATE = "comments/_comment.html"
# What the thread reads from the thread list's context (comments/_thread.html).
GIVEN = ("article", "comments_url", "current_user", "error_for", "error", "typed", "editing")


def thread_key(comment: Comment | ThreadComment, given: dict[str, Any], zone: str) -> Hashable:
    """Everything one thread shows, as one hashable value."""
    article, viewer = given["article"], given["current_user"].id
    return (
        "comment-thread",
        article.id,
        article.lang.code,
        article.lang.direction,
        given["comments_url"],
        zone,
        tuple(
            (
                c.id,
                c.body,
                c.at,
                relative_time(c.at),
                c.edited_at,
                c.deleted,
                c.resolved,
                c.outside_name,
                c.actor.display_name if c.actor else None,
                c.actor_id == viewer,
            )
            for c in [comment, *comment.replies]
        ),
    )


@pass_context
def comment_thread(
    context: Context, comment: Comment | ThreadComment, zone: str | None = None
) -> Markup:
    """`comment`'s thread drawn by `comments/_comment.html` with the list's context, from the
    cache unless the list shows a refusal. `zone`: the newsroom's, as the list looked it up once
    (a comment's answer draws 50 threads; None: looked up here)."""
    given = {name: context.get(name) for name in GIVEN}
    if given["error_for"] is not None:  # only then do error, typed and editing show
        return Markup(_render(comment, given, context["csrf"]))  # noqa: S704  (escaped output)

    def render() -> str:
        return _render(comment, given, HOLE)

    html = fragment_cache().get_or_render(
        thread_key(comment, given, zone or newsroom.zone()), render
    )
    return fill(html, lambda: str(context["csrf"]))


def _render(comment: Comment | ThreadComment, given: dict[str, Any], csrf: str) -> str:
    template = current_app.jinja_env.get_template(TEMPLATE)
    return template.render(comment=comment, csrf=csrf, **given)
