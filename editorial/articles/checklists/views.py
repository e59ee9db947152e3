"""The checklists' pages and actions: the admin page of house rules (add, remove), and on a
story's page a waiver and a sign-off.

The story's actions answer as every panel action does (`panels.refreshed`): with htmx the
checklist and every other panel out of band (the buttons change with it); without, a flash and
a redirect back to the story. The admin page is plain forms (a redirect and a flash, or the page
again with the problem beside its field).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from editorial import htmx, languages
from editorial.articles import panels
from editorial.articles.checklists import queries, service
from editorial.articles.checklists.forms import ROLE_LABELS, ActionForm, RuleForm, WaiverForm
from editorial.checklist_rules import KINDS
from editorial.database import read_only
from editorial.extensions import db
from editorial.identity import current_person
from editorial.models import Article, ChecklistRule
from editorial.page_cache import changes_no_page
from editorial.permissions import can, get_visible_article, require
from editorial.refusal import Refused, answer

ACTION = "checklists.manage"


def _rules_page(form: RuleForm, status: int = 200) -> tuple[str, int]:
    sections = queries.section_names()
    form.sections.choices = [SelectChoice(i, name) for i, name in sections.items()]
    return (
        render_template(
            "checklists/rules.html",
            form=form,
            rules=queries.all_rules(),
            kinds=KINDS,
            roles=ROLE_LABELS,
            section_names=sections,
            action_form=ActionForm(),
        ),
        status,
    )


@require(ACTION)
@read_only
def rules() -> tuple[str, int]:
    """The house rules, by step, and the form to add one."""
    return _rules_page(RuleForm(formdata=None))


@require(ACTION)
@changes_no_page
def add_rule() -> Response | tuple[str, int]:
    """Add a house rule to a step."""
    form = RuleForm()
    form.sections.choices = [SelectChoice(i, name) for i, name in queries.section_names().items()]
    if not form.validate():
        return _rules_page(form, 422)
    codes = [c.strip() for c in (form.languages.data or "").split(",") if c.strip()]
    if unknown := languages.unknown_codes(",".join(codes)):
        form.languages.errors = [f"Unknown language code: {', '.join(unknown)}."]
        return _rules_page(form, 422)
    params: dict[str, Any] = {}
    for name in KINDS[form.kind.data or ""][1] if form.kind.data in KINDS else ():
        value = getattr(form, name).data
        if value not in (None, ""):
            params[name] = value
    try:
        service.add_rule(
            form.transition.data or "",
            form.kind.data or "",
            params,
            blocking=form.blocking.data == "1",
            waiver_role=form.waiver_role.data or None,
            sections=list(form.sections.data or []),
            languages=codes,
            actor=current_person(),
        )
    except Refused as refused:
        refusal = answer(refused, ACTION)
        form[refusal.field or "kind"].errors = [refusal.message]
        return _rules_page(form, refusal.status)
    db.session.commit()
    flash("Rule added.", "success")
    return redirect(url_for("checklists.rules"))


@require(ACTION)
@changes_no_page
def remove_rule(rule_id: int) -> Response:
    """Take a house rule away."""
    if not ActionForm().validate():
        abort(400)
    rule = db.session.get(ChecklistRule, rule_id) or abort(404)
    service.remove_rule(rule, current_person())
    db.session.commit()
    flash("Rule removed.", "success")
    return redirect(url_for("checklists.rules"))


def _done(article: Article, message: str) -> Response:
    db.session.commit()
    back = url_for("articles.show", article_id=article.id, _anchor=f"checklist-{article.id}")
    return htmx.done(message, partial(panels.refreshed, article, "checklist"), back)


def _refused(article: Article, refused: Refused, **extra: Any) -> Response:
    """The checklist again with the reason beside the rule it concerns."""
    refusal = answer(refused, "checklist.waive", article)
    extra["error"] = refusal.message
    if htmx.wants_fragment():
        context = queries.panel_context(article, current_person(), **extra)
        return htmx.respond(
            render_template("checklists/_panel.html", **context), status=refusal.status
        )
    context = panels.show_context(article)
    context |= queries.panel_context(article, current_person(), **extra)
    return htmx.respond(render_template("articles/show.html", **context), status=refusal.status)


@changes_no_page
def live(article_id: int) -> Response:
    """The editor's checklist for the text as typed (htmx, debounced as one types): nothing is
    saved; the panel answers in place."""
    person = current_person()
    article = get_visible_article(person, article_id)
    if not can(person, "article.edit", article):
        abort(403)
    fields = ("headline", "summary", "body", "section_id", "region_id", "tags")
    typed = {name: request.form[name] for name in fields if name in request.form}
    steps = queries.typed_steps(article, typed)
    return htmx.respond(render_template("checklists/_live.html", article=article, steps=steps))


@changes_no_page
def waive(article_id: int, rule_id: int, transition: str) -> Response:
    """Waive one blocking rule for this story's next step, with a reason."""
    person = current_person()
    article = get_visible_article(person, article_id)
    form = WaiverForm()
    try:
        if not form.validate():
            raise Refused(form.reason.errors[0] if form.reason.errors else "Try again.")
        service.waive(article, rule_id, transition, person, form.reason.data or "")
    except Refused as refused:
        return _refused(article, refused, error_for=rule_id, typed=form.reason.data or "")
    return _done(article, "Rule waived for this step.")


@changes_no_page
def sign_off(article_id: int, rule_id: int) -> Response:
    """Sign the story off for a sign-off rule (who and when are recorded)."""
    person = current_person()
    article = get_visible_article(person, article_id)
    try:
        if not ActionForm().validate():
            raise Refused("Try again.")
        service.sign_off(article, rule_id, person)
    except Refused as refused:
        return _refused(article, refused, error_for=rule_id)
    return _done(article, "Signed off.")
