"""Notifications by email: each person chooses, per kind, the inbox only, email at once, or an
hourly or daily digest (`inbox/digests.py` sends those).

An email goes with the notification row, after the commit (`mail.send_after_commit`), so only
for what happened, and only to someone `inbox.service.notify` found may see the story now. It
says why it was sent, links to the story on the desk, and carries a one-click unsubscribe
(RFC 8058: `List-Unsubscribe` with an https address and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click`) that works without signing in: the address holds a token of 256 bits
from `secrets`, of which only the SHA-256 is stored (`UnsubscribeToken`), naming one person and
one kind (or one digest), working for `UNSUBSCRIBE_DAYS`, and all it can do is turn that email
off. A wrong, altered or expired token gets the same answer as a missing one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app, render_template
from sqlalchemy import delete, select

from editorial import clock, mail, newsroom
from editorial.extensions import db
from editorial.models import Article, Kind, Notification, UnsubscribeToken, User
from editorial.urls import absolute

#: What each kind of notification is, as the preferences page and the emails say it.
KIND_CHOICES: dict[str, str] = {
    Kind.ASSIGNED.value: "someone assigns you a story",
    Kind.MENTIONED.value: "someone mentions you in a comment",
    Kind.COMMENTED.value: "someone comments on a story you are on",
    Kind.RETURNED.value: "your story is returned to you",
    Kind.FLAGGED.value: "a story you are on is flagged by the fact-check",
    Kind.CLEARED.value: "a story you are on is cleared by the fact-check",
    Kind.PUBLISHED.value: "a story you are on is published",
    Kind.SOURCE_CHANGED.value: "the source of a translation you are on changes",
    Kind.MISSED.value: "a scheduled story missed its time",
    Kind.DEADLINE.value: "a deadline is near or passed",
    Kind.WEBHOOK_PAUSED.value: "a webhook endpoint is paused after failing (admins)",
    Kind.WEEKLY.value: "the weekly summary of a section whose desk you own (editors, admins)",
}

#: How long an email's unsubscribe link works.
UNSUBSCRIBE_DAYS = 90

#: How a kind can come by email: the preferences page's choices, in its order.
NEVER, AT_ONCE, HOURLY, DAILY = "never", "now", "hourly", "daily"
CADENCES: dict[str, str] = {
    NEVER: "Inbox only",
    AT_ONCE: "Email at once",
    HOURLY: "Hourly digest",
    DAILY: "Daily digest",
}
DIGESTS = (HOURLY, DAILY)


def choice(person: User, kind: str) -> str:
    """How `person` gets notifications of `kind` by email: one of `CADENCES`."""
    if kind in (person.email_kinds or []):
        return AT_ONCE
    cadence = (person.email_digests or {}).get(kind)
    return cadence if cadence in DIGESTS else NEVER


def digest_kinds(person: User, cadence: str) -> list[str]:
    """The kinds `person` gets in the `cadence` digest."""
    chosen = person.email_digests or {}
    return sorted(k for k, c in chosen.items() if c == cadence and k in KIND_CHOICES)


SUBJECTS: dict[str, str] = {
    "assigned": "You are assigned",
    "mentioned": "You are mentioned",
    "commented": "A new comment",
    "returned": "Returned to you",
    "flagged": "Flagged",
    "cleared": "Cleared",
    "published": "Published",
    "source_changed": "Its source changed",
    "missed_publish": "Missed its time",
    "deadline": "Deadline",
    "webhook_paused": "A webhook endpoint is paused",
    "weekly_summary": "Weekly summary",
}


def desk_url(endpoint: str, **values: object) -> str:
    """An absolute desk address on PUBLIC_BASE_URL, built with or without a request (a
    notification may come from the scheduler or a job)."""
    path = current_app.url_map.bind("desk.invalid").build(endpoint, values)
    return absolute(path)


def story_link(article_id: int) -> str:
    """The desk address of a story, absolute (for an email)."""
    return desk_url("articles.show", article_id=article_id)


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unsubscribe_token(user: User, kind: str) -> str:
    """A new token that turns off `kind` emails for `user` (or, `kind` being "hourly" or
    "daily", that digest), and nothing else, for `UNSUBSCRIBE_DAYS`; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UnsubscribeToken(
            user_id=user.id,
            kind=kind,
            token_hash=_hashed(token),
            expires_at=clock.now() + timedelta(days=UNSUBSCRIBE_DAYS),
        )
    )
    return token


def read_unsubscribe(token: str) -> tuple[int, str] | None:
    """The (person id, kind) a token names, or None for a wrong, altered or expired one."""
    if not token or len(token) > 100:
        return None
    digest = _hashed(token)
    row = db.session.scalar(select(UnsubscribeToken).where(UnsubscribeToken.token_hash == digest))
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if clock.as_utc(row.expires_at) <= clock.now():
        return None
    if row.kind not in KIND_CHOICES and row.kind not in DIGESTS:
        return None
    return row.user_id, row.kind


def forget_expired() -> None:
    """Remove the unsubscribe tokens that no longer work."""
    db.session.execute(delete(UnsubscribeToken).where(UnsubscribeToken.expires_at <= clock.now()))


def email_notification(
    person: User,
    notification: Notification,
    article: Article | None,
    actor: User | None,
    *,
    about: tuple[str, str] | None = None,
    link: str | None = None,
) -> bool:
    """Email `person` of `notification` if they chose email at once for its kind (and email is
    on). It is about `article`, or, for a notice of no story, `about` (what, and its address's
    endpoint, or the absolute `link` when given)."""
    kind = notification.kind.value
    if choice(person, kind) != AT_ONCE or kind not in KIND_CHOICES or not mail.enabled():
        return False
    if article is not None:
        headline, link = article.headline or "Untitled story", story_link(article.id)
    elif about is not None:
        headline, link = about[0], link or desk_url(about[1])
    else:
        return False
    notification.emailed_at = clock.now()  # never again in a digest
    unsubscribe = desk_url("inbox.unsubscribe", token=unsubscribe_token(person, kind))
    context = {
        "person": person,
        "notification": notification,
        "headline": headline,
        "story_link": link,
        "why": KIND_CHOICES[kind],
        "preferences": desk_url("inbox.email_preferences"),
        "unsubscribe": unsubscribe,
        "newsroom_name": newsroom.current().newsroom_name,
        "actor": actor.display_name if actor else None,
    }
    return mail.send_after_commit(
        person.email,
        f"{SUBJECTS.get(kind, 'News')}: {context['headline']}",
        render_template("inbox/mail_notification.txt", **context),
        render_template("inbox/mail_notification.html", **context),
        {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
