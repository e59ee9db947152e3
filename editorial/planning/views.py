"""The planning desk's pages: the list of plans with its filters, the day's budget (printable),
one plan's page, and the plan form (new, proposed, edited).

Plain pages and forms: every one works without JavaScript. The list's filters are a GET form
kept in the address; htmx swaps only the results when it is there (`htmx.render`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import clock, htmx, newsroom
from editorial.database import read_only
from editorial.extensions import db
from editorial.forms import address_int
from editorial.identity import current_person
from editorial.kept_parts import kept_part
from editorial.models import Role, User
from editorial.models.planning import DEADLINE_LABELS, PLAN_STATUSES, Plan
from editorial.models.taxonomy import sections_in_order
from editorial.permissions import can, deny
from editorial.planning import checks, queries, service
from editorial.planning.forms import DeadlineForm, NoteForm, PlanForm, ReassignForm, WindowForm
from editorial.refusal import Refused, answer

RANGE_MAX = 31  # days a budget may span


def _may_plan(person: User) -> None:
    if not (can(person, "plan.manage") or can(person, "plan.propose")):
        deny("plan.propose")


@read_only
def index() -> Response:
    """The plans this person may see, filtered by status, section, person and slot."""
    person = current_person()
    status = request.args.get("status", "")
    when = request.args.get("when", "")
    filters = queries.Filters(
        status=status if status in PLAN_STATUSES else "",
        section_id=address_int(request.args.get("section"), None),
        person_id=address_int(request.args.get("person"), None),
        when=when if when in ("unscheduled", "scheduled") else "",
    )
    return htmx.render(
        "planning/index.html",
        "planning/_list.html",
        plans=queries.plans(person, filters),
        filters=filters,
        statuses=PLAN_STATUSES,
        sections=sections_in_order(),
        people=queries.people(Role.REPORTER, Role.EDITOR, Role.ADMIN),
    )


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


@read_only
def budget() -> str | tuple[str, int]:
    """One day's budget (`?day=YYYY-MM-DD`, today by default) or a range (`?from=&to=`),
    grouped by section; its print stylesheet fits a day on paper.

    Its content is drawn once per desk version, viewer, address and minute and kept
    (`editorial.kept_parts`): plans, their stories and people move the desk's version, and
    "Printed" says the minute."""
    person = current_person()
    first = _day(request.args.get("from")) or _day(request.args.get("day")) or queries.today()
    last = _day(request.args.get("to")) or first
    problem = None
    if last < first or (last - first).days >= RANGE_MAX:
        problem = f"Choose a range of 1 to {RANGE_MAX} days, the first day first."
        last = first

    def render() -> str:
        return render_template(
            "planning/_budget_page.html",
            sections=queries.budget(person, first, last),
            first=first,
            last=last,
            previous=first - timedelta(days=1),
            following=first + timedelta(days=1),
            problem=problem,
            zone=newsroom.zone(),
            printed=clock.to_local(clock.now(), newsroom.zone()),
        )

    content = kept_part("planning.budget", person, render)
    return render_template("planning/budget.html", first=first, content=content), (
        422 if problem else 200
    )


def _form_page(form: PlanForm, plan: Plan | None, status: int = 200, error: str = "") -> Any:
    return render_template("planning/form.html", form=form, plan=plan, error=error), status


def _refused_on(form: Any, refused: Refused, action: str, obj: Any = None) -> Any:
    """The refusal's answer, its message put beside its field of `form` (or over the form)."""
    said = answer(refused, action, obj)
    if said.field and said.field in form:
        form[said.field].errors = [*form[said.field].errors, said.message]
        return said, ""
    return said, said.message


@read_only
def new() -> Any:
    """The form for a new plan (an editor) or a proposal (a reporter)."""
    person = current_person()
    _may_plan(person)
    form = PlanForm(proposing=not can(person, "plan.manage"))
    if not form.languages.data:
        form.languages.data = [newsroom.default_language()]
    if form.proposing:
        form.reporter_id.data = person.id
    return _form_page(form, None)


def create() -> Any:
    """Plan a story (editors) or propose one (reporters); back to its page."""
    person = current_person()
    _may_plan(person)
    form = PlanForm(proposing=not can(person, "plan.manage"))
    if not form.validate():
        return _form_page(form, None, 422)
    try:
        plan = service.create_plan(person, form.plan_input())
    except Refused as refused:
        said, error = _refused_on(form, refused, "plan.manage")
        return _form_page(form, None, said.status, error)
    db.session.commit()
    message = "Proposed: an editor will accept it or decline it." if form.proposing else "Planned."
    return htmx.done(message, lambda: "", url_for("planning.show", plan_id=plan.id))


def _plan_form(plan: Plan, formdata: Any = None) -> PlanForm:
    form = PlanForm(formdata=formdata, obj=plan if formdata is None else None)
    if formdata is None:
        form.languages.data = plan.language_codes
        form.version.data = str(plan.version)
    return form


@read_only
def edit(plan_id: int) -> Any:
    """The plan's form, filled in (editors and admins)."""
    person = current_person()
    plan = queries.get_plan(person, plan_id)
    if not can(person, "plan.manage"):
        deny("plan.manage", plan)
    return _form_page(_plan_form(plan), plan)


def update(plan_id: int) -> Any:
    """Save the plan's form; a stale version is refused with what was typed kept."""
    person = current_person()
    plan = queries.get_plan(person, plan_id)
    if not can(person, "plan.manage"):
        deny("plan.manage", plan)
    form = _plan_form(plan, request.form)
    if not form.validate():
        return _form_page(form, plan, 422)
    expected = address_int(form.version.data, -1)
    try:
        changed = service.update_plan(plan, person, form.plan_input(), expected)
    except Refused as refused:
        said, error = _refused_on(form, refused, "plan.manage", plan)
        plan = queries.get_plan(person, plan_id)
        return _form_page(form, plan, said.status, error)
    db.session.commit()
    message = "The plan is saved." if changed else "Nothing changed."
    return redirect_with(message, plan)


def redirect_with(message: str, plan: Plan) -> Response:
    """The answer to a plan action that worked: the plan's page, with `message`."""
    return htmx.done(message, lambda: "", url_for("planning.show", plan_id=plan.id))


def show_page(plan: Plan, status: int = 200, **context: Any) -> tuple[str, int]:
    """The plan's page, with its action forms (filled from the plan unless given typed)."""
    person = current_person()
    version = str(plan.version)
    window = context.pop("window", None) or WindowForm(formdata=None, obj=plan)
    deadline = context.pop("deadline", None) or DeadlineForm(formdata=None)
    reassign = context.pop("reassign", None) or ReassignForm(formdata=None, obj=plan)
    note = context.pop("note", None) or NoteForm(formdata=None)
    for form in (window, deadline, reassign, note):
        form.version.data = form.version.data or version
    return render_template(
        "planning/show.html",
        plan=plan,
        window=window,
        deadline=deadline,
        reassign=reassign,
        note=note,
        manage=can(person, "plan.manage"),
        start=can(person, "plan.start", plan),
        deadline_labels=DEADLINE_LABELS,
        deadlines=checks.DEADLINES,
        story=plan.article if plan.article and can(person, "article.view", plan.article) else None,
        error=context.pop("error", ""),
        **context,
    ), status


@read_only
def show(plan_id: int) -> tuple[str, int]:
    """One plan: what, who, when, its story once started, and what this person may do."""
    return show_page(queries.get_plan(current_person(), plan_id))
