"""Webhooks (issue 26): the endpoints admins register, each delivery to one of them, and the
background jobs that kept failing.

A delivery row is written in the same transaction as the change it tells of (an outbox): a
change that rolls back leaves no row, and a committed one always has its row, even if the
process stops before the job that sends it is queued (the worker's sweep finds it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editorial.clock import now
from editorial.extensions import Model
from editorial.models.types import UTCDateTime

# A delivery's life: PENDING (waiting for its next attempt, or for a paused endpoint to resume),
# SENDING (claimed by one worker: a second run of the same job finds it taken and does nothing),
# DELIVERED (a 2xx answer), FAILED (every attempt of the schedule failed; "Send again" retries).
PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"


class WebhookEndpoint(Model):
    """An address that wants to hear of some events, and the secret its deliveries are signed
    with (kept so it can sign; shown to the admin only when it was made)."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(String(100))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<WebhookEndpoint {self.id} {self.url!r}>"


class WebhookDelivery(Model):
    """One event sent (or to be sent) to one endpoint: the body exactly as signed, and how the
    last attempt went."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(60))
    # The Standard Webhooks `webhook-id`: the same for every attempt and for "Send again", so a
    # receiver can tell a repeat from a new event.
    message_id: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_ms: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)  # the first KB of the answer
    error: Mapped[str | None] = mapped_column(String(500))

    endpoint: Mapped[WebhookEndpoint] = relationship()


class JobFailure(Model):
    """A background job that failed every one of its tries: kept, with its error, for admins."""

    __tablename__ = "job_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    tries: Mapped[int] = mapped_column(Integer, default=1)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, index=True)
