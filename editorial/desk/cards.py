"""A board card's HTML, rendered once per everything it shows and reused (`fragment_cache`).

`desk_card(card)` (a template global) draws `desk/_card.html` for one card. Its key is every
value the card shows, so a card whose article moves, is renamed, gets an editor, a deadline, a
checklist fact or a claim verdict has a new key at once; the clock's part of the key is what the
card says in words ("5 min in Draft", "Stale", "due in 2 h"), so it is redrawn when those words
change and not every minute.

What depends on the viewer is in the key too, as what the card shows for them, never who they
are: whether it has a menu of actions, which duty "Take it" offers, the address its forms
return to, the heading level. The CSRF token of the "Take it" form is never kept: the card is
drawn with a hole where it goes (`csrf_holes.HOLE`) and this request's token is put in.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from flask import current_app
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from editorial import newsroom
from editorial.articles.checklists.queries import mark_of as checklist_mark
from editorial.csrf_holes import HOLE, fill
from editorial.deadlines.queries import mark_of as deadline_mark
from editorial.desk.queries import Card
from editorial.fragment_cache import fragment_cache
from editorial.planning.queries import plan_for
from editorial.templating import relative_time
from editorial.workflow import FACT_CHECK

TEMPLATE = "desk/_card.html"


def card_key(card: Card, context: dict[str, Any], zone: str) -> Hashable:
    """Everything `desk/_card.html` shows for `card` in `context`, as one hashable value."""
    a = card.article
    deadline = deadline_mark(a)
    checklist = checklist_mark(a)
    plan = plan_for(a)
    tally = a.claim_tally if a.state == FACT_CHECK else None
    embargo = a.embargo_holds
    return (
        a.id,
        a.version,
        a.state,
        a.headline,
        a.language,
        a.section.name if a.section else None,
        a.region.name if a.region else None,
        tuple(author.display_name for author in a.authors),
        a.editor.display_name if a.editor else None,
        a.fact_checker.display_name if a.fact_checker else None,
        # The card's clock and marks, as it says them.
        zone,
        card.timing,
        card.when,
        relative_time(card.when),
        card.stale,
        card.stale_after,
        card.stale_why,
        (deadline.label, deadline.due_at, deadline.overdue, deadline.words) if deadline else None,
        (checklist.step, checklist.passed, checklist.problem) if checklist else None,
        (tally.resolved, tally.total) if tally else None,
        (a.embargo_until, a.embargo_source, relative_time(a.embargo_until)) if embargo else None,
        (plan.id, plan.slot_start, plan.slot_end) if plan else None,
        # What depends on the viewer, as what the card shows them.
        card.has_actions,
        card.take.name if card.take else None,
        context.get("next"),
        context.get("heading_level"),
        bool(context.get("first_of_page")),
    )


@pass_context
def desk_card(
    context: Context, card: Card, heading_level: int | None = None, first_of_page: bool = False
) -> Markup:
    """`card` drawn by `desk/_card.html`, from the cache if it can: `next` and `state_labels`
    come from the page's context (a with-block's names don't reach a function: pass them)."""
    given = {
        "next": context.get("next"),
        "state_labels": context.get("state_labels"),
        "heading_level": heading_level,
        "first_of_page": first_of_page,
    }
    wanted = {name: value for name, value in given.items() if value is not None}

    def render() -> str:
        template = current_app.jinja_env.get_template(TEMPLATE)
        return template.render(card=card, csrf_token=lambda: HOLE, **wanted)

    key = card_key(card, wanted, newsroom.zone())
    html = fragment_cache().get_or_render(key, render)
    if context.get("keep_holes"):  # inside a board that is kept whole: it fills them itself
        return Markup(html)  # noqa: S704  (a template's escaped output)
    return fill(html, generate_csrf)
