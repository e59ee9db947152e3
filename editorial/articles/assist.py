"""What helps while writing: the live preview and tag suggestions (htmx, or a page without JS)."""

from __future__ import annotations

from flask import abort, request
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.articles.editor_page import preview_context
from editorial.articles.forms import ContentFields
from editorial.articles.queries import tags_starting_with
from editorial.database import read_only
from editorial.forms import optional_database_int
from editorial.identity import current_person
from editorial.permissions import get_visible_article, require
from editorial.security import frameable_by_this_site
from editorial.text import slugify

TAG_SUGGESTIONS = 10


@read_only
@require("article.create")
def preview() -> Response:
    """The typed story rendered as the public page will render it (nothing is saved).

    htmx (the live preview beside the editor) gets the story; a plain POST (the Preview button,
    into the editor's preview frame or a new tab) gets the public page around it, which only
    this site's own pages may frame. `?article=` names the story being edited or corrected: what
    its form doesn't hold (the correction form has no byline or tags) comes from it.
    """
    form = ContentFields(meta={"csrf": False})  # CSRFProtect has checked the token already
    try:
        article_id = optional_database_int(request.args.get("article"))
    except ValueError:
        abort(404)  # not an id this site could have given
    article = get_visible_article(current_person(), article_id) if article_id else None
    response = htmx.render(
        "articles/preview.html",
        "articles/_preview.html",
        oob_counts=htmx.wants_fragment(),  # the editor's word count, updated out of band
        **preview_context(form, article),
    )
    if not htmx.wants_fragment():
        frameable_by_this_site(response)
    return response


@read_only
@require("article.create")
def tag_suggestions() -> Response:
    """Existing tags starting with the last comma-separated name typed (for the <datalist>)."""
    typed = request.args.get("q", request.args.get("tags", ""))[:1500]
    before, _, last = typed.rpartition(",")
    term = " ".join(last.split())
    chosen = [" ".join(name.split()) for name in before.split(",") if name.strip()]
    limit = TAG_SUGGESTIONS + len(chosen)
    tags = tags_starting_with(term, limit, current_person()) if term else []
    taken = {slugify(name) for name in chosen}
    prefix = ", ".join(chosen) + ", " if chosen else ""
    options = [prefix + tag.name for tag in tags if tag.slug not in taken][:TAG_SUGGESTIONS]
    return htmx.render(
        "articles/panel.html",
        "articles/_tag_options.html",
        title="Tags",
        partial="articles/_tag_list.html",
        options=options,
        term=term,
    )
