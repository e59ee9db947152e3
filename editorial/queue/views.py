"""The "My queue" page."""

from __future__ import annotations

from flask import request
from werkzeug.wrappers import Response

from editorial import htmx, workflow
from editorial.database import read_only
from editorial.forms import address_int
from editorial.identity import current_person
from editorial.queue import queries


@read_only
def index() -> Response:
    """What waits on me now, oldest waiting first, with how long each has waited."""
    person = current_person()
    page = min(max(address_int(request.args.get("page"), 1), 1), 10_000)
    items, more = queries.waiting_on(person, page)
    return htmx.render(
        "queue/index.html",
        items=items,
        page=page,
        more=more,
        state_labels=workflow.STATE_LABELS,
        total=queries.count_waiting(person),
    )
