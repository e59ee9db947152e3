"""The editor's GET kept whole: the page's content drawn once per desk and site version, viewer,
story, address, zone and minute (issue 28).

On a GET the editor shows the story as saved, so everything its content shows (the form and its
selects, the byline's boxes, the picture panel, the notes and open threads, the preview, the
actions, the checklist) is a row a write to which moves the desk's version (`board_version`:
the story, its tags and people, sections, regions, pictures, comments, claims, checklists,
deadlines, embargoes, settings) or the site's (fronts, live coverage), or the clock's words,
the minute's. It is kept as the article's desk page is (`articles.page.kept_page`), under
`kept_parts.part_key` with the site's version, the story and whether a save's message is shown
(the form's `data-saved`). Three holes are filled per request: the CSRF token, the page's
editing token (a fresh one per editor page loaded: it tells a save from another tab's) and who
else is editing (presence moves no version). A form posted back (a preview, a refused save, a
picture upload) is drawn afresh by `editor_page.render_editor`.
"""

from __future__ import annotations

import secrets

from flask import get_flashed_messages, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from editorial.articles.editor_page import Rendered, editor_context
from editorial.articles.forms import ArticleForm, new_editing_token
from editorial.articles.presence.service import editing_now
from editorial.csrf_holes import HOLE, fill
from editorial.fragment_cache import fragment_cache
from editorial.kept_parts import part_key
from editorial.models import Article, User
from editorial.page_cache import site_version

# Where a kept editor's editing token and presence note go: random per process, as `HOLE` is.
EDITING_HOLE = Markup(f"editing-hole-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)
PRESENCE_HOLE = Markup(f"presence-hole-{secrets.token_hex(16)}")  # noqa: S704  (hex digits only)


def form_for(article: Article) -> ArticleForm:
    """The editor's form showing `article` as saved, with a new editing token."""
    return ArticleForm.filled_from(
        article,
        section_id=article.section_id,
        region_id=article.region_id,
        tags=", ".join(tag.name for tag in article.tags),
        hero_image_url=article.hero_image_url,
        hero_caption=article.hero_caption,
        hero_image_id=article.hero_image_id,
        author_ids=[author.id for author in article.authors],
    )


def kept_editor(article: Article, person: User, version: int) -> Rendered:
    """The editor's page for a GET, its content kept (see the module's docstring); `version`
    is the desk's, read before anything the page shows."""

    def render() -> str:
        form = form_for(article)
        form.editing.data = EDITING_HOLE
        csrf_field = getattr(form, "csrf_token", None)  # absent with WTF_CSRF_ENABLED off
        if csrf_field is not None:
            csrf_field.current_token = HOLE
        return render_template(
            "articles/_editor.html",
            **editor_context(form, article),
            presence_hole=PRESENCE_HOLE,
            csrf_token=lambda: HOLE,
        )

    saved = bool(get_flashed_messages(category_filter=["success", "info"]))
    key = part_key("articles.editor", person, version, site_version(), article.id, saved)
    html = fragment_cache().get_or_render(key, render, alone=True)
    presence = render_template(
        "articles/_presence.html", article=article, editors=editing_now(article, person)
    )
    html = html.replace(EDITING_HOLE, new_editing_token()).replace(PRESENCE_HOLE, presence)
    content = fill(html, generate_csrf)
    return render_template("articles/edit.html", article=article, kept_editor=content)
