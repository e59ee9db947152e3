"""The webhooks' reads: the endpoints with their last delivery, and an endpoint's log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from editorial.extensions import db
from editorial.models import WebhookDelivery, WebhookEndpoint

LOG_PAGE = 50


@dataclass(frozen=True)
class Listed:
    """An endpoint as the list shows it."""

    endpoint: WebhookEndpoint
    deliveries: int
    last: WebhookDelivery | None


def endpoints() -> list[Listed]:
    """Every endpoint not removed, oldest first, with its count and last delivery (two queries)."""
    rows = list(
        db.session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.removed.is_(False))
            .order_by(WebhookEndpoint.id)
        )
    )
    ids = [row.id for row in rows]
    counts: dict[int, tuple[int, int]] = {}
    if ids:
        for endpoint_id, count, last_id in db.session.execute(
            select(
                WebhookDelivery.endpoint_id,
                func.count(WebhookDelivery.id),
                func.max(WebhookDelivery.id),
            )
            .where(WebhookDelivery.endpoint_id.in_(ids))
            .group_by(WebhookDelivery.endpoint_id)
        ):
            counts[endpoint_id] = (count, last_id)
    lasts = {
        d.id: d
        for d in db.session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.id.in_([c[1] for c in counts.values()]))
        )
    }
    return [
        Listed(row, counts.get(row.id, (0, 0))[0], lasts.get(counts.get(row.id, (0, 0))[1]))
        for row in rows
    ]


def endpoint(endpoint_id: int) -> WebhookEndpoint | None:
    """One endpoint, unless it was removed."""
    row = db.session.get(WebhookEndpoint, endpoint_id)
    return row if row is not None and not row.removed else None


def log(endpoint_id: int, limit: int = LOG_PAGE) -> list[WebhookDelivery]:
    """An endpoint's latest deliveries, newest first."""
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == endpoint_id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    )


def delivery(endpoint_id: int, delivery_id: int) -> WebhookDelivery | None:
    """One delivery of one endpoint."""
    row = db.session.get(WebhookDelivery, delivery_id)
    return row if row is not None and row.endpoint_id == endpoint_id else None
