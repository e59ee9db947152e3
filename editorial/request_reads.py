"""Where a request's own reads before its page go (the session check, the versions, the inbox's
count): past SQLAlchemy's execution either way (`raw_reads`), on the connection that fits the
database (issue 28, bench:pgtrips).

- SQLite, or once the ORM session has begun (so a request reads its own writes): the session's
  connection, in its transaction (`raw_reads.reads_on`). On SQLite that transaction is one
  snapshot: what the page then loads through the ORM agrees with the session check.
- PostgreSQL before the session has begun: a pooled connection in autocommit
  (`raw_reads.RawReads`, as the poll gate reads), one round trip a read. Under READ COMMITTED
  each statement of the session's transaction was its own snapshot anyway; what the session
  added was its `BEGIN` and the `ROLLBACK` at the request's end, two round trips of a staff
  page whose parts are all kept, which now begins no transaction at all (a page that loads
  something through the ORM begins one then, as before).
"""

from __future__ import annotations

from editorial.extensions import db
from editorial.raw_reads import RawReads, reads_on


def request_reads() -> RawReads:
    """Reads for this request's own checks before its page (use as a context manager)."""
    session = db.session()
    if session.in_transaction() or db.engine.dialect.name != "postgresql":
        return reads_on(session.connection())
    return RawReads(db.engine)
