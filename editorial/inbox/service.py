"""Who is told what: the one place notifications are made, from the workflow's and desk's signals.

Views never create notifications. A transition, an assignment or a comment sends its signal inside
its transaction (`editorial.signals`); the receivers here add the rows to that same transaction,
so a notification exists exactly when the thing it tells of does. Nobody is notified of their own
action, nor is a deactivated person, nor anyone who may not see inside the story at that moment
(`article.history`: its notes and comments, which a notification quotes): `notify`, which every
notification goes through, checks it, so no path (a reply, a mention, a move) can forget.

| what happened | who is told |
| --- | --- |
| assigned as editor or fact-checker | the person assigned |
| @mentioned in a comment | each person named who can see the article's comments |
| a comment | the byline, the editor, the fact-checker, and the author of the comment replied to |
| (every row) | only those of them who may see inside the story now |
| returned | the byline |
| flagged, cleared, published | the byline and the assigned editor |
| a translation's source changed (once per revision it was made from) | translator and editor |
| a plan changed (`notify_plan`: made, moved, reassigned, killed...) | reporter, desk owner |
| a webhook endpoint paused after failing (`notify_admins_paused`) | every active admin |
| a section's weekly summary (`notify_weekly`, `insights.weekly`) | its desk owner (editor, admin) |
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import bindparam, select, update

from editorial import clock
from editorial.audit import record
from editorial.extensions import db
from editorial.inbox.email import (
    AT_ONCE,
    DIGESTS,
    KIND_CHOICES,
    desk_url,
    email_notification,
)
from editorial.models import (
    Article,
    ArticleRevision,
    Comment,
    Kind,
    Notification,
    Plan,
    Role,
    Section,
    User,
)
from editorial.models.byline_ids import byline_of
from editorial.models.families import attach_lags
from editorial.permissions import can
from editorial.rows_written import insert_as_read, nothing_pending
from editorial.signals import (
    article_assigned,
    article_saved,
    article_transitioned,
    comment_posted,
)
from editorial.workflow import Transition

EXCERPT = 240
# A transition's notification, and whether the assigned editor is told besides the byline.
ON_TRANSITION: dict[str, tuple[Kind, bool]] = {
    "return": (Kind.RETURNED, False),
    "flag": (Kind.FLAGGED, True),
    "clear": (Kind.CLEARED, True),
    "publish": (Kind.PUBLISHED, True),
    "publish_now": (Kind.PUBLISHED, True),
    "release": (Kind.PUBLISHED, True),
}
DUTY_LABELS = {"editor": "as editor", "fact_checker": "as fact-checker"}


def excerpt(text: str) -> str:
    """The opening of `text` on one line, cut at a word with an ellipsis when long."""
    line = " ".join(text.split())
    if len(line) <= EXCERPT:
        return line
    return line[:EXCERPT].rsplit(" ", 1)[0] + "…"


def notify(
    people: Iterable[User | None],
    kind: Kind,
    article: Article,
    actor: User | None,
    *,
    comment: Comment | None = None,
    text: str = "",
    written: bool = False,
) -> list[Notification]:
    """Add one notification of `kind` for each of `people` (once each, never the actor), leaving
    out whoever may not see inside `article` now: a notification quotes its notes and comments.
    `written`: each written at once past the unit of work (`rows_written.insert_as_read`, its
    time the column's default) when the session holds nothing unwritten: a transition's, whose
    own rows went so (bench:transition10); no flush hook follows the bookkeeping table."""
    seen: set[int] = set()
    made = []
    for person in people:
        if person is None or not person.active or person.id in seen:
            continue
        seen.add(person.id)
        if actor is not None and person.id == actor.id:
            continue
        if not can(person, "article.history", article):
            continue
        notification = Notification(
            recipient_id=person.id,
            kind=kind,
            article_id=article.id,
            actor_id=actor.id if actor else None,
            comment_id=comment.id if comment else None,
            excerpt=excerpt(text),
        )
        made.append(notification)
        email_notification(person, notification, article, actor)  # if they chose email
    if written and nothing_pending():
        for notification in made:
            notification.created_at = clock.now()
            insert_as_read(notification)
    else:
        db.session.add_all(made)
    return made


def notify_plan(
    people: Iterable[User | None],
    plan: Plan,
    actor: User | None,
    *,
    text: str = "",
    taken_off: Iterable[User | None] = (),
) -> list[Notification]:
    """Tell `people` (once each, never the actor) that `plan` changed, as `text` says: a plan's
    notification names the plan only (its story, once started, is one link further, on the
    plan's page), and goes to nobody who may not see the plan now, except those a reassignment
    took off it (`taken_off`), who are told so and nothing more: the inbox names a plan, and
    shows what was said, only to someone who may still see it."""
    gone = [p for p in taken_off if p is not None and not can(p, "plan.view", plan)]
    for former in gone:
        if former.active and (actor is None or former.id != actor.id):
            db.session.add(
                Notification(
                    recipient_id=former.id,
                    kind=Kind.PLAN,
                    plan_id=plan.id,
                    actor_id=actor.id if actor else None,
                    excerpt="Taken off this plan",
                )
            )
    seen: set[int] = set()
    made = []
    for person in people:
        if person is None or not person.active or person.id in seen:
            continue
        seen.add(person.id)
        if (actor is not None and person.id == actor.id) or not can(person, "plan.view", plan):
            continue
        made.append(
            Notification(
                recipient_id=person.id,
                kind=Kind.PLAN,
                plan_id=plan.id,
                actor_id=actor.id if actor else None,
                excerpt=excerpt(text),
            )
        )
    db.session.add_all(made)
    return made


def people_on(article: Article) -> list[User | None]:
    """Everyone working on `article`: its byline, editor and fact-checker."""
    return [*byline_of(article), article.editor, article.fact_checker]


def _on_transition(
    article: Article, *, transition: Transition, actor: User | None, note: str, **_: Any
) -> None:
    kind_and_editor = ON_TRANSITION.get(transition.name)
    if kind_and_editor is None:
        return
    kind, with_editor = kind_and_editor
    people: list[User | None] = list(byline_of(article))
    if with_editor:
        people.append(article.editor)
    notify(people, kind, article, actor, text=note, written=True)


def _on_assigned(
    article: Article, *, duty: str, person: User | None, actor: User | None, **_: Any
) -> None:
    if person is not None:
        notify([person], Kind.ASSIGNED, article, actor, text=DUTY_LABELS.get(duty, ""))


def _on_comment(
    article: Article, *, comment: Comment, actor: User, mentioned: list[User], **_: Any
) -> None:
    # Written past the unit of work as a transition's are (the comment and its audit line went
    # so already): the commit then has nothing to flush.
    body = comment.body
    notify(mentioned, Kind.MENTIONED, article, actor, comment=comment, text=body, written=True)
    told = {person.id for person in mentioned}
    people = people_on(article)
    if comment.parent_id is not None:
        parent = db.session.get(Comment, comment.parent_id)
        people.append(parent.actor if parent else None)
    others = [person for person in people if person is not None and person.id not in told]
    notify(others, Kind.COMMENTED, article, actor, comment=comment, text=body, written=True)


# Built once: every save of a story reads its translations.
_TRANSLATIONS = select(Article).where(
    Article.family_id == bindparam("family_id"),
    Article.id != bindparam("article_id"),
    Article.source_revision_id.is_not(None),
)


_ANY_TRANSLATION = (
    select(Article.id)
    .where(
        Article.family_id == bindparam("family_id"),
        Article.id != bindparam("article_id"),
        Article.source_revision_id.is_not(None),
    )
    .limit(1)
)


def _on_saved(article: Article, *, actor: User | None, revision: Any = None, **_: Any) -> None:
    """Tell each translation's translator and editor when this save first puts it out of date
    (later saves of the source, while it stays out of date, tell nobody again)."""
    if revision is None or article.is_translation:
        return
    params = {"family_id": article.family_id, "article_id": article.id}
    session = db.session()
    session._autoflush()  # what the ORM's read did first
    # Their ids first, past the ORM (a story with no translation, most of them, builds nothing).
    if session.connection().execute(_ANY_TRANSLATION, params).first() is None:
        return
    translations = list(db.session.scalars(_TRANSLATIONS, params))
    attach_lags(translations)
    for translation in translations:
        lag = translation.source_lag
        if lag is None or lag.source_id != article.id:
            continue
        made_from = db.session.get(ArticleRevision, lag.from_revision_id)
        version = made_from.version if made_from else "?"
        text = f"It was translated from the source's version {version}."
        # Once per revision it was made from: a run of saves (or autosaves) tells nobody twice.
        told = db.session.scalar(
            select(Notification.id).where(
                Notification.article_id == translation.id,
                Notification.kind == Kind.SOURCE_CHANGED,
                Notification.excerpt == text,
            )
        )
        if told is None:
            people = [translation.translator, translation.editor]
            notify(people, Kind.SOURCE_CHANGED, translation, actor, text=text)


def mark_read(person: User, notification_id: int) -> None:
    """One of `person`'s notifications read (opened from the inbox): that row's `read_at`, and
    nothing else, as one conditional UPDATE (a second opening changes nothing)."""
    db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.recipient_id == person.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=clock.now())
    )


def mark_all_read(person: User) -> None:
    """Every one of `person`'s notifications read."""
    db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == person.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )


def init_notifications() -> None:
    """Subscribe to the signals (once per process: blinker keeps one connection per receiver)."""
    article_transitioned.connect(_on_transition)
    article_assigned.connect(_on_assigned)
    comment_posted.connect(_on_comment)
    article_saved.connect(_on_saved)


def set_email_choices(user: User, choices: Mapping[str, str]) -> bool:
    """`user` gets each kind of notification as `choices` says (kind -> one of
    `email.CADENCES`; a kind not named, or an unknown choice: the inbox only). Returns whether
    anything changed."""
    at_once = sorted(k for k, c in choices.items() if k in KIND_CHOICES and c == AT_ONCE)
    digests = {k: c for k, c in sorted(choices.items()) if k in KIND_CHOICES and c in DIGESTS}
    if at_once == sorted(user.email_kinds or []) and digests == dict(user.email_digests or {}):
        return False
    user.email_kinds, user.email_digests = at_once, digests
    record("mail.preferences_changed", user, actor=user, kinds=at_once, digests=digests)
    return True


def unsubscribe(user: User, kind: str) -> bool:
    """Turn off `kind` emails for `user` (one-click unsubscribe), or every kind of one digest
    when `kind` is "hourly" or "daily"; False if already off."""
    digests = dict(user.email_digests or {})
    if kind in DIGESTS:
        kept = {k: c for k, c in digests.items() if c != kind}
        if kept == digests:
            return False
        user.email_digests = kept
    elif kind in (user.email_kinds or []) or kind in digests:
        user.email_kinds = [k for k in user.email_kinds or [] if k != kind]
        user.email_digests = {k: c for k, c in digests.items() if k != kind}
    else:
        return False
    record("mail.unsubscribed", user, actor=None, kind=kind)
    return True


def notify_admins_paused(url: str, failures: int) -> list[Notification]:
    """Tell every active admin that the webhook endpoint at `url` was paused after `failures`
    failed attempts in a row (a notice of no story: it opens the webhooks page)."""
    admins = db.session.scalars(select(User).where(User.role == Role.ADMIN, User.active))
    made = []
    for admin in admins:
        notification = Notification(
            recipient_id=admin.id,
            kind=Kind.WEBHOOK_PAUSED,
            excerpt=excerpt(f"{url} ({failures} failed attempts in a row)"),
        )
        made.append(notification)
        about = ("A webhook endpoint is paused", "webhooks.webhooks")
        email_notification(admin, notification, None, None, about=about)
    db.session.add_all(made)
    return made


def notify_weekly(
    owner: User, section: Section, text: str, query: dict[str, str]
) -> Notification | None:
    """Tell `owner` the weekly summary of `section` (`text`: its numbers, no story's words), with
    a link to /insights under the filters `query`; emailed if they chose it. Nobody is told who
    is no longer active or may no longer see the whole newsroom's insights (None then)."""
    if not owner.active or not can(owner, "insights.everyone"):
        return None
    notification = Notification(recipient_id=owner.id, kind=Kind.WEEKLY, excerpt=excerpt(text))
    db.session.add(notification)
    db.session.flush()
    about = (f"{section.name}, last week", "insights.index")
    link = desk_url("insights.index", **query)
    email_notification(owner, notification, None, None, about=about, link=link)
    return notification
