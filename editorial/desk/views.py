"""The board's views: the filters read from the address, the board, one column, its refresh."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from datetime import datetime
from functools import cache
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from editorial import clock, htmx, newsroom, workflow
from editorial.articles.assignment import service as assignment
from editorial.articles.panels import actions_context
from editorial.board_version import board_version, board_version_this_request
from editorial.csrf_holes import HOLE, fill, fill_bytes, pieces
from editorial.database import read_only
from editorial.desk.forms import FilterForm
from editorial.desk.queries import (
    CardMaker,
    Column,
    Filters,
    board_scope,
    column_page,
    count_by_state,
    first_pages,
    in_column,
    on_board,
    page_size,
    people_on_board_kept,
)
from editorial.extensions import db
from editorial.fast_polls import Ask, cheap_poll
from editorial.forms import address_int
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_identity, current_person
from editorial.kept_parts import part_key
from editorial.kept_shell import render_shell
from editorial.models import Role, User
from editorial.models.taxonomy import regions_in_order, sections_in_order
from editorial.page_cache import changes_no_page
from editorial.permissions import get_visible_article, require
from editorial.refusal import Refused, answer
from editorial.security import safe_next
from editorial.workflow_guards import UserLike, role_of

MAX_PAGE = 10_000


def read_filters(user: User, version: int | None = None) -> tuple[FilterForm, Filters]:
    """The filter form filled from the query string, and the filters it means (`version`: the
    desk's version, if the caller has read it).

    Each value is checked on its own; one that isn't a real choice (section=abc, a deleted
    person) is dropped and its control shows "All", so a bad link still shows a board.
    """
    form = FilterForm(formdata=request.args)
    sections = sections_in_order()
    regions = regions_in_order()
    people = people_on_board_kept(user, version)
    form.section.choices = [("", "All sections")] + [(str(s.id), s.name) for s in sections]
    form.region.choices = [("", "All regions")] + [(str(r.id), r.name) for r in regions]
    form.person.choices = [("", "Everyone")] + [
        (str(id_), name + ("" if active else " (inactive)")) for id_, name, active in people
    ]
    form.lang.choices = [("", "All languages")] + [
        (lang.code, lang.english_name) for lang in newsroom.current().published_languages
    ]
    for name in ("q", "section", "region", "person", "lang"):
        if not form[name].validate(form):
            form[name].data = ""
            form[name].raw_data = []
            form[name].errors = []
    mine = bool(form.mine.data)
    if user.has_role(Role.REPORTER):  # a reporter's board is all theirs already
        del form.mine
        mine = False
    filters = Filters(
        section_id=int(form.section.data) if form.section.data else None,
        region_id=int(form.region.data) if form.region.data else None,
        person_id=int(form.person.data) if form.person.data else None,
        mine=mine,
        text="".join(ch for ch in form.q.data or "" if ch.isprintable()).strip(),
        language=form.lang.data or "",
    )
    return form, filters


def _role(user: User) -> str:
    return user.role.value


def build_board(user: User, filters: Filters) -> dict[str, Any]:
    """Everything the board templates need: the columns with their first page, the counts."""
    now = clock.now()
    conditions = [board_scope(user), on_board(now), *filters.conditions(user)]
    counts = count_by_state([board_scope(user), *filters.conditions(user)], now)
    size = page_size()
    pages = first_pages(conditions, size, now)
    make_card = CardMaker(user, now)
    args = filters.args()
    columns = []
    for state in workflow.board_states(_role(user)):
        count = counts.get(state, 0)
        more = url_for("desk.column", state=state, page=2, **args) if count > size else None
        cards = [make_card(article) for article in pages[state]]
        columns.append(Column(state, workflow.STATE_LABELS[state], count, cards, 1, more))
    return {
        "columns": columns,
        "filters": filters,
        "total": sum(column.count for column in columns),
        "spiked": counts.get(workflow.SPIKED, 0),
        "spiked_url": url_for("desk.column", state=workflow.SPIKED, **args),
        "board_url": url_for("desk.index", **args),
        "next": url_for("desk.index", **args),
        "refresh_url": url_for("desk.refresh", **args),
        "state_labels": workflow.STATE_LABELS,
        "error": None,
        "error_for": None,
        "typed": {},
    }


Reader = Callable[[], tuple[FilterForm, Filters]]


def _key(part: str, who: UserLike, version: int | None, *more: Hashable) -> Hashable:
    """What a kept part of the board page is kept under (see `kept_board`): the key every kept
    staff page uses (`kept_parts.part_key`)."""
    return part_key(part, who, version, *more)


def kept_board(
    who: UserLike, announce: bool, read: Reader | None = None, version: int | None = None
) -> bytes:
    """The board (`desk/_board.html`) as this person sees it at this address, this minute:
    drawn once per desk version and kept (`fragment_cache`), with this request's CSRF token.
    Kept as UTF-8 bytes split at the token's holes (`csrf_holes.pieces`): the page splices
    it in (`kept_shell.render_shell`).

    The key is all the board shows that the desk's version (`editorial.board_version`, moved by
    every committed write a board could show) does not: the viewer's id and role (their scope,
    "mine", which cards offer a menu or "Take it"), the address's filters as typed, whether the
    filters' announcement is wanted, and the minute. The minute is the clock's part, as for the
    refresh's 304: the cards' words ("5 min in Draft", "Stale", "due in 2 h") and which
    published stories are within the last 24 hours are what they were when the minute's first
    request drew them, never older than that minute (a request in the next minute draws again).
    `read`: this request's filters, if the caller reads them too (read once). The version is read
    before anything the board shows, so a write landing meanwhile is drawn under the older key at
    worst, never older data under the newer one.
    """
    version = board_version() if version is None else version

    def render() -> tuple[bytes, ...]:
        person = current_person()
        filters = (read or (lambda: read_filters(person, version)))()[1]
        board = build_board(person, filters)
        return pieces(
            render_template(
                "desk/_board.html",
                announce=announce,
                csrf_token=lambda: HOLE,
                keep_holes=True,
                **board,
            )
        )

    key = _key("desk.board", who, version, announce)
    return fill_bytes(fragment_cache().get_or_render(key, render, alone=True), generate_csrf)


def kept_filters(who: UserLike, read: Reader, version: int | None = None) -> Markup:
    """The page's filter form (`desk/_filters.html`), kept as the board is: its choices (the
    people on the board among them) and its values come from the desk's version, the viewer and
    the address. Drawing its ~200 options was half the page's time once the board was kept."""

    def render() -> str:
        form, filters = read()
        return render_template("desk/_filters.html", form=form, filters=filters)

    return Markup(fragment_cache().get_or_render(_key("desk.filters", who, version), render))  # noqa: S704


