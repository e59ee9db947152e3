"""The board's page kept whole with holes (`editorial.kept_shell`): the page around the board is
drawn once, and what the staff layout asks per request (the token, the top bar, the flashed
messages, the missed-publish banner) is asked again on every request, so a flash, a role change,
a new newsroom name or a late story shows on the very next page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from markupsafe import escape

from editorial import clock
from editorial.extensions import db
from editorial.kept_shell import _MARK
from editorial.models import Role, User
from editorial.site_settings.service import save_settings
from tests.factories import make_article
from tests.helpers import page_csrf_token, set_person


def test_the_page_is_drawn_once_and_each_request_fills_its_own_holes(
    client_as: Any, editor: User, frozen: Any, drawn: list[str]
) -> None:
    first = client_as(editor).get("/desk/").get_data(as_text=True)
    drawn.clear()
    again = client_as(editor).get("/desk/").get_data(as_text=True)
    assert "desk/index.html" not in drawn and "staff/layout.html" not in drawn
    tokens = page_csrf_token(first), page_csrf_token(again)
    assert tokens[0] != tokens[1] and tokens[1] in again and tokens[0] not in again
    assert first.replace(tokens[0], "T") == again.replace(tokens[1], "T")
    assert _MARK not in again and 'id="publish-alarm"' in again


def test_a_flashed_message_shows_once_escaped(client_as: Any, editor: User, frozen: Any) -> None:
    desk = client_as(editor)
    quiet = desk.get("/desk/").get_data(as_text=True)
    with desk.session_transaction() as session:
        session["_flashes"] = [("error", "Nothing saved <b>yet</b>")]
    flashed = desk.get("/desk/").get_data(as_text=True)
    shown = f'<p class="flash flash-error" role="alert">{escape("Nothing saved <b>yet</b>")}</p>'
    assert shown in flashed and 'class="flashes"' not in quiet
    after = desk.get("/desk/").get_data(as_text=True)
    assert 'class="flashes"' not in after
    assert after.replace(page_csrf_token(after), "T") == quiet.replace(page_csrf_token(quiet), "T")


def test_the_banner_follows_the_role_and_the_clock(
    client_as: Any, editor: User, reporter: User, frozen: Any
) -> None:
    desk = client_as(editor)
    assert 'id="publish-alarm"' in desk.get("/desk/").get_data(as_text=True)
    assert 'id="publish-alarm"' not in client_as(reporter).get("/desk/").get_data(as_text=True)
    set_person(editor, role=Role.REPORTER)
    assert 'id="publish-alarm"' not in desk.get("/desk/").get_data(as_text=True)
    set_person(editor, role=Role.EDITOR)
    page = desk.get("/desk/").get_data(as_text=True)
    assert 'id="publish-alarm"' in page and "Missed publish" not in page
    # The quiet banner polls from the page it is on.
    assert "/alarms/banner?next=/desk/" in page
    assert "/alarms/banner?next=/queue/" in desk.get("/queue/").get_data(as_text=True)

    make_article(
        "scheduled",
        published_at=clock.now() - timedelta(minutes=10),
        headline="Budget vote tonight",
    )
    page = desk.get("/desk/").get_data(as_text=True)
    assert "Missed publish: 1 item is late" in page and "Budget vote tonight" in page


def test_a_new_newsroom_name_shows_on_the_next_page(
    app: Flask, client_as: Any, editor: User, admin: User, frozen: Any
) -> None:
    desk = client_as(editor)
    assert "<title>Board · " in desk.get("/desk/").get_data(as_text=True)
    with app.test_request_context():
        save_settings({"newsroom_name": "The Harbour Gazette"}, actor=admin)
        db.session.commit()
    assert "<title>Board · The Harbour Gazette</title>" in desk.get("/desk/").get_data(as_text=True)


def test_my_queue_s_page_is_kept_around_its_content(
    client_as: Any, editor: User, reporter: User, frozen: Any, drawn: list[str]
) -> None:
    make_article("edit", authors=[reporter], headline="Harbour fees rise")
    desk = client_as(editor)
    first = desk.get("/queue/").get_data(as_text=True)
    drawn.clear()
    again = desk.get("/queue/").get_data(as_text=True)
    assert "queue/index.html" not in drawn and "queue/_page.html" not in drawn
    assert "Harbour fees rise" in again and "<title>My queue · " in again
    assert first.replace(page_csrf_token(first), "T") == again.replace(page_csrf_token(again), "T")
    with desk.session_transaction() as session:
        session["_flashes"] = [("success", "Moved on")]
    assert "Moved on" in desk.get("/queue/").get_data(as_text=True)
