"""The inbox page, its badge's poll, opening a notification and marking everything read.

Each notification is a link (so it opens in a new tab too, and works without JavaScript):
`GET /inbox/<id>` marks that one notification read and sends the reader to its story. It is the
one GET that writes, and it writes only that row's `read_at`, in a write of its own
(`database.writing`). Marking everything read is a POST.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.database import read_only, writing
from editorial.extensions import db
from editorial.fast_polls import cheap_poll
from editorial.forms import address_int
from editorial.identity import current_identity, current_person
from editorial.inbox import queries, service
from editorial.models import Kind, Notification
from editorial.page_cache import changes_no_page

KIND_TEXT = {
    "assigned": "assigned you",
    "mentioned": "mentioned you on",
    "commented": "commented on",
    "returned": "returned",
    "flagged": "flagged",
    "cleared": "cleared",
    "published": "published",
    "source_changed": "changed the source of",
    "missed_publish": "raised a missed-publish alarm on",
    "deadline": "warned of a deadline on",
    "plan": "changed the plan",
    "webhook_paused": "paused an endpoint after it kept failing:",
    "weekly_summary": "sent last week's summary:",
}


@read_only
def index() -> Response:
    """The person's notifications, newest first, a page at a time (`?before=` the last id)."""
    person = current_person()
    before = address_int(request.args.get("before"), None)
    unread_only = request.args.get("show") == "unread"
    page = queries.page(person, before, unread_only=unread_only)
    return htmx.render(
        "inbox/index.html",
        "inbox/_list.html",
        page=page,
        unread_only=unread_only,
        kind_text=KIND_TEXT,
        unread=queries.unread_for_page(person.id),
    )


@cheap_poll(queries.badge_version, with_session=queries.UNREAD_WITH_SESSION)
@read_only
def badge() -> Response:
    """The navigation's unread count, polled: 304 from one index range when nothing changed
    (the session checked, no person loaded: `identity.current_identity`)."""
    person = current_identity()
    if person is None:
        abort(401)
    state = queries.unread(person.id)
    return htmx.poll(
        state.etag,
        partial(
            render_template,
            "inbox/_badge.html",
            unread=state,
            poll_seconds=current_app.config["POLL_SECONDS"],
        ),
    )


def open_one(notification_id: int) -> Response:
    """Mark one of one's notifications read and go to what it is about (a link: a GET).

    A story the reader may no longer open is not revealed: they come back to the inbox, told so.
    """
    person = current_person()
    item = db.session.get(Notification, notification_id)
    if item is None or item.recipient_id != person.id:
        abort(404)
    opens, inside = queries.may_open(person, item)
    with writing():
        service.mark_read(person, notification_id)
        db.session.commit()
    if item.kind == Kind.WEBHOOK_PAUSED and opens:
        return redirect(url_for("webhooks.webhooks"))
    if item.kind == Kind.WEEKLY and opens:
        filters = urlencode(queries.weekly_filters(item.id))
        return redirect(url_for("insights.index") + (f"?{filters}" if filters else ""))
    if not opens:
        what = "plan" if item.plan_id is not None else "story"
        what = "page" if item.article_id is None and item.plan_id is None else what
        flash(f"You can no longer open that {what}.", "info")
        return redirect(url_for("inbox.index"))
    if item.article_id is None:
        return redirect(url_for("planning.show", plan_id=item.plan_id))
    anchor = f"comment-{item.comment_id}" if item.comment_id and inside else None
    return redirect(url_for("articles.show", article_id=item.article_id, _anchor=anchor))


@changes_no_page
def read_all() -> Response:
    """Mark every one of one's notifications read."""
    person = current_person()
    service.mark_all_read(person)
    db.session.commit()

    def list_and_badge() -> str:
        html = render_template(
            "inbox/_list.html",
            page=queries.page(person),
            unread_only=False,
            kind_text=KIND_TEXT,
            unread=queries.unread(person.id),
        )
        return html + render_template(
            "inbox/_badge.html",
            unread=queries.Unread(0, 0),
            poll_seconds=current_app.config["POLL_SECONDS"],
            oob=True,
        )

    return htmx.done("Everything is marked read.", list_and_badge, url_for("inbox.index"))
