"""A verdict's rows written past the session's unit of work (issue 28, bench:verdict11): the
claim's UPDATE and its history line's INSERT each one Core statement on the session's connection
(`rows_written.insert_as_read` for the line), its audit line by `audit.record_written` (the
service's). A verdict no longer sets off a flush and every flush hook for three rows; what those
hooks learnt from them is said here: the desk's version moves (`note_written`: claims and their
history are tables the desk shows), insights' when a column it counts changes
(`insights.version.COLUMNS`: the verdict, the check time), as they moved for a flushed claim;
out of a request the UPDATE goes through the session, so the site's version follows it as
`page_cache` follows any statement there. The other hooks learn nothing from these
rows (the search index follows stories' text, the summary transitions and duties, the webhooks
their own rows); the text is cleaned as the mapper's hook cleans a row.

The UPDATE sets what the flush's would have: the columns whose value changes, none when none
does. When the session holds something unwritten, or the claim's history is loaded (the line
then joins it), the rows go through the ORM as before.
"""

from __future__ import annotations

from typing import Any, cast

from flask import has_request_context
from sqlalchemy import Table, Update, bindparam, update
from sqlalchemy.orm.attributes import set_committed_value

from editorial.board_version import INSIGHTS_CHANGED, note_written
from editorial.extensions import db
from editorial.insights.version import COLUMNS
from editorial.models import Claim, ClaimChange
from editorial.rows_written import cleaned, insert_as_read, nothing_pending


def write_check(claim: Claim, change: ClaimChange, values: dict[str, Any]) -> bool:
    """Set `values` on `claim` and add its history line `change`; True when written past the
    unit of work (the caller then writes its audit line so too: `audit.record_written`), False
    when left to the session as before (the caller sets nothing: done here)."""
    if "changes" in claim.__dict__ or not nothing_pending():
        if "changes" in claim.__dict__:  # its history is loaded: keep it current
            claim.changes.append(change)
        else:  # a line added to the history without reading all of it first
            change.claim_id = claim.id
            db.session.add(change)
        for key, value in values.items():
            setattr(claim, key, value)
        return False
    values = cleaned(values)
    changing = frozenset(key for key, value in values.items() if getattr(claim, key) != value)
    if changing:
        statement = _update(changing)
        params = {"claim_id": claim.id} | {f"new_{key}": values[key] for key in changing}
        session = db.session()
        # Out of a request the session's statement hooks see it (`page_cache` moves the site's
        # version for any such write there); in one, the view says (`changes_no_page`).
        if has_request_context():
            session.connection().execute(statement, params)
        else:
            session.execute(statement, params)
        if changing & COLUMNS["claims"]:
            session.info[INSIGHTS_CHANGED] = True
    for key, value in values.items():
        set_committed_value(claim, key, value)
    change.claim_id = claim.id
    insert_as_read(change)
    note_written()
    return True


# Each set of changing columns' UPDATE, built once (a verdict sets the same few each time).
_UPDATES: dict[frozenset[str], Update] = {}


def _update(columns: frozenset[str]) -> Update:
    statement = _UPDATES.get(columns)
    if statement is None:
        table = cast(Table, Claim.__table__)
        new = {key: bindparam(f"new_{key}", type_=table.c[key].type) for key in sorted(columns)}
        statement = update(table).where(table.c.id == bindparam("claim_id")).values(new)
        _UPDATES[columns] = statement
    return statement
