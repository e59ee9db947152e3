"""The actions panel and the checklist panel drawn once per what they show, and kept (issue 28).

A verdict's answer redraws both (the tally moves the Clear and Flag buttons and the checklist's
claims rule), and so does a transition's or a comment's out-of-band answer: two templates of
forms and rules that were ~10 % of a verdict's CPU, though a run of verdicts on one story
draws the same two panels each time. Their contexts are cheap to read (`panels.
panel_context_for`); drawing them is not. So each context is read as before and the panel is
kept under a key made of everything its template shows of that context (`actions_key`,
`checklist_key`), with the story's id and version, the viewer's id and role, the newsroom's
zone (the times and the "Publish at" label) and the address's root: a change to anything shown
is a new key at once, in every process, as `fragment_cache` promises. The Flag and Clear notes'
first drafts quote the claims with their evidence and notes, which nearly every verdict changes:
the kept panel has a hole for each draft, filled with this request's words; so has a disabled
option's reason (the Clear button's names the tally: "3 claims still unchecked"). A context
carrying an error or typed text (a refused action's answer) is drawn afresh and never kept.

Kept with `csrf_holes.HOLE` where the token goes, filled per request (`fill`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Any

from flask import render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from editorial import newsroom
from editorial.csrf_holes import HOLE, fill
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.models import Article
from editorial.workflow import Option
from editorial.workflow_guards import role_of


def actions_key(context: dict[str, Any]) -> Hashable | None:
    """What `articles/_actions.html` shows of `context` (`panels.actions_context`), or None when
    it carries what a person typed or an error (drawn afresh)."""
    if context.get("error") or context.get("error_for") or context.get("typed"):
        return None
    article = context["article"]
    # A disabled option's reason is a hole (`kept_panel`): the Clear button's names the tally,
    # which nearly every verdict moves.
    options = tuple(
        (option.transition.name, option.enabled, option.can_waive) for option in context["options"]
    )
    checkers = tuple((person.id, person.display_name) for person in context["fact_checkers"])
    prefill = tuple(
        sorted(context["prefill"])
    )  # which notes have a first draft: its words are holes
    return (
        "actions",
        article.state,
        article.fact_checker_id,
        options,
        checkers,
        prefill,
        context.get("next"),
    )


def checklist_key(context: dict[str, Any]) -> Hashable | None:
    """What `checklists/_panel.html` shows of `context` (`checklists.queries.panel_context`),
    or None when it carries an error or typed text (drawn afresh)."""
    checklist = context["checklist"]
    if checklist.get("error") or checklist.get("error_for") or checklist.get("typed"):
        return None
    steps = tuple(
        (
            step.transition.name,
            tuple(
                (
                    result.rule.id,
                    result.rule.blocking,
                    str(result.rule.params.get("role", "")),
                    result.met,
                    result.message,
                    result.signoff,
                    result.waiver,
                )
                for result in step.results
            ),
            step.may_waive,
            step.may_sign,
        )
        for step in checklist["steps"]
    )
    return ("checklist", steps)


KEYS: dict[str, Callable[[dict[str, Any]], Hashable | None]] = {
    "actions": actions_key,
    "checklist": checklist_key,
}


def kept_panel(template: str, name: str, article: Article, context: dict[str, Any]) -> Markup:
    """Panel `name` (`actions` or `checklist`) out of band, drawn from `context` by `template`,
    or the same panel kept from an earlier request whose context showed the same (see the
    module's docstring)."""
    shown = KEYS[name](context)
    if shown is None:
        return Markup(render_template(template, oob=True, **context))  # noqa: S704  (escaped)
    person = current_person()
    key = (
        "articles.kept_panels",
        article.id,
        article.version,
        person.id,
        role_of(person),
        newsroom.zone(),
        request.script_root,
        shown,
    )

    drafts: dict[str, str] = context.get("prefill", {}) if name == "actions" else {}
    reasons = _reasons(context) if name == "actions" else {}

    def render() -> str:
        holes: dict[str, Any] = {}
        if drafts:
            holes["prefill"] = {draft: _draft_hole(draft) for draft in drafts}
        if reasons:
            holes["options"] = [_reason_in_hole(option) for option in context["options"]]
        return render_template(template, oob=True, csrf_token=lambda: HOLE, **(context | holes))

    # The token first, then each note's first draft and each reason (escaped as Jinja escapes
    # them): a person's words are never searched for a hole.
    html = str(fill(fragment_cache().get_or_render(key, render), generate_csrf))
    for draft, words in drafts.items():
        html = html.replace(_draft_hole(draft), escape(words))
    for option, reason in reasons.items():
        html = html.replace(_reason_hole(option), escape(reason))
    return Markup(html)  # noqa: S704  (a template's escaped output, escaped words put in)


# Where a note's first draft goes in a kept actions panel (its words name the claims and their
# evidence, which every verdict's note changes): random per process, as `csrf_holes.HOLE`.
_DRAFT = f"draft-hole-{secrets.token_hex(16)}"


def _draft_hole(draft: str) -> Markup:
    """The hole for transition `draft`'s note (a transition's name: letters and underscores)."""
    return Markup(f"{_DRAFT}-{draft}-")  # noqa: S704  (hex digits and a transition's name)


# Where a disabled option's reason goes in a kept actions panel: random per process, as above.
_REASON = f"reason-hole-{secrets.token_hex(16)}"


def _reason_hole(option: str) -> Markup:
    """The hole for transition `option`'s reason (a transition's name)."""
    return Markup(f"{_REASON}-{option}-")  # noqa: S704  (hex digits and a transition's name)


def _reasons(context: dict[str, Any]) -> dict[str, str]:
    """Each disabled option's reason, by its transition's name."""
    return {
        option.name: option.reason for option in context["options"] if option.reason is not None
    }


def _reason_in_hole(option: Option) -> Option:
    """`option` drawn with the hole where its reason goes (disabled ones only)."""
    return option if option.enabled else replace(option, reason=_reason_hole(option.name))
