"""The article desk: an article's page, the editor, transitions, revisions.

One blueprint, split by feature into modules that register their views on `bp`.
"""

from flask import Blueprint

bp = Blueprint("articles", __name__, url_prefix="/articles")

from editorial.articles import (  # noqa: E402,F401  (views register on bp)
    corrections,
    editor,
    pages,
    presence,
    revisions,
    transitions,
)
