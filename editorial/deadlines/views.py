"""The deadlines' pages and forms: a story's deadlines (`/deadlines/<id>`: the panel on its page,
and the page itself without JavaScript), setting or clearing one stage's, the sections' defaults
(admins), and who is on duty (admins, from the people page).

Every form is a plain POST that answers with a redirect and a flash; from htmx the panel answers
in place with a toast. A refusal keeps what was typed and says why beside it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import clock, htmx, newsroom
from editorial.database import read_only
from editorial.deadlines import queries, service
from editorial.deadlines.forms import DeadlineForm, DefaultsForm
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article, Section, User
from editorial.models.planning import DEADLINE_LABELS, DEADLINE_STAGES
from editorial.permissions import can, deny, get_visible_article
from editorial.refusal import Refused, answer
from editorial.security import safe_next

ORIGIN_WORDS = {"plan": "from the plan", "hand": "set by hand", "section": "section default"}


def panel_context(article: Article, **extra: Any) -> dict[str, Any]:
    """What `deadlines/_panel.html` shows: each stage's deadline, the mark of the stage the story
    is in, and (for editors) the forms."""
    person = current_person()
    deadlines = queries.deadlines_of(article)
    queries.remember(article, deadlines)
    typed = extra.pop("typed", {})
    values = {
        stage: typed.get(stage, clock.to_local(d.due_at, newsroom.zone()).strftime(
            clock.INPUT_FORMAT))
        for stage, d in deadlines.items()
    }  # fmt: skip
    values |= {stage: text for stage, text in typed.items() if stage not in values}
    return {
        "article": article,
        "deadlines": deadlines,
        "stages": DEADLINE_STAGES,
        "labels": DEADLINE_LABELS,
        "origins": ORIGIN_WORDS,
        "editing": can(person, "deadline.set", article),
        "active": article.state in service.DEADLINE_STATES,
        "entered": values,
        "error": extra.pop("error", None),
        "error_field": extra.pop("error_field", None),
        **extra,
    }


@read_only
def page(article_id: int) -> Response:
    """A story's deadlines: the panel from the article page, on a page of its own."""
    article = get_visible_article(current_person(), article_id)
    return htmx.render(
        "deadlines/page.html", "deadlines/_panel.html", article=article, p=panel_context(article)
    )


def set_stage(article_id: int, stage: str) -> Response:
    """Set (or, with "Clear", remove) the deadline of one stage, by hand."""
    person = current_person()
    article = get_visible_article(person, article_id)
    if stage not in DEADLINE_STAGES:
        abort(404)
    if not can(person, "deadline.set", article):
        deny("deadline.set", article)
    form = DeadlineForm()
    raw = request.form.get("due", "")
    clearing = request.form.get("clear") == "1"
    try:
        if not form.validate():
            problems = form.errors.get("due") or ["The form has expired. Reload the page."]
            raise Refused(str(problems[0]), field=stage)
        due = None if clearing else form.due.data
        if due is None and not clearing:
            raise Refused("Give the deadline (YYYY-MM-DD HH:MM), or clear it.", field=stage)
        changed = service.set_deadline(article, stage, due, person, origin="hand")
    except Refused as refused:
        said = answer(refused, "deadline.set", article)
        article = get_visible_article(person, article_id)
        context = panel_context(article, typed={stage: raw}, error=said.message,
                                error_field=said.field or stage)  # fmt: skip
        template = "deadlines/_panel.html" if htmx.wants_fragment() else "deadlines/page.html"
        html = render_template(template, article=article, p=context)
        return htmx.respond(html, status=said.status)
    db.session.commit()
    label = DEADLINE_LABELS[stage]
    if not changed:
        message = "Nothing changed."
    elif due is None:
        message = f"“{label}” cleared."
    else:
        message = f"“{label}” set to {clock.to_local(due, newsroom.zone()):%a %d %b %H:%M}."
    back = safe_next(request.form.get("next")) or url_for("articles.show", article_id=article.id)
    fragment = partial(render_template, "deadlines/_panel.html", p=panel_context(article))
    return htmx.done(message, fragment, back, trigger={"articleChanged": {"id": article.id}})


def _admin() -> User:
    person = current_person()
    if not can(person, "taxonomy.manage"):
        deny("taxonomy.manage")
    return person


@read_only
def defaults() -> str:
    """Every section's default deadlines (admins)."""
    _admin()
    return render_template(
        "deadlines/defaults.html",
        sections=queries.all_defaults(),
        stages=DEADLINE_STAGES,
        labels=DEADLINE_LABELS,
        within=queries.within,
    )


def _section_page(section: Section, form: DefaultsForm, status: int = 200,
                  error: str | None = None) -> tuple[str, int]:  # fmt: skip
    return (
        render_template(
            "deadlines/section.html",
            section=section,
            form=form,
            error=error,
            stages=DEADLINE_STAGES,
            labels=DEADLINE_LABELS,
        ),  # fmt: skip
        status,
    )


@read_only
def section_defaults(section_id: int) -> tuple[str, int]:
    """One section's default deadlines, and the form to change them (admins)."""
    _admin()
    section = db.session.get(Section, section_id) or abort(404)
    form = DefaultsForm(formdata=None)
    for stage, minutes in queries.defaults_of(section.id).items():
        hours, rest = divmod(minutes, 60)
        form[f"{stage}_hours"].data, form[f"{stage}_minutes"].data = hours, rest
    return _section_page(section, form)


def save_section_defaults(section_id: int) -> Response | tuple[str, int]:
    """Save one section's default deadlines (admins)."""
    person = _admin()
    section = db.session.get(Section, section_id) or abort(404)
    form = DefaultsForm()
    if not form.validate():
        return _section_page(section, form, 422, "Check the numbers marked below.")
    try:
        changed = service.set_section_defaults(section, form.minutes(), person)
    except Refused as refused:
        said = answer(refused, "taxonomy.manage", section)
        return _section_page(section, form, said.status, said.message)
    db.session.commit()
    flash(f"{section.name}: default deadlines saved." if changed else "Nothing changed.", "success")
    return redirect(url_for("deadlines.defaults"))


def on_duty(user_id: int) -> Response:
    """Put an editor on duty, or take them off (admins, from the person's page)."""
    actor = current_person()
    if not can(actor, "users.manage"):
        deny("users.manage")
    person = db.session.get(User, user_id) or abort(404)
    back = url_for("people.person", user_id=person.id)
    try:
        changed = service.set_on_duty(person, request.form.get("on_duty") == "1", actor)
    except Refused as refused:
        said = answer(refused, "users.manage", person)
        flash(said.message, "error")
        return redirect(back)
    db.session.commit()
    words = "on duty: told of stages overdue" if person.on_duty else "off duty"
    message = f"{person.display_name} is {words}." if changed else "Nothing changed."
    fragment = partial(render_template, "deadlines/_on_duty.html", person=person)
    return htmx.done(message, fragment, back)
