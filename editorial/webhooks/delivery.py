"""Sending a delivery: signed, once per attempt, retried on a schedule, the endpoint paused after
repeated failures.

Signed as Standard Webhooks says: headers `webhook-id` (the message id, the same for every attempt),
`webhook-timestamp` (seconds since the epoch) and `webhook-signature`, "v1," + base64 of
HMAC-SHA256 over "{id}.{timestamp}.{body}", keyed with the endpoint's secret (the bytes the
base64 after "whsec_" stands for, as the Standard Webhooks libraries read it).

An attempt: claim the row (a conditional UPDATE from pending to sending, committed before the
request goes out: a job queued twice, or two workers, send it once, and no lock is held while
waiting for the receiver; at most `MAX_IN_FLIGHT` at once per endpoint), check the address again
against what its name resolves to now, POST with a timeout of `TIMEOUT_SECONDS`, never following a
redirect, read at most the first KB of the answer, and write down how it went. A 2xx is delivered;
anything else is tried again after `SCHEDULE` (30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h:
nine attempts over about 22 h 45 min), then kept as failed ("Send again" starts it over).
`PAUSE_AFTER` failed attempts in a row pause the endpoint (audited, and every admin is told in
the inbox, and by email if they chose it); what it is sent meanwhile
waits, and resuming sends it in order.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import ColumnElement, ScalarSelect, func, or_, select, update
from sqlalchemy.orm import aliased

from editorial import clock, jobs
from editorial.audit import record
from editorial.database import changed_rows
from editorial.extensions import db
from editorial.inbox.service import notify_admins_paused
from editorial.models import WebhookDelivery, WebhookEndpoint
from editorial.models.webhooks import DELIVERED, FAILED, PENDING, SENDING
from editorial.webhooks.addresses import AddressRefused, check, connection

SCHEDULE: tuple[timedelta, ...] = tuple(
    timedelta(seconds=s) for s in (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
)
TIMEOUT_SECONDS = 10.0
ANSWER_KEPT = 1024
PAUSE_AFTER = 10
# At most this many attempts to one endpoint at once: a slow receiver holds a few workers, never
# all of them; the rest wait for the sweep's next minute.
MAX_IN_FLIGHT = 4
# A claim older than this was a worker that stopped mid-send: the sweep makes it pending again.
STUCK_AFTER = timedelta(minutes=5)


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header for one attempt."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _not_paused() -> ColumnElement[bool]:
    return WebhookDelivery.endpoint_id.in_(
        select(WebhookEndpoint.id).where(
            WebhookEndpoint.paused_at.is_(None), WebhookEndpoint.removed.is_(False)
        )
    )


def _in_flight() -> ScalarSelect[int]:
    """How many deliveries to the same endpoint as the row being claimed are being sent."""
    other = aliased(WebhookDelivery)
    return (
        select(func.count(other.id))
        .where(other.endpoint_id == WebhookDelivery.endpoint_id, other.status == SENDING)
        .scalar_subquery()
    )


@jobs.job("webhooks.deliver", retries=2, retry_delay=30)
def deliver(delivery_id: int) -> bool:
    """Make one attempt at delivery `delivery_id` if it is due; whether this call sent it."""
    now = clock.now()
    claimed = changed_rows(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == PENDING,
            WebhookDelivery.next_attempt_at <= now,
            _not_paused(),
            _in_flight() < MAX_IN_FLIGHT,
        )
        .values(status=SENDING, last_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed != 1:
        db.session.commit()
        return False
    row = db.session.get(WebhookDelivery, delivery_id)
    assert row is not None  # noqa: S101 - just claimed
    endpoint = row.endpoint
    url, secret, body, message_id = endpoint.url, endpoint.secret, row.body, row.message_id
    endpoint_id = endpoint.id
    db.session.commit()  # the claim is seen by everyone; no lock while the receiver answers

    status, answer, error, millis = _post(url, secret, message_id, body)
    _write_outcome(delivery_id, endpoint_id, status, answer, error, millis)
    return True


def _post(url: str, secret: str, message_id: str, body: str) -> tuple[int | None, str, str, int]:
    """POST `body` to `url`: (status or None, the answer's first KB, an error in words, ms)."""
    started = time.monotonic()
    allow = bool(current_app.config.get("WEBHOOKS_ALLOW_PRIVATE"))
    try:
        target = check(url, allow_private=allow)
    except AddressRefused as refused:
        return None, "", str(refused), 0
    timestamp = int(clock.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "editorial-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
    }
    link = connection(target, TIMEOUT_SECONDS)
    try:
        link.request("POST", target.path, body=body.encode(), headers=headers)
        response = link.getresponse()
        answer = response.read(ANSWER_KEPT).decode("utf-8", "replace")
        status: int | None = response.status
        error = "" if 200 <= response.status < 300 else f"The receiver answered {response.status}."
        if 300 <= response.status < 400:
            error += " Redirects are not followed: register the address it redirects to."
    except TimeoutError:
        status, answer, error = None, "", f"No answer within {TIMEOUT_SECONDS:.0f} seconds."
    except OSError as problem:
        status, answer, error = None, "", f"Could not connect: {problem}"[:400]
    finally:
        link.close()
    return status, answer, error, int((time.monotonic() - started) * 1000)


def _write_outcome(
    delivery_id: int,
    endpoint_id: int,
    status: int | None,
    answer: str,
    error: str,
    millis: int,
) -> None:
    row = db.session.get(WebhookDelivery, delivery_id)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if row is None or endpoint is None:
        return
    row.attempts += 1
    row.response_status, row.response_body, row.response_ms = status, answer, millis
    row.error = error or None
    if not error:
        row.status, row.next_attempt_at = DELIVERED, None
        endpoint.consecutive_failures = 0
        db.session.commit()
        return
    if row.attempts <= len(SCHEDULE):
        row.status = PENDING
        row.next_attempt_at = clock.now() + SCHEDULE[row.attempts - 1]
    else:
        row.status, row.next_attempt_at = FAILED, None
    endpoint.consecutive_failures += 1
    limit = int(current_app.config.get("WEBHOOKS_PAUSE_AFTER", PAUSE_AFTER))
    if endpoint.consecutive_failures >= limit and endpoint.paused_at is None:
        endpoint.paused_at = clock.now()
        record(
            "webhook.paused",
            endpoint,
            actor=None,
            url=endpoint.url,
            failures=endpoint.consecutive_failures,
        )
        notify_admins_paused(endpoint.url, endpoint.consecutive_failures)
    db.session.commit()


def send_due(limit: int = 200) -> int:
    """Attempt every delivery whose time has come, oldest first; how many were attempted.

    Also what makes a delivery whose job was never queued (the process stopped between the
    commit and the queue) or whose worker stopped mid-send go out after all.
    """
    now = clock.now()
    db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.status == SENDING, WebhookDelivery.last_attempt_at < now - STUCK_AFTER
        )
        .values(status=PENDING)
        .execution_options(synchronize_session=False)
    )
    due = list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.status == PENDING,
                or_(
                    WebhookDelivery.next_attempt_at.is_(None),
                    WebhookDelivery.next_attempt_at <= now,
                ),
                _not_paused(),
            )
            .order_by(WebhookDelivery.id)
            .limit(limit)
        )
    )
    db.session.commit()
    return sum(1 for delivery_id in due if deliver(delivery_id))


@jobs.periodic("webhooks.sweep", minutes=1)
def sweep() -> int:
    """The worker's minute: send what is due (retries, and anything never queued)."""
    return send_due()


@jobs.job("webhooks.drain", retries=2, retry_delay=30)
def drain(endpoint_id: int) -> int:
    """Send what waited for a resumed endpoint, in the order it happened; stop at a failure
    (the rest then follows the failed one on the schedule, never before it)."""
    sent = 0
    waiting = list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == PENDING)
            .order_by(WebhookDelivery.id)
        )
    )
    db.session.commit()
    for delivery_id in waiting:
        if not deliver(delivery_id):
            break
        row = db.session.get(WebhookDelivery, delivery_id)
        if row is None or row.status != DELIVERED:
            break
        sent += 1
    return sent
