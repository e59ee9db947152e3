"""The article desk: an article's page, the editor, transitions, revisions, corrections.

One blueprint, split by feature into modules that register their views on `bp`: `pages` (the
desk page), `assignment` (the Assignment panel), `editor`, `autosave`, `assist` (preview, tag
suggestions), `transitions`, `revisions`, `corrections` and `presence`; `forms` and `queries`
serve them all. The comment thread on the page is its own package, `editorial.comments`.
"""

from flask import Blueprint

bp = Blueprint("articles", __name__, url_prefix="/articles")

from editorial.articles import (  # noqa: E402,F401  (views register on bp)
    assignment,
    assist,
    autosave,
    corrections,
    editor,
    pages,
    presence,
    revisions,
    transitions,
)
