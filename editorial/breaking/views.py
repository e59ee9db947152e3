"""The editors' scheduling desk at /breaking (the `breaking` blueprint).

The desk follows "one URL, two renderings": an htmx request gets the fragment it swaps (a row, a
list, the form, the field messages), and the same URL answers a plain request with the page, or a
redirect and a flash. The public ticker poll, API and feed are `editorial.breaking.public`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from editorial import clock
from editorial.breaking import bp, queries
from editorial.breaking.forms import HeadlineForm, local_minute
from editorial.breaking.queries import Row
from editorial.database import read_only
from editorial.extensions import db
from editorial.forms import database_int
from editorial.models import BreakingHeadline, User
from editorial.permissions import require
from editorial.services import Refused
from editorial.services import breaking as service
from editorial.services import breaking_rules as rules
from editorial.templating import local_time

# -- The desk ---------------------------------------------------------------------------------


@bp.get("")
@require("breaking.manage")
@read_only
def index() -> str | tuple[str, int]:
    """The scheduling desk: a preview of the ticker, the new-headline form and the four lists.

    An htmx request (the lists' own poll) gets just the lists. Read-only, so on SQLite the poll
    never queues behind writers, and it does not count as activity for the idle timeout.
    """
    at = clock.now()
    if request.htmx:
        return render_template("breaking/_lists.html", rows=_rows(at))
    return _page(_new_form(at), at)


@bp.post("")
@require("breaking.manage")
def create() -> Response | tuple[str, int]:
    """Schedule a new headline."""
    at = clock.now()
    form = _new_form(at)
    prepared = form.check(at)
    if prepared is None:
        if request.htmx:
            return render_template("breaking/_form.html", form=form), 422
        return _page(form, at, status=422)
    headline = service.create(prepared, actor=_me(), at=at)
    db.session.commit()
    status = rules.status_at(headline, at)
    if status == "live":
        message = "It is live on the ticker now."
    else:
        message = f"Scheduled: it starts {local_time(headline.starts_at)}."
    if not request.htmx:
        flash(message, "success")
        return redirect(url_for(".index", _anchor=f"headline-{headline.id}"))
    html = render_template("breaking/_form.html", form=_new_form(at, blank=True))
    html += render_template("breaking/_list.html", status=status, rows=_rows(at)[status], oob=True)
    return make_response(html, trigger=_trigger(message))


@bp.post("/validate")
@require("breaking.manage")
def validate() -> str | tuple[str, int]:
    """Check the new-headline form as it is typed: the messages beside the fields (htmx)."""
    at = clock.now()
    form = _new_form(at)
    form.check(at)
    if request.htmx:
        return render_template("breaking/_errors.html", fields=form.in_scope(_trigger_name()))
    return _page(form, at, status=422 if form.has_errors() else 200)


@bp.get("/articles")
@require("breaking.manage")
@read_only
def articles() -> str:
    """Public articles whose headline contains what was typed: the link field's suggestions."""
    typed = request.args.get(request.args.get("field", "article"), "")[:300]
    return render_template(
        "breaking/_article_options.html", articles=queries.suggest_articles(typed)
    )


@bp.get("/<int:headline_id>")
@require("breaking.manage")
@read_only
def row(headline_id: int) -> Response | str:
    """One headline's row (htmx: cancelling an edit); a plain request goes to the desk."""
    headline = _get(headline_id)
    if not request.htmx:
        return redirect(url_for(".index", _anchor=f"headline-{headline.id}"))
    return render_template("breaking/_row.html", row=_row_of(headline, _rows(clock.now())))


@bp.route("/<int:headline_id>/edit", methods=["GET", "POST"])
@require("breaking.manage")
def edit(headline_id: int) -> Response | tuple[str, int]:
    """Edit a headline in place (htmx swaps its row for the form) or on its own page."""
    headline = _get(headline_id)
    at = clock.now()
    form = _edit_form(headline)
    if request.method == "GET":
        return _edit_page(headline, form)
    version = _int(form.version.data)
    prepared = form.check(at, headline)
    if prepared is None:
        return _edit_page(headline, form, status=422)
    before = _placement(at)
    try:
        changes = service.update(headline, prepared, version=version, actor=_me(), at=at)
        db.session.flush()
    except (service.Stale, StaleDataError):
        db.session.rollback()
        headline = _get(headline_id)
        form.version.data = str(headline.version)
        conflict = (
            f"Someone else changed this headline meanwhile; it now reads “{headline.text}”. "
            "Your version is kept below: save again to replace theirs."
        )
        return _edit_page(headline, form, status=409, conflict=conflict)
    except Refused as refused:
        db.session.rollback()
        return _edit_page(_get(headline_id), form, status=409, conflict=str(refused))
    message = service.BY_NAME["edit"].message("changed" if changes else "unchanged")
    return _respond(headline, at, before, message)


@bp.post("/<int:headline_id>/validate")
@require("breaking.manage")
def validate_edit(headline_id: int) -> str | tuple[str, int]:
    """Check the edit form as it is typed: the messages beside the fields (htmx)."""
    headline = _get(headline_id)
    at = clock.now()
    form = _edit_form(headline)
    form.check(at, headline)
    if request.htmx:
        return render_template("breaking/_errors.html", fields=form.in_scope(_trigger_name()))
    return _edit_page(headline, form, status=422 if form.has_errors() else 200)


@require("breaking.manage")
def act(headline_id: int, action: str) -> Response:
    """A row button (extend, end now, withdraw, restore, pin or unpin, move up or down).

    What each does, when, and what it says afterwards is `service.ROW_ACTIONS`.
    """
    row_action = service.BY_NAME[action]
    headline = _get(headline_id)
    at = clock.now()
    version = _int(request.form.get("version"))
    choice = row_action.pressed(request.form) or abort(400)
    before = _placement(at)
    try:
        outcome = service.perform(row_action, choice, headline, version=version, actor=_me(), at=at)
        db.session.flush()
    except (Refused, StaleDataError) as error:
        db.session.rollback()
        return _refused(str(error) if isinstance(error, Refused) else service.STALE)
    return _respond(
        headline, at, before, choice.message(outcome, ends=local_time(headline.ends_at))
    )


# One endpoint per row button (breaking.extend, breaking.end...), all served by `act`.
for _action in service.ROW_ACTIONS:
    if not _action.opens_form:
        bp.add_url_rule(
            f"/<int:headline_id>/{_action.name}",
            _action.name,
            act,
            methods=["POST"],
            defaults={"action": _action.name},
        )


# -- Helpers ----------------------------------------------------------------------------------


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _zone() -> str:
    return str(current_app.config["NEWSROOM_TZ"])


def _get(headline_id: int) -> BreakingHeadline:
    return db.session.get(BreakingHeadline, headline_id) or abort(404)


def _int(value: Any) -> int:
    try:
        return database_int(value)
    except (TypeError, ValueError):
        abort(400)


def _trigger_name() -> str:
    return request.htmx.trigger_name or ""


def _new_form(at: datetime, *, blank: bool = False) -> HeadlineForm:
    """The new-headline form: as posted, or blank with a start of now and an end 6 h later."""
    if request.method == "POST" and not blank:
        return HeadlineForm(zone=_zone(), prefix="new")
    zone = _zone()
    start = local_minute(at, zone)
    end = local_minute(clock.from_local(start, zone) + rules.DEFAULT_RUN, zone)
    data = {"starts_at": start, "ends_at": end}
    return HeadlineForm(formdata=None, zone=zone, prefix="new", data=data)


def _edit_form(headline: BreakingHeadline) -> HeadlineForm:
    """The edit form for `headline`: as posted, or filled from the headline."""
    zone, prefix = _zone(), f"h{headline.id}"
    if request.method == "POST":
        return HeadlineForm(zone=zone, prefix=prefix)
    data = {
        "text": headline.text,
        "article": headline.article.headline if headline.article else "",
        "starts_at": local_minute(headline.starts_at, zone),
        "ends_at": local_minute(headline.ends_at, zone),
        "pinned": headline.pinned,
        "version": str(headline.version),
    }
    return HeadlineForm(formdata=None, zone=zone, prefix=prefix, data=data)


def _page(form: HeadlineForm, at: datetime, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "breaking/index.html", form=form, ticker=queries.ticker_state(at), rows=_rows(at)
    )
    return page, status


def _edit_page(
    headline: BreakingHeadline, form: HeadlineForm, status: int = 200, conflict: str | None = None
) -> tuple[str, int]:
    template = "breaking/_edit_row.html" if request.htmx else "breaking/edit.html"
    return render_template(template, headline=headline, form=form, conflict=conflict), status


def _rows(at: datetime) -> dict[str, list[Row]]:
    return queries.desk_rows(at)


def _row_of(headline: BreakingHeadline, rows: dict[str, list[Row]]) -> Row:
    return queries.row_of(headline, rows, clock.now())


def _placement(at: datetime) -> dict[str, list[int]]:
    return queries.placement(queries.desk_rows(at))


def _trigger(message: str, kind: str = "success") -> dict[str, Any]:
    return {"toast": {"message": message, "kind": kind}, "breaking-changed": True}


def _respond(
    headline: BreakingHeadline, at: datetime, before: dict[str, list[int]], message: str
) -> Response:
    """After a change: commit, then redirect (plain) or swap what changed (htmx).

    If no list changed its members or order, only the headline's row is swapped; otherwise the
    lists that changed are swapped out of band, which moves the row where it now belongs.
    """
    db.session.commit()
    if not request.htmx:
        flash(message, "success")
        return redirect(url_for(".index", _anchor=f"headline-{headline.id}"))
    rows = _rows(at)
    changed = [s for s in rules.STATUSES if [r.headline.id for r in rows[s]] != before[s]]
    if not changed:
        html = render_template("breaking/_row.html", row=_row_of(headline, rows))
        return make_response(html, trigger=_trigger(message))
    html = "".join(
        render_template("breaking/_list.html", status=s, rows=rows[s], oob=True) for s in changed
    )
    return make_response(html, reswap="none", trigger=_trigger(message))


def _refused(message: str) -> Response:
    """A refused row action: the reason, and (htmx) the lists as they stand now."""
    if not request.htmx:
        flash(message, "error")
        return redirect(url_for(".index"))
    html = render_template("breaking/_lists.html", rows=_rows(clock.now()))
    return make_response(
        html,
        409,
        retarget="#breaking-lists",
        reswap="innerHTML",
        trigger=_trigger(message, "error"),
    )
