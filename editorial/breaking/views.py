"""The editors' scheduling desk at /breaking (the `breaking` blueprint).

The desk follows "one URL, two renderings" through `editorial.htmx`: an htmx swap gets the
fragment it swaps (a row, a list, the form, the field messages), and the same URL answers a plain
request, or htmx's history restore, with the page, or a redirect and a flash. What a row's buttons
do is `service.ROW_ACTIONS`. The public ticker poll, API and feed are `editorial.breaking.public`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from editorial import clock, htmx, newsroom
from editorial.board_version import board_version
from editorial.breaking import forms, queries, rules, service
from editorial.breaking.forms import HeadlineForm
from editorial.database import read_only
from editorial.extensions import db
from editorial.fast_polls import Ask, cheap_poll
from editorial.forms import database_int
from editorial.identity import current_identity, current_person
from editorial.models import BreakingHeadline
from editorial.permissions import EDITORS, require
from editorial.refusal import Refused, answer
from editorial.templating import local_time
from editorial.workflow_guards import UserLike, role_of

# -- The desk ---------------------------------------------------------------------------------


def lists_etag(who: UserLike) -> str:
    """The lists poll's ETag: the desk's version, the viewer, the language shown and the minute.

    The desk's version (`editorial.board_version`) moves with every committed write to a
    headline, and to the stories and people its rows name; the minute covers what the clock
    alone changes (a headline starting or ending, "ends in 12 min"), as the board's refresh does.
    """
    return _lists_etag(board_version(), who, shown_language(), clock.now())


def lists_version(ask: Ask) -> str | None:
    """`lists_etag` for the poll gate (`fast_polls`), from the same primary-key read: for an
    editor or admin ("breaking.manage"; anyone else gets the view's refusal), in the language
    the page shows (None until this process has read the current settings)."""
    if ask.person is None or not ask.person.has_role(*EDITORS):
        return None
    # The site's version (the settings') and the desk's, read with the session's row
    # (`versions=True`, bench:presence-poll).
    desk_version = ask.stamp().versions[1]
    settings, query = ask.settings(), ask.query()
    if settings is None or query is None:
        return None
    language = _language(query.get("language"), ask.header("HX-Current-URL"), settings.languages)
    return _lists_etag(desk_version, ask.person, language, ask.now)


def _lists_etag(version: int, who: UserLike, language: str | None, now: datetime) -> str:
    minute = int(now.timestamp() // 60)
    what = f"{version}|{who.id}|{role_of(who)}|{language or ''}"
    return f"b{minute}-{hashlib.sha256(what.encode()).hexdigest()[:24]}"


@cheap_poll(lists_version, versions=True)  # the lists' poll (htmx)
@require("breaking.manage")
@read_only
def index() -> Response:
    """The scheduling desk: a preview of the ticker, the new-headline form and the four lists.

    An htmx request (the lists' own poll, every 20 s) gets just the lists, and 304 with nothing
    read or drawn while `lists_etag` holds (the poll gate answers that one before Flask:
    `lists_version`); a history restore, the page. Read-only, so on SQLite the poll never
    queues behind writers, and it does not count as activity for the idle timeout.
    """
    at = clock.now()
    if not htmx.wants_fragment():
        return _desk("breaking/_lists.html", _new_form(at), at)
    who = current_identity()  # the session checked, nobody loaded
    if who is None:
        abort(401)

    def lists() -> str:
        rows = queries.desk_rows(at, shown_language())
        return render_template("breaking/_lists.html", rows=rows)

    return htmx.poll(lists_etag(who), lists)


@require("breaking.manage")
def create() -> Response:
    """Schedule a new headline: the fresh form and its list (htmx), or back to the desk."""
    at = clock.now()
    form = _new_form(at)
    prepared = form.check(at)
    if prepared is None:
        return _desk("breaking/_form.html", form, at, status=422)
    headline = service.create(prepared, actor=current_person(), at=at)
    # Said from what was just written, before the commit expires it (reading it back after
    # was one more statement: bench:writes5b).
    status, headline_id = rules.status_at(headline, at), headline.id
    if status == "live":
        message = "It is live on the ticker now."
    else:
        message = f"Scheduled: it starts {local_time(headline.starts_at)}."
    db.session.commit()
    if not htmx.wants_fragment():
        return _to_desk(message, "success", headline_id=headline_id)
    rows = queries.desk_rows(at, shown_language())[status]
    html = render_template("breaking/_form.html", form=_new_form(at, blank=True))
    html += render_template("breaking/_list.html", status=status, rows=rows, oob=True)
    return htmx.respond(html, trigger=_changed(message))


@require("breaking.manage")
def validate() -> Response:
    """Check the new-headline form as it is typed: the messages beside the fields (htmx)."""
    at = clock.now()
    form = _new_form(at)
    form.check(at)
    fields = form.in_scope(_trigger_name())
    return _desk("breaking/_errors.html", form, at, status=_checked(form), fields=fields)


@require("breaking.manage")
@read_only
def articles() -> Response:
    """Public articles whose headline contains what was typed: the link field's suggestions."""
    typed = request.args.get(request.args.get("field", "article"), "")[:300]
    found = queries.suggest_articles(typed)
    return htmx.fragment("breaking/_article_options.html", articles=found)


@require("breaking.manage")
@read_only
def row(headline_id: int) -> Response:
    """One headline's row (htmx: cancelling an edit); a plain request goes to the desk."""
    headline = _get(headline_id)
    if not htmx.wants_fragment():
        return redirect(url_for(".index", _anchor=f"headline-{headline.id}"))
    at = clock.now()
    listed = queries.row_of(headline, queries.desk_rows(at, shown_language()), at)
    return htmx.fragment("breaking/_row.html", row=listed)


@require("breaking.manage")
def edit(headline_id: int) -> Response:
    """Edit a headline in place (htmx swaps its row for the form) or on its own page."""
    headline = _get(headline_id)
    at = clock.now()
    form = _edit_form(headline)
    if request.method == "GET":
        return _edit_page("breaking/_edit_row.html", headline, form)
    version = _int(form.version.data)
    prepared = form.check(at, headline)
    if prepared is None:
        return _edit_page("breaking/_edit_row.html", headline, form, status=422)
    before = _placement(at)
    try:
        changes = service.update(headline, prepared, version=version, actor=current_person(), at=at)
        db.session.flush()
    except (service.Stale, StaleDataError):
        db.session.rollback()
        headline = _get(headline_id)
        form.version.data = str(headline.version)
        conflict = (
            f"Someone else changed this headline meanwhile; it now reads “{headline.text}”. "
            "Your version is kept below: save again to replace theirs."
        )
        return _edit_page("breaking/_edit_row.html", headline, form, 409, conflict=conflict)
    except Refused as refused:
        refusal = answer(refused, "breaking.manage", headline)
        headline = _get(headline_id)
        return _edit_page("breaking/_edit_row.html", headline, form, 409, conflict=refusal.message)
    message = service.BY_NAME["edit"].message("changed" if changes else "unchanged")
    return _respond(headline, at, before, message)


@require("breaking.manage")
def validate_edit(headline_id: int) -> Response:
    """Check the edit form as it is typed: the messages beside the fields (htmx)."""
    headline = _get(headline_id)
    at = clock.now()
    form = _edit_form(headline)
    form.check(at, headline)
    fields = form.in_scope(_trigger_name())
    return _edit_page("breaking/_errors.html", headline, form, _checked(form), fields=fields)


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
        outcome = service.perform(
            row_action, choice, headline, version=version, actor=current_person(), at=at
        )
        db.session.flush()
    except Refused as refused:
        return _refused(answer(refused, "breaking.manage", headline).message)
    except StaleDataError:  # someone else's change reached the row between our read and write
        db.session.rollback()
        return _refused(service.STALE)
    message = choice.message(outcome, ends=local_time(headline.ends_at))
    return _respond(headline, at, before, message)


# -- Helpers ----------------------------------------------------------------------------------


def _get(headline_id: int) -> BreakingHeadline:
    return db.session.get(BreakingHeadline, headline_id) or abort(404)


def _int(value: Any) -> int:
    try:
        return database_int(value)
    except (TypeError, ValueError):
        abort(400)


def _zone() -> str:
    return newsroom.zone()


def _trigger_name() -> str:
    return htmx.headers().trigger_name or ""


def _new_form(at: datetime, *, blank: bool = False) -> HeadlineForm:
    posted = request.method == "POST" and not blank
    return forms.new_form(at, _zone(), posted=posted, language=shown_language())


def shown_language() -> str | None:
    """The desk's language filter (`?language=ar`), or None for every language.

    Read from the address, or for an htmx request from the page it came from (`HX-Current-URL`),
    so a row's button or the lists' poll answers with the lists the page is filtering.
    """
    page = request.headers.get("HX-Current-URL", "") if htmx.wants_fragment() else ""
    return _language(request.args.get("language"), page, newsroom.current().languages)


def _language(code: str | None, page: str, languages: tuple[str, ...]) -> str | None:
    """`code` from the address, else the `language` of the page an htmx request came from
    (`page`, "" for none), if the newsroom publishes in it."""
    if code is None and page:
        code = next(iter(parse_qs(urlsplit(page).query).get("language", [])), None)
    return code if code in languages else None


def _edit_form(headline: BreakingHeadline) -> HeadlineForm:
    return forms.edit_form(headline, _zone(), posted=request.method == "POST")


def _checked(form: HeadlineForm) -> int:
    """Live validation's status: the message slots answer 200 whatever they say (htmx swaps them
    in); without JavaScript the page is a failed submission, 422 when anything is wrong."""
    return 422 if form.has_errors() and not htmx.wants_fragment() else 200


def _desk(
    fragment: str, form: HeadlineForm, at: datetime, *, status: int = 200, **context: Any
) -> Response:
    """The desk page around `form`, or `fragment` (with `context`) for an htmx swap.

    The page's preview and lists are read only when the page is drawn: the field messages answer
    every pause in typing and need neither.
    """
    if not htmx.wants_fragment():
        context["ticker"] = queries.ticker_state(at, shown_language())
        if "rows" not in context:
            context["rows"] = queries.desk_rows(at, shown_language())
    context.setdefault("language_filter", shown_language())
    context["languages"] = newsroom.current().published_languages
    return htmx.render("breaking/index.html", fragment, status=status, form=form, **context)


def _edit_page(
    fragment: str,
    headline: BreakingHeadline,
    form: HeadlineForm,
    status: int = 200,
    *,
    conflict: str | None = None,
    **context: Any,
) -> Response:
    """A headline's edit form on its own page, or `fragment` for an htmx swap."""
    return htmx.render(
        "breaking/edit.html",
        fragment,
        status=status,
        headline=headline,
        form=form,
        conflict=conflict,
        **context,
    )


def _placement(at: datetime) -> dict[str, list[int]]:
    return queries.placement(queries.desk_rows(at, shown_language()))


def _changed(message: str, kind: str = "success") -> htmx.Trigger:
    """The toast, and `breaking-changed`, which makes the desk's preview poll at once."""
    return {**htmx.toast(message, kind), "breaking-changed": True}


def _to_desk(
    message: str,
    kind: str,
    headline: BreakingHeadline | None = None,
    *,
    headline_id: int | None = None,
) -> Response:
    """Without JavaScript: flash `message` and go back to the desk (at `headline`'s row, or the
    row of `headline_id`)."""
    flash(message, kind)
    if headline is not None:
        headline_id = headline.id
    anchor = f"headline-{headline_id}" if headline_id is not None else None
    return redirect(url_for(".index", _anchor=anchor))


def _respond(
    headline: BreakingHeadline, at: datetime, before: dict[str, list[int]], message: str
) -> Response:
    """After a change: commit, then redirect (plain) or swap what changed (htmx).

    If no list changed its members or order, only the headline's row is swapped; otherwise the
    lists that changed are swapped out of band, which moves the row where it now belongs.
    """
    db.session.commit()
    if not htmx.wants_fragment():
        return _to_desk(message, "success", headline)
    rows = queries.desk_rows(at, shown_language())
    after = queries.placement(rows)
    changed = [status for status in rules.STATUSES if after[status] != before[status]]
    if not changed:
        row = queries.row_of(headline, rows, at)
        return htmx.fragment("breaking/_row.html", row=row, trigger=_changed(message))
    html = "".join(
        render_template("breaking/_list.html", status=s, rows=rows[s], oob=True) for s in changed
    )
    return htmx.respond(html, reswap="none", trigger=_changed(message))


def _refused(message: str) -> Response:
    """A refused row action: the reason, and (htmx) the lists as they stand now."""
    if not htmx.wants_fragment():
        return _to_desk(message, "error")
    return htmx.fragment(
        "breaking/_lists.html",
        status=409,
        rows=queries.desk_rows(clock.now(), shown_language()),
        retarget="#breaking-lists",
        reswap="innerHTML",
        trigger=_changed(message, "error"),
    )
