"""Email digests: the notifications a person chose to get hourly or daily, one email a period.

A periodic job (`send_digests`, every hour on the hour) works out, for each cadence, the end of
the last period: the top of the hour for the hourly digest, and `DIGEST_HOUR` o'clock in the
newsroom's zone (`newsroom.zone()`, its morning) for the daily one. For each person with kinds in
that digest it claims their notifications made before that end and not yet emailed nor read, as
one guarded UPDATE (`SET emailed_at = now WHERE emailed_at IS NULL ... RETURNING id`): two
workers running it at once claim each row once (SQLite serialises the writes; on PostgreSQL the
second UPDATE waits for the first's row locks, then finds `emailed_at` set), so one person gets
one digest a period, and a notification is never in two emails. What was made after the end
waits for the next period. A worker that was stopped at the hour sends the digest at its next
run; notifications older than `LOOK_BACK` are left to the inbox. It also removes the expired
unsubscribe tokens.

The email lists them grouped by story, says why it was sent, and names a story (and quotes a
note or comment) only to someone who may still see inside it (`permissions.can`, asked at
sending time, as `inbox.service.notify` does when a notification is made).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from sqlalchemy import select, update

from editorial import clock, jobs, mail, newsroom
from editorial.extensions import db
from editorial.inbox.email import (
    DAILY,
    HOURLY,
    KIND_CHOICES,
    SUBJECTS,
    desk_url,
    digest_kinds,
    forget_expired,
    story_link,
    unsubscribe_token,
)
from editorial.inbox.queries import weekly_filters
from editorial.models import Kind, Notification, User
from editorial.permissions import can

LOOK_BACK = timedelta(days=7)
NAMES = {HOURLY: "hourly", DAILY: "daily"}


def period_ends(now: datetime, zone: str, hour: int) -> dict[str, datetime]:
    """The end of the last period of each digest at `now` (UTC): the hour's top, and the last
    `hour` o'clock in `zone`."""
    hourly = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    local = now.astimezone(ZoneInfo(zone))
    morning = datetime.combine(local.date(), time(hour), tzinfo=ZoneInfo(zone))
    if morning > local:
        morning = datetime.combine(local.date() - timedelta(days=1), time(hour), ZoneInfo(zone))
    return {HOURLY: hourly, DAILY: morning.astimezone(UTC)}


def claim(person: User, kinds: list[str], end: datetime) -> list[int]:
    """Mark `person`'s unread, not yet emailed notifications of `kinds` made before `end` as
    emailed now; the ids this call claimed (none that another worker claimed first)."""
    claimed = db.session.execute(
        update(Notification)
        .where(
            Notification.recipient_id == person.id,
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.kind.in_(kinds),
            Notification.created_at < end,
            Notification.created_at >= end - LOOK_BACK,
        )
        .values(emailed_at=clock.now())
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(claimed.scalars())


@dataclass
class Group:
    """One story's (or notice's) lines in a digest."""

    headline: str
    link: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (what happened, excerpt)


def _grouped(person: User, ids: list[int]) -> list[Group]:
    """The claimed notifications `person` may still be told of, by story, oldest first."""
    rows = db.session.scalars(
        select(Notification).where(Notification.id.in_(ids)).order_by(Notification.created_at)
    )
    groups: dict[tuple[str, int], Group] = {}
    for item in rows:
        inside = False
        if item.article is not None:
            if not can(person, "article.view", item.article):
                continue
            inside = can(person, "article.history", item.article)
            key = ("article", item.article.id)
            title, link = item.article.headline or "Untitled story", story_link(item.article.id)
        elif item.plan is not None:
            if not can(person, "plan.view", item.plan):
                continue
            inside = True
            key = ("plan", item.plan.id)
            title = f"Plan: {item.plan.working_title}"
            link = desk_url("planning.show", plan_id=item.plan.id)
        elif item.kind == Kind.WEEKLY:
            if not can(person, "insights.everyone"):
                continue
            inside, key = True, ("weekly", 0)
            title = "Weekly summaries"
            link = desk_url("insights.index", **weekly_filters(item.id))
        elif can(person, "webhooks.manage", None):
            inside, key = True, ("notice", 0)
            title, link = "Webhooks", desk_url("webhooks.webhooks")
        else:
            continue
        group = groups.setdefault(key, Group(title, link))
        who = item.actor.display_name if item.actor else "The desk"
        what = f"{who}: {SUBJECTS.get(item.kind.value, item.kind.value)}"
        group.lines.append((what, item.excerpt if inside else ""))
    return list(groups.values())


def email_digest(person: User, cadence: str, ids: list[int]) -> bool:
    """Queue the `cadence` digest of notifications `ids` to `person` (after the commit)."""
    groups = _grouped(person, ids)
    count = sum(len(g.lines) for g in groups)
    if not count:
        return False
    kinds = digest_kinds(person, cadence)
    unsubscribe = desk_url("inbox.unsubscribe", token=unsubscribe_token(person, cadence))
    context = {
        "person": person,
        "groups": groups,
        "count": count,
        "cadence": NAMES[cadence],
        "why": [KIND_CHOICES[k] for k in kinds],
        "preferences": desk_url("inbox.email_preferences"),
        "inbox": desk_url("inbox.index"),
        "unsubscribe": unsubscribe,
        "newsroom_name": newsroom.current().newsroom_name,
    }
    noun = "notification" if count == 1 else "notifications"
    return mail.send_after_commit(
        person.email,
        f"Your {NAMES[cadence]} digest: {count} {noun}",
        render_template("inbox/mail_digest.txt", **context),
        render_template("inbox/mail_digest.html", **context),
        {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@jobs.periodic("inbox.digests", minutes=60)
def send_digests() -> int:
    """Send each person's digests whose period has ended; how many emails were queued."""
    forget_expired()
    if not mail.enabled():
        return 0
    hour = int(current_app.config.get("DIGEST_HOUR", 7))
    ends = period_ends(clock.now(), newsroom.zone(), hour)
    sent = 0
    for person in db.session.scalars(select(User).where(User.active).order_by(User.id)):
        for cadence in (HOURLY, DAILY):
            kinds = digest_kinds(person, cadence)
            if not kinds:
                continue
            ids = claim(person, kinds, ends[cadence])
            if ids and email_digest(person, cadence, ids):
                sent += 1
    return sent
