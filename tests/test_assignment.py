"""Assignment: who may be chosen, who may choose, "Take it", and what each change leaves behind."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from editorial.extensions import db
from editorial.models import ArticleAssignment, AuditEvent, Kind, Notification, Role, User
from tests.factories import make_article, make_user
from tests.helpers import HX, fresh


def _notified(person: User, kind: Kind) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.recipient_id == person.id, Notification.kind == kind
            )
        )
    )


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_an_editor_assigns_an_editor_and_a_fact_checker(
    hx: bool, client_as: Any, editor: User, fact_checker: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    client = client_as(editor)
    colleague = make_user(Role.EDITOR, display_name="Nadia Desk")
    headers = HX if hx else {}
    response = client.post(
        f"/articles/{article.id}/assign/editor",
        data={"person_id": str(colleague.id), "seen": ""},
        headers=headers,
    )
    html = response.get_data(as_text=True)
    if hx:
        assert response.status_code == 200
        assert 'id="assignment-' in html and "<html" not in html
        assert "Nadia Desk is now the editor." in response.headers["HX-Trigger"]
    else:
        assert response.status_code == 302
    response = client.post(
        f"/articles/{article.id}/assign/fact_checker",
        data={"person_id": str(fact_checker.id), "seen": ""},
        headers=headers,
    )
    assert response.status_code == (200 if hx else 302)
    saved = fresh(article.id)
    assert (saved.editor_id, saved.fact_checker_id) == (colleague.id, fact_checker.id)
    changes = db.session.scalars(select(ArticleAssignment).order_by(ArticleAssignment.id)).all()
    assert [(c.duty, c.before_id, c.after_id, c.actor_id) for c in changes] == [
        ("editor", None, colleague.id, editor.id),
        ("fact_checker", None, fact_checker.id, editor.id),
    ]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("article.assigned.%"))
    ).all()
    assert sorted(actions) == ["article.assigned.editor", "article.assigned.fact_checker"]
    assert len(_notified(colleague, Kind.ASSIGNED)) == 1
    assert len(_notified(fact_checker, Kind.ASSIGNED)) == 1
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "assigned Nadia Desk as editor" in page
    assert f"assigned {fact_checker.display_name} as fact-checker" in page


def _refused(client: Any, article_id: int, duty: str, person_id: int, hx: bool) -> Any:
    return client.post(
        f"/articles/{article_id}/assign/{duty}",
        data={"person_id": str(person_id), "seen": ""},
        headers=HX if hx else {},
    )


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_only_active_people_of_a_fitting_role_can_be_chosen(
    hx: bool, client_as: Any, editor: User, fact_checker: User, reporter: User
) -> None:
    article = make_article("edit", authors=[reporter])
    client = client_as(editor)
    gone = make_user(Role.FACT_CHECKER, display_name="Gone Checker", active=False)
    writer = make_user(Role.EDITOR, display_name="Byline Editor")
    article.authors.append(writer)
    checker_on_byline = make_user(Role.FACT_CHECKER, display_name="Byline Checker")
    article.authors.append(checker_on_byline)
    db.session.commit()
    cases = [
        ("fact_checker", reporter.id, "Rana Reporter is a reporter, so can't be the fact-checker."),
        ("fact_checker", gone.id, "Gone Checker is deactivated, so can't be assigned."),
        ("fact_checker", checker_on_byline.id, "Byline Checker is on the byline, so can't check"),
        ("editor", fact_checker.id, "is a fact-checker, so can't be the editor."),
        ("editor", 999_999, "There is no such person."),
    ]
    for duty, person_id, message in cases:
        response = _refused(client, article.id, duty, person_id, hx)
        assert response.status_code == 422, (duty, person_id)
        assert message in response.get_data(as_text=True).replace("&#39;", "'"), message
    saved = fresh(article.id)
    assert (saved.editor_id, saved.fact_checker_id) == (None, None)
    assert db.session.scalars(select(ArticleAssignment)).all() == []
    assert db.session.scalars(select(Notification)).all() == []


@pytest.mark.parametrize("role", [Role.REPORTER, Role.FACT_CHECKER])
def test_only_editors_and_admins_assign(role: Role, client_as: Any, editor: User) -> None:
    person = make_user(role)
    article = make_article("fact_check", authors=[person] if role == Role.REPORTER else None)
    response = client_as(person).post(
        f"/articles/{article.id}/assign/editor", data={"person_id": str(editor.id), "seen": ""}
    )
    assert response.status_code == 403
    assert fresh(article.id).editor_id is None


def test_a_stale_assignment_is_refused_and_shows_who_it_is_now(
    client_as: Any, editor: User, fact_checker: User
) -> None:
    article = make_article("edit")
    client = client_as(editor)
    first = make_user(Role.FACT_CHECKER)
    assert _refused(client, article.id, "fact_checker", first.id, True).status_code == 200
    # A second page still showing "Unassigned" chooses someone else.
    response = client.post(
        f"/articles/{article.id}/assign/fact_checker",
        data={"person_id": str(fact_checker.id), "seen": ""},
        headers=HX,
    )
    assert response.status_code == 409
    assert "changed the fact-checker meanwhile" in response.get_data(as_text=True)
    assert fresh(article.id).fact_checker_id == first.id


def test_a_fact_checker_takes_an_unassigned_check_once(
    client_as: Any, fact_checker: User, editor: User
) -> None:
    article = make_article("fact_check", editor_id=editor.id)
    client = client_as(fact_checker)
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Take it" in page
    response = client.post(f"/articles/{article.id}/take", headers=HX)
    assert response.status_code == 200
    assert "You are now the fact-checker." in response.headers["HX-Trigger"]
    assert fresh(article.id).fact_checker_id == fact_checker.id
    other = make_user(Role.FACT_CHECKER)
    response = client_as(other).post(f"/articles/{article.id}/take")
    assert response.status_code == 409  # the article's page, saying it was taken meanwhile
    assert "nothing here for you to take" in response.get_data(as_text=True)
    assert fresh(article.id).fact_checker_id == fact_checker.id
    # Nobody is told of their own action: taking a check notifies no one.
    assert _notified(editor, Kind.ASSIGNED) == []
    assert _notified(fact_checker, Kind.ASSIGNED) == []


def test_an_editor_takes_unassigned_work_from_a_board_card(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    board = client.get("/desk/").get_data(as_text=True)
    assert f"/desk/card/{article.id}/take" in board
    response = client.post(f"/desk/card/{article.id}/take", data={"next": "/desk/"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="card-{article.id}"' in html and f"Editor: {editor.display_name}" in html
    assert f"/desk/card/{article.id}/take" not in html
    assert fresh(article.id).editor_id == editor.id
    response = client_as(make_user(Role.EDITOR)).post(
        f"/desk/card/{article.id}/take", data={"next": "/desk/"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/desk/")
    assert fresh(article.id).editor_id == editor.id


def test_nobody_takes_what_is_not_theirs_to_take(client_as: Any, fact_checker: User) -> None:
    on_byline = make_article("fact_check", authors=[fact_checker])
    response = client_as(fact_checker).post(f"/articles/{on_byline.id}/take")
    assert response.status_code == 409
    assert fresh(on_byline.id).fact_checker_id is None
    reporter = make_user(Role.REPORTER)
    draft = make_article("draft", authors=[reporter])
    client_as(reporter).post(f"/articles/{draft.id}/take")
    assert fresh(draft.id).editor_id is None


def test_the_assigned_checker_clears_and_a_colleague_cannot(
    client_as: Any, fact_checker: User
) -> None:
    colleague = make_user(Role.FACT_CHECKER)
    article = make_article("fact_check", fact_checker_id=colleague.id)
    note = {"note": "Quotes checked against the recording."}
    response = client_as(fact_checker).post(f"/articles/{article.id}/transition/clear", data=note)
    assert response.status_code == 422
    assert "assigned to another fact-checker" in response.get_data(as_text=True)
    assert fresh(article.id).state == "fact_check"
    response = client_as(colleague).post(f"/articles/{article.id}/transition/clear", data=note)
    assert response.status_code == 302
    assert fresh(article.id).state == "ready"


def test_send_to_fact_check_records_the_assignment_and_notifies_the_checker(
    client_as: Any, editor: User, fact_checker: User
) -> None:
    article = make_article("edit")
    response = client_as(editor).post(
        f"/articles/{article.id}/transition/send_to_fact_check",
        data={"fact_checker_id": str(fact_checker.id), "note": ""},
    )
    assert response.status_code == 302
    assert fresh(article.id).fact_checker_id == fact_checker.id
    (change,) = db.session.scalars(select(ArticleAssignment)).all()
    assert (change.duty, change.after_id, change.actor_id) == (
        "fact_checker",
        fact_checker.id,
        editor.id,
    )
    assert len(_notified(fact_checker, Kind.ASSIGNED)) == 1


def test_the_panel_answers_both_ways(client_as: Any, editor: User) -> None:
    article = make_article("edit")
    client = client_as(editor)
    fragment = client.get(f"/articles/{article.id}/assignment", headers=HX)
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    page = client.get(f"/articles/{article.id}/assignment")
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/articles/{article.id}")
