"""An article's desk page: its state, what you can do with it, its history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx, workflow
from editorial.articles import bp
from editorial.articles.queries import activity
from editorial.comments.queries import box_context, thread_context
from editorial.extensions import db
from editorial.factcheck import queries as factcheck_queries
from editorial.identity import current_person
from editorial.models import Article, User
from editorial.permissions import can, deny, get_visible_article
from editorial.public.views import public_helpers
from editorial.security import safe_next
from editorial.services import Refused
from editorial.services import assignment as service
from editorial.services.users import active_fact_checkers


def fact_checkers_for(article: Article) -> list[User]:
    """Active fact-checkers who could be assigned to `article` (not its authors)."""
    return [person for person in active_fact_checkers() if not article.is_author(person)]


def actions_context(article: Article, **extra: Any) -> dict[str, Any]:
    """What `articles/_actions.html` needs: the options for this user and form state."""
    options = workflow.available(article, current_person())
    if extra.get("error_for") not in {option.name for option in options}:
        # The refused action is no longer on offer (the article moved): say it above the buttons.
        extra["error_for"] = None
    needs_checkers = any(option.transition.needs_fact_checker for option in options)
    # The flag note's first draft lists the false claims and their evidence (editable).
    flagging = any(option.name == "flag" and option.enabled for option in options)
    prefill = {"flag": factcheck_queries.flag_note(article)} if flagging else {}
    return {
        "article": article,
        "options": options,
        "fact_checkers": fact_checkers_for(article) if needs_checkers else [],
        "state_labels": workflow.STATE_LABELS,
        "error_for": extra.pop("error_for", None),
        "error": None,
        "error_field": None,
        "typed": {},
        "prefill": prefill,
        **extra,
    }


@dataclass
class Row:
    """One duty in the panel: who holds it, and the people to choose from (None: read-only)."""

    duty: service.Duty
    holder: User | None
    choices: list[User] | None


def panel_context(article: Article, error: str | None = None) -> dict[str, Any]:
    """What `articles/_assignment.html` needs, for the signed-in person."""
    person = current_person()
    assigning = can(person, "article.assign", article)
    rows = [
        Row(
            duty,
            getattr(article, duty.name),
            service.candidates(article, duty) if assigning else None,
        )
        for duty in service.DUTIES.values()
    ]
    return {
        "article": article,
        "assignment": {"rows": rows, "take": service.takeable(article, person), "error": error},
    }


def show_context(article: Article, **extra: Any) -> dict[str, Any]:
    """Everything the article's desk page shows: actions, assignment, activity and comments.

    The inside of the story (activity, comments) only for those who may see it: the byline, the
    people assigned, editors and admins.
    """
    person = current_person()
    inside = can(person, "article.history", article)
    everything = request.args.get("all_comments") == "1"
    context = actions_context(article, **extra)
    context |= panel_context(article)
    checking = request.args.get("check", type=int)  # the claim whose form is open (no JS)
    context |= factcheck_queries.ledger_context(article, person, editing=checking)
    context["inside"] = inside
    if inside:
        context["activity"] = activity(article)
        context["thread"] = thread_context(article, everything=everything)
        context["box"] = box_context(article)
    return context


def other_panels(article: Article, answered: str) -> str:
    """The desk page's other panels, out of band, when the request came from that page.

    The one mechanism that keeps the page current after an action: whatever answered (the
    actions after a transition, the assignment after a change), every other panel (tools,
    actions, assignment, facts, activity) comes back with it. Empty for a request from anywhere
    else (the board's card menus, the editor), whose pages hold none of these panels.
    """
    if not htmx.from_page(url_for("articles.show", article_id=article.id)):
        return ""
    return render_template("articles/_panels.html", answered=answered, **show_context(article))


def reload_after_refusal(article_id: int, refused: Refused, action: str) -> Article:
    """The article as it is now after a refused save (rolled back); a 403 is audited."""
    db.session.rollback()
    article = db.session.get(Article, article_id) or abort(404)
    if refused.status == 403:
        deny(action, article)
    return article


@bp.route("/<int:article_id>")
def show(article_id: int) -> str:
    """The article as the desk sees it, with its transition buttons and history.

    `?next=` (a local path: the board a card menu came from) is where its buttons return to.
    """
    article = get_visible_article(current_person(), article_id)
    back = safe_next(request.args.get("next"))
    extra = {"next": back} if back else {}
    return render_template("articles/show.html", **show_context(article, **extra))


@bp.route("/<int:article_id>/as-published")
def as_published(article_id: int) -> Response:
    """A scheduled (or published) story as readers will see it, for the desk, before it runs.

    The public page's own template, without the lists that only exist once it is out (related,
    most read); never cached and kept out of search engines.
    """
    article = get_visible_article(current_person(), article_id)
    if article.state not in (workflow.DUE_STATE, workflow.PUBLIC_STATE):
        abort(404)
    page = render_template(
        "public/article.html",
        article=article,
        related=[],
        read_next=None,
        most_read=[],
        preview=True,
        **public_helpers(),
    )
    response = htmx.respond(page)
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "private, no-store"
    return response
