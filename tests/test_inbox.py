"""Notifications (who is told what), the inbox and its cheap badge poll, and My queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock, workflow
from editorial.articles.transitions.service import Request, apply
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import Kind, Notification, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX
from tests.parsed import Page


def _kinds(person: User) -> list[Kind]:
    return list(
        db.session.scalars(
            select(Notification.kind)
            .where(Notification.recipient_id == person.id)
            .order_by(Notification.id)
        )
    )


@pytest.mark.parametrize(
    "state, name, kind, editor_told",
    [
        (workflow.EDIT, "return", Kind.RETURNED, False),
        (workflow.FACT_CHECK, "flag", Kind.FLAGGED, True),
        (workflow.FACT_CHECK, "clear", Kind.CLEARED, True),
        (workflow.READY, "publish", Kind.PUBLISHED, True),
    ],
)
def test_the_byline_hears_when_their_story_moves(
    state: str, name: str, kind: Kind, editor_told: bool, reporter: User, fact_checker: User
) -> None:
    desk_editor = make_user(Role.EDITOR)
    actor = make_user(Role.EDITOR)
    article = make_article(
        state, authors=[reporter], editor_id=desk_editor.id, fact_checker_id=fact_checker.id
    )
    apply(article, name, actor, Request(note="See the second paragraph."))
    db.session.commit()
    assert _kinds(reporter) == [kind]
    assert _kinds(desk_editor) == ([kind] if editor_told else [])
    assert _kinds(actor) == []  # never for one's own action
    (note,) = db.session.scalars(
        select(Notification).where(Notification.recipient_id == reporter.id)
    ).all()
    takes_note = workflow.BY_NAME[name].note != "none"
    assert note.excerpt == ("See the second paragraph." if takes_note else "")


def test_nobody_is_told_of_their_own_action_or_while_deactivated(editor: User) -> None:
    gone = make_user(Role.REPORTER, active=False)
    article = make_article(workflow.EDIT, authors=[editor, gone])
    apply(article, "return", editor, Request(note="Needs a second source."))
    db.session.commit()
    assert db.session.scalars(select(Notification)).all() == []


def test_the_inbox_lists_opens_and_marks_read(client_as: Any, editor: User, reporter: User) -> None:
    article = make_article(workflow.EDIT, authors=[reporter], headline="Port strike ends")
    apply(article, "return", editor, Request(note="Add the union's response."))
    db.session.commit()
    client = client_as(reporter)
    page = client.get("/inbox/").get_data(as_text=True)
    assert "returned “Port strike ends”" in Page(page).text and "Add the union" in page
    assert 'class="nav-count"' in page and ">1<" in page.replace(
        '<span class="visually-hidden"> unread</span>', ""
    )
    (item,) = db.session.scalars(select(Notification)).all()
    response = client.post(f"/inbox/{item.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/articles/{article.id}")
    db.session.refresh(item)
    assert item.read_at is not None
    # Someone else's notification is not theirs to open.
    assert client_as(editor).post(f"/inbox/{item.id}/open").status_code == 404


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_mark_all_read(hx: bool, client_as: Any, editor: User, reporter: User) -> None:
    for _ in range(3):
        article = make_article(workflow.EDIT, authors=[reporter])
        apply(article, "return", editor, Request(note="Again."))
    db.session.commit()
    response = client_as(reporter).post("/inbox/read", headers=HX if hx else {})
    assert response.status_code == (200 if hx else 302)
    if hx:
        html = response.get_data(as_text=True)
        assert 'id="inbox-list"' in html and 'id="inbox-badge"' in html
    unread = db.session.scalars(select(Notification).where(Notification.read_at.is_(None)))
    assert unread.all() == []


def test_an_unchanged_badge_poll_is_a_304_after_one_cheap_read(
    app: Flask, client_as: Any, editor: User, reporter: User
) -> None:
    client = client_as(reporter)
    first = client.get("/inbox/badge", headers=HX)
    etag = first.headers["ETag"]
    with counted_statements(app) as statements:
        again = client.get("/inbox/badge", headers={**HX, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    reads = [s for s in statements if "notifications" in s]
    assert len(reads) == 1, reads
    article = make_article(workflow.EDIT, authors=[reporter])
    apply(article, "return", editor, Request(note="Fix it."))
    db.session.commit()
    changed = client.get("/inbox/badge", headers={**HX, "If-None-Match": etag})
    assert changed.status_code == 200 and ">1<" in changed.get_data(as_text=True)


def _statements(app: Flask, client: Any, url: str) -> int:
    with counted_statements(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_inbox_and_queue_cost_the_same_for_5_and_200_items(app: Flask, client_as: Any) -> None:
    counts: dict[str, list[int]] = {"inbox": [], "queue": []}
    for n in (5, 200):
        person = make_user(Role.EDITOR)
        others = [make_user(Role.EDITOR) for _ in range(3)]
        for i in range(n):
            article = make_article(workflow.EDIT)
            db.session.add(
                Notification(
                    recipient_id=person.id,
                    kind=Kind.COMMENTED,
                    article_id=article.id,
                    actor_id=others[i % 3].id,
                    excerpt="Hello",
                )
            )
        db.session.commit()
        client = client_as(person)
        counts["inbox"].append(_statements(app, client, "/inbox/"))
        counts["queue"].append(_statements(app, client, "/queue/"))
    assert counts["inbox"][0] == counts["inbox"][1], counts
    assert counts["queue"][0] == counts["queue"][1], counts


def _queue(client: Any) -> str:
    return client.get("/queue/").get_data(as_text=True)


def test_a_reporters_queue(client_as: Any, reporter: User, editor: User) -> None:
    draft = make_article(workflow.DRAFT, authors=[reporter], headline="My own draft")
    returned = make_article(workflow.EDIT, authors=[reporter], headline="Sent back to me")
    apply(returned, "return", editor, Request(note="Fix."))
    flagged = make_article(workflow.FACT_CHECK, authors=[reporter], headline="Failed its check")
    apply(flagged, "flag", editor, Request(note="Wrong date."))
    make_article(workflow.EDIT, authors=[reporter], headline="With the editors")
    make_article(workflow.DRAFT, headline="Someone else's draft")
    db.session.commit()
    html = _queue(client_as(reporter))
    for headline in ("My own draft", "Sent back to me", "Failed its check"):
        assert headline in html
    assert "With the editors" not in html and "Someone else" not in html
    assert ">Returned<" in html and ">Flagged<" in html
    assert draft.headline in html


def test_an_editors_queue_is_oldest_first(client_as: Any, editor: User, frozen: Any) -> None:
    other = make_user(Role.EDITOR)
    now = clock.now()
    old = make_article(
        workflow.EDIT, headline="Old edit", state_changed_at=now - timedelta(hours=5)
    )
    make_article(workflow.EDIT, headline="New edit", state_changed_at=now - timedelta(hours=1))
    make_article(workflow.EDIT, headline="Theirs", editor_id=other.id)
    make_article(workflow.READY, headline="Ready one", editor_id=editor.id)
    make_article(workflow.SCHEDULED, headline="Soon", published_at=now + timedelta(minutes=30))
    make_article(workflow.SCHEDULED, headline="Tomorrow", published_at=now + timedelta(days=1))
    html = _queue(client_as(editor))
    assert html.index("Old edit") < html.index("New edit")
    for present in ("Ready one", "Soon"):
        assert present in html
    assert "Theirs" not in html and "Tomorrow" not in html
    assert old.headline in html


def test_a_fact_checkers_queue_puts_their_own_checks_first(
    client_as: Any, fact_checker: User, frozen: Any
) -> None:
    now = clock.now()
    make_article(
        workflow.FACT_CHECK, headline="Unassigned", state_changed_at=now - timedelta(hours=9)
    )
    make_article(
        workflow.FACT_CHECK,
        headline="Mine",
        fact_checker_id=fact_checker.id,
        state_changed_at=now - timedelta(hours=1),
    )
    make_article(
        workflow.FACT_CHECK,
        headline="A colleague's",
        fact_checker_id=make_user(Role.FACT_CHECKER).id,
    )
    make_article(workflow.EDIT, headline="Not yet")
    html = _queue(client_as(fact_checker))
    assert html.index("Mine") < html.index("Unassigned")
    assert "A colleague" not in html and "Not yet" not in html
    assert "My queue" in html and 'class="nav-count">2<' in html
