"""The seed's last step: the app's two rebuilds over the rows `bench.seed` loaded past its
hooks, the search index (`search.upkeep.reindex_all`) and the insights summary
(`insights.summary.rebuild`), with their tables' plain indexes (and PostgreSQL's foreign keys)
built once after their rows (`bench.bulk.drop_indexes`), and the seed committed.

On PostgreSQL the two run side by side, each on its own connection in its own transaction, once
the seed's own rows are committed (another connection sees nothing uncommitted): the summary's
rebuild is mostly the seed's Python and the search rebuild mostly the server's (bench:pgseed9),
so on two CPUs each takes the one the other leaves (bench:seed10). The indexes and keys are
dropped in the seed's transaction, before its commit: dropping a foreign key locks the table it
points at (`articles`) against another such change until the transaction ends, so two
transactions each dropping their keys at the start would wait for each other's end; each makes
its own again at its end, when the other, at worst, waits for it. The seed's commit hooks run
once, as before: the rebuilds write past the session. A failure in a rebuild leaves the
stories committed without their index or summary; seed an empty database again.

On SQLite (one writer at a time, the seed's one transaction written once, `bench.bulk`) they
run one after the other in the seed's transaction, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from sqlalchemy import Connection

from bench.bulk import Dropped, drop_indexes, uncompressed
from editorial.extensions import db
from editorial.insights.summary import rebuild as rebuild_summary
from editorial.search.upkeep import reindex_all

SEARCH_TABLES = ("article_search",)
SUMMARY_TABLES = ("insight_stage_totals", "insight_fact_check_events")
# In this order: the indexes made again in the order they were first made.
REBUILT_TABLES = SEARCH_TABLES + SUMMARY_TABLES


def _search(connection: Connection, dropped: Dropped) -> None:
    # Its documents, too, are too short for pglz (`bench.bulk.uncompressed`).
    with uncompressed(SEARCH_TABLES, connection):
        reindex_all(connection)  # rows were inserted in bulk, past the flush hook
    dropped.restore(connection, SEARCH_TABLES)


def _summary(connection: Connection, dropped: Dropped) -> None:
    rebuild_summary(connection)  # the transitions too, past the flush hook
    dropped.restore(connection, SUMMARY_TABLES)


def _apart(app: Flask, work: Callable[[Connection, Dropped], None], dropped: Dropped) -> None:
    """`work` on a connection of its own, in a transaction of its own, committed."""
    with app.app_context(), db.engine.begin() as connection:
        work(connection, dropped)


def rebuild_and_commit(finish: Callable[[], None]) -> None:
    """Rebuild the search index and the insights summary, call `finish` (the seed's last
    writes through the session) and commit everything (see above)."""
    connection = db.session.connection()
    dropped = drop_indexes(connection, REBUILT_TABLES)
    if connection.dialect.name != "postgresql":
        reindex_all(connection)
        rebuild_summary(connection)
        dropped.restore(connection)
        finish()
        db.session.commit()
        return
    finish()
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with ThreadPoolExecutor(max_workers=2) as pool:
        running = [pool.submit(_apart, app, work, dropped) for work in (_search, _summary)]
        for future in running:
            future.result()  # a rebuild's error raised here
