"""A transition's rows written past the session's unit of work (issue 28, bench:transition10):
its transition row and revision each one Core INSERT on the session's connection
(`rows_written.insert_as_read`), its audit lines one Core INSERT (`audit.written_row`'s rows);
on PostgreSQL the three in one statement, each INSERT a data-modifying CTE of the SELECT of the
two new ids (two round trips fewer, bench:transition12). A transition no longer sets off a
flush and every flush hook for three rows; what those hooks learnt from them is said here:
insights' summary of the story refreshed (`insights.summary.refresh_written`, as its flush hook
does for a new transition row) and the desk's and insights' versions moved at the commit (the
story's own UPDATE says so too). The other hooks learn nothing from these rows: a transition's
revision changes no translation (`NOT_A_CHANGE`), the search index follows text and the
webhooks their own rows; the text is cleaned as the mapper's hook cleans a row.

When the session holds something unwritten (a fact-checker's assignment recorded by the same
transition) the rows go through the ORM as before, flushed with it, so every table's rows keep
the order they had and the summary is refreshed once, from all of them; the caller then records
its audit lines through the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Executable, Insert, Table, insert, select, true

from editorial import clock
from editorial.board_version import INSIGHTS_CHANGED, note_written
from editorial.extensions import db
from editorial.insights.summary import refresh_written
from editorial.models import Article, ArticleRevision, ArticleTransition, AuditEvent
from editorial.rows_written import (
    as_read,
    bound_columns,
    insert_as_read,
    nothing_pending,
    prefixed,
    row_values,
)

_STEPS = cast(Table, ArticleTransition.__table__)
_REVISIONS = cast(Table, ArticleRevision.__table__)
_AUDIT = cast(Table, AuditEvent.__table__)
_AUDIT_INSERT: Insert = insert(_AUDIT)


def write_transition(
    article: Article,
    step: ArticleTransition,
    revision: ArticleRevision,
    audit_rows: Callable[[], list[dict[str, Any]]],
) -> bool:
    """Write `step` and `revision` of `article` and the audit lines `audit_rows()` gives
    (`audit.written_row`'s, in order); True when past the unit of work, else False: the two
    rows added to the session and no audit line written (the caller records them so)."""
    session = db.session()
    if not nothing_pending():
        session.add_all((step, revision))
        return False
    revision.at = clock.now()  # the column's default, as a flush sets it
    together = session.get_bind().dialect.name == "postgresql"
    if together:
        _write_together(step, revision, audit_rows())
    else:
        insert_as_read(step)
        insert_as_read(revision)
    note_written()
    session.info[INSIGHTS_CHANGED] = True
    refresh_written(session, {article.id})
    if not together:
        session.connection().execute(_AUDIT_INSERT, audit_rows())
    return True


def _write_together(
    step: ArticleTransition, revision: ArticleRevision, lines: list[dict[str, Any]]
) -> None:
    """PostgreSQL: `step`, `revision` and the audit `lines` in one statement, the two rows
    made the session's as if read back (`rows_written.as_read`)."""
    step_values, revision_values = row_values(step), row_values(revision)
    params = prefixed(step_values, "step") | prefixed(revision_values, "revision")
    for n, line in enumerate(lines):
        params |= prefixed(line, f"audit{n}")
    step_id, revision_id = db.session.connection().execute(_together(len(lines)), params).one()
    as_read(step, step_id, step_values)
    as_read(revision, revision_id, revision_values)


# Built once per number of audit lines (one, or two with a guard waived).
_TOGETHER: dict[int, Executable] = {}


def _together(lines: int) -> Executable:
    """The SELECT of the new transition row's and revision's ids, their INSERTs and the audit
    lines' (one INSERT of `lines` rows, in order) as its CTEs."""
    statement = _TOGETHER.get(lines)
    if statement is None:
        step = insert(_STEPS).values(bound_columns(_STEPS, "step")).returning(_STEPS.c.id)
        revision = insert(_REVISIONS).values(bound_columns(_REVISIONS, "revision"))
        revision = revision.returning(_REVISIONS.c.id)
        rows = [bound_columns(_AUDIT, f"audit{n}") for n in range(lines)]
        # One line's VALUES as a dict: SQLAlchemy caches no multi-row VALUES' compiled form
        # (compiled again every time, it cost more than the two statements it saves).
        audit = insert(_AUDIT).values(rows[0] if lines == 1 else rows)
        step_written, revision_written = step.cte("step_written"), revision.cte("revision_written")
        both = step_written.join(revision_written, true())  # one row each
        statement = select(step_written.c.id, revision_written.c.id).select_from(both)
        statement = statement.add_cte(audit.cte("audit_written"))
        _TOGETHER[lines] = statement
    return statement
