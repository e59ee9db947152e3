"""The alarm banner's poll: every editor's desk page asks it every few seconds (304 while nothing
changed); each poll also raises and clears alarms (`service.sound`), so the alarm does not wait
for a scheduler that may be the very thing that stopped."""

from __future__ import annotations

from functools import partial

from flask import abort, current_app, render_template, request
from werkzeug.wrappers import Response

from editorial import clock, htmx, workflow
from editorial.alarm import service
from editorial.identity import current_identity
from editorial.workflow_guards import role_of


def for_editors() -> list[service.Late]:
    """What the banner shows when a page is drawn (editors only; reads only: one query when
    nothing is late)."""
    person = current_identity()
    if person is None or role_of(person) not in workflow.EDITORS:
        return []
    return service.late_now() if service.anything_late() else []


def banner() -> Response:
    """The banner, polled by editors' pages."""
    person = current_identity()
    if person is None or role_of(person) not in workflow.EDITORS:
        abort(403)
    at = clock.now()
    late = service.sound(at)
    return htmx.poll(
        service.etag(late, at),
        partial(
            render_template,
            "alarm/_banner.html",
            late=late,
            poll_seconds=current_app.config["POLL_SECONDS"],
            next=request.args.get("next", ""),
        ),
    )
