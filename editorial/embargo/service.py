"""Setting, moving and lifting an embargo: every write, each audited.

An embargo may be set on a story in any state before publication, and moved later; bringing its
lift forward (or lifting it now) takes two editors: one asks with a note, another confirms. Each
write is a conditional UPDATE, so two editors confirming at once lift it once.

An embargo holds the whole story: every language of it (its family) carries the same lift, so no
translation can run before the source may (a translation started later copies it: see
`articles.translations.service.translate`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from editorial import clock, workflow
from editorial.audit import record
from editorial.database import changed_rows
from editorial.extensions import db
from editorial.models import Article, User
from editorial.refusal import Refused
from editorial.workflow_guards import role_of

SOURCE_MAX, REASON_MAX, NOTE_MAX = 200, 300, 2000
# Before publication: a published (or spiked) story has nothing left to hold.
EMBARGO_STATES = (workflow.DRAFT, workflow.EDIT, workflow.FACT_CHECK, workflow.READY,
                  workflow.SCHEDULED)  # fmt: skip


def _editor(actor: User) -> None:
    if role_of(actor) not in workflow.EDITORS:
        raise Refused("Only editors set and lift embargoes.", status=403)


def family(article: Article) -> list[Article]:
    """Every language of `article`'s story, itself included."""
    return list(db.session.scalars(select(Article).where(Article.family_id == article.family_id)))


def _text(value: str, limit: int, field: str, what: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise Refused(f"Keep the {what} under {limit} characters.", field=field)
    return value


def set_embargo(article: Article, actor: User, until: datetime, source: str, reason: str) -> bool:
    """Hold `article` until `until` (aware UTC), or move its lift later. Returns whether anything
    changed. Refused for a published story, a time passed, a lift brought forward (that is an
    early lift: two editors), or a lift after the story's scheduled time (reschedule it first)."""
    _editor(actor)
    source = _text(source, SOURCE_MAX, "embargo_source", "source")
    reason = _text(reason, REASON_MAX, "embargo_reason", "reason")
    if not source:
        raise Refused("Say whose embargo it is (the source).", field="embargo_source")
    now = clock.now()
    if until <= now:
        raise Refused("That time has passed. Choose the lift in the future.", field="embargo_until")
    held = article.embargo_until if article.embargo_holds else None
    before = clock.as_utc(held) if held is not None else None
    if before is not None and until < before:
        raise Refused(
            "Bringing the lift forward is an early lift: ask for it below, and a second editor "
            "confirms.",
            field="embargo_until",
        )
    members = family(article)
    for member in members:
        _may_hold(member, article, until)
    if (before, article.embargo_source, article.embargo_reason) == (until, source, reason):
        return False
    for member in members:
        member.embargo_until = until
        member.embargo_source, member.embargo_reason = source, reason
    details = {"until": clock.machine_time(until), "source": source, "reason": reason}
    if before is None:
        record("article.embargo_set", article, actor=actor, **details)
    else:
        record("article.embargo_changed", article, actor=actor,
               before=clock.machine_time(before), **details)  # fmt: skip
    return True


def _may_hold(member: Article, article: Article, until: datetime) -> None:
    """Refuse an embargo `member` of the story can't keep (ran already, scheduled before it)."""
    which = "It" if member.id == article.id else f"Its {member.lang.english_name} version"
    if member.state not in EMBARGO_STATES:
        raise Refused(f"{which} is {member.state} already: an embargo is set before publication.",
                      status=409)  # fmt: skip
    if member.state == workflow.SCHEDULED and member.published_at is not None:
        if clock.as_utc(member.published_at) < until:
            raise Refused(
                f"{which} is scheduled before this lift. Reschedule it at or after the lift first.",
                field="embargo_until",
            )


def request_lift(article: Article, actor: User, note: str) -> None:
    """The first editor's half of an early lift: asked for, with a note saying why."""
    _editor(actor)
    if not article.embargo_holds:
        raise Refused("No embargo holds on this story.", status=409)
    note = (note or "").strip()
    if not note:
        raise Refused("Say why the embargo may be lifted early.", field="lift_note")
    if len(note) > NOTE_MAX:
        raise Refused(f"Keep the note under {NOTE_MAX} characters.", field="lift_note")
    article.embargo_lift_requested_by_id = actor.id
    article.embargo_lift_note = note
    record("article.embargo_lift_requested", article, actor=actor, note=note)


def withdraw_lift(article: Article, actor: User) -> None:
    """Take back a request for an early lift (anyone who could confirm it may)."""
    _editor(actor)
    if article.embargo_lift_requested_by_id is None:
        raise Refused("No early lift is asked for.", status=409)
    article.embargo_lift_requested_by_id = None
    article.embargo_lift_note = ""
    record("article.embargo_lift_withdrawn", article, actor=actor)


def confirm_lift(article: Article, actor: User) -> None:
    """The second editor's half: the embargo ends now. Never the editor who asked."""
    _editor(actor)
    asked_by = article.embargo_lift_requested_by_id
    if not article.embargo_holds or asked_by is None:
        raise Refused("No early lift is waiting for a second editor.", status=409)
    if asked_by == actor.id:
        raise Refused("A second editor must confirm the early lift you asked for.", status=403)
    now = clock.now()
    lifted = changed_rows(
        update(Article)
        .where(
            Article.id == article.id,
            Article.embargo_lift_requested_by_id == asked_by,
            Article.embargo_until > now,
        )  # fmt: skip
        .values(embargo_until=now, embargo_lift_requested_by_id=None)
        .execution_options(synchronize_session=False)
    )
    if lifted != 1:
        db.session.rollback()
        raise Refused("Someone changed this embargo first. Reload to see it.", status=409)
    # The other languages of the story are held by the same embargo: lifted with it.
    db.session.execute(
        update(Article)
        .where(Article.family_id == article.family_id, Article.embargo_until > now)
        .values(embargo_until=now)
        .execution_options(synchronize_session=False)
    )
    note = article.embargo_lift_note
    db.session.refresh(article)
    record("article.embargo_lifted_early", article, actor=actor, requested_by=asked_by,
           note=note)  # fmt: skip
