"""`flask search-reindex`: rebuild the full-text index from the articles table."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from editorial.extensions import db
from editorial.search.upkeep import index_moved, reindex_all


@click.command("search-reindex")
@with_appcontext
def search_reindex_command() -> None:
    """Rebuild the search index from every article (safe to run while the app serves)."""
    started = time.perf_counter()
    count = reindex_all(db.session.connection())
    index_moved()
    db.session.commit()
    click.echo(f"Search index rebuilt: {count} articles in {time.perf_counter() - started:.1f} s.")
