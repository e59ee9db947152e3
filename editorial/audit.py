"""Writing to the audit log. The row joins the caller's transaction: no commit here.

Refused accesses are bounded: one row per person, permission and minute, the rest of that minute
counted in `RefusalTally` beside it, so a signed-in person can't flood the log cheaply.
"""

from __future__ import annotations

from typing import Any, cast

from flask import has_request_context, request
from sqlalchemy import CTE, Insert, Table, insert, update

from editorial import clock
from editorial.database import insert_missing
from editorial.extensions import db
from editorial.identity import signed_in_person
from editorial.models import AuditEvent, User
from editorial.models.audit import RefusalTally
from editorial.rows_written import bound_columns, cleaned, prefixed

SECRET_KEYS = {"password", "new_password", "current_password", "confirm", "csrf_token"}
# Actions that anyone signed in can cause at will, so they are counted per minute, not each kept.
COUNTED_PER_MINUTE = {"access.denied"}


def record(
    action: str,
    obj: Any = None,
    *,
    actor: User | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event for `action` on `obj` by `actor` (default: the signed-in user).

    Secrets are never stored: keys that name one are dropped whatever the caller passed. A
    refused access by a signed-in person already recorded this minute for the same permission
    adds to that row's tally instead, and that row is returned.
    """
    if actor is None:
        actor = signed_in_person()
    if action in COUNTED_PER_MINUTE and actor is not None:
        return _counted(action, obj, actor, details)
    return _add(action, obj, actor, details)


def record_written(
    action: str,
    obj: Any = None,
    *,
    actor: User | None = None,
    **details: Any,
) -> None:
    """`record`, the row written at once by one Core INSERT on the session's connection, in
    its transaction, past the session's unit of work: for a write that adds nothing else
    through it, so that the audit row alone no longer sets off a flush and every flush hook
    (the live post: bench:live8). Its text columns are cleaned as the mapper's hook cleans them
    (`database.clean_stored_text`); no refusal is written this way (they are counted)."""
    db.session.connection().execute(_INSERT, written_row(action, obj, actor=actor, **details))


def written_row(
    action: str,
    obj: Any = None,
    *,
    actor: User | None = None,
    **details: Any,
) -> dict[str, Any]:
    """The row `record_written` writes, every column but its id, for a caller that sends it in a
    statement with its own rows (a verdict's on PostgreSQL: `articles.claims.written`)."""
    if action in COUNTED_PER_MINUTE:
        raise ValueError(f"{action} is counted per minute: use record()")
    if actor is None:
        actor = signed_in_person()
    return {"at": clock.now(), **cleaned(_values(action, obj, actor, details))}


_INSERT = insert(AuditEvent.__table__)  # type: ignore[arg-type]  # a model's Table


def record_written_after(
    before: tuple[CTE, ...],
    params: dict[str, Any],
    action: str,
    obj: Any = None,
    *,
    actor: User | None = None,
    **details: Any,
) -> None:
    """PostgreSQL: `before` (data-modifying CTEs built once, whose results nobody reads, with
    their `params`), then `record_written`'s row, in one statement: a round trip each fewer (a
    text-only save's, bench:autosave12). `before`'s parameters must not start with "audit_"."""
    if not before:
        record_written(action, obj, actor=actor, **details)
        return
    row = written_row(action, obj, actor=actor, **details)
    statement = _AFTER.get(before)
    if statement is None:
        statement = _INSERT_BOUND
        for cte in before:
            statement = statement.add_cte(cte)
        _AFTER[before] = statement
    params = params | prefixed(row, "audit")
    db.session.connection().execute(statement, params)


_AUDIT = cast(Table, AuditEvent.__table__)
# The audit row's INSERT with every column but the id bound as "audit_<column>", and each
# statement `record_written_after` sends it with, built once.
_INSERT_BOUND = insert(_AUDIT).values(bound_columns(_AUDIT, "audit"))
_AFTER: dict[tuple[CTE, ...], Insert] = {}


def _values(action: str, obj: Any, actor: User | None, details: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_id": actor.id if actor else None,
        "actor_label": actor.email if actor else None,
        "action": action,
        "object_type": _object_type(obj),
        "object_id": str(obj.id) if obj is not None and hasattr(obj, "id") else None,
        "ip": request.remote_addr if has_request_context() else None,
        "details": {k: v for k, v in details.items() if k not in SECRET_KEYS},
    }


def _add(action: str, obj: Any, actor: User | None, details: dict[str, Any]) -> AuditEvent:
    event = AuditEvent(**_values(action, obj, actor, details))
    db.session.add(event)
    return event


def _counted(action: str, obj: Any, actor: User, details: dict[str, Any]) -> AuditEvent:
    """The minute's first refusal writes its row; the others only count (race-safe: one insert
    wins, the rest update the count)."""
    permission = str(details.get("permission") or action)[:60]
    minute = clock.now().replace(second=0, microsecond=0)
    key = {"actor_id": actor.id, "permission": permission, "minute": minute}
    if insert_missing(RefusalTally, {**key, "count": 1}):
        event = _add(action, obj, actor, {**details, "counted_per_minute": True})
        db.session.flush()
        db.session.execute(_tally(key).values(event_id=event.id))
        return event
    db.session.execute(_tally(key).values(count=RefusalTally.count + 1))
    tally = db.session.get(RefusalTally, (actor.id, permission, minute))
    event_row = db.session.get(AuditEvent, tally.event_id) if tally and tally.event_id else None
    return event_row or _add(action, obj, actor, details)


def _tally(key: dict[str, Any]) -> Any:
    return (
        update(RefusalTally)
        .where(*(getattr(RefusalTally, name) == value for name, value in key.items()))
        .execution_options(synchronize_session=False)
    )


def _object_type(obj: Any) -> str | None:
    if obj is None:
        return None
    return getattr(obj, "__tablename__", type(obj).__name__).removesuffix("s")
