"""The fact-check queue (`/factcheck`): articles waiting for their check, oldest first, with
filters by section and fact-checker, and "Take it" for an unassigned check."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from editorial import htmx
from editorial.articles.assignment import service as assignment
from editorial.csrf_holes import HOLE
from editorial.database import read_only
from editorial.extensions import db
from editorial.factcheck import queries
from editorial.forms import address_int, optional_database_int
from editorial.identity import current_person
from editorial.kept_parts import kept_part
from editorial.models.taxonomy import sections_in_order
from editorial.page_cache import changes_no_page
from editorial.permissions import get_visible_article, require
from editorial.refusal import Refused, answer
from editorial.security import safe_next


def _queue_filters() -> tuple[queries.QueueFilters, dict[str, str]]:
    """The section and assignee from the address; a value that isn't one is ignored."""
    raw = {key: request.args.get(key, "") for key in ("section", "assignee")}
    try:
        section_id = optional_database_int(raw["section"])
    except ValueError:
        section_id = None
    assignee: int | str | None = None
    if raw["assignee"] == "none":
        assignee = "none"
    else:
        try:
            assignee = optional_database_int(raw["assignee"])
        except ValueError:
            assignee = None
    filters = queries.QueueFilters(section_id, assignee)
    shown = {
        "section": str(section_id or ""),
        "assignee": str(assignee) if assignee is not None else "",
    }
    return filters, shown


@read_only
@require("factcheck.queue")
def queue() -> Response:
    """Articles in fact-check, oldest waiting first: assignee, time waiting, claim progress,
    `queries.PAGE` to a page (`?page=`).

    The table (and around it, the filters) is drawn once per desk version, viewer, address and
    minute and kept (`editorial.kept_parts`): every value it shows is a row a write to which
    moves the desk's version, or the clock's words."""
    person = current_person()
    fragment = htmx.wants_fragment()

    def render() -> str:
        filters, shown = _queue_filters()
        page = min(max(address_int(request.args.get("page"), 1), 1), 10_000)
        found = queries.waiting(person, filters, page)
        rows = found.rows
        return render_template(
            "factcheck/_queue_rows.html" if fragment else "factcheck/_queue_page.html",
            csrf_token=lambda: HOLE,
            rows=rows,
            page=page,
            more=found.more,
            counted=found.counted,
            takeable={row.article.id: assignment.takeable(row.article, person) for row in rows},
            sections=[] if fragment else sections_in_order(),
            people=[] if fragment else queries.assignees(),
            shown=shown,
            filters=filters,
            here=url_for("factcheck.queue", **filters.args(page)),
            pages=lambda to: url_for("factcheck.queue", **filters.args(), page=to),
            limit=queries.QUEUE_LIMIT,
        )

    content = kept_part("factcheck.queue", person, render, fragment)
    if fragment:
        return htmx.respond(content)
    return htmx.render("factcheck/queue.html", content=content)


@changes_no_page
@require("factcheck.queue")
def take(article_id: int) -> Response:
    """ "Take it": become the fact-checker of an unassigned check, then open it."""
    person = current_person()
    article = get_visible_article(person, article_id)
    back = safe_next(request.form.get("next")) or url_for("factcheck.queue")
    try:
        assignment.take(article, person)
    except Refused as refused:
        flash(answer(refused, "article.take", article).message, "error")
        return redirect(back)
    db.session.commit()
    flash(f"You are now the fact-checker of “{article.headline}”.", "success")
    return redirect(url_for("articles.show", article_id=article.id))
