"""A verdict's rows written past the session's unit of work (issue 28, bench:verdict11): the
claim's UPDATE one ORM-enabled Core statement, its history line one Core INSERT on the session's
connection (`rows_written.insert_as_read`), its audit line by `audit.record_written` (the
service's). A verdict no longer sets off a flush and every flush hook for three rows; what those
hooks learnt from them is said here or by the statement: the UPDATE goes through the session's
`do_orm_execute`, so the desk's and insights' versions follow it as they follow a flushed claim
(insights only when the verdict or the check time changes), and the history line, a table the
desk shows, moves the desk's version (`note_written`). The other hooks learn nothing from these
rows (the search index follows stories' text, the summary transitions and duties, the webhooks
their own rows); the text is cleaned as the mapper's hook cleans a row.

The UPDATE sets what the flush's would have: the columns whose value changes, none when none
does. When the session holds something unwritten, or the claim's history is loaded (the line
then joins it), the rows go through the ORM as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from editorial.board_version import note_written
from editorial.extensions import db
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
    changing = {key: value for key, value in values.items() if getattr(claim, key) != value}
    if changing:
        db.session.execute(
            update(Claim)
            .where(Claim.id == claim.id)
            .values(changing)
            .execution_options(synchronize_session=False)
        )
    for key, value in values.items():
        set_committed_value(claim, key, value)
    change.claim_id = claim.id
    insert_as_read(change)
    note_written()
    return True
