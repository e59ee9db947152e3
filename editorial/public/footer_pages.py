"""The footer's pages: About us, Contact us, Privacy policy, their text written by admins in the
settings (Markdown, rendered and cleaned by `rendering.render_markdown` like a story's body)."""

from __future__ import annotations

from flask import abort, render_template
from markupsafe import Markup

from editorial import newsroom
from editorial.database import read_only
from editorial.permissions import public
from editorial.rendering import render_markdown


@public
@read_only
def footer_page(page: str) -> str:
    """One footer page (`/about`, `/contact`, `/privacy`), as the admins wrote it."""
    title = newsroom.FOOTER_PAGES.get(page) or abort(404)
    text = newsroom.current().page_text(page)
    # Cleaned by nh3 to the article body's allowlist, so it is safe to mark as such.
    html = Markup(render_markdown(text)) if text.strip() else None  # noqa: S704
    return render_template("public/page.html", page=page, title=title, html=html)
