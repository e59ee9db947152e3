"""The webhooks pages (admins): the endpoints and the form to add one; an endpoint's delivery
log with its buttons (send a test event, pause, resume, remove, send a delivery again).

A small area of plain forms, as the coverage desk's: each POST answers with a redirect and a
flash, or the page again with the problem beside its field. One answer is never a redirect: the
new endpoint's secret is shown on the page that answers the registration, once (never flashed,
since the session cookie is signed, not encrypted).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from editorial import jobs
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import WebhookEndpoint
from editorial.permissions import require
from editorial.refusal import Refused, answer
from editorial.webhooks import queries, service
from editorial.webhooks.delivery import PAUSE_AFTER, SCHEDULE
from editorial.webhooks.events import EVENTS, TEST_EVENT
from editorial.webhooks.forms import ActionForm, EndpointForm

ACTION = "webhooks.manage"
STATUS_WORDS = {
    "pending": "Waiting",
    "sending": "Being sent",
    "delivered": "Delivered",
    "failed": "Failed every try",
}


def _list_page(form: EndpointForm, status: int = 200) -> tuple[str, int]:
    return (
        render_template(
            "webhooks/webhooks.html",
            form=form,
            endpoints=queries.endpoints(),
            failures=jobs.failures(),
            action_form=ActionForm(),
            event_labels={**EVENTS, TEST_EVENT: "A test event"},
            status_words=STATUS_WORDS,
        ),
        status,
    )


def _endpoint_or_404(endpoint_id: int) -> WebhookEndpoint:
    return queries.endpoint(endpoint_id) or abort(404)


@require(ACTION)
@read_only
def webhooks() -> tuple[str, int]:
    """The endpoints, each with its last delivery; the form to add one; jobs that kept failing."""
    return _list_page(EndpointForm(formdata=None))


@require(ACTION)
def register() -> tuple[str, int]:
    """Add an endpoint; the answer shows its secret, this once."""
    form = EndpointForm()
    if not form.validate():
        return _list_page(form, 422)
    try:
        made = service.register(
            form.url.data or "",
            form.description.data or "",
            list(form.events.data or []),
            actor=current_person(),
        )
    except Refused as refused:
        refusal = answer(refused, ACTION)
        form[refusal.field or "url"].errors = [refusal.message]
        return _list_page(form, refusal.status)
    db.session.commit()
    return render_template("webhooks/created.html", endpoint=made.endpoint, secret=made.secret), 201


@require(ACTION)
@read_only
def endpoint(endpoint_id: int) -> tuple[str, int]:
    """An endpoint's settings, its buttons and its delivery log, newest first."""
    row = _endpoint_or_404(endpoint_id)
    return (
        render_template(
            "webhooks/endpoint.html",
            endpoint=row,
            deliveries=queries.log(row.id),
            action_form=ActionForm(),
            schedule=SCHEDULE,
            pause_after=PAUSE_AFTER,
            event_labels={**EVENTS, TEST_EVENT: "A test event"},
            status_words=STATUS_WORDS,
        ),
        200,
    )


def _done(endpoint_id: int, message: str) -> Response:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint_id))


def _refused(refused: Refused, endpoint_id: int) -> Response:
    refusal = answer(refused, ACTION)
    flash(refusal.message, "error")
    return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint_id))


@require(ACTION)
def test(endpoint_id: int) -> Response:
    """Send a test event to this endpoint alone."""
    row = _endpoint_or_404(endpoint_id)
    service.send_test(row, actor=current_person())
    return _done(row.id, "A test event is on its way: its delivery is at the top of the log.")


@require(ACTION)
def pause(endpoint_id: int) -> Response:
    """Stop sending; events wait until it is resumed."""
    row = _endpoint_or_404(endpoint_id)
    try:
        service.pause(row, actor=current_person())
    except Refused as refused:
        return _refused(refused, row.id)
    return _done(row.id, "Paused. Events wait here until you resume it.")


@require(ACTION)
def resume(endpoint_id: int) -> Response:
    """Send again, starting with what waited, in order."""
    row = _endpoint_or_404(endpoint_id)
    try:
        waiting = service.resume(row, actor=current_person())
    except Refused as refused:
        return _refused(refused, row.id)
    said = "1 waiting event is" if waiting == 1 else f"{waiting} waiting events are"
    said += " being sent in the order they happened."
    return _done(row.id, "Resumed. " + (said if waiting else "Nothing was waiting."))


@require(ACTION)
def remove(endpoint_id: int) -> Response:
    """Stop sending to this endpoint for good."""
    row = _endpoint_or_404(endpoint_id)
    service.remove(row, actor=current_person())
    db.session.commit()
    flash(f"Removed: nothing more goes to {row.url}.", "success")
    return redirect(url_for("webhooks.webhooks"))


@require(ACTION)
def send_again(endpoint_id: int, delivery_id: int) -> Response:
    """Send one delivery again (same message, same `webhook-id`)."""
    row = _endpoint_or_404(endpoint_id)
    delivery = queries.delivery(row.id, delivery_id) or abort(404)
    try:
        service.send_again(delivery, actor=current_person())
    except Refused as refused:
        return _refused(refused, row.id)
    return _done(row.id, "Sent again: the new attempt is at the top of the log.")
