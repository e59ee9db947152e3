"""The search pages: `/search` for readers, `/desk/search` for staff.

Both are GET forms, so a search is an address to bookmark or share. The staff page answers an
htmx request with the results alone (the form searches as you type); the public page is a plain
page that anonymous readers share through the page cache like any other. Either's page of hits
is ranked and drawn once and kept for a while (`search.kept`).
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from editorial import htmx, newsroom, workflow
from editorial.database import read_only
from editorial.forms import page_number
from editorial.identity import current_person
from editorial.permissions import public, require
from editorial.search import kept
from editorial.search.forms import SearchForm, StaffSearchForm

MAX_PAGE = 1_000  # far past any useful page, and well inside OFFSET's range


def _read(form: SearchForm) -> tuple[SearchForm, str, int]:
    """The form, the query to run ('' when there is none or it is too long), the page number."""
    valid = form.validate()
    page = page_number(request.args.get("page"), MAX_PAGE) or abort(404)
    query = (form.q.data or "").strip() if valid else ""
    return form, query, page


def _context(form: SearchForm, query: str, results: kept.Shown | None) -> dict[str, Any]:
    return {"form": form, "query": query, "results": results}


@public
@read_only
def public_search() -> str:
    """Published stories in the edition's language matching the words typed, best match first,
    ten to a page."""
    form, query, page = _read(SearchForm(request.args))
    results = kept.public_results(query, page) if query else None
    # The masthead and the footer are the site's, kept per site version (public/fragments.py).
    return render_template(
        "search/public.html", keep_fragments=True, **_context(form, query, results)
    )


@require("desk.use")
@read_only
def staff_search() -> Response:
    """Every story this person may see, in any state, matching the words typed.

    htmx (the form, as you type) gets the results alone and pushes the address.
    """
    form = StaffSearchForm(request.args)
    form.lang.choices = [("", "All languages")] + [
        (language.code, language.english_name)
        for language in newsroom.current().published_languages
    ]
    if not form.lang.validate(form):
        form.lang.data, form.lang.raw_data = "", []
    form, query, page = _read(form)
    language = form.lang.data or None
    results = kept.staff_results(current_person(), query, page, language) if query else None
    return htmx.render(
        "search/staff.html",
        "search/_staff_results.html",
        state_labels=workflow.STATE_LABELS,
        language=language,
        **_context(form, query, results),
    )
