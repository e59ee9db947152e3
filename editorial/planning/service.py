"""The planning desk's writes: plan, propose, accept, decline, edit, move, reassign, kill,
restore and start the draft. Each checks who may (`permissions.can`), changes the plan, writes an
audit row and tells the people on it (`inbox.service.notify_plan`), in the caller's transaction.

A refusal is a `Refused` with the field it belongs beside. Concurrency: `Plan.version` is
SQLAlchemy's version counter, so every UPDATE says `WHERE version = <the one read>`; a save that
carries the version its page showed is refused when it is no longer current, and two writes that
read the same version at once give one winner (the loser's StaleDataError becomes a 409).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from editorial import clock, newsroom
from editorial.articles.assignment.service import EDITOR, assign
from editorial.articles.service import create_article
from editorial.audit import record
from editorial.deadlines.service import set_deadline
from editorial.extensions import db
from editorial.inbox.service import notify_plan
from editorial.models import Article, User
from editorial.models.planning import (
    FROM_PLAN,
    KILLED,
    PLANNED,
    PROPOSED,
    STARTED,
    Plan,
)
from editorial.permissions import can
from editorial.planning import checks
from editorial.planning.checks import PlanInput, slot_words
from editorial.refusal import Refused


def _status(plan: Plan) -> str:
    return checks.STATUS_WORDS[plan.status]


def _manager(actor: User) -> None:
    if not can(actor, "plan.manage"):
        raise Refused("Only editors change the budget.", status=403)


def _current(plan: Plan, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != plan.version:
        raise Refused(
            "Someone changed this plan since you opened it. What you typed is below: "
            "reload to see their change, then apply yours again.",
            status=409,
        )


def _flush() -> None:
    """Flush; a concurrent write that won the same version is a 409, never a 500."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Refused(
            "Someone changed this plan at the same moment. Reload it.", status=409
        ) from None


def _tell(plan: Plan, actor: User, text: str, *taken_off: User | None) -> None:
    notify_plan(
        [plan.reporter, plan.owner, *taken_off], plan, actor, text=text, taken_off=taken_off
    )


def create_plan(actor: User, data: PlanInput) -> Plan:
    """A new plan. An editor's is planned at once; a reporter's is a proposal (with themselves
    as its reporter) that waits for an editor to accept it."""
    if can(actor, "plan.manage"):
        status = PLANNED
    elif can(actor, "plan.propose"):
        status, data.reporter_id = PROPOSED, actor.id
    else:
        raise Refused("Your role doesn't plan stories.", status=403)
    plan = Plan(status=status, created_by_id=actor.id, **checks.checked(data))
    db.session.add(plan)
    _flush()
    db.session.refresh(plan)
    proposed = status == PROPOSED
    record("plan.proposed" if proposed else "plan.created", plan, actor=actor,
           title=plan.working_title)  # fmt: skip
    _tell(plan, actor, "Proposed" if status == PROPOSED else "Planned")
    return plan


