"""The "My queue" page."""

from __future__ import annotations

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from editorial import workflow
from editorial.csrf_holes import HOLE
from editorial.database import read_only
from editorial.forms import address_int
from editorial.identity import current_identity, current_person
from editorial.kept_parts import kept_part
from editorial.kept_shell import render_shell
from editorial.queue import queries


@read_only
def index() -> Response:
    """What waits on me now, oldest waiting first, with how long each has waited.

    Drawn once per desk version, viewer, address and minute and kept (`editorial.kept_parts`):
    the queue is stories, their marks and moves, all rows a write to which moves the version.
    The page around it is kept too (`kept_shell`); the person is loaded only to draw."""
    who = current_identity()
    if who is None:
        abort(401)

    def render() -> str:
        person = current_person()
        page = min(max(address_int(request.args.get("page"), 1), 1), 10_000)
        items, more = queries.waiting_on(person, page)
        return render_template(
            "queue/_page.html",
            csrf_token=lambda: HOLE,
            items=items,
            page=page,
            more=more,
            state_labels=workflow.STATE_LABELS,
            total=queries.count_waiting(person),
        )

    return render_shell("queue/index.html", {"content": kept_part("queue.page", who, render)})
