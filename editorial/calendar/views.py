"""The calendar's pages and actions: the week, month or day (`/calendar/`), "Move to…" and its
POST (drag and drop posts the same form), the private feed address and the feed itself.

A move answers htmx with the changed day cells only, out of band (the day the item left and the
day it landed on, when the page shows them, and the tray when a slot leaves it), and empties the
move panel; a plain post is redirected back to the calendar it came from (its `back` address,
which also says which view and filters the cells are drawn with). A refusal shows the move form
again with the owner's reason (an embargo brought forward, a time passed).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import abort, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from editorial import clock, htmx, newsroom, urls
from editorial.board_version import board_version_this_request
from editorial.calendar import feed, lookup, queries, service
from editorial.calendar.forms import MoveForm
from editorial.calendar.items import KINDS, VIEWS, Filters, Item, Span, day_bounds, local_day
from editorial.csrf_holes import HOLE
from editorial.database import read_only
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_person
from editorial.kept_parts import kept_part
from editorial.languages import get as language
from editorial.models import User
from editorial.models.taxonomy import sections_in_order
from editorial.permissions import can, deny, public
from editorial.refusal import Refused, answer
from editorial.workflow_guards import role_of

# A day's cell in a month or a week shows this many items, then "N more" (the day's list, which
# shows them all): a busy desk's week would otherwise be pages long, and heavy to send.
CELL_LIMIT = {"month": 6, "week": 12}
MARKS = {"slot": "◫", "deadline": "⚑", "publish": "▶", "embargo": "⊘", "headline": "⚡"}


def _today() -> date:
    return clock.to_local(clock.now(), newsroom.zone()).date()


def _anchor(text: str | None) -> date:
    try:
        found = date.fromisoformat(text or "")
    except ValueError:
        return _today()
    return found if clock.MIN_YEAR <= found.year < clock.MAX_YEAR else _today()


def _view(args: Any) -> tuple[Span, Filters]:
    view = args.get("view", "week")
    return Span.of(view if view in VIEWS else "week", _anchor(args.get("date"))), Filters.read(args)


def calendar_url(span: Span, filters: Filters, **changes: Any) -> str:
    """The calendar's address with this view, date and filters, `changes` applied."""
    values: dict[str, Any] = {"view": span.view, "date": span.anchor.isoformat(), **filters.args()}
    values.update(changes)
    return url_for("calendar.index", **{k: v for k, v in values.items() if v not in ("", None)})


def _people(person: User) -> list[tuple[int, str]]:
    if not can(person, "calendar.everything"):
        return [(person.id, person.display_name)]
    rows = db.session.execute(
        select(User.id, User.display_name).where(User.active.is_(True)).order_by(User.display_name)
    )
    return [(id_, name) for id_, name in rows]


def _context(person: User, span: Span, filters: Filters) -> dict[str, Any]:
    return {
        "span": span,
        "filters": filters,
        "today": _today(),
        "back": calendar_url(span, filters),
        "calendar_url": lambda **changes: calendar_url(span, filters, **changes),
        "marks": MARKS,
        "cell_limit": CELL_LIMIT,
        "move_base": url_for("calendar.index") + "move/",
        "kinds": KINDS,
        "movable": can(person, "calendar.move"),
        "language": language,
    }


@read_only
def index() -> str:
    """The week (Monday first), the month or one day, with the unscheduled tray and the filters.

    Drawn once per desk version, viewer, address and minute and kept (`editorial.kept_parts`):
    plans, deadlines, stories, embargoes, headlines and the viewer's feed token are all rows a
    write to which moves the desk's version; "today" and the items' words are the minute's."""
    person = current_person()

    def render() -> str:
        span, filters = _view(request.args)
        items = queries.items_between(
            person, *span.bounds, filters, _timeless(person, span, filters)
        )
        token = person.calendar_token
        return render_template(
            "calendar/_page.html",
            csrf_token=lambda: HOLE,
            days=queries.by_day(items),
            tray=queries.tray(person, filters),
            sections=sections_in_order(),
            people=_people(person),
            languages=[language(code) for code in newsroom.current().languages],
            feed_address=urls.absolute(url_for("calendar.feed", token=token)) if token else "",
            **_context(person, span, filters),
        )

    return render_template("calendar/index.html", content=kept_part("calendar", person, render))


