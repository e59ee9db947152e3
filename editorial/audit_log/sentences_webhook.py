"""The audit sentences of the webhooks' and background jobs' kinds (`webhook.*`, `job.*`).

Kept out of `sentences.py` (at its size limit) and registered there in `FAMILIES`.
"""

from __future__ import annotations

from editorial.audit_log.said import Said, quoted


def _endpoint(s: Said) -> str:
    url = s.details.get("url")
    return f"the webhook to {quoted(url)}" if url else f"webhook endpoint #{s.event.object_id}"


def webhook(s: Said) -> str:
    """A webhook endpoint registered, paused (by hand or after failures), resumed, removed, a
    delivery sent again, a test event sent."""
    what = _endpoint(s)
    d = s.details
    if s.kind == "paused" and not d.get("by_hand") and s.event.actor_id is None:
        failures = d.get("failures")
        times = f" after {failures} failed deliveries in a row" if failures else ""
        return f"{what} was paused{times}"
    events = d.get("events") or []
    waiting = d.get("waiting")
    sentences = {
        "created": f"{s.who} registered {what}"
        + (f" for {len(events)} kind{'s' if len(events) != 1 else ''} of event" if events else ""),
        "paused": f"{s.who} paused {what}",
        "resumed": f"{s.who} resumed {what}"
        + (f", sending the {waiting} events that waited" if waiting else ""),
        "removed": f"{s.who} removed {what}",
        "resent": f"{s.who} sent a delivery of {what} again",
        "tested": f"{s.who} sent a test event to {what}",
    }
    return sentences.get(s.kind, f"{s.who} changed {what}")


def job(s: Said) -> str:
    """A background job that failed every try (kept, and listed on the webhooks page)."""
    name = s.details.get("job")
    what = f"the background job {quoted(name)}" if name else "a background job"
    return f"{what} failed every try and was set aside for an admin to look at"
