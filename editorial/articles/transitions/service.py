"""Applying a transition: the only code that changes an article's state.

Each call checks role and guard again (whatever the page showed), moves the state with a
conditional UPDATE (`WHERE id = ? AND state = ?`, so of two simultaneous clicks exactly one wins),
records the transition, writes an audit event, keeps a revision and sends `article_transitioned`,
all in the caller's transaction. A refusal raises `Refused` before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update

from editorial import clock, workflow
from editorial.articles.assignment import service as assignment
from editorial.articles.revisions.service import revision_of
from editorial.articles.row_claim import claim_row
from editorial.articles.transitions.written import write_transition
from editorial.audit import record, written_row
from editorial.database import reading, writing
from editorial.extensions import db
from editorial.models import Article, ArticleTransition, User
from editorial.refusal import Refused
from editorial.signals import article_transitioned
from editorial.workflow_guards import embargo_allows_time

NOTE_MAX = 2000


@dataclass
class Request:
    """What a person typed with the transition: a note, a publish time, a fact-checker."""

    note: str = ""
    publish_at: datetime | None = None  # aware UTC
    fact_checker_id: int | None = None
    waiver: str = ""  # why the row's waivable guard may be set aside (editors: `Waivable`)


def transition_for(name: str) -> workflow.Transition:
    """The machine's row called `name` (404-worthy `Refused` when there is none)."""
    found = workflow.BY_NAME.get(name)
    if found is None:
        raise Refused("There is no such action.", status=404)
    return found


def apply(
    article: Article,
    name: str,
    actor: User | None,
    request: Request | None = None,
) -> ArticleTransition:
    """Move `article` through transition `name` on behalf of `actor` (None: the system)."""
    transition = transition_for(name)
    request = request or Request()
    from_state = article.state
    if from_state not in transition.sources:
        label = workflow.STATE_LABELS.get(from_state, from_state)
        raise Refused(
            f"This article is in {label} now, so it can't be {transition.done}. "
            "Someone may have moved it meanwhile: reload to see.",
            status=409,
        )
    if not workflow.permitted(transition, article, actor):
        raise Refused("Your role doesn't allow that.", status=403)
    waiver = " ".join((request.waiver or "").split())
    reason = workflow.check_guard(transition, article, actor, waive=bool(waiver))
    if reason:
        raise Refused(reason)
    # What the waiver set aside (None when the waivable guard passed anyway: nothing to record).
    waived = workflow.waivable_reason(transition, article, actor) if waiver else None
    if waived and len(waiver) > NOTE_MAX:
        raise Refused(f"Keep the note under {NOTE_MAX} characters.", field="waiver")
    note = waiver if waived else _checked_note(transition, request.note, article)
    extra = _checked_inputs(transition, article, request)

    now = clock.now()
    values = {"state": transition.target, "state_changed_at": now, **extra}
    conditions = [Article.id == article.id, Article.state == from_state]
    conditions += _publish_time(transition, article, values, now)
    checker_before = article.fact_checker_id
    # The row comes back with the claim, as a refresh would read it (one statement, not two).
    claimed = claim_row(
        update(Article)
        .where(*conditions)
        .values(version=Article.version + 1, **values)
        .execution_options(synchronize_session=False),
        article,
        whole=True,
    )
    if not claimed:
        db.session.rollback()
        raise Refused(
            "Someone else moved this article first. Reload to see where it is now.", status=409
        )
    if article.fact_checker_id != checker_before:
        assignment.recorded(
            article, assignment.FACT_CHECKER, checker_before, article.fact_checker, actor
        )

    step = ArticleTransition(
        article_id=article.id,
        name=transition.name,
        from_state=from_state,
        to_state=transition.target,
        actor_id=actor.id if actor else None,
        at=now,
        note=note,
    )
    # Its revision's names read without a flush (bench:workflow8); its rows written past the
    # unit of work unless the session holds something unwritten (bench:transition10).
    revision = revision_of(article, actor, "transition", flush_first=False)
    moved: dict[str, object] = {
        "from_state": from_state,
        "to_state": transition.target,
        "note": note,
    }
    moved |= {k: v.isoformat() if isinstance(v, datetime) else v for k, v in extra.items()}
    said = {"transition": transition.name, "reason": waived, "note": waiver}

    def audit_rows() -> list[dict[str, Any]]:  # its audit lines, past the unit of work
        rows = [written_row(f"article.{transition.name}", article, actor=actor, **moved)]
        if waived:
            rows.append(written_row("article.guard_waived", article, actor=actor, **said))
        return rows

    if not write_transition(article, step, revision, audit_rows):
        record(f"article.{transition.name}", article, actor=actor, **moved)
        if waived:
            record("article.guard_waived", article, actor=actor, **said)
    article_transitioned.send(article, transition=transition, actor=actor, note=note, record=step)
    return step


