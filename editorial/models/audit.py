"""The audit log: an append-only record of who did what, when, from where."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime
from editorial.models.user import User


class AuditEvent(Model):
    """One thing that happened. Rows are only ever inserted (the database refuses the rest)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who it was at the time, kept even if the account changes later.
    actor_label: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    # JSON keeps user-typed newlines and control characters escaped, so a line can't be forged.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.object_type}:{self.object_id}>"


class RefusalTally(Model):
    """How often one person was refused one permission in one minute, and the row that says so.

    Every refused request used to write an audit row, so anyone signed in could flood the log.
    Now the first refusal of a minute writes the `AuditEvent` (`event_id`), and the others of that
    minute only count here: the evidence is kept, its cost bounded (`audit.record`).
    """

    __tablename__ = "audit_refusal_tallies"

    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(60), primary_key=True)
    minute: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=1)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("audit_events.id"))


# Append-only in the database itself, not just by convention: UPDATE and DELETE raise.
APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
]
APPEND_ONLY_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
]

for _dialect, _statements in (
    ("sqlite", APPEND_ONLY_SQLITE),
    ("postgresql", APPEND_ONLY_POSTGRESQL),
):
    for _sql in _statements:
        # SQLAlchemy's DDL constructor carries no annotations.
        trigger = DDL(_sql).execute_if(dialect=_dialect)  # type: ignore[no-untyped-call]
        event.listen(AuditEvent.__table__, "after_create", trigger)
