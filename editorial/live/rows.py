"""A live desk post's HTML, drawn once per everything it shows and reused (`fragment_cache`), as
the board's cards (`desk/cards.py`) and the ledger's rows (`articles/claims/rows.py`) are.

The desk drew its 60 newest posts through Jinja on every view, each with its buttons' forms: two
thirds of the page's CPU with 1,000 posts. A post is the same from one view to the next and for
everyone whose buttons would be the same, so `desk_post(post)` keys it on every value it shows:
its words, times, marks and check, each claim, its authors' and checker's names, the story's
language, whether the story is live (the "Promote" button), the newsroom's zone, and for the
viewer only which buttons it offers (editor or not, its writer or not, may check it or not). Its
forms' CSRF token is the fragment cache's hole, filled per request. A desk drawn with an error
or with a claim's text typed back (a refusal) draws its posts afresh.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from flask import current_app
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from editorial import newsroom
from editorial.csrf_holes import HOLE, fill
from editorial.fragment_cache import fragment_cache
from editorial.models import LivePost

TEMPLATE = "live/_desk_post.html"
# What the post reads from the desk's context (live/_stream.html, live/_desk_pinned.html).
GIVEN = (
    "article",
    "story",
    "person",
    "manage",
    "may_check",
    "claim_tally",
    "verdicts",
    "verdict_labels",
    "error",
    "claim_typed",
)


def post_key(post: LivePost, given: dict[str, Any], zone: str) -> Hashable:
    """Everything a desk post shows, as one hashable value."""
    article, person, story = given["article"], given["person"], given["story"]
    checker = post.checked_by
    return (
        "live-desk-post",
        post.id,
        article.id,
        article.lang.code,
        article.lang.direction,
        zone,
        story is not None and story.is_live,
        bool(given["manage"]),
        person.id == post.author_id,
        bool(given["may_check"](post)),
        post.headline,
        post.body_html,
        post.created_at,
        post.edited_at,
        post.published_at,
        post.deleted_at,
        post.pinned,
        post.key_event,
        post.needs_check,
        post.checked_at,
        post.check_note,
        checker.display_name if checker else None,
        tuple(who.display_name for who in post.authors),
        tuple(
            (claim.id, claim.text, claim.verdict, claim.text_changed, claim.note, *claim.sources)
            for claim in (post.claims if post.needs_check else ())
        ),
    )


@pass_context
def desk_post(context: Context, post: LivePost) -> Markup:
    """`post` drawn by `live/_desk_post.html` with the desk's context, from the cache unless the
    desk shows an error or typed text."""
    given = {name: context.get(name) for name in GIVEN}
    if given["error"] or given["claim_typed"]:
        return Markup(_render(post, given, context["csrf_token"]))  # noqa: S704  (escaped output)

    def render() -> str:
        return _render(post, given, lambda: HOLE)

    html = fragment_cache().get_or_render(post_key(post, given, newsroom.zone()), render)
    return fill(html, context["csrf_token"])


def _render(post: LivePost, given: dict[str, Any], csrf_token: Any) -> str:
    template = current_app.jinja_env.get_template(TEMPLATE)
    return template.render(post=post, oob=None, csrf_token=csrf_token, **given)
