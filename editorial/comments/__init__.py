"""Editorial comments on an article's desk page: the thread, replies, mentions, its live poll.

Internal only: nothing here is reachable without signing in, and no public page, feed or API
reads the comments table. Writes go through `editorial.services.comments`.
"""

from flask import Blueprint

bp = Blueprint("comments", __name__, url_prefix="/articles")

from editorial.comments import views  # noqa: E402,F401  (views register on bp)