def _checked_note(transition: workflow.Transition, note: str, article: Article) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Refused(f"Keep the note under {NOTE_MAX} characters.", field="note")
    if transition.note_required and not note:
        raise Refused(transition.note_prompt, field="note")
    return note if transition.note != "none" else ""


def _publish_time(
    transition: workflow.Transition, article: Article, values: dict[str, object], now: datetime
) -> list[ColumnElement[bool]]:
    """Set `values` for the row's `publish_time` effect; returns extra conditions for the UPDATE."""
    effect = transition.publish_time
    if effect == workflow.PublishTime.DROP:
        values["published_at"] = None
    elif effect == workflow.PublishTime.NOW:
        values["published_at"] = now
        if article.first_published_at is None:
            values["first_published_at"] = now
    elif effect == workflow.PublishTime.DUE:
        # Published as of its scheduled time, and only if that time is still the one due.
        values["published_at"] = article.published_at
        if article.first_published_at is None:
            values["first_published_at"] = article.published_at
        return [Article.published_at <= now]
    return []


def _checked_inputs(
    transition: workflow.Transition, article: Article, request: Request
) -> dict[str, object]:
    extra: dict[str, object] = {}
    if transition.needs_time:
        if request.publish_at is None:
            raise Refused("Choose when it should be published.", field="publish_at")
        if request.publish_at <= clock.now():
            raise Refused("That time has passed. Choose a time in the future.", field="publish_at")
        if held := embargo_allows_time(article, request.publish_at):
            raise Refused(held, field="publish_at")
        extra["published_at"] = request.publish_at
    if transition.needs_fact_checker:
        checker_id = request.fact_checker_id or article.fact_checker_id
        if checker_id is None:
            raise Refused("Assign a fact-checker first.", field="fact_checker_id")
        checker = db.session.get(User, checker_id)
        if checker is None:
            raise Refused("Choose an active fact-checker.", field="fact_checker_id")
        try:
            assignment.check_candidate(article, assignment.FACT_CHECKER, checker)
        except Refused as refused:
            raise Refused(str(refused), field="fact_checker_id") from None
        extra["fact_checker_id"] = checker.id
    return extra


def release_due(limit: int = 50) -> int:
    """Publish every scheduled article whose time has come; safe to run in several processes.

    The check for due work is a plain read (on SQLite it takes no lock, so a scheduler polling
    every few seconds never queues behind the newsroom's writes); only when something is due is
    each article claimed, one short write each, by `apply`'s conditional UPDATE. When two
    schedulers race, one publishes it and the other is refused and moves on: exactly one
    transition and one audit row. Returns how many this call published. Commits per article.
    """
    with reading():
        ids = list(
            db.session.scalars(
                select(Article.id)
                .where(Article.state == workflow.SCHEDULED, Article.published_at <= clock.now())
                .order_by(Article.published_at)
                .limit(limit)
            )
        )
        db.session.commit()
    released = 0
    for article_id in ids:
        with writing():
            if _release(article_id):
                released += 1
    return released


def _release(article_id: int) -> bool:
    """Claim and publish one due article in its own transaction; False if it is not due now."""
    due = select(Article).where(Article.id == article_id)
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    article = db.session.scalar(due)
    # Re-checked at run time: unscheduled or moved meanwhile means nothing to do.
    if article is None or article.state != workflow.SCHEDULED:
        db.session.rollback()
        return False
    if article.published_at is None or article.published_at > clock.now():
        db.session.rollback()
        return False
    try:
        apply(article, "release", None)
    except Refused:
        db.session.rollback()
        return False
    db.session.commit()
    return True