def _render_board() -> Response:
    who = current_identity()  # an id and a role: the `User` is built only to draw a part
    if who is None:
        abort(401)
    announce = htmx.is_htmx() and htmx.headers().trigger == "board-filters"
    version = board_version_this_request()  # before anything the page shows
    # Once a request, only if a part is drawn.
    read = cache(lambda: read_filters(current_person(), version))
    board = kept_board(who, announce, read, version)
    if htmx.wants_fragment():
        return htmx.respond(board)
    filters_form = kept_filters(who, read, version)
    # Everything the page shows around these two is kept too, with holes (`kept_shell`).
    return render_shell("desk/index.html", {"filters_form": filters_form, "board": board})


@require("desk.use")
def index() -> Response:
    """The board: a column per state with counts, filtered by the query string.

    The filters (htmx) get the board alone and push the address, so a filtered board can be
    bookmarked; a normal request gets the page.
    """
    return _render_board()


def board_etag(user: UserLike) -> str:
    """The refresh's ETag: the desk's version, the viewer, the address and the minute."""
    trigger = htmx.headers().trigger or ""
    return _etag(board_version(), user, request.full_path, trigger, clock.now())


def refresh_version(ask: Ask) -> str | None:
    """`board_etag` for the poll gate (`fast_polls`), from the same primary-key read."""
    if ask.person is None:
        return None
    version = ask.desk_version()  # read with the session's row (`versions=True`)
    return _etag(version, ask.person, ask.full_path, ask.header("HX-Trigger"), ask.now)


