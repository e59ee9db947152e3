"""The desk's row actions, driven by their table (`service.ROW_ACTIONS`), and both renderings.

For each action and each status: the row shows its buttons exactly when the table allows it, and
a hand-made POST the table does not allow is refused with the table's words and changes nothing.
Then every htmx endpoint of the desk three ways: a plain request, an htmx swap, and htmx's history
restore (the back button after its cache missed), which must get the page, not a fragment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from editorial import clock
from editorial.breaking import queries, service
from editorial.breaking.rules import STATUSES
from editorial.extensions import db
from editorial.models import AuditEvent, BreakingHeadline, User
from editorial.refusal import Refused
from tests.factories import make_article, make_headline
from tests.helpers import HX, T0, edit_form, new, reload

RESTORE = {**HX, "HX-History-Restore-Request": "true"}
WAYS = {"page": {}, "fragment": HX, "restore": RESTORE}

POSTING = [action for action in service.ROW_ACTIONS if not action.opens_form]
REFUSALS = [
    (action.name, status)
    for action in POSTING
    for status in STATUSES
    if status not in action.statuses
]


def headline_in(status: str) -> BreakingHeadline:
    """A headline in `status`; a live one sits between two others, so it can move both ways."""
    if status == "live":
        make_headline("Runs first", starts=T0 - timedelta(minutes=1))
        target = make_headline("The one", starts=T0 - timedelta(minutes=2))
        make_headline("Runs last", starts=T0 - timedelta(minutes=3))
        return target
    starts = {"scheduled": T0 + timedelta(hours=1), "expired": T0 - timedelta(hours=2)}
    withdrawn = T0 if status == "withdrawn" else None
    return make_headline("The one", starts=starts.get(status, T0), withdrawn_at=withdrawn)


def row_html(html: str, headline: BreakingHeadline) -> str:
    """The `<li>` of `headline`'s row in a desk page or fragment."""
    match = re.search(rf'<li id="headline-{headline.id}".*?</li>', html, re.S)
    assert match, f"no row for headline {headline.id}"
    return match[0]


def labels(row: str) -> list[str]:
    """The words on a row's buttons and button-links, in order."""
    return re.findall(r'<(?:button type="submit"|a class="button")[^>]*>([^<]*)</', row)


def button_data(headline: BreakingHeadline, action: service.RowAction) -> dict[str, str]:
    """What the action's first button posts, as the page would have drawn it."""
    data = {"version": str(reload(headline).version)}
    if action.field:
        data[action.field] = action.choices[0].value
    return data


def snapshot() -> tuple[Any, ...]:
    """Every headline row and every breaking audit event, as the database has them."""
    db.session.expire_all()
    rows = db.session.execute(select(BreakingHeadline.__table__)).all()
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.startswith("breaking."))
    ).all()
    return (tuple(rows), tuple(events))


# -- The table --------------------------------------------------------------------------------


def test_the_table_names_each_action_once_in_known_statuses() -> None:
    names = [action.name for action in service.ROW_ACTIONS]
    assert len(names) == len(set(names))
    assert set(names) == {"edit", "extend", "move", "pin", "end", "withdraw", "restore"}
    for action in service.ROW_ACTIONS:
        assert action.statuses and set(action.statuses) <= set(STATUSES), action.name
        assert action.refused, action.name
        values = [choice.value for choice in action.choices]
        assert bool(action.field) == bool(values) and len(values) == len(set(values)), action.name


def test_each_posting_action_has_its_url_and_edit_its_form(app: Flask) -> None:
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for action in POSTING:
        rule = rules[f"breaking.{action.name}"]
        assert rule.rule == f"/breaking/<int:headline_id>/{action.name}"
        assert rule.methods is not None and "POST" in rule.methods and "GET" not in rule.methods
    assert rules["breaking.edit"].methods is not None and "GET" in rules["breaking.edit"].methods


@pytest.mark.parametrize("status", STATUSES)
def test_a_row_shows_the_buttons_the_table_allows(desk: FlaskClient, status: str) -> None:
    headline = headline_in(status)
    expected_row = queries.row_of(headline, queries.desk_rows(T0), T0)
    expected = [
        choice.label
        for action in service.ROW_ACTIONS
        if status in action.statuses
        for choice in action.shown(expected_row)
    ]
    for way in ("page", "fragment"):
        row = row_html(desk.get("/breaking", headers=WAYS[way]).get_data(as_text=True), headline)
        for action in service.ROW_ACTIONS:
            url = f"/breaking/{headline.id}/{action.name}"
            drawn = f'href="{url}"' in row if action.opens_form else f'action="{url}"' in row
            assert drawn is (status in action.statuses), (way, action.name, status)
        assert labels(row) == expected, way
    if status == "live":  # the one in the middle gets every choice
        assert {"+30 min", "+1 h", "↑ Up", "↓ Down", "Pin", "End now", "Withdraw"} <= set(expected)


def test_a_pinned_row_offers_unpin_and_a_lone_row_no_moves(desk: FlaskClient) -> None:
    pinned = make_headline("Pinned", pinned=True)
    html = desk.get("/breaking").get_data(as_text=True)
    assert labels(row_html(html, pinned)) == [
        "Edit",
        "+30 min",
        "+1 h",
        "Unpin",
        "End now",
        "Withdraw",
    ]


