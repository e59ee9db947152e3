"""Deadlines that escalate (issue 22): set by hand on the article page, the sections' defaults,
the marks on the board, My queue and the article page, and each escalation step sent once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from editorial import clock
from editorial.articles.transitions.scheduler import run_due_work
from editorial.articles.transitions.service import Request, apply
from editorial.database import counted_statements
from editorial.deadlines.service import escalate, set_deadline
from editorial.extensions import db
from editorial.models import Article, AuditEvent, Notification, Role, User
from editorial.models.planning import (
    ArticleDeadline,
    DeadlineWarning,
    Plan,
    SectionDeadlineDefault,
)
from editorial.refusal import Refused
from tests.factories import make_article, make_user, section
from tests.helpers import HX, T0

# T0 is 2026-06-01 09:00 UTC: 12:00 in the newsroom's zone (Asia/Beirut, UTC+3 in June).


def _deadline(article: Article, stage: str) -> ArticleDeadline | None:
    db.session.expire_all()
    return db.session.scalar(
        select(ArticleDeadline).where(
            ArticleDeadline.article_id == article.id, ArticleDeadline.stage == stage
        )
    )


def _count(model: Any, *where: Any) -> int:
    db.session.expire_all()
    found = db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0
    db.session.commit()  # outside a request a read begins IMMEDIATE: let the scheduler write
    return found


def _audits(action: str) -> int:
    return _count(AuditEvent, AuditEvent.action == action)


def _told(person: User) -> list[str]:
    db.session.expire_all()
    texts = list(
        db.session.scalars(
            select(Notification.excerpt)
            .where(Notification.recipient_id == person.id, Notification.kind == "deadline")
            .order_by(Notification.id)
        )
    )
    db.session.commit()  # outside a request a read begins IMMEDIATE: let the scheduler write
    return texts


# -- set by hand ------------------------------------------------------------------------------


def test_an_editor_sets_a_deadline_by_hand_without_javascript(
    frozen: Any, editor: User, client_as: Any
) -> None:
    story = make_article("edit", editor=editor)
    client = client_as(editor)
    answer = client.post(f"/deadlines/{story.id}/edit", data={"due": "2026-06-01 14:10"})
    assert answer.status_code == 302 and answer.location.endswith(f"/articles/{story.id}")
    deadline = _deadline(story, "edit")
    assert deadline is not None and deadline.origin == "hand"
    assert clock.as_utc(deadline.due_at) == T0 + timedelta(hours=2, minutes=10)  # 14:10 Beirut
    assert _audits("deadline.set") == 1
    page = client.get(f"/articles/{story.id}").get_data(as_text=True)
    assert "“Edited by” set to Mon 01 Jun 14:10." in page
    assert "Edited by" in page and "due in 2 h 10 min" in page
    assert '<time datetime="2026-06-01T11:10:00Z">Mon 01 Jun 14:10</time>' in page


def test_htmx_answers_with_the_panel_and_a_toast(frozen: Any, editor: User, client_as: Any) -> None:
    story = make_article("draft")
    answer = client_as(editor).post(
        f"/deadlines/{story.id}/draft", data={"due": "2026-06-01 13:00"}, headers=HX
    )
    assert answer.status_code == 200 and "toast" in answer.headers["HX-Trigger"]
    html = answer.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="panel deadlines"')
    assert "due in 1 h" in html and "<html" not in html


def test_moving_and_clearing_a_deadline(frozen: Any, editor: User, client_as: Any) -> None:
    story = make_article("edit")
    client = client_as(editor)
    client.post(f"/deadlines/{story.id}/edit", data={"due": "2026-06-01 14:00"})
    client.post(f"/deadlines/{story.id}/edit", data={"due": "2026-06-01 15:00"})
    assert _audits("deadline.moved") == 1
    client.post(f"/deadlines/{story.id}/edit", data={"due": "", "clear": "1"})
    assert _deadline(story, "edit") is None and _audits("deadline.cleared") == 1


@pytest.mark.parametrize("role", ["reporter", "fact_checker"])
def test_only_editors_set_deadlines(
    role: str, frozen: Any, users: dict[str, User], client_as: Any
) -> None:
    story = make_article(
        "fact_check", authors=[users["reporter"]], fact_checker=users["fact_checker"]
    )
    answer = client_as(users[role]).post(
        f"/deadlines/{story.id}/fact_check", data={"due": "2026-06-01 14:00"}
    )
    assert answer.status_code == 403
    assert _deadline(story, "fact_check") is None
    page = client_as(users[role]).get(f"/articles/{story.id}").get_data(as_text=True)
    assert 'name="due"' not in page  # no form offered either


def test_refusals_keep_what_was_typed(frozen: Any, editor: User, client_as: Any) -> None:
    story = make_article("edit")
    client = client_as(editor)
    past = client.post(f"/deadlines/{story.id}/edit", data={"due": "2026-06-01 11:00"})
    assert past.status_code == 422
    html = past.get_data(as_text=True)
    assert "That time has passed" in html and 'value="2026-06-01 11:00"' in html
    garbled = client.post(f"/deadlines/{story.id}/edit", data={"due": "tomorrow-ish"}, headers=HX)
    assert garbled.status_code == 422 and "YYYY-MM-DD HH:MM" in garbled.get_data(as_text=True)
    assert client.post(f"/deadlines/{story.id}/nowhere", data={}).status_code == 404
    published = make_article("published")
    gone = client.post(f"/deadlines/{published.id}/edit", data={"due": "2026-06-02 10:00"})
    assert gone.status_code == 409
    assert _count(ArticleDeadline) == 0


def test_the_service_refuses_a_reporter(frozen: Any, reporter: User) -> None:
    story = make_article("draft", authors=[reporter])
    with pytest.raises(Refused, match="Only editors"):
        set_deadline(story, "draft", T0 + timedelta(hours=1), reporter)
    # The system (a plan started, a default) needs no person.
    assert set_deadline(story, "draft", T0 + timedelta(hours=1), None, origin="plan")


# -- section defaults -------------------------------------------------------------------------


def _defaults(client: Any, section_id: int, **values: str) -> Any:
    return client.post(f"/deadlines/sections/{section_id}", data=values)


def test_admins_set_section_defaults_and_others_cannot(
    frozen: Any, admin: User, editor: User, client_as: Any
) -> None:
    politics = section("Politics")
    assert _defaults(client_as(editor), politics.id, edit_hours="4").status_code == 403
    answer = _defaults(
        client_as(admin), politics.id, edit_hours="4", fact_check_hours="1", fact_check_minutes="30"
    )
    assert answer.status_code == 302
    db.session.expire_all()
    rules = {row.stage: row.minutes for row in db.session.scalars(select(SectionDeadlineDefault))}
    assert rules == {"edit": 240, "fact_check": 90}
    overview = client_as(admin).get("/deadlines/sections").get_data(as_text=True)
    assert "within 4 h" in overview and "within 1 h 30 min" in overview
    form = client_as(admin).get(f"/deadlines/sections/{politics.id}").get_data(as_text=True)
    assert 'id="edit_hours"' in form and 'value="4"' in form and 'value="30"' in form
    assert client_as(editor).get(f"/deadlines/sections/{politics.id}").status_code == 403
    bad = _defaults(client_as(admin), politics.id, edit_minutes="75")
    assert bad.status_code == 422 and "from 0 to 59" in bad.get_data(as_text=True)


def _submit(story: Article, actor: User) -> None:
    apply(story, "submit", actor, Request())
    db.session.commit()


def test_entering_a_stage_applies_the_sections_default(
    frozen: Any, admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    politics = section("Politics")
    _defaults(client_as(admin), politics.id, edit_hours="4")
    story = make_article("draft", authors=[reporter], section=politics)
    _submit(story, reporter)
    deadline = _deadline(story, "edit")
    assert deadline is not None and deadline.origin == "section"
    assert clock.as_utc(deadline.due_at) == T0 + timedelta(hours=4)


def test_a_default_never_replaces_a_plan_or_a_hand_set_deadline(
    frozen: Any, admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    politics = section("Politics")
    _defaults(client_as(admin), politics.id, edit_hours="4")
    by_hand = make_article("draft", authors=[reporter], section=politics)
    planned = make_article("draft", authors=[reporter], section=politics)
    set_deadline(by_hand, "edit", T0 + timedelta(hours=1), editor)
    set_deadline(planned, "edit", T0 + timedelta(hours=9), None, origin="plan")
    db.session.commit()
    _submit(by_hand, reporter)
    _submit(planned, reporter)
    hand, plan = _deadline(by_hand, "edit"), _deadline(planned, "edit")
    assert hand is not None and hand.origin == "hand"
    assert clock.as_utc(hand.due_at) == T0 + timedelta(hours=1)
    assert plan is not None and plan.origin == "plan"
    assert clock.as_utc(plan.due_at) == T0 + timedelta(hours=9)


def test_entering_the_stage_again_renews_the_default(
    frozen: Any, admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    politics = section("Politics")
    _defaults(client_as(admin), politics.id, edit_hours="4")
    story = make_article("draft", authors=[reporter], section=politics)
    _submit(story, reporter)
    frozen.tick(hours=6)
    apply(story, "return", editor, Request(note="Needs a second source."))
    db.session.commit()
    _submit(story, reporter)
    deadline = _deadline(story, "edit")
    assert deadline is not None
    assert clock.as_utc(deadline.due_at) == T0 + timedelta(hours=10)


# -- the marks --------------------------------------------------------------------------------


def test_marks_on_the_board_the_queue_and_the_article(
    frozen: Any, editor: User, client_as: Any
) -> None:
    soon = make_article("edit", editor=editor, headline="Budget vote")
    late = make_article("ready", editor=editor, headline="Port reopens")
    set_deadline(soon, "edit", T0 + timedelta(hours=2, minutes=10), editor)
    set_deadline(late, "ready", T0 + timedelta(minutes=20), editor)
    set_deadline(late, "edit", T0 + timedelta(hours=5), editor)  # not its stage now: not shown
    db.session.commit()
    frozen.tick(minutes=55)  # 35 min past the ready deadline; 1 h 15 min left on the edit one
    client = client_as(editor)
    for address in ("/desk/", "/queue/", f"/articles/{late.id}"):
        html = client.get(address).get_data(as_text=True)
        assert "overdue by 35 min" in html, address
        assert re.search(r'class="deadline-flag">Overdue<', html), address
        assert '<time datetime="2026-06-01T09:20:00Z"' in html, address
        assert "2026-06-01T14:00:00Z" not in html, address  # the edit deadline it left
    for address in ("/desk/", "/queue/", f"/articles/{soon.id}"):
        assert "due in 1 h 15 min" in client.get(address).get_data(as_text=True), address


def test_the_board_reads_every_mark_in_one_query(
    app: Flask, frozen: Any, editor: User, client_as: Any
) -> None:
    client = client_as(editor)
    client.get("/desk/")

    def statements() -> int:
        with counted_statements(app) as run:
            assert client.get("/desk/").status_code == 200
        # The house rules are read again only after a move made elsewhere (`checklists.kept`).
        return len([s for s in run if "FROM checklist_rules" not in s])

    first = make_article("edit")
    set_deadline(first, "edit", T0 + timedelta(hours=1), editor)
    db.session.commit()
    one = statements()
    for n in range(8):
        story = make_article("draft" if n % 2 else "edit")
        set_deadline(story, story.state, T0 + timedelta(hours=n + 1), editor)
    db.session.commit()
    assert statements() == one


def test_a_move_on_the_article_page_refreshes_the_deadlines_panel(
    frozen: Any, editor: User, client_as: Any
) -> None:
    checker = make_user(Role.FACT_CHECKER)
    story = make_article("edit", editor=editor, fact_checker=checker)
    set_deadline(story, "edit", T0 + timedelta(hours=1), editor)
    set_deadline(story, "fact_check", T0 + timedelta(hours=5), editor)
    db.session.commit()
    answer = client_as(editor).post(
        f"/articles/{story.id}/transition/send_to_fact_check",
        headers={**HX, "HX-Current-URL": f"http://localhost/articles/{story.id}"},
    )
    assert answer.status_code == 200
    panel = re.search(
        rf'<section class="panel deadlines" id="deadlines-{story.id}"[^>]*>.*?</section>',
        answer.get_data(as_text=True),
        re.S,
    )
    assert panel is not None and 'hx-swap-oob="true"' in panel.group(0)
    assert "Checked by" in panel.group(0) and "due in 5 h" in panel.group(0)


# -- escalation -------------------------------------------------------------------------------


@pytest.fixture
def newsroom_people(app: Flask) -> dict[str, User]:
    """A reporter, the story's editor, a desk owner, a fact-checker and two editors on duty (and
    one off duty)."""
    return {
        "reporter": make_user(Role.REPORTER, display_name="Amal Reporter"),
        "editor": make_user(Role.EDITOR, display_name="Elie Editor"),
        "owner": make_user(Role.EDITOR, display_name="Omar Owner"),
        "checker": make_user(Role.FACT_CHECKER, display_name="Fadi Checker"),
        "duty1": make_user(Role.EDITOR, display_name="Dana Duty", on_duty=True),
        "duty2": make_user(Role.ADMIN, display_name="Sara Duty", on_duty=True),
        "off": make_user(Role.EDITOR, display_name="Nour Off"),
    }


def test_each_step_is_sent_once_to_the_right_people(
    app: Flask, frozen: Any, newsroom_people: dict[str, User]
) -> None:
    p = newsroom_people
    story = make_article("edit", authors=[p["reporter"]], editor=p["editor"])
    db.session.add(Plan(working_title="budget-vote", owner_id=p["owner"].id, article_id=story.id))
    set_deadline(story, "edit", T0 + timedelta(hours=2), p["editor"])
    db.session.commit()
    frozen.tick(minutes=80)  # 40 min before: nothing yet
    assert escalate() == 0
    frozen.tick(minutes=10)  # 30 min before (DEADLINE_WARNING_MINUTES)
    assert escalate() == 1 and escalate() == 0
    assert _told(p["editor"]) == [
        "Edited by 14:00, Mon 1 Jun (Asia/Beirut): due in 30 min."
    ]  # the holder of the edit
    frozen.tick(minutes=30)  # the deadline: the desk owner (the plan's)
    run_due_work(app)
    run_due_work(app)
    assert _told(p["owner"]) == ["Edited by 14:00, Mon 1 Jun (Asia/Beirut): due now."]
    frozen.tick(minutes=59)
    assert escalate() == 0
    frozen.tick(minutes=1)  # DEADLINE_OVERDUE_MINUTES past: the editors on duty
    assert escalate() == 1
    for _ in range(3):
        frozen.tick(minutes=10)
        assert escalate() == 0
    assert len(_told(p["duty1"])) == 1 and len(_told(p["duty2"])) == 1
    assert "overdue by 1 h" in _told(p["duty1"])[0]
    assert _told(p["off"]) == [] and _told(p["reporter"]) == []
    assert len(_told(p["editor"])) == 1 and len(_told(p["owner"])) == 1
    assert _count(DeadlineWarning) == 3 and _audits("deadline.escalated") == 3


def test_holders_per_stage_and_the_editor_as_desk_owner(
    app: Flask, frozen: Any, newsroom_people: dict[str, User]
) -> None:
    p = newsroom_people
    draft = make_article("draft", authors=[p["reporter"]], editor=p["editor"])
    check = make_article("fact_check", authors=[p["reporter"]], fact_checker=p["checker"])
    set_deadline(draft, "draft", T0 + timedelta(minutes=10), None, origin="plan")
    set_deadline(check, "fact_check", T0 + timedelta(minutes=10), None, origin="plan")
    db.session.commit()
    frozen.tick(minutes=10)
    assert escalate() == 4  # soon and due of each
    assert len(_told(p["reporter"])) == 1  # the draft's byline (the check's byline holds nothing)
    assert len(_told(p["checker"])) == 1
    assert len(_told(p["editor"])) == 1  # no plan: the draft's editor is its desk owner


def test_a_moved_deadline_warns_again(
    app: Flask, frozen: Any, newsroom_people: dict[str, User]
) -> None:
    p = newsroom_people
    story = make_article("edit", editor=p["editor"])
    set_deadline(story, "edit", T0 + timedelta(minutes=20), p["editor"])
    db.session.commit()
    assert escalate() == 1
    set_deadline(story, "edit", T0 + timedelta(hours=3), p["editor"])
    db.session.commit()
    assert escalate() == 0
    frozen.tick(hours=2, minutes=30)
    assert escalate() == 1
    assert [text.endswith("due in 30 min.") for text in _told(p["editor"])] == [False, True]


def test_leaving_the_stage_stops_the_escalation(
    app: Flask, frozen: Any, newsroom_people: dict[str, User]
) -> None:
    p = newsroom_people
    story = make_article("edit", editor=p["editor"], fact_checker=p["checker"])
    set_deadline(story, "edit", T0 + timedelta(minutes=20), p["editor"])
    db.session.commit()
    assert escalate() == 1
    apply(story, "send_to_fact_check", p["editor"], Request())
    db.session.commit()
    for _ in range(20):
        frozen.tick(minutes=10)
        assert escalate() == 0
    assert _count(DeadlineWarning) == 1


def test_admins_put_editors_on_duty(
    app: Flask, admin: User, editor: User, reporter: User, client_as: Any
) -> None:
    assert (
        client_as(editor).post(f"/deadlines/on-duty/{editor.id}", data={"on_duty": "1"}).status_code
        == 403
    )
    page = client_as(admin).get(f"/admin/users/{editor.id}").get_data(as_text=True)
    assert "Put on duty" in page
    answer = client_as(admin).post(f"/deadlines/on-duty/{editor.id}", data={"on_duty": "1"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, editor.id).on_duty is True  # type: ignore[union-attr]
    assert _audits("deadline.on_duty") == 1
    client_as(admin).post(f"/deadlines/on-duty/{reporter.id}", data={"on_duty": "1"})
    db.session.expire_all()
    assert db.session.get(User, reporter.id).on_duty is False  # type: ignore[union-attr]


def test_the_inbox_says_it(frozen: Any, editor: User, client_as: Any) -> None:
    story = make_article("edit", editor=editor, headline="Budget vote slips")
    set_deadline(story, "edit", T0 + timedelta(minutes=30), None, origin="plan")
    db.session.commit()
    assert escalate() == 1
    page = client_as(editor).get("/inbox/").get_data(as_text=True)
    assert "The scheduler</strong>" in page and "warned of a deadline on" in page
    assert "Edited by 12:30, Mon 1 Jun (Asia/Beirut): due in 30 min." in page
