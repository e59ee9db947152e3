"""The plan page's actions: accept, decline, start the draft, move the slot or a deadline,
reassign, kill and restore. Each is a plain form POST (htmx only makes it faster); each answers
with the plan's page and a message, or, refused, the page again with the reason beside its
field and what was typed kept (`refusal.answer`: 403 audited, 409 stale, 422 input)."""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.extensions import db
from editorial.forms import address_int
from editorial.identity import current_person
from editorial.models import User
from editorial.models.planning import Plan
from editorial.planning import checks, queries, service
from editorial.planning.forms import (
    DeadlineForm,
    NoteForm,
    ReassignForm,
    VersionForm,
    WindowForm,
)
from editorial.planning.views import redirect_with, show_page
from editorial.refusal import Refused, answer


def _act(
    plan_id: int,
    form: VersionForm,
    slot: str,
    action: Callable[[Plan, User, int | None], str],
    permission: str = "plan.manage",
    back: Callable[[], str] | None = None,
) -> Response | tuple[str, int]:
    """Run `action` on the plan with its form read, answering as the module says."""
    person = current_person()
    plan = queries.get_plan(person, plan_id)
    version = address_int(form.version.data, None)
    try:
        if not form.validate():
            field = next(name for name in form.errors)
            raise Refused(form.errors[field][0], field=field)
        message = action(plan, person, version)
    except Refused as refused:
        said = answer(refused, permission, plan)
        plan = queries.get_plan(person, plan_id)
        if said.field and said.field in form:
            form[said.field].errors = [said.message]
        return show_page(plan, said.status, error=said.message, **{slot: form})
    db.session.commit()
    if back is not None:
        return htmx.done(message, lambda: "", back())
    return redirect_with(message, plan)


def accept(plan_id: int) -> Response | tuple[str, int]:
    """Accept a reporter's proposal onto the budget."""

    def run(plan: Plan, person: User, version: int | None) -> str:
        service.accept(plan, person, version)
        return "Accepted: the story is on the budget."

    return _act(plan_id, VersionForm(), "button", run)


def decline(plan_id: int) -> Response | tuple[str, int]:
    """Decline a proposal, saying why."""

    def run(plan: Plan, person: User, version: int | None) -> str:
        service.decline(plan, person, form.note.data or "", version)
        return "Declined: the reporter is told why."

    form = NoteForm()
    return _act(plan_id, form, "note", run)


def kill(plan_id: int) -> Response | tuple[str, int]:
    """Kill the plan, with a note."""

    def run(plan: Plan, person: User, version: int | None) -> str:
        service.kill(plan, person, form.note.data or "", version)
        return "Killed. It can be restored from this page."

    form = NoteForm()
    return _act(plan_id, form, "note", run)


def restore(plan_id: int) -> Response | tuple[str, int]:
    """Bring a killed plan back."""

    def run(plan: Plan, person: User, version: int | None) -> str:
        service.restore(plan, person, version)
        return "Restored."

    return _act(plan_id, VersionForm(), "button", run)


def start(plan_id: int) -> Response | tuple[str, int]:
    """Start the draft: the story is made from the plan, and opened."""
    made: list[int] = []

    def run(plan: Plan, person: User, version: int | None) -> str:
        made.append(service.start_draft(plan, person, version).id)
        return "The draft is started from the plan."

    def editor() -> str:
        """Done: straight to the new draft's editor."""
        return url_for("articles.edit", article_id=made[0])

    return _act(plan_id, VersionForm(), "button", run, "plan.start", editor)


def move(plan_id: int) -> Response | tuple[str, int]:
    """Move the publish slot (empty: back to the unscheduled tray)."""
    form = WindowForm()

    def run(plan: Plan, person: User, version: int | None) -> str:
        _fresh(plan, version)
        start, end = form.slot_start.data, form.slot_end.data
        moved = service.move_slot(plan, start, end, person)
        return f"Moved to {checks.slot_words(start, end)}." if moved else "Nothing changed."

    return _act(plan_id, form, "window", run)


def deadline(plan_id: int) -> Response | tuple[str, int]:
    """Move one of the plan's deadlines (before its draft starts)."""
    form = DeadlineForm()

    def run(plan: Plan, person: User, version: int | None) -> str:
        _fresh(plan, version)
        moved = service.move_deadline(plan, form.which.data or "", form.due_at.data, person)
        return "The deadline is moved." if moved else "Nothing changed."

    return _act(plan_id, form, "deadline", run)


def reassign(plan_id: int) -> Response | tuple[str, int]:
    """Give the plan another desk owner or reporter."""
    form = ReassignForm()

    def run(plan: Plan, person: User, version: int | None) -> str:
        changed = service.reassign(plan, person, form.owner_id.data, form.reporter_id.data, version)
        return "Reassigned: both are told." if changed else "Nothing changed."

    return _act(plan_id, form, "reassign", run)


def _fresh(plan: Plan, version: int | None) -> None:
    """The calendar's signatures carry no version; the page's forms do, so check it here."""
    if version is not None and version != plan.version:
        raise Refused(
            "Someone changed this plan since you opened it. Reload to see their change.",
            status=409,
        )
