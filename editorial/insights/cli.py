"""`flask insights-rebuild`: rewrite the insights' summary from every story's transitions."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from editorial.extensions import db
from editorial.insights.summary import rebuild
from editorial.insights.version import note_closed_changed


@click.command("insights-rebuild")
@with_appcontext
def insights_rebuild_command() -> None:
    """Rebuild the insights' summary (after transitions inserted past the ORM; a repair)."""
    started = time.perf_counter()
    count = rebuild(db.session.connection())
    note_closed_changed(db.session())  # every day's figures may have changed
    db.session.commit()
    click.echo(
        f"Insights summary rebuilt: {count} stories in {time.perf_counter() - started:.1f} s."
    )
