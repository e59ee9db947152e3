"""The staff top bar kept (`editorial.staff_bar`): drawn once per what it shows, with this
request's name, counts and CSRF token in its holes; a role change, a deactivation, a new name or
a new notification shows on the very next page; no kept bar holds a token or a name."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from editorial import clock, workflow
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.models import Kind, Notification, Role, User
from tests.factories import make_article
from tests.helpers import page_csrf_token, set_person

BAR = re.compile(r'<header class="topbar">.*?</header>', re.S)


def _bar(html: str) -> str:
    found = BAR.search(html)
    assert found, "no top bar on the page"
    return found.group(0)


def test_the_bar_is_drawn_once_and_each_request_fills_its_own_token(
    client_as: Any, editor: User, drawn: list[str]
) -> None:
    first = client_as(editor).get("/queue/").get_data(as_text=True)
    assert "staff/_bar.html" in drawn
    drawn.clear()
    other = client_as(editor)
    again = other.get("/queue/").get_data(as_text=True)
    assert "staff/_bar.html" not in drawn
    tokens = [page_csrf_token(html) for html in (first, again)]
    assert tokens[0] != tokens[1]
    for html, token in zip((first, again), tokens, strict=True):
        assert f'name="csrf_token" value="{token}"' in _bar(html)
    assert _bar(first).replace(tokens[0], "") == _bar(again).replace(tokens[1], "")


def test_a_role_change_shows_on_the_next_page(client_as: Any, editor: User) -> None:
    desk = client_as(editor)
    bar = _bar(desk.get("/queue/").get_data(as_text=True))
    assert "Breaking</a>" in bar and "Plans</a>" not in bar and "Editor</span>" in bar
    set_person(editor, role=Role.REPORTER)
    bar = _bar(desk.get("/queue/").get_data(as_text=True))
    assert "Breaking</a>" not in bar and "Fact-check</a>" not in bar
    assert "Plans</a>" in bar and "Reporter</span>" in bar
    set_person(editor, role=Role.ADMIN)
    assert "Admin</a>" in _bar(desk.get("/queue/").get_data(as_text=True))


def test_a_deactivated_person_gets_no_page(client_as: Any, editor: User) -> None:
    desk = client_as(editor)
    assert desk.get("/queue/").status_code == 200
    set_person(editor, active=False)
    answer = desk.get("/queue/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_a_new_name_and_a_new_notification_show_on_the_next_page(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    desk = client_as(editor)
    bar = _bar(desk.get("/queue/").get_data(as_text=True))
    assert '<span class="who">Elie Editor</span>' in bar and 'class="nav-count is-zero"' in bar
    set_person(editor, display_name="Elie <Night> Editor")
    article = make_article(workflow.DRAFT, authors=[reporter])
    db.session.add(
        Notification(
            recipient_id=editor.id,
            kind=Kind.COMMENTED,
            article_id=article.id,
            excerpt="Hello",
            created_at=clock.now(),
        )
    )
    db.session.commit()
    bar = _bar(desk.get("/queue/").get_data(as_text=True))
    assert '<span class="who">Elie &lt;Night&gt; Editor</span>' in bar
    assert '1<span class="visually-hidden"> unread</span>' in bar
    with app.app_context():
        kept = [value for value, _ in fragment_cache()._entries.values()]
    texts = [value for value in kept if isinstance(value, tuple) and isinstance(value[0], str)]
    bars = [value for value in texts if '"topbar"' in value[0]]
    assert bars
    assert not any("Elie" in piece for value in bars for piece in value)
    # Nor the page kept around it (`kept_shell`: bytes, the bar a hole).
    shells = [value for value in kept if isinstance(value, tuple) and isinstance(value[0], bytes)]
    assert shells
    assert not any(
        b"Elie" in piece for value in shells for piece in value if isinstance(piece, bytes)
    )


def test_the_current_link_is_the_page_s(client_as: Any, editor: User) -> None:
    desk = client_as(editor)
    queue = _bar(desk.get("/queue/").get_data(as_text=True))
    inbox = _bar(desk.get("/inbox/").get_data(as_text=True))
    assert 'href="/queue/" aria-current="page"' in queue
    assert 'href="/inbox/" aria-current="page"' in inbox
    assert 'href="/queue/" aria-current="page"' not in inbox