def _etag(version: int, user: UserLike, full_path: str, trigger: str, now: datetime) -> str:
    minute = int(now.timestamp() // 60)
    what = f"{version}|{user.id}|{role_of(user)}|{full_path}|{trigger}"
    return f"d{minute}-{hashlib.sha256(what.encode()).hexdigest()[:24]}"


@cheap_poll(refresh_version, versions=True)  # "desk.use": anyone signed in and active
@require("desk.use")
@read_only
def refresh() -> Response:
    """The same board, for its own refresh (after a transition, and every minute).

    Read-only, so a board left open on a screen neither keeps the session alive past its idle
    timeout nor takes SQLite's write lock once a minute. Answers 304, without reading or drawing
    the board, while nothing a board shows has changed (`editorial.board_version`) for this
    person, at this address, this minute.
    """
    if not htmx.wants_fragment():
        return _render_board()  # the page of its own carries more than the board
    who = current_identity()  # the session checked, nobody loaded: the ETag needs id and role
    if who is None:
        abort(401)

    announce = htmx.headers().trigger == "board-filters"
    return htmx.poll(board_etag(who), lambda: kept_board(who, announce))


@require("desk.use")
def column(state: str) -> Response:
    """One column, a page at a time: "More" on the board, or the spiked list.

    htmx gets the page's cards and the next "More" to append in place; a normal request gets a
    page of its own with links to the pages either side.
    """
    if state not in workflow.STATES:
        abort(404)
    user = current_person()
    page = min(max(address_int(request.args.get("page"), 1), 1), MAX_PAGE)
    if htmx.wants_fragment():  # "More": the next cards, kept as the board is (`kept_board`)
        version = board_version_this_request()
        return htmx.respond(kept_page(user, state, page, version))
    form, filters = read_filters(user)
    context = build_column(user, filters, state, page)
    # The page of its own: its forms come back here.
    here = url_for("desk.column", state=state, page=page, **filters.args())
    return htmx.render("desk/column.html", form=form, next=here, **context)


def kept_page(user: User, state: str, page: int, version: int) -> Markup:
    """One page of one column for "More" (htmx), kept under the board's key with the column and
    the page: a long column paged through by several people is drawn once a minute."""

    def render() -> str:
        _form, filters = read_filters(user, version)
        context = build_column(user, filters, state, page)
        return render_template(
            "desk/_column_page.html",
            next=context["board_url"],  # the appended cards' forms come back to the board
            csrf_token=lambda: HOLE,
            keep_holes=True,
            **context,
        )

    key = _key("desk.column", user, version, state, page)
    return fill(fragment_cache().get_or_render(key, render), generate_csrf)


def build_column(user: User, filters: Filters, state: str, page: int) -> dict[str, Any]:
    """What one page of one column needs: its cards, its count, the pages either side."""
    now = clock.now()
    scope = [board_scope(user), *filters.conditions(user)]
    count = count_by_state(scope, now).get(state, 0)
    articles, has_more = column_page(state, [*scope, in_column(state, now)], page, page_size())
    make_card = CardMaker(user, now)
    args = filters.args()
    cards = [make_card(article) for article in articles]
    more = url_for("desk.column", state=state, page=page + 1, **args) if has_more else None
    previous = url_for("desk.column", state=state, page=page - 1, **args) if page > 1 else None
    return {
        "column": Column(state, workflow.STATE_LABELS[state], count, cards, page, more),
        "filters": filters,
        "board_url": url_for("desk.index", **args),
        "previous_url": previous,
        "state_labels": workflow.STATE_LABELS,
        "error": None,
        "error_for": None,
        "typed": {},
    }


@require("desk.use")
@read_only
def card_menu(article_id: int) -> Response:
    """One card's menu: the transitions this person may make, fetched when the menu is opened.

    htmx gets the actions panel, whose forms come back to the board (`next`); a plain request
    (no JavaScript) goes to the article's page, which has the same buttons.
    """
    person = current_person()
    article = get_visible_article(person, article_id)
    back = safe_next(request.args.get("next")) or url_for("desk.index")
    if not htmx.wants_fragment():
        return redirect(url_for("articles.show", article_id=article.id, next=back))
    return htmx.fragment("articles/_actions.html", **actions_context(article, next=back))


@changes_no_page
def take(article_id: int) -> Response:
    """ "Take it" from a card: the person becomes its editor or fact-checker.

    htmx gets the card again (now with the person's avatar); a plain post returns to the board.
    """
    person = current_person()
    article = get_visible_article(person, article_id)
    back = safe_next(request.form.get("next")) or url_for("desk.index")
    try:
        change = assignment.take(article, person)
    except Refused as refused:
        message = answer(refused, "article.take", article).message
        if htmx.is_htmx():  # the card stays as it is; the toast says why
            return htmx.respond("", status=204, trigger=htmx.toast(message, "error"))
        flash(message, "error")
        return redirect(back)
    db.session.commit()
    message = (
        f"You are now the {assignment.DUTIES[change.duty].label.lower()} of “{article.headline}”."
    )
    if not htmx.is_htmx():
        flash(message, "success")
        return redirect(back)
    card = CardMaker(person, clock.now())(article)
    return htmx.fragment(
        "desk/_card.html",
        trigger=htmx.toast(message),
        card=card,
        next=back,
        state_labels=workflow.STATE_LABELS,
    )
