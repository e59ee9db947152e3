"""The deadlines' writes: a stage's deadline set, moved or cleared (`set_deadline`), a section's
default applied when a story enters a stage (`apply_default`), the admins' section defaults and
editors on duty, and the escalation the scheduler runs every pass (`escalate`).

Every change is audited (family "deadline", worded in `audit_log/sentences_deadline.py`). Where a
deadline came from decides what may replace it: a plan's or one set by hand is never overwritten
by a section's default; a default is renewed when the story enters its stage again ("edit within
4 hours of entering it" counts from each entry).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_request_context
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from editorial import clock, workflow
from editorial.audit import record
from editorial.board_version import board_version_known, carried_over
from editorial.database import insert_missing, reading, writing
from editorial.deadlines import escalation
from editorial.extensions import db
from editorial.inbox.service import notify
from editorial.kept_at_version import KeptAtVersion
from editorial.models import Article, Kind, Section, User
from editorial.models.planning import (
    BY_HAND,
    DEADLINE_STAGES,
    FROM_PLAN,
    OVERDUE,
    SECTION_DEFAULT,
    ArticleDeadline,
    DeadlineWarning,
    SectionDeadlineDefault,
)
from editorial.permissions import can
from editorial.refusal import Refused
from editorial.signals import article_saved, article_transitioned

ORIGINS = (FROM_PLAN, BY_HAND, SECTION_DEFAULT)
# The longest default an admin may set: a week, in minutes (a stage's default beyond that is a
# plan, not a rule).
MAX_DEFAULT_MINUTES = 7 * 24 * 60
# Before publication: a story that ran (or was spiked) has no stage left to be late in.
DEADLINE_STATES = frozenset(DEADLINE_STAGES)


def _stage(stage: str) -> str:
    if stage not in DEADLINE_STAGES:
        raise Refused("Deadlines are set on drafting, editing, fact-checking or ready.", status=404)
    return stage


def _find(article_id: int, stage: str) -> ArticleDeadline | None:
    return db.session.scalar(
        select(ArticleDeadline).where(
            ArticleDeadline.article_id == article_id, ArticleDeadline.stage == stage
        )
    )


def set_deadline(
    article: Article,
    stage: str,
    due_at: datetime | None,
    actor: User | None,
    origin: str = "hand",
) -> bool:
    """Set when `article` must have left `stage` (aware UTC), or clear it (None). Returns whether
    anything changed. `actor` None is the system (a section's default, a plan started by the
    system); a person must be an editor. A section's default never replaces a plan's deadline
    or one set by hand. Refused for a story no longer being worked on, and (by hand) for a time
    already passed. Audited; the caller commits."""
    _stage(stage)
    if origin not in ORIGINS:
        raise ValueError(f"unknown deadline origin {origin!r}")
    if actor is not None and not can(actor, "deadline.set", article):
        raise Refused("Only editors set deadlines.", status=403)
    if article.state not in DEADLINE_STATES:
        label = workflow.STATE_LABELS.get(article.state, article.state)
        raise Refused(
            f"This story is {label.lower()}: deadlines are for stories still being worked on.",
            status=409,
        )
    if due_at is not None:
        due_at = clock.as_utc(due_at).replace(microsecond=0)
        if origin == BY_HAND and due_at <= clock.now():
            raise Refused("That time has passed. Choose a deadline in the future.", field=stage)
    current = _find(article.id, stage)
    if current is not None and origin == SECTION_DEFAULT and current.origin != SECTION_DEFAULT:
        return False  # a plan's or an editor's deadline stands
    before = clock.as_utc(current.due_at) if current is not None else None
    if before == due_at and (current is None or current.origin == origin):
        return False
    details: dict[str, Any] = {"stage": stage, "origin": origin}
    if due_at is None and current is not None:
        db.session.delete(current)
        record("deadline.cleared", article, actor=actor, was=clock.machine_time(current.due_at),
               **details)  # fmt: skip
        return True
    if current is None and due_at is not None:
        db.session.add(
            ArticleDeadline(
                article_id=article.id,
                stage=stage,
                due_at=due_at,
                origin=origin,
                set_by_id=actor.id if actor else None,
                set_at=clock.now(),
            )
        )
        record("deadline.set", article, actor=actor, due=clock.machine_time(due_at), **details)
        return True
    if current is None or due_at is None:
        return False
    current.due_at, current.origin = due_at, origin
    current.set_by_id, current.set_at = (actor.id if actor else None), clock.now()
    record("deadline.moved", article, actor=actor, due=clock.machine_time(due_at),
           was=clock.machine_time(before or due_at), **details)  # fmt: skip
    return True


# The sections' defaults, kept by each process under the desk's version as the house rules are
# (`articles.checklists.kept`): every save and transition of a story in a section asks, and any
# committed write to `section_deadline_defaults` moves that version (no table boards leave out).
_ALL_DEFAULTS = select(
    SectionDeadlineDefault.section_id, SectionDeadlineDefault.stage, SectionDeadlineDefault.minutes
)
Defaults = dict[tuple[int, str], int]
_KEPT: KeptAtVersion[Defaults] = KeptAtVersion("editorial.section_deadline_defaults")


def section_default(section_id: int | None, stage: str) -> int | None:
    """The minutes a section gives `stage`, or None."""
    if section_id is None:
        return None
    return _defaults().get((section_id, stage))


def _read_defaults() -> Defaults:
    rows = db.session.connection().execute(_ALL_DEFAULTS)
    return {(section_id, stage): minutes for section_id, stage, minutes in rows}


def _defaults() -> Defaults:
    """Every section's defaults: kept at the desk's version this request knows, else read after
    it (never older than the number they are kept at); a transaction that wrote some (flushed, or
    still pending) reads its own and keeps nothing. Only a read flushes what is pending first,
    as the ORM's read did: the kept answer flushes nothing (an early flush in a transition split
    the story's one UPDATE in two)."""
    session = db.session()
    if has_request_context() and not _KEPT.written(session) and not _defaults_pending(session):
        return _KEPT.get(board_version_known(), _flushed_read)
    return _flushed_read()