def update_plan(plan: Plan, actor: User, data: PlanInput, expected_version: int) -> bool:
    """Save the edit form over `plan`; returns whether anything changed. A started plan's
    deadlines are its story's now, so those fields are left as they are."""
    _manager(actor)
    if plan.status == KILLED:
        raise Refused("This plan is killed. Restore it before changing it.", status=409)
    _current(plan, expected_version)
    values = checks.checked(data)
    if plan.status == STARTED:
        for name in checks.DEADLINES:
            values.pop(name)
    changed = [name for name, value in values.items() if getattr(plan, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(plan, name, values[name])
    plan.updated_at = clock.now()
    _flush()
    record("plan.edited", plan, actor=actor, title=plan.working_title, fields=changed)
    _tell(plan, actor, "Changed: " + ", ".join(name.replace("_", " ") for name in changed))
    return True


def accept(plan: Plan, actor: User, expected_version: int | None = None) -> None:
    """An editor takes a reporter's proposal onto the budget."""
    _manager(actor)
    _current(plan, expected_version)
    if plan.status != PROPOSED:
        raise Refused(
            f"This plan is {checks.STATUS_WORDS[plan.status]}, not a proposal.", status=409
        )
    plan.status, plan.updated_at = PLANNED, clock.now()
    _flush()
    record("plan.accepted", plan, actor=actor, title=plan.working_title)
    _tell(plan, actor, "Accepted onto the budget")


def decline(plan: Plan, actor: User, note: str, expected_version: int | None = None) -> None:
    """An editor turns a proposal down, saying why (it is kept, killed, and can be restored)."""
    _manager(actor)
    _current(plan, expected_version)
    if plan.status != PROPOSED:
        raise Refused(
            f"This plan is {checks.STATUS_WORDS[plan.status]}, not a proposal.", status=409
        )
    note = _note(note, "Say why the proposal is declined.")
    plan.status, plan.kill_note, plan.updated_at = KILLED, note, clock.now()
    _flush()
    record("plan.declined", plan, actor=actor, title=plan.working_title, note=note)
    _tell(plan, actor, f"Declined: {note}")


def _note(note: str, missing: str) -> str:
    note = (note or "").strip()
    if not note:
        raise Refused(missing, field="note")
    if len(note) > checks.NOTE_MAX:
        raise Refused(f"Keep the note under {checks.NOTE_MAX:,} characters.", field="note")
    return note


def kill(plan: Plan, actor: User, note: str, expected_version: int | None = None) -> None:
    """Take a plan off the budget, with a note saying why. A started plan's draft is left as it
    is (spike it on its page if it should not run either)."""
    _manager(actor)
    _current(plan, expected_version)
    if plan.status == KILLED:
        raise Refused("This plan is killed already.", status=409)
    note = _note(note, "Say why the plan is killed.")
    plan.status, plan.kill_note, plan.updated_at = KILLED, note, clock.now()
    _flush()
    record("plan.killed", plan, actor=actor, title=plan.working_title, note=note)
    _tell(plan, actor, f"Killed: {note}")


def restore(plan: Plan, actor: User, expected_version: int | None = None) -> None:
    """Bring a killed plan back: started if it has its story, else planned (restoring a
    declined proposal puts it on the budget)."""
    _manager(actor)
    _current(plan, expected_version)
    if plan.status != KILLED:
        raise Refused("Only a killed plan can be restored.", status=409)
    plan.status = STARTED if plan.article_id is not None else PLANNED
    plan.kill_note, plan.updated_at = "", clock.now()
    _flush()
    record("plan.restored", plan, actor=actor, title=plan.working_title, status=plan.status)
    _tell(plan, actor, "Restored")


def reassign(
    plan: Plan,
    actor: User,
    owner_id: int | None,
    reporter_id: int | None,
    expected_version: int | None = None,
) -> bool:
    """Give the plan another desk owner and/or reporter; the people taken off are told too.
    Returns whether anything changed."""
    _manager(actor)
    _current(plan, expected_version)
    if plan.status == KILLED:
        raise Refused("This plan is killed. Restore it before changing it.", status=409)
    owner = checks.person(owner_id, checks.OWNER_ROLES, "owner_id", "desk owner (an editor)")
    reporter = checks.person(reporter_id, checks.REPORTER_ROLES, "reporter_id", "reporter")
    before_owner, before_reporter = plan.owner, plan.reporter
    if (plan.owner_id, plan.reporter_id) == (owner_id, reporter_id):
        return False
    details: dict[str, Any] = {"title": plan.working_title}
    # Ids for the filters and export, names for the sentence (read as they were then).
    for key, before, after in (
        ("owner", before_owner, owner),
        ("reporter", before_reporter, reporter),
    ):
        if (before.id if before else None) != (after.id if after else None):
            details[key] = [before.id if before else None, after.id if after else None]
            details[f"{key}_names"] = [checks.name(before), checks.name(after)]
    plan.owner, plan.reporter, plan.updated_at = owner, reporter, clock.now()
    _flush()
    record("plan.reassigned", plan, actor=actor, **details)
    who = [f"desk owner {owner.display_name}" if owner else "no desk owner"]
    who.append(f"reporter {reporter.display_name}" if reporter else "no reporter")
    _tell(plan, actor, "Now with " + " and ".join(who), before_owner, before_reporter)
    return True


def move_slot(plan: Plan, start: datetime | None, end: datetime | None, actor: User) -> bool:
    """Move `plan`'s publish slot to `start` (aware UTC; with `end`, a window), or with `start`
    None back to the unscheduled tray. Returns whether anything changed.

    Only the slot moves: the plan's deadlines, and its story's publish time, stay where they are
    (they are other kinds of time). Refused for a killed plan, and for an end without a start or
    not after it.
    """
    _manager(actor)
    if plan.status == KILLED:
        raise Refused("This plan is killed. Restore it before moving it.", status=409)
    if start is None:
        end = None
    checks.window(start, end)
    start = clock.as_utc(start) if start is not None else None
    end = clock.as_utc(end) if end is not None else None
    before = (plan.slot_start, plan.slot_end)
    if before == (start, end):
        return False
    plan.slot_start, plan.slot_end, plan.updated_at = start, end, clock.now()
    _flush()
    record(
        "plan.moved",
        plan,
        actor=actor,
        title=plan.working_title,
        start=clock.machine_time(start) if start else None,
        end=clock.machine_time(end) if end else None,
    )
    _tell(plan, actor, f"Slot moved to {slot_words(start, end)}")
    return True


def move_deadline(plan: Plan, which: str, due_at: datetime | None, actor: User) -> bool:
    """Move one of `plan`'s deadlines (`which`: filed_by, edited_by or checked_by) to `due_at`
    (aware UTC), or clear it with None. Returns whether anything changed.

    Never moves the slot. A started plan is refused (409, "change it on the story"): from the
    draft on, the story's deadlines (`ArticleDeadline`, the deadlines feature) are the ones that
    count, and two copies that could disagree would be worse than one.
    """
    _manager(actor)
    if which not in checks.DEADLINES:
        raise Refused("Choose filed by, edited by or checked by.", field="which")
    if plan.status == STARTED:
        raise Refused(
            "The draft has started: its deadlines are on the story now. Change them there.",
            status=409,
        )
    if plan.status == KILLED:
        raise Refused("This plan is killed. Restore it before changing it.", status=409)
    due_at = clock.as_utc(due_at) if due_at is not None else None
    if getattr(plan, which) == due_at:
        return False
    setattr(plan, which, due_at)
    plan.updated_at = clock.now()
    _flush()
    due = clock.machine_time(due_at) if due_at else None
    record("plan.deadline_moved", plan, actor=actor, title=plan.working_title, which=which, due=due)
    when = slot_words(due_at, None) if due_at else "none"
    _tell(plan, actor, f"Deadline {checks.DEADLINE_NAMES[which]} moved to {when}")
    return True


def start_draft(plan: Plan, actor: User, expected_version: int | None = None) -> Article:
    """Make the plan's draft through the article service: headline from the working title,
    byline the reporter, section, region, language (the first planned), the desk owner as its
    editor, and the plan's deadlines as the story's (origin "plan"). The plan stays linked."""
    if not can(actor, "plan.start", plan):
        raise Refused("Only editors and the plan's reporter start its draft.", status=403)
    _current(plan, expected_version)
    if plan.status != PLANNED:
        raise Refused(
            f"This plan is {_status(plan)}: only a planned story's draft is started.",
            status=409,
        )
    data: dict[str, Any] = {
        "headline": checks.readable(plan.working_title),
        "section_id": plan.section_id or "",
        "region_id": plan.region_id or "",
    }
    if plan.reporter_id is not None:
        data["author_ids"] = [plan.reporter_id]
    codes = plan.language_codes or [newsroom.default_language()]
    article = create_article(actor, data, language=codes[0])
    if plan.owner is not None and article.editor_id != plan.owner_id:
        assign(article, EDITOR, plan.owner, actor, seen=article.editor_id)
    for which, stage in checks.DEADLINES.items():
        due = getattr(plan, which)
        if due is not None:
            # The deadlines feature writes them: a section's default already set on the new
            # draft gives way to the plan's time. The plan is the editor's, so no person's role
            # is checked again here (the plan's reporter may start it).
            set_deadline(article, stage, due, None, origin=FROM_PLAN)
    plan.status, plan.article_id, plan.updated_at = STARTED, article.id, clock.now()
    _flush()
    record("plan.started", plan, actor=actor, title=plan.working_title, article_id=article.id)
    _tell(plan, actor, f"Draft started: “{article.headline}”")
    return article
