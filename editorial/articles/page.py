"""An article's desk page (its state, what you can do with it, its history), and the story as
readers will see it before it runs.

The page below the bar (`articles/_page.html`: the story, its comments, every panel) is drawn
once and kept (`fragment_cache`) under what it shows that no write could change unseen: the
desk's version (`board_version`, moved by every committed write a desk page could show: the
story, its claims, comments, assignments, deadlines, checklists, people, settings), the site's
version (a front published: "On fronts"; live coverage started or ended: the live link), the
viewer's id and role, the story, the address's query (`next`, `check`, `all_comments`), the zone
and the minute (the clock's words: "3 h ago", "due in 2 h", an embargo's countdown), as the
board keeps its board (`desk.views.kept_board`). Two parts are holes filled for every request:
the CSRF token, and the preview links (a reviewer's view moves neither version). An action's
answer and a refusal draw the panels afresh.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable
from typing import Any

from flask import abort, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import htmx, workflow
from editorial.articles.panels import desk_stamp, show_context
from editorial.board_version import board_version_this_request
from editorial.csrf_holes import HOLE, fill_stretches, stretches
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.kept_parts import part_key, render_spliced
from editorial.models import Article, User
from editorial.page_cache import site_version
from editorial.permissions import get_visible_article
from editorial.security import safe_next

# Where a kept page's preview links go: random per process, as `HOLE` is.
PREVIEWS_HOLE = Markup(f"previews-hole-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)


def show(article_id: int) -> Response:
    """The article as the desk sees it, with its transition buttons and history.

    `?next=` (a local path: the board a card menu came from) is where its buttons return to.
    """
    version = board_version_this_request()  # before anything the page shows
    person = current_person()
    article = get_visible_article(person, article_id)
    below = kept_page(article, person, version)
    return render_spliced("articles/show.html", "kept_below", below, article=article)


def page_key(article: Article, person: User, version: int) -> Hashable:
    """What the page below the bar is kept under (see the module's docstring): a staff page's
    part key (`kept_parts.part_key`), with the site's version and the story."""
    return part_key("articles.show", person, version, site_version(), article.id)


def kept_page(article: Article, person: User, version: int) -> bytes:
    """The page below the bar, kept, with this request's token and preview links: kept as UTF-8
    bytes split at the preview links' hole and the tokens' (`csrf_holes.stretches`), so the
    page splices it in (`kept_parts.render_spliced`) rather than searching, copying and encoding
    its hundreds of KB (200 claims) again on every request (bench:staff-bar)."""

    def render() -> tuple[tuple[bytes, ...], ...]:
        back = safe_next(request.args.get("next"))
        extra: dict[str, Any] = {"next": back} if back else {}
        html = render_template(
            "articles/_page.html",
            csrf_token=lambda: HOLE,
            previews_hole=PREVIEWS_HOLE,
            desk_seen=desk_stamp(version),
            **show_context(article, **extra),
        )
        return stretches(html, PREVIEWS_HOLE)

    key = page_key(article, person, version)
    kept = fragment_cache().get_or_render(key, render, alone=True)
    previews = render_template("articles/_previews_slot.html", article=article, oob=False)
    return fill_stretches(kept, generate_csrf, previews.encode())


def as_published(article_id: int) -> Response:
    """A scheduled (or published) story as readers will see it, for the desk, before it runs.

    The public page's own template, without the lists that only exist once it is out (related,
    most read); never cached and kept out of search engines.
    """
    article = get_visible_article(current_person(), article_id)
    if article.state not in (workflow.DUE_STATE, workflow.PUBLIC_STATE):
        abort(404)
    page = render_template(
        "public/article.html",
        article=article,
        related=[],
        read_next=None,
        most_read=[],
        preview=True,
    )
    response = htmx.respond(page)
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "private, no-store"
    return response