def _defaults_pending(session: Session) -> bool:
    return any(
        isinstance(instance, SectionDeadlineDefault)
        for instance in (*session.new, *session.dirty, *session.deleted)
    )


def _flushed_read() -> Defaults:
    db.session()._autoflush()
    return _read_defaults()


def apply_default(article: Article) -> bool:
    """Give `article` its section's deadline for the stage it is in, counted from when it entered
    that stage, unless it has one (a plan's or an editor's, or the default already given since it
    entered). Returns whether a deadline was made."""
    stage = article.state
    if stage not in DEADLINE_STATES or article.section_id is None:
        return False
    minutes = section_default(article.section_id, stage)
    if minutes is None:
        return False
    entered = clock.as_utc(article.state_changed_at)
    current = _find(article.id, stage)
    if current is not None and (
        current.origin != SECTION_DEFAULT or clock.as_utc(current.set_at) >= entered
    ):
        return False
    due = entered + timedelta(minutes=minutes)
    return set_deadline(article, stage, due, None, origin=SECTION_DEFAULT)


def _on_transition(article: Article, **_: Any) -> None:
    apply_default(article)


def _on_saved(article: Article, **_: Any) -> None:
    """A new draft (or a section chosen later) gets the draft stage's default too."""
    apply_default(article)


def init_defaults() -> None:
    """Subscribe to the workflow's signals (once per process)."""
    article_transitioned.connect(_on_transition)
    article_saved.connect(_on_saved)
    _KEPT.watch(SectionDeadlineDefault)
    carried_over(_KEPT.carry_unless_written)


def set_section_defaults(section: Section, minutes: dict[str, int | None], actor: User) -> bool:
    """An admin's rules for `section`: each stage done within so many minutes of entering it (None
    removes the rule). Applies to stories entering a stage from now on. Returns whether anything
    changed; audited once with what changed."""
    if not can(actor, "taxonomy.manage"):
        raise Refused("Only admins set a section's default deadlines.", status=403)
    rows = {
        row.stage: row
        for row in db.session.scalars(
            select(SectionDeadlineDefault).where(SectionDeadlineDefault.section_id == section.id)
        )
    }
    changes: dict[str, list[int | None]] = {}
    for stage in DEADLINE_STAGES:
        wanted = minutes.get(stage)
        if wanted is not None and not 1 <= wanted <= MAX_DEFAULT_MINUTES:
            raise Refused("A default is between one minute and a week.", field=stage)
        row = rows.get(stage)
        had = row.minutes if row is not None else None
        if had == wanted:
            continue
        changes[stage] = [had, wanted]
        if wanted is None and row is not None:
            db.session.delete(row)
        elif row is not None and wanted is not None:
            row.minutes = wanted
        elif wanted is not None:
            db.session.add(SectionDeadlineDefault(section_id=section.id, stage=stage,
                                                  minutes=wanted))  # fmt: skip
    if changes:
        record("deadline.defaults_changed", section, actor=actor, changes=changes)
    return bool(changes)


