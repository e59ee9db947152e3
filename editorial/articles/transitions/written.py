"""A transition's rows written past the session's unit of work (issue 28, bench:transition10):
its transition row and revision each one Core INSERT on the session's connection
(`rows_written.insert_as_read`), its audit lines by `audit.record_written` (the service's). A
transition no longer sets off a flush and every flush hook for three rows; what those hooks
learnt from them is said here: insights' summary of the story refreshed
(`insights.summary.refresh_written`, as its flush hook does for a new transition row) and the
desk's and insights' versions moved at the commit (the story's own UPDATE says so too). The
other hooks learn nothing from these rows: a transition's revision changes no translation
(`NOT_A_CHANGE`), the search index follows text and the webhooks their own rows; the text is
cleaned as the mapper's hook cleans a row.

When the session holds something unwritten (a fact-checker's assignment recorded by the same
transition) the rows go through the ORM as before, flushed with it, so every table's rows keep
the order they had and the summary is refreshed once, from all of them.
"""

from __future__ import annotations

from editorial import clock
from editorial.board_version import INSIGHTS_CHANGED, note_written
from editorial.extensions import db
from editorial.insights.summary import refresh_written
from editorial.models import Article, ArticleRevision, ArticleTransition
from editorial.rows_written import insert_as_read, nothing_pending


def write_transition(article: Article, step: ArticleTransition, revision: ArticleRevision) -> bool:
    """Write `step` and `revision` of `article`; True when past the unit of work, so that the
    caller writes its audit lines so too (`audit.record_written`), else through the session."""
    session = db.session()
    if not nothing_pending():
        session.add_all((step, revision))
        return False
    insert_as_read(step)
    revision.at = clock.now()  # the column's default, as a flush sets it
    insert_as_read(revision)
    note_written()
    session.info[INSIGHTS_CHANGED] = True
    refresh_written(session, {article.id})
    return True
