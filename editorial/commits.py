"""A write's commit that keeps what its answer draws.

SQLAlchemy expires every object a session holds when it commits, so an answer drawn after the
commit reads them all again. A write whose answer draws only what it just wrote and read (a
story's version as its claim's `UPDATE ... RETURNING` gave it, the person signed in, the post it
added) commits with `commit_keeping_loaded` and reads none of it again: the transition
(`articles.transitions.views`) and the live post (`live.views`), BENCHMARKS.md `bench:writes4h`
and `bench:writes5a`. What the write did not hold current itself (a relationship its claim
forgot) is still read when asked.
"""

from __future__ import annotations

from editorial.extensions import db


def commit_keeping_loaded() -> None:
    """Commit the session without expiring what it holds."""
    session = db.session()
    before = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = before
