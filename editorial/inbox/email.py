"""Notifications by email: each person chooses, per kind, the inbox only or email at once.

An email goes with the notification row, after the commit (`mail.send_after_commit`), so only
for what happened, and only to someone `inbox.service.notify` found may see the story now. It
says why it was sent, links to the story on the desk, and carries a one-click unsubscribe
(RFC 8058: `List-Unsubscribe` with an https address and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click`) that works without signing in: the address holds a token signed with
the app's SECRET_KEY, naming one person and one kind, and all it can do is turn that email off.
"""

from __future__ import annotations

from flask import current_app, render_template
from itsdangerous import BadSignature, URLSafeSerializer

from editorial import mail, newsroom
from editorial.models import Article, Kind, Notification, User
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
}

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
}


def _desk_url(endpoint: str, **values: object) -> str:
    """An absolute desk address on PUBLIC_BASE_URL, built with or without a request (a
    notification may come from the scheduler or a job)."""
    path = current_app.url_map.bind("desk.invalid").build(endpoint, values)
    return absolute(path)


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="email-unsubscribe")


def unsubscribe_token(user: User, kind: str) -> str:
    """A token that turns off `kind` emails for `user`, and nothing else."""
    return str(_signer().dumps([user.id, kind]))


def read_unsubscribe(token: str) -> tuple[int, str] | None:
    """The (person id, kind) a token names, or None for a wrong or altered one."""
    try:
        user_id, kind = _signer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or kind not in KIND_CHOICES:
        return None
    return user_id, kind


def email_notification(
    person: User, notification: Notification, article: Article, actor: User | None
) -> bool:
    """Email `person` of `notification` if they chose email for its kind (and email is on)."""
    kind = notification.kind.value
    if kind not in (person.email_kinds or []) or kind not in KIND_CHOICES or not mail.enabled():
        return False
    unsubscribe = _desk_url("inbox.unsubscribe", token=unsubscribe_token(person, kind))
    context = {
        "person": person,
        "notification": notification,
        "headline": article.headline or "Untitled story",
        "story_link": _desk_url("articles.show", article_id=article.id),
        "why": KIND_CHOICES[kind],
        "preferences": _desk_url("inbox.email_preferences"),
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