def set_on_duty(person: User, on_duty: bool, actor: User) -> bool:
    """Whether `person` (an editor or admin) hears of stages overdue. Admins choose. Audited."""
    if not can(actor, "users.manage"):
        raise Refused("Only admins choose who is on duty.", status=403)
    if on_duty and not can(person, "deadline.set"):
        raise Refused("Only editors and admins can be on duty.", status=409)
    if person.on_duty == on_duty:
        return False
    person.on_duty = on_duty
    record("deadline.on_duty" if on_duty else "deadline.off_duty", person, actor=actor)
    return True


# -- escalation: each step once, across every process running the scheduler ------------------


def _settings() -> tuple[timedelta, timedelta]:
    lead = int(current_app.config.get("DEADLINE_WARNING_MINUTES", 30))
    overdue = int(current_app.config.get("DEADLINE_OVERDUE_MINUTES", 60))
    return timedelta(minutes=lead), timedelta(minutes=overdue)


def _pending(at: datetime, lead: timedelta) -> list[ArticleDeadline]:
    """Deadlines of the stage each story is in now, near enough to warn of, whose last step is not
    sent yet: one indexed read (the due time), however many stories the desk holds."""
    finished = exists(
        select(DeadlineWarning.id).where(
            DeadlineWarning.article_id == ArticleDeadline.article_id,
            DeadlineWarning.stage == ArticleDeadline.stage,
            DeadlineWarning.due_at == ArticleDeadline.due_at,
            DeadlineWarning.step == OVERDUE,
        )
    )
    return list(
        db.session.scalars(
            select(ArticleDeadline)
            .join(Article, Article.id == ArticleDeadline.article_id)
            .where(
                # From the stories in an active stage (the state index), each one's deadline by
                # the (story, stage) key: the deadlines of stages long left are never read.
                Article.state.in_(DEADLINE_STAGES),
                Article.state == ArticleDeadline.stage,
                ArticleDeadline.due_at <= at + lead,
                ~finished,
            )
            .order_by(ArticleDeadline.due_at, ArticleDeadline.id)
        )
    )


def escalate(at: datetime | None = None) -> int:
    """Send every escalation step whose time has come and that nobody has sent: the holder of the
    stage `DEADLINE_WARNING_MINUTES` before, the desk owner at the deadline, the editors on duty
    `DEADLINE_OVERDUE_MINUTES` after. Each step is one `DeadlineWarning` row, inserted first
    (`ON CONFLICT DO NOTHING` on its unique key): only the process whose insert won tells anyone,
    in the same transaction. A moved deadline is a new due time, so it warns again; a stage the
    story has left sends nothing. Returns how many steps this call sent. Commits its writes."""
    at = at or clock.now()
    lead, overdue = _settings()
    with reading():
        pending = [(d.article_id, d.stage, clock.as_utc(d.due_at)) for d in _pending(at, lead)]
        sent = escalation.sent_steps(pending)
        db.session.commit()
    count = 0
    for article_id, stage, due in pending:
        for step in escalation.steps_due(due, at, lead, overdue):
            if (article_id, stage, due, step) in sent:
                continue
            with writing():
                count += _send(article_id, stage, due, step, at)
                db.session.commit()
    return count


def _send(article_id: int, stage: str, due: datetime, step: str, at: datetime) -> int:
    """One step, if the story still sits in `stage` with this deadline and nobody sent it."""
    article = db.session.scalar(
        select(Article)
        .where(Article.id == article_id)
        .options(selectinload(Article.authors))
        .execution_options(populate_existing=True)
    )
    current = _find(article_id, stage)
    if article is None or article.state != stage or current is None:
        return 0  # the stage was left (or the deadline cleared) since the read
    if clock.as_utc(current.due_at) != due:
        return 0  # moved meanwhile: the new time has steps of its own
    values = {"article_id": article_id, "stage": stage, "step": step, "due_at": due,
              "sent_at": at}  # fmt: skip
    if not insert_missing(DeadlineWarning, values):
        return 0  # another process sent it
    people = escalation.told(article, step)
    text = escalation.wording(stage, due, at)
    made = notify(people, Kind.DEADLINE, article, None, text=text)
    record("deadline.escalated", article, actor=None, stage=stage, step=step,
           due=clock.machine_time(due), told=[n.recipient_id for n in made])  # fmt: skip
    return 1
