"""A verdict's rows written past the session's unit of work (issue 28, bench:verdict11): the
claim's UPDATE, its history line's INSERT and its audit line's (`audit.written_row`) as Core
statements on the session's connection, each built once; on PostgreSQL one statement for the
three (the UPDATE and the audit line as the history line's data-modifying CTEs: two round trips
fewer), elsewhere one each (`rows_written.insert_as_read` for the line). A verdict no longer sets
off a flush and every flush hook for three rows; what those hooks learnt from them is said here:
the desk's version moves (`note_written`: claims and their history are tables the desk shows),
insights' when a column it counts changes (`insights.version.COLUMNS`: the verdict, the check
time), as they moved for a flushed claim; the site's version is the view's to say
(`changes_no_page`), as in any request. The other hooks learn nothing from these rows (the
search index follows stories' text, the summary transitions and duties, the webhooks their own
rows); the text is cleaned as the mapper's hook cleans a row.

The UPDATE sets what the flush's would have: the columns whose value changes, none when none
does. When the session holds something unwritten, or the claim's history is loaded (the line
then joins it), or out of a request (a command, the demo's ledger: there `page_cache` moves the
site's version for whatever a flush writes), the rows go through the ORM as before.
"""

from __future__ import annotations

from typing import Any, cast

from flask import has_request_context
from sqlalchemy import Insert, Table, Update, bindparam, insert, update
from sqlalchemy.orm.attributes import set_committed_value

from editorial.audit import record, record_written, written_row
from editorial.board_version import INSIGHTS_CHANGED, note_written
from editorial.extensions import db
from editorial.insights.version import COLUMNS
from editorial.models import AuditEvent, Claim, ClaimChange, User
from editorial.rows_written import (
    as_read,
    bound_columns,
    cleaned,
    insert_as_read,
    nothing_pending,
    prefixed,
    row_values,
)

_CLAIMS = cast(Table, Claim.__table__)
_LINES = cast(Table, ClaimChange.__table__)
_AUDIT = cast(Table, AuditEvent.__table__)


def write_check(
    claim: Claim, change: ClaimChange, values: dict[str, Any], actor: User, **details: Any
) -> None:
    """Set `values` on `claim`, add its history line `change` and its audit line
    (`claim.checked` by `actor` with `details`), past the unit of work, or through the session
    as before."""
    action = "claim.checked"
    if "changes" in claim.__dict__ or not nothing_pending() or not has_request_context():
        if "changes" in claim.__dict__:  # its history is loaded: keep it current
            claim.changes.append(change)
        else:  # a line added to the history without reading all of it first
            change.claim_id = claim.id
            db.session.add(change)
        for key, value in values.items():
            setattr(claim, key, value)
        record(action, claim, actor=actor, **details)
        return
    values = cleaned(values)
    changing = frozenset(key for key, value in values.items() if getattr(claim, key) != value)
    session = db.session()
    change.claim_id = claim.id
    if session.get_bind().dialect.name == "postgresql":
        line = row_values(change)
        params = {"claim_id": claim.id} | {f"new_{key}": values[key] for key in changing}
        params |= prefixed(line, "line")
        row = written_row(action, claim, actor=actor, **details)
        params |= prefixed(row, "audit")
        statement = _together(changing)
        as_read(change, session.connection().execute(statement, params).scalar_one(), line)
    else:
        if changing:
            params = {"claim_id": claim.id} | {f"new_{key}": values[key] for key in changing}
            session.connection().execute(_update(changing), params)
        insert_as_read(change)
        record_written(action, claim, actor=actor, **details)
    if changing & COLUMNS["claims"]:
        session.info[INSIGHTS_CHANGED] = True
    for key, value in values.items():
        set_committed_value(claim, key, value)
    note_written()


# Each set of changing columns' statements, built once (a verdict sets the same few each time).
_UPDATES: dict[frozenset[str], Update] = {}
_TOGETHER: dict[frozenset[str], Insert] = {}


def _update(columns: frozenset[str]) -> Update:
    statement = _UPDATES.get(columns)
    if statement is None:
        new = {key: bindparam(f"new_{key}", type_=_CLAIMS.c[key].type) for key in sorted(columns)}
        statement = update(_CLAIMS).where(_CLAIMS.c.id == bindparam("claim_id")).values(new)
        _UPDATES[columns] = statement
    return statement


def _together(columns: frozenset[str]) -> Insert:
    """PostgreSQL: the history line's INSERT (returning its id) with the claim's UPDATE (when
    a column changes) and the audit line's INSERT as its CTEs, in one statement."""
    statement = _TOGETHER.get(columns)
    if statement is None:
        statement = insert(_LINES).values(bound_columns(_LINES, "line")).returning(_LINES.c.id)
        if columns:
            statement = statement.add_cte(_update(columns).cte("claim_changed"))
        audit = insert(_AUDIT).values(bound_columns(_AUDIT, "audit"))
        statement = statement.add_cte(audit.cte("audit_line"))
        _TOGETHER[columns] = statement
    return statement
