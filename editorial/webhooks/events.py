"""What a webhook says, and when: the events, their payloads, and the hooks that write a delivery
for each endpoint that wants one.

Receivers of the app's signals (sent inside the transaction that made the change) write the
delivery rows in that same transaction, so a change that rolls back leaves none; the rows' ids
are kept on the session and queued only after it commits (`after_commit`), and forgotten if it
rolls back. Breaking headlines, corrections and live posts have no signal of their own (a
correction's notice is added after the save's signal): a flush hook sees them written, as the
search index's does for articles.

Payloads say only what the public may see (the story's public address, headline, summary,
language and times), never the desk's comments, claims or notes, and nothing at all about a story
whose embargo holds (`Article.embargo_holds`): no event is written for it.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from editorial import clock, jobs, workflow
from editorial.extensions import db
from editorial.models import (
    Article,
    BreakingHeadline,
    Correction,
    LivePost,
    WebhookDelivery,
    WebhookEndpoint,
)
from editorial.models.webhooks import PENDING
from editorial.newsroom import default_language
from editorial.signals import article_transitioned
from editorial.urls import absolute
from editorial.webhooks.delivery import deliver

VERSION = 1
#: Every event an endpoint can ask for, as the form lists them.
EVENTS: dict[str, str] = {
    "article.published": "A story is published",
    "article.unpublished": "A story is unpublished",
    "article.corrected": "A published story is corrected",
    "article.scheduled": "A story is scheduled (or rescheduled)",
    "live.post_published": "A post goes out on a live story",
    "breaking.live": "A breaking headline goes live",
    "breaking.withdrawn": "A breaking headline is withdrawn",
    "breaking.ended": "A breaking headline is ended early",
}
TEST_EVENT = "webhook.test"
_TRANSITION_EVENTS = {
    "publish": "article.published",
    "publish_now": "article.published",
    "release": "article.published",
    "unpublish": "article.unpublished",
    "schedule": "article.scheduled",
    "reschedule": "article.scheduled",
}
_WRITTEN = "editorial.webhooks.written"


def _time(value: datetime | None) -> str | None:
    return clock.machine_time(value) if value is not None else None


def story_url(article: Article) -> str:
    """The story's public address on PUBLIC_BASE_URL (its edition's, for another language)."""
    prefix = "" if article.language == default_language() else f"/{article.language}"
    return absolute(f"{prefix}/news/{article.slug}")


def article_data(article: Article) -> dict[str, Any]:
    """What a payload says of a story: only what its public page says."""
    return {
        "id": article.id,
        "url": story_url(article),
        "headline": article.headline,
        "summary": article.summary,
        "language": article.language,
        "published_at": _time(article.published_at),
        "first_published_at": _time(article.first_published_at),
        "updated_at": _time(article.updated_at),
    }


def headline_data(headline: BreakingHeadline) -> dict[str, Any]:
    """What a payload says of a breaking headline (and its story, when it has a public one)."""
    story = headline.article
    linked = story is not None and story.state == workflow.PUBLIC_STATE and not story.embargo_holds
    return {
        "id": headline.id,
        "text": headline.text,
        "language": headline.language,
        "starts_at": _time(headline.starts_at),
        "ends_at": _time(headline.ends_at),
        "withdrawn_at": _time(headline.withdrawn_at),
        "url": story_url(story) if linked and story is not None else None,
    }


def body(kind: str, message_id: str, data: dict[str, Any]) -> str:
    """The JSON sent (and signed): versioned, the event's type, its id and time, its data."""
    payload = {
        "version": VERSION,
        "type": kind,
        "id": message_id,
        "timestamp": clock.machine_time(clock.now()),
        "language": data.get("language"),
        "data": data,
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def new_message_id() -> str:
    """A Standard Webhooks message id: unique, and the same for every attempt of one event."""
    return f"msg_{uuid.uuid4().hex}"


# Which endpoints want what, read past the ORM in the caller's transaction (so an endpoint
# registered before it began is seen, as the ORM read saw it): built once.
_WANTING = (
    select(WebhookEndpoint.id, WebhookEndpoint.events)
    .where(WebhookEndpoint.removed.is_(False))
    .order_by(WebhookEndpoint.id)
)


def wanting() -> dict[str, list[int]]:
    """Each event's endpoints (ids, oldest first) that want it now, in one read: asked before a
    payload is built, so a write that no endpoint hears of builds none (issue 28)."""
    wanted: dict[str, list[int]] = {}
    rows = db.session.connection().execute(_WANTING)
    for endpoint_id, events in rows:
        for kind in events or []:
            wanted.setdefault(kind, []).append(int(endpoint_id))
    return wanted


def emit(
    kind: str,
    data: dict[str, Any],
    *,
    only: WebhookEndpoint | None = None,
    endpoint_ids: list[int] | None = None,
) -> list[int]:
    """Write a delivery of `kind` for every endpoint that wants it (or for `only`, or for the
    `endpoint_ids` a caller read with `wanting`), in the caller's transaction; they are queued
    once it commits. Returns the new deliveries' ids."""
    if only is not None:
        endpoint_ids = [only.id]
    elif endpoint_ids is None:
        endpoint_ids = wanting().get(kind, [])
    if not endpoint_ids:
        return []
    message_id = new_message_id()
    text = body(kind, message_id, data)
    # Core inserts on the session's connection: this also runs from the flush hook below, where
    # the ORM can't flush again.
    connection = db.session.connection()
    ids = []
    for endpoint_id in endpoint_ids:
        statement = (
            insert(WebhookDelivery.__table__)  # type: ignore[arg-type]
            .values(
                endpoint_id=endpoint_id,
                event=kind,
                message_id=message_id,
                body=text,
                status=PENDING,
                next_attempt_at=clock.now(),
                created_at=clock.now(),
            )
            .returning(WebhookDelivery.__table__.c.id)
        )
        ids.append(int(connection.execute(statement).scalar_one()))
    for delivery_id in ids:
        jobs.after_commit(deliver, delivery_id)
    return ids


def _on_transition(article: Article, *, transition: workflow.Transition, **_: Any) -> None:
    kind = _TRANSITION_EVENTS.get(transition.name)
    if kind is None or article.embargo_holds:
        return
    endpoint_ids = wanting().get(kind)
    if not endpoint_ids:  # nobody listens: no payload
        return
    data = article_data(article)
    if kind == "article.scheduled":
        data["scheduled_for"] = _time(article.published_at)
    emit(kind, data, endpoint_ids=endpoint_ids)


def _headline_event(headline: BreakingHeadline, new: bool) -> str | None:
    state = inspect(headline)
    now = clock.now()
    if headline.withdrawn_at is not None:
        changed = state.attrs["withdrawn_at"].history.has_changes()
        return "breaking.withdrawn" if changed else None
    starts, ends = clock.as_utc(headline.starts_at), clock.as_utc(headline.ends_at)
    if new:
        return "breaking.live" if starts <= now < ends else None
    ends_history = state.attrs["ends_at"].history
    if ends_history.has_changes() and ends <= now:
        before = ends_history.deleted[0] if ends_history.deleted else None
        if before is not None and clock.as_utc(before) > now:
            return "breaking.ended"
    return None


def _corrected(correction: Correction) -> tuple[str, dict[str, Any]] | None:
    """A new public correction of a published story (whoever wrote it): its event."""
    article = db.session.get(Article, correction.article_id)
    if article is None or article.state != workflow.PUBLIC_STATE or article.embargo_holds:
        return None
    data = article_data(article)
    data["correction"] = {"notice": correction.notice, "at": _time(correction.at)}
    return "article.corrected", data


def _post_went_out(post: LivePost) -> bool:
    """Whether this flush puts `post` out (published now, at creation or by an editor)."""
    if post.published_at is None or post.deleted_at is not None:
        return False
    history = inspect(post).attrs["published_at"].history
    return history.has_changes() and not any(history.deleted)


def _live_posted(post: LivePost) -> tuple[str, dict[str, Any]] | None:
    """A live post readers can see now: its event (none while its story is off the site)."""
    article = db.session.get(Article, post.article_id)
    if article is None or article.state != workflow.PUBLIC_STATE or article.embargo_holds:
        return None
    data = article_data(article)
    data["post"] = {
        "id": post.id,
        "url": f"{story_url(article)}#post-{post.id}",
        "headline": post.headline,
        "published_at": _time(post.published_at),
        "key_event": post.key_event,
    }
    return "live.post_published", data


def post_went_out(post: LivePost) -> None:
    """A live post written out at once past the session's unit of work
    (`live.service.create_post`, one Core INSERT), which no flush hook sees: its event, as
    `_after_flush` writes it for a post the session flushes (none while nobody listens, or
    while its story is off the site)."""
    if post.published_at is None or post.deleted_at is not None:
        return
    endpoint_ids = wanting().get("live.post_published")
    if not endpoint_ids:
        return
    said = _live_posted(post)
    if said is not None:
        emit(*said, endpoint_ids=endpoint_ids)


def headline_added(headline: BreakingHeadline) -> None:
    """A new breaking headline written past the session's unit of work
    (`breaking.service.create`, one Core INSERT), which no flush hook sees: "breaking.live" when
    it is live at once, as `_after_flush` writes it for a new headline the session flushes."""
    kind = _headline_event(headline, True)
    if kind is None:
        return
    endpoint_ids = wanting().get(kind)
    if endpoint_ids:
        emit(kind, headline_data(headline), endpoint_ids=endpoint_ids)


def _after_flush(session: Session, _context: Any) -> None:
    """What this flush wrote that the world hears of: a breaking headline gone live at
    creation, withdrawn or ended early; a story's new correction notice; a live post out.

    Noted here (the flush's history is only readable now), emitted once the flush is over."""
    found: list[tuple[str, BreakingHeadline | Correction | LivePost]] = []
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, BreakingHeadline):
            kind = _headline_event(obj, obj in session.new)
            if kind is not None:
                found.append((kind, obj))
        elif isinstance(obj, Correction) and obj in session.new:
            found.append(("article.corrected", obj))
        elif isinstance(obj, LivePost) and _post_went_out(obj):
            found.append(("live.post_published", obj))
    if found:
        session.info.setdefault(_WRITTEN, []).extend(found)


def _after_flush_postexec(session: Session, _context: Any) -> None:
    written = session.info.pop(_WRITTEN, [])
    if not written:
        return
    wanted = wanting()  # one read for all of them; a payload only where an endpoint listens
    for kind, obj in written:
        endpoint_ids = wanted.get(kind)
        if not endpoint_ids:
            continue
        if isinstance(obj, Correction | LivePost):
            said = _corrected(obj) if isinstance(obj, Correction) else _live_posted(obj)
            if said is not None:
                emit(*said, endpoint_ids=endpoint_ids)
        else:
            emit(kind, headline_data(obj), endpoint_ids=endpoint_ids)


def _ended(session: Session, transaction: Any) -> None:
    """The outermost transaction is over: after a rollback, nothing it wrote is sent."""
    if transaction.parent is None:
        session.info.pop(_WRITTEN, None)


def init_events() -> None:
    """Subscribe to the signals and the session's flush, commit and rollback (once a process)."""
    article_transitioned.connect(_on_transition)
    for name, hook in (
        ("after_flush", _after_flush),
        ("after_flush_postexec", _after_flush_postexec),
        ("after_transaction_end", _ended),
    ):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)
