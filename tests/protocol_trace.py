"""psycopg's protocol trace of the pool's connections: what a block's requests sent to
PostgreSQL and what came back, for tests that count round trips (`test_connections`) or read how
transactions end (`test_transaction_ends`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event

from editorial.extensions import db


@contextmanager
def protocol_trace(trace: Path) -> Iterator[list[str]]:
    """The trace's lines (tab-separated, one a message) of every connection the pool lends
    while the block runs, from before its ping until it is given back: in the list once the
    block ends. The trace is written to the file `trace`."""
    engine = db.engine
    lines: list[str] = []
    with trace.open("w") as sink:

        def lent(dbapi_connection: Any, *_: Any) -> None:
            dbapi_connection.pgconn.trace(sink.fileno())

        def returned(dbapi_connection: Any, *_: Any) -> None:
            if dbapi_connection is not None:
                dbapi_connection.pgconn.untrace()

        event.listen(engine.pool, "checkout", lent, insert=True)  # before the ping
        event.listen(engine.pool, "checkin", returned)
        try:
            yield lines
        finally:
            event.remove(engine.pool, "checkout", lent)
            event.remove(engine.pool, "checkin", returned)
    lines += trace.read_text().splitlines()
