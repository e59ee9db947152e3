"""Search: the public site's search over published stories, and the desk's over what each person
may see. Both ask `editorial.services.search_index` (the database's own full-text engine)."""

from flask import Blueprint, Flask

bp = Blueprint("search", __name__)


def init_search(app: Flask) -> None:
    """Keep the index current and add `flask search-reindex`."""
    from editorial.search.cli import search_reindex_command
    from editorial.services.search_index import init_search_index

    init_search_index()
    app.cli.add_command(search_reindex_command)


from editorial.search import views  # noqa: E402,F401  (views register on bp)