@pytest.mark.parametrize(("name", "status"), REFUSALS, ids=[f"{n}-{s}" for n, s in REFUSALS])
def test_a_hand_made_post_the_table_refuses_changes_nothing(
    desk: FlaskClient, name: str, status: str
) -> None:
    action = service.BY_NAME[name]
    headline = headline_in(status)
    url = f"/breaking/{headline.id}/{name}"
    before = snapshot()

    fragment = desk.post(url, data=button_data(headline, action), headers=HX)
    assert fragment.status_code == 409
    assert json.loads(fragment.headers["HX-Trigger"])["toast"] == {
        "message": action.refused,
        "kind": "error",
    }
    assert fragment.headers["HX-Retarget"] == "#breaking-lists"
    assert 'id="list-live"' in fragment.get_data(as_text=True)

    plain = desk.post(url, data=button_data(headline, action))
    assert plain.status_code == 302 and plain.headers["Location"] == "/breaking"
    assert str(escape(action.refused)) in desk.get("/breaking").get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize(("name", "status"), REFUSALS, ids=[f"{n}-{s}" for n, s in REFUSALS])
def test_the_service_refuses_what_the_table_does_not_allow(
    app: Flask, editor: User, name: str, status: str
) -> None:
    action = service.BY_NAME[name]
    with clock.frozen(T0):
        headline = reload(headline_in(status))
    with pytest.raises(Refused) as refused:
        service.perform(
            action, action.buttons[0], headline, version=headline.version, actor=editor, at=T0
        )
    assert str(refused.value) == action.refused
    db.session.rollback()


# -- Both renderings, and the history restore -------------------------------------------------

Send = Callable[[FlaskClient, BreakingHeadline, dict[str, str]], Any]


def _get(path: str) -> Send:
    return lambda client, h, headers: client.get(path.format(id=h.id), headers=headers)


def _post(path: str, data: Callable[[BreakingHeadline], dict[str, str]]) -> Send:
    return lambda client, h, headers: client.post(
        path.format(id=h.id), data=data(h), headers=headers
    )


def _pin(h: BreakingHeadline) -> dict[str, str]:
    return {"version": str(reload(h).version), "pinned": "0" if reload(h).pinned else "1"}


# name, request, the page's status and marker, the fragment's status and its first characters
ENDPOINTS: list[tuple[str, Send, int, str, int, str]] = [
    ("desk", _get("/breaking"), 200, "<h1>Breaking headlines</h1>", 200, '<section id="list-live"'),
    (
        "create refused",
        _post("/breaking", lambda h: new(text="")),
        422,
        "<h1>Breaking headlines</h1>",
        422,
        '<form id="new-headline"',
    ),
    (
        "validate",
        _post("/breaking/validate", lambda h: new(text="")),
        422,
        "<h1>Breaking headlines</h1>",
        200,
        '<p class="error" id="new-',
    ),
    ("row", _get("/breaking/{id}"), 302, "/breaking#headline-{id}", 200, '<li id="headline-{id}"'),
    (
        "edit form",
        _get("/breaking/{id}/edit"),
        200,
        "<h1>Edit breaking headline</h1>",
        200,
        '<li id="headline-{id}" class="bk-row bk-editing">',
    ),
    (
        "edit refused",
        _post("/breaking/{id}/edit", lambda h: edit_form(h, text="")),
        422,
        "<h1>Edit breaking headline</h1>",
        422,
        '<li id="headline-{id}" class="bk-row bk-editing">',
    ),
    (
        "validate edit",
        _post("/breaking/{id}/validate", lambda h: edit_form(h, text="")),
        422,
        "<h1>Edit breaking headline</h1>",
        200,
        '<p class="error" id="h{id}-',
    ),
    (
        "row action",
        _post("/breaking/{id}/pin", _pin),
        302,
        "/breaking#headline-{id}",
        200,
        '<li id="headline-{id}"',
    ),
    (
        "row action refused",
        _post("/breaking/{id}/restore", lambda h: {"version": str(reload(h).version)}),
        302,
        "/breaking",
        409,
        '<section id="list-live"',
    ),
]


@pytest.mark.parametrize(
    ("send", "page_status", "page", "fragment_status", "fragment"),
    [case[1:] for case in ENDPOINTS],
    ids=[case[0] for case in ENDPOINTS],
)
def test_one_url_two_renderings_and_the_history_restore_gets_the_page(
    desk: FlaskClient, send: Send, page_status: int, page: str, fragment_status: int, fragment: str
) -> None:
    headline = make_headline(starts=T0 + timedelta(hours=1))  # upcoming: pinning keeps its place
    page, fragment = page.format(id=headline.id), fragment.format(id=headline.id)
    for way in ("page", "restore"):
        response = send(desk, headline, WAYS[way])
        assert response.status_code == page_status, way
        if page_status == 302:
            assert response.headers["Location"] == page, way
        else:
            html = response.get_data(as_text=True)
            assert "<html" in html and page in html, way
        assert "HX-Trigger" not in response.headers, way
    response = send(desk, headline, HX)
    assert response.status_code == fragment_status
    html = response.get_data(as_text=True).lstrip()
    assert html.startswith(fragment) and "<html" not in html


@pytest.mark.parametrize("path", ["/breaking/ticker", "/breaking/articles?field=q&q=quake"])
def test_fragment_only_endpoints_answer_the_same_fragment_every_way(
    desk: FlaskClient, path: str
) -> None:
    make_headline("Quake: running")
    make_article("published", headline="Quake hits the north")
    bodies = {
        way: desk.get(path, headers=headers).get_data(as_text=True) for way, headers in WAYS.items()
    }
    assert len(set(bodies.values())) == 1, bodies
    assert "Quake" in bodies["page"] and "<html" not in bodies["page"]