def _timeless(person: User, span: Span, filters: Filters) -> tuple[Item, ...]:
    """`queries.timeless_items` of this span, kept per desk version, viewer (role, for those
    who see everything) and filters: the page is drawn again every minute for its clock's words,
    and reading its items (about 2,700 in a month of a busy desk, 1,500 of them deadlines) was
    most of that."""
    # What an editor or admin may see on the calendar is decided by the role alone
    # (`calendar.everything`, `plan.manage`, `breaking.manage`): they share one list.
    key = (
        "calendar.items",
        board_version_this_request(),
        None if can(person, "calendar.everything") else person.id,
        role_of(person),
        span.bounds,
        (filters.section_id, filters.language, filters.person_id, filters.kinds),
    )
    return fragment_cache().get_or_render(
        key, lambda: tuple(queries.timeless_items(person, *span.bounds, filters))
    )


def _item(person: User, source: str, ident: int) -> Item:
    item = lookup.at_address(person, source, ident)
    if item is None:
        abort(404)
    return item


def _back(text: str | None) -> tuple[str, Span, Filters]:
    """The calendar a move came from (only ever a calendar address), and its view and filters."""
    parts = urlsplit(text or "")
    if parts.scheme or parts.netloc or parts.path != url_for("calendar.index"):
        parts = urlsplit(url_for("calendar.index"))
    args = MultiDict(parse_qsl(parts.query))
    span, filters = _view(args)
    return calendar_url(span, filters), span, filters


def _form_page(item: Item, form: MoveForm, status: int = 200, error: str = "") -> Response:
    back, span, filters = _back(form.back.data)
    return htmx.render(
        "calendar/move_form.html", "calendar/_move_form.html", status=status, item=item,
        form=form, error=error, back=back, marks=MARKS,
        trigger=htmx.toast(error, "error") if error else None,
    )  # fmt: skip


@read_only
def move_form(source: str, ident: int) -> Response:
    """ "Move to…": the item's form with one date and time field (the keyboard's path)."""
    person = current_person()
    item = _item(person, source, ident)
    if not can(person, "calendar.move", item):
        deny("calendar.move", None)
    form = MoveForm(request.args)
    if not form.when.raw_data and item.at is not None:
        form.when.data = clock.as_utc(item.at)
    return _form_page(item, form)


def move(source: str, ident: int) -> Response:
    """Move one item's time (the form, or a drop on a day): only that time changes."""
    person = current_person()
    item = _item(person, source, ident)
    form = MoveForm(request.form)
    back, span, filters = _back(form.back.data)
    if not form.validate():
        return _form_page(item, form, 422, "Choose the new date and time.")
    when = form.when.data
    if when is None:
        return _form_page(item, form, 422, "Choose the new date and time.")
    try:
        changed = service.move(item, when, person)
        db.session.flush()
    except Refused as refused:
        said = answer(refused, "calendar.move", None)
        return _form_page(item, form, said.status, said.message)
    db.session.commit()
    moved = lookup.at_address(person, source, ident) or item
    at = clock.to_local(when, newsroom.zone()).strftime("%a %d %b %H:%M")
    message = f"{item.label} of “{item.title}” moved to {at}." if changed else "Nothing changed."
    return htmx.done(
        message, lambda: _changed_cells(person, item, moved, span, filters, back), back
    )


def _changed_cells(
    person: User, before: Item, after: Item, span: Span, filters: Filters, back: str
) -> str:
    """The cells a move changed, out of band: the old day, the new day, the tray."""
    days = {local_day(at) for at in (before.at, after.at) if at is not None}
    html = []
    for day in sorted(days):
        if span.first <= day <= span.last:
            items = queries.items_between(person, *day_bounds(day, day), filters)
            html.append(render_template(
                "calendar/_day.html", day=day, items=items, oob=True, moved=after.key,
                **_context(person, span, filters),
            ))  # fmt: skip
    if before.at is None or after.at is None:
        html.append(render_template(
            "calendar/_tray.html", tray=queries.tray(person, filters), oob=True,
            **_context(person, span, filters),
        ))  # fmt: skip
    return "".join(html)


def address() -> Response:
    """ "Get my calendar address": made once, then shown on the calendar page."""
    service.feed_token(current_person())
    db.session.commit()
    back, _span, _filters = _back(request.form.get("back"))
    return htmx.done("Your private calendar address is below the calendar.", lambda: "", back)


def reset_address() -> Response:
    """A new private address: the old one stops working at once."""
    service.reset_token(current_person())
    db.session.commit()
    back, _span, _filters = _back(request.form.get("back"))
    return htmx.done("Your calendar has a new address; the old one no longer works.", lambda: "",
                     back)  # fmt: skip


@public
def ics(token: str) -> Response:
    """The private feed: no sign-in, the token is the key; 404 for any other token.

    Not `@read_only` on purpose: that with `@public` would let the page cache keep it, and a
    reset address must stop answering at once."""
    person = feed.person_for(token)
    if person is None:
        abort(404)
    response = Response(feed.ics(person), mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response
