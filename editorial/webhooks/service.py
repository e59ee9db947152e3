"""The webhooks' writes: register an endpoint, pause, resume and remove it, send a delivery
again, send a test event. Each checks, changes and audits in the caller's transaction; what it
sends is queued once that commits (`jobs.after_commit`)."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import update

from editorial import clock, jobs
from editorial.audit import record
from editorial.database import changed_rows
from editorial.extensions import db
from editorial.models import User, WebhookDelivery, WebhookEndpoint
from editorial.models.webhooks import PENDING, SENDING
from editorial.refusal import Refused
from editorial.webhooks.addresses import AddressRefused, check
from editorial.webhooks.delivery import deliver, drain
from editorial.webhooks.events import EVENTS, TEST_EVENT, emit

DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class Registered:
    """A new endpoint and its secret: the one time the secret is shown."""

    endpoint: WebhookEndpoint
    secret: str


def new_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64 (256 bits)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _checked_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > 2000:
        raise Refused("Keep the address under 2,000 characters.", field="url")
    try:
        check(url, allow_private=bool(current_app.config.get("WEBHOOKS_ALLOW_PRIVATE")))
    except AddressRefused as refused:
        raise Refused(str(refused), field="url") from None
    return url


def register(url: str, description: str, events: list[str], *, actor: User) -> Registered:
    """Add an endpoint that wants `events`; its secret is returned once, to show."""
    url = _checked_url(url)
    wanted = [kind for kind in EVENTS if kind in set(events)]
    if not wanted:
        raise Refused("Choose at least one event to send.", field="events")
    description = " ".join((description or "").split())
    if len(description) > DESCRIPTION_MAX:
        raise Refused(
            f"Keep the description under {DESCRIPTION_MAX} characters.", field="description"
        )
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=url, description=description, events=wanted, secret=secret, created_by_id=actor.id
    )
    db.session.add(endpoint)
    db.session.flush()
    record("webhook.created", endpoint, actor=actor, url=url, events=wanted)
    return Registered(endpoint, secret)


def pause(endpoint: WebhookEndpoint, *, actor: User) -> None:
    """Stop sending to `endpoint`; what happens meanwhile waits for it."""
    if endpoint.paused_at is not None:
        raise Refused("It is already paused.", status=409)
    endpoint.paused_at = clock.now()
    record("webhook.paused", endpoint, actor=actor, url=endpoint.url, by_hand=True)


def resume(endpoint: WebhookEndpoint, *, actor: User) -> int:
    """Send to `endpoint` again, starting with what waited, in order; how many waited."""
    if endpoint.paused_at is None:
        raise Refused("It is not paused.", status=409)
    endpoint.paused_at = None
    endpoint.consecutive_failures = 0
    waiting = changed_rows(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == PENDING)
        .values(next_attempt_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    record("webhook.resumed", endpoint, actor=actor, url=endpoint.url, waiting=waiting)
    jobs.after_commit(drain, endpoint.id)
    return waiting


def remove(endpoint: WebhookEndpoint, *, actor: User) -> None:
    """Stop sending to `endpoint` for good; its log is kept (for the audit log's sake)."""
    endpoint.removed = True
    record("webhook.removed", endpoint, actor=actor, url=endpoint.url)


def send_again(delivery: WebhookDelivery, *, actor: User) -> WebhookDelivery:
    """A new delivery of the same message (same body and `webhook-id`, so a receiver that
    already had it can tell), tried at once."""
    if delivery.status in (PENDING, SENDING):
        raise Refused("That one is still being sent.", status=409)
    again = WebhookDelivery(
        endpoint_id=delivery.endpoint_id,
        event=delivery.event,
        message_id=delivery.message_id,
        body=delivery.body,
        status=PENDING,
        next_attempt_at=clock.now(),
    )
    db.session.add(again)
    db.session.flush()
    record("webhook.resent", delivery.endpoint, actor=actor, delivery=delivery.id, again=again.id)
    jobs.after_commit(deliver, again.id)
    return again


def send_test(endpoint: WebhookEndpoint, *, actor: User) -> int:
    """A test event to `endpoint` alone, signed like any other; the new delivery's id."""
    data = {"message": "A test from the editorial desk.", "language": None}
    ids = emit(TEST_EVENT, data, only=endpoint)
    record("webhook.tested", endpoint, actor=actor, url=endpoint.url)
    return ids[0]
