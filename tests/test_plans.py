"""The planning desk's budget (issue 22): plans made, proposed and accepted, the draft started
with the plan's fields and deadlines, moved, reassigned, killed and restored, each audited in
words and told to the people on it; who may do what, by hand-made POSTs; a stale save refused
with the typed text kept; the budget of a day grouped by section, and its print stylesheet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from editorial import workflow
from editorial.audit_log.sentences import names_for, sentence
from editorial.extensions import db
from editorial.models import (
    Article,
    AuditEvent,
    Kind,
    Notification,
    Plan,
    Region,
    Role,
    User,
)
from editorial.models.planning import FROM_PLAN, KILLED, PLANNED, PROPOSED, STARTED, ArticleDeadline
from editorial.planning import service
from tests.factories import PASSWORD, make_article, make_user, section

# T0 is 2026-06-01 09:00 UTC, 12:00 in Beirut (the newsroom's zone in tests).
SLOT = datetime(2026, 6, 4, 6, 0, tzinfo=UTC)  # Thursday 4 June, 09:00 in Beirut


@pytest.fixture
def owner(app: Any) -> User:
    return make_user(Role.EDITOR, display_name="Layla Mansour")


@pytest.fixture
def amal(app: Any) -> User:
    return make_user(Role.REPORTER, display_name="Amal Nasser")


def make_plan(owner: User, reporter: User | None, **fields: Any) -> Plan:
    """A planned story written as an editor would, committed."""
    plan = Plan(
        working_title=fields.pop("working_title", "budget-vote"),
        languages=fields.pop("languages", "en,ar"),
        section_id=fields.pop("section_id", section("Politics").id),
        owner_id=owner.id,
        reporter_id=reporter.id if reporter else None,
        created_by_id=owner.id,
        status=fields.pop("status", PLANNED),
        planned_words=fields.pop("planned_words", 900),
        slot_start=fields.pop("slot_start", SLOT),
        **fields,
    )
    db.session.add(plan)
    db.session.commit()
    return plan


def form(**changes: Any) -> dict[str, Any]:
    """The plan form as a browser posts it (times in the newsroom's zone)."""
    data: dict[str, Any] = {
        "working_title": "Budget vote",
        "languages": ["en", "ar"],
        "section_id": str(section("Politics").id),
        "region_id": "",
        "owner_id": "",
        "reporter_id": "",
        "planned_words": "900",
        "slot_start": "2026-06-04 09:00",
        "slot_end": "",
        "filed_by": "2026-06-03 16:00",
        "edited_by": "2026-06-03 18:00",
        "checked_by": "2026-06-03 20:00",
        "notes": "Amal has the finance committee's draft; ask the minister's office by noon.",
    }
    data.update(changes)
    return data


def plan_events(kind: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == kind)))


def said(event: AuditEvent) -> str:
    return sentence(event, names_for([event])) or ""


def told(person: User) -> list[Notification]:
    query = select(Notification).where(
        Notification.recipient_id == person.id, Notification.kind == Kind.PLAN
    )
    return list(db.session.scalars(query))


def fresh(plan_id: int) -> Plan:
    db.session.expire_all()
    plan = db.session.get(Plan, plan_id)
    assert plan is not None
    return plan


def test_an_editor_plans_a_story_with_every_field(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    page = client_as(owner).get("/plans/new")
    assert page.status_code == 200
    assert "Plan a story" in page.text and "Asia/Beirut" in page.text
    answer = client_as(owner).post(
        "/plans/new", data=form(owner_id=str(owner.id), reporter_id=str(amal.id))
    )
    assert answer.status_code == 302
    plan = db.session.scalars(select(Plan)).one()
    assert (plan.working_title, plan.status, plan.languages) == ("budget-vote", PLANNED, "en,ar")
    assert plan.slot_start == SLOT and plan.slot_end is None
    assert plan.filed_by == datetime(2026, 6, 3, 13, 0, tzinfo=UTC)
    assert plan.planned_words == 900 and plan.notes.startswith("Amal has")
    shown = client_as(owner).get(f"/plans/{plan.id}").text
    assert "Thu 4 Jun 09:00" in shown and "Amal Nasser" in shown and "900 words" in shown
    assert said(plan_events("plan.created")[0]) == "Layla Mansour planned the story “budget-vote”"
    assert [n.excerpt for n in told(amal)] == ["Planned"]  # the owner acted: not told


def test_bad_input_says_what_is_wrong_beside_each_field_and_keeps_the_text(
    client_as: Any, owner: User
) -> None:
    answer = client_as(owner).post(
        "/plans/new",
        data=form(
            working_title="  ",
            languages=[],
            planned_words="lots",
            slot_start="4 June",
            slot_end="",
            edited_by="2026-06-03 10:00",
            owner_id="999999",
            region_id="abc",
            notes="Keep this note",
        ),
    )
    assert answer.status_code == 422
    text = answer.text
    assert "Give the plan a working title" in text
    assert "Choose at least one language." in text
    assert "Give the length as a number of words, like 800" in text
    assert "Give the date and time as YYYY-MM-DD HH:MM." in text
    assert "Edited by comes after filed by." in text
    assert text.count("Choose from the list.") == 2  # the owner and the region
    assert 'value="4 June"' in text and "Keep this note" in text
    assert db.session.scalars(select(Plan)).first() is None


def test_a_window_ends_after_it_starts(client_as: Any, owner: User) -> None:
    answer = client_as(owner).post(
        "/plans/new", data=form(slot_start="2026-06-04 09:00", slot_end="2026-06-04 08:00")
    )
    assert answer.status_code == 422 and "The slot must end after it starts." in answer.text
    french = client_as(owner).post("/plans/new", data=form(languages=["en", "fr"]))
    assert french.status_code == 422 and "Choose from the newsroom&#39;s languages." in french.text


def test_a_reporter_proposes_and_an_editor_accepts(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    assert "Propose a story" in client_as(amal).get("/plans/new").text
    # A hand-made reporter_id naming someone else is ignored: a proposal is the proposer's.
    other = make_user(Role.REPORTER)
    client_as(amal).post("/plans/new", data=form(owner_id=str(owner.id), reporter_id=str(other.id)))
    plan = db.session.scalars(select(Plan)).one()
    assert (plan.status, plan.reporter_id, plan.created_by_id) == (PROPOSED, amal.id, amal.id)
    assert [n.excerpt for n in told(owner)] == ["Proposed"]
    # The reporter can't accept their own proposal, by a hand-made POST.
    assert client_as(amal).post(f"/plans/{plan.id}/accept").status_code == 403
    assert fresh(plan.id).status == PROPOSED
    assert client_as(owner).post(f"/plans/{plan.id}/accept").status_code == 302
    assert fresh(plan.id).status == PLANNED
    assert "Accepted onto the budget" in [n.excerpt for n in told(amal)]
    assert said(plan_events("plan.accepted")[0]) == (
        "Layla Mansour accepted the proposal “budget-vote”"
    )


def test_declining_a_proposal_needs_a_note(client_as: Any, owner: User, amal: User) -> None:
    plan = make_plan(owner, amal, status=PROPOSED)
    refused = client_as(owner).post(f"/plans/{plan.id}/decline", data={"note": " "})
    assert refused.status_code == 422 and "Say why the proposal is declined." in refused.text
    client_as(owner).post(f"/plans/{plan.id}/decline", data={"note": "We ran it last week"})
    assert (fresh(plan.id).status, fresh(plan.id).kill_note) == (KILLED, "We ran it last week")
    assert "Declined: We ran it last week" in [n.excerpt for n in told(amal)]


def test_starting_the_draft_carries_the_plan(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    plan = make_plan(
        owner,
        amal,
        working_title="budget-vote",
        languages="ar,en",
        region_id=db.session.scalar(select(Region.id).where(Region.name == "MENA")),
        filed_by=datetime(2026, 6, 3, 13, 0, tzinfo=UTC),
        edited_by=datetime(2026, 6, 3, 15, 0, tzinfo=UTC),
        checked_by=datetime(2026, 6, 3, 17, 0, tzinfo=UTC),
    )
    answer = client_as(owner).post(f"/plans/{plan.id}/start")
    assert answer.status_code == 302
    plan = fresh(plan.id)
    article = db.session.get(Article, plan.article_id)
    assert article is not None and plan.status == STARTED
    assert answer.headers["Location"].endswith(f"/articles/{article.id}/edit")
    assert article.headline == "Budget vote" and article.state == workflow.DRAFT
    assert [a.id for a in article.authors] == [amal.id]
    assert article.editor_id == owner.id and article.language == "ar"
    assert article.section_id == section("Politics").id
    assert article.region_id == plan.region_id is not None
    deadlines = {
        d.stage: (d.due_at, d.origin)
        for d in db.session.scalars(
            select(ArticleDeadline).where(ArticleDeadline.article_id == article.id)
        )
    }
    assert deadlines == {
        workflow.DRAFT: (plan.filed_by, FROM_PLAN),
        workflow.EDIT: (plan.edited_by, FROM_PLAN),
        workflow.FACT_CHECK: (plan.checked_by, FROM_PLAN),
    }
    # The story and the plan point at each other on their pages and on the board.
    story_page = client_as(owner).get(f"/articles/{article.id}").text
    assert f'href="/plans/{plan.id}"' in story_page and "Thu 4 Jun 09:00" in story_page
    assert "Planned: Thu 4 Jun 09:00" in client_as(owner).get("/desk/").text
    plan_page = client_as(owner).get(f"/plans/{plan.id}").text
    assert f'href="/articles/{article.id}"' in plan_page and "Draft" in plan_page
    assert said(plan_events("plan.started")[0]) == (
        "Layla Mansour started the draft of the plan “budget-vote”: “Budget vote”"
    )
    # Started once: a second start is refused, nothing new made.
    assert client_as(owner).post(f"/plans/{plan.id}/start").status_code == 409
    assert db.session.scalars(select(Article)).all() == [article]


def test_the_plans_reporter_may_start_their_draft(client_as: Any, owner: User, amal: User) -> None:
    plan = make_plan(owner, amal)
    assert client_as(amal).post(f"/plans/{plan.id}/start").status_code == 302
    article = db.session.get(Article, fresh(plan.id).article_id)
    assert article is not None and [a.id for a in article.authors] == [amal.id]


def test_moving_the_slot_leaves_deadlines_and_the_publish_time(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    filed = datetime(2026, 6, 3, 13, 0, tzinfo=UTC)
    plan = make_plan(owner, amal, filed_by=filed)
    new = {"slot_start": "2026-06-05 10:00", "slot_end": "2026-06-05 12:00"}
    assert client_as(owner).post(f"/plans/{plan.id}/move", data=new).status_code == 302
    plan = fresh(plan.id)
    assert plan.slot_start == datetime(2026, 6, 5, 7, 0, tzinfo=UTC)
    assert plan.slot_end == datetime(2026, 6, 5, 9, 0, tzinfo=UTC)
    assert plan.filed_by == filed
    assert said(plan_events("plan.moved")[0]) == (
        "Layla Mansour moved the plan “budget-vote” to 2026-06-05 07:00 UTC to 09:00 UTC"
    )
    assert "Slot moved to Fri 5 Jun 10:00–12:00" in [n.excerpt for n in told(amal)]
    # Empty: back to the unscheduled tray.
    client_as(owner).post(f"/plans/{plan.id}/move", data={"slot_start": "", "slot_end": ""})
    assert fresh(plan.id).slot_start is None and fresh(plan.id).slot_end is None
    assert "unscheduled tray" in said(plan_events("plan.moved")[-1])
    listed = client_as(owner).get("/plans/?when=unscheduled").text
    assert "budget-vote" in listed


def test_move_slot_and_move_deadline_as_the_calendar_calls_them(
    frozen: Any, owner: User, amal: User
) -> None:
    plan = make_plan(owner, amal)
    assert service.move_slot(plan, SLOT, None, owner) is False  # already there
    later = SLOT + timedelta(days=1)
    assert service.move_slot(plan, later, later + timedelta(hours=1), owner) is True
    assert service.move_deadline(plan, "edited_by", SLOT, owner) is True
    assert plan.edited_by == SLOT and plan.slot_start == later  # the slot did not move
    with pytest.raises(service.Refused, match="filed by, edited by or checked by"):
        service.move_deadline(plan, "published_at", SLOT, owner)
    with pytest.raises(service.Refused):
        service.move_slot(plan, SLOT, SLOT - timedelta(hours=1), owner)
    article = service.start_draft(plan, owner)
    db.session.flush()
    # A started plan's deadlines are its story's (the deadlines feature): refused here.
    with pytest.raises(service.Refused, match="deadlines are on the story"):
        service.move_deadline(plan, "filed_by", SLOT, owner)
    publish_before = article.published_at
    assert service.move_slot(plan, None, None, owner) is True
    assert article.published_at == publish_before
    with pytest.raises(service.Refused):
        service.move_slot(plan, SLOT, None, amal)  # a reporter
    db.session.rollback()


def test_reassign_tells_the_old_and_the_new(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    jad = make_user(Role.REPORTER, display_name="Jad Haddad")
    karim = make_user(Role.EDITOR, display_name="Karim Aziz")
    plan = make_plan(owner, amal)
    answer = client_as(karim).post(
        f"/plans/{plan.id}/reassign", data={"owner_id": str(karim.id), "reporter_id": str(jad.id)}
    )
    assert answer.status_code == 302
    assert (fresh(plan.id).owner_id, fresh(plan.id).reporter_id) == (karim.id, jad.id)
    assert told(amal) and told(jad) and told(owner) and not told(karim)
    assert said(plan_events("plan.reassigned")[0]) == (
        "Karim Aziz reassigned the plan “budget-vote”: desk owner from Layla Mansour to "
        "Karim Aziz and reporter from Amal Nasser to Jad Haddad"
    )
    # Amal is off it now: she no longer sees it (404), nor its notification's title.
    assert client_as(amal).get(f"/plans/{plan.id}").status_code == 404
    inbox = client_as(amal).get("/inbox/").text
    assert "A plan you can no longer open" in inbox and "budget-vote" not in inbox


def test_kill_needs_a_note_and_restore_brings_it_back(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    plan = make_plan(owner, amal)
    refused = client_as(owner).post(f"/plans/{plan.id}/kill", data={"note": ""})
    assert refused.status_code == 422 and "Say why the plan is killed." in refused.text
    assert fresh(plan.id).status == PLANNED
    client_as(owner).post(f"/plans/{plan.id}/kill", data={"note": "The vote is postponed"})
    assert (fresh(plan.id).status, fresh(plan.id).kill_note) == (KILLED, "The vote is postponed")
    assert "The vote is postponed" in client_as(owner).get(f"/plans/{plan.id}").text
    # A killed plan is off the budget.
    assert "budget-vote" not in client_as(owner).get("/plans/budget?day=2026-06-04").text
    client_as(owner).post(f"/plans/{plan.id}/restore")
    assert fresh(plan.id).status == PLANNED and fresh(plan.id).kill_note == ""
    sentences = [said(e) for e in plan_events("plan.killed") + plan_events("plan.restored")]
    assert sentences == [
        "Layla Mansour killed the plan “budget-vote”: “The vote is postponed”",
        "Layla Mansour restored the plan “budget-vote”",
    ]
    assert [n.excerpt for n in told(amal)] == ["Killed: The vote is postponed", "Restored"]


def test_a_started_plan_restores_to_started(client_as: Any, owner: User, amal: User) -> None:
    plan = make_plan(owner, amal)
    client_as(owner).post(f"/plans/{plan.id}/start")
    client_as(owner).post(f"/plans/{plan.id}/kill", data={"note": "Held"})
    article_id = fresh(plan.id).article_id
    assert db.session.get(Article, article_id).state == workflow.DRAFT  # type: ignore[union-attr]
    client_as(owner).post(f"/plans/{plan.id}/restore")
    assert fresh(plan.id).status == STARTED


def test_a_stale_save_is_refused_and_keeps_the_typed_text(
    client_as: Any, owner: User, amal: User
) -> None:
    plan = make_plan(owner, amal)
    opened = plan.version
    karim = make_user(Role.EDITOR, display_name="Karim Aziz")
    client_as(karim).post(f"/plans/{plan.id}/move", data={"slot_start": "2026-06-06 09:00"})
    answer = client_as(owner).post(
        f"/plans/{plan.id}/edit",
        data=form(version=str(opened), notes="My careful rewrite of the notes"),
    )
    assert answer.status_code == 409
    assert "Someone changed this plan since you opened it" in answer.text
    assert "My careful rewrite of the notes" in answer.text
    assert fresh(plan.id).notes == ""
    current = str(fresh(plan.id).version)
    saved = client_as(owner).post(
        f"/plans/{plan.id}/edit", data=form(version=current, notes="My careful rewrite")
    )
    assert saved.status_code == 302 and fresh(plan.id).notes == "My careful rewrite"
    assert "changed the plan “budget-vote” (" in said(plan_events("plan.edited")[0])
    # The page's smaller forms carry the version too.
    stale = client_as(owner).post(
        f"/plans/{plan.id}/kill", data={"note": "Dropped", "version": str(opened)}
    )
    assert stale.status_code == 409 and fresh(plan.id).status == PLANNED


ACTIONS = ("accept", "decline", "kill", "restore", "move", "deadline", "reassign")


@pytest.mark.parametrize("action", ACTIONS)
def test_a_reporter_on_the_plan_may_not_change_it(
    client_as: Any, owner: User, amal: User, action: str
) -> None:
    plan = make_plan(owner, amal, status=PROPOSED if action in ("accept", "decline") else PLANNED)
    if action == "restore":
        plan.status, plan.kill_note = KILLED, "Dropped"
        db.session.commit()
    before = (fresh(plan.id).status, fresh(plan.id).version)
    data = {"note": "x", "slot_start": "", "which": "filed_by", "due_at": "", "owner_id": ""}
    answer = client_as(amal).post(f"/plans/{plan.id}/{action}", data=data)
    assert answer.status_code == 403
    assert (fresh(plan.id).status, fresh(plan.id).version) == before
    assert client_as(amal).post(f"/plans/{plan.id}/edit", data=form()).status_code == 403
    denied = plan_events("access.denied")
    assert denied and denied[0].details["permission"] == "plan.manage"


def test_who_sees_which_plans(
    client_as: Any, owner: User, amal: User, fact_checker: User, admin: User
) -> None:
    jad = make_user(Role.REPORTER, display_name="Jad Haddad")
    mine = make_plan(owner, amal, working_title="port-reopens")
    theirs = make_plan(owner, jad, working_title="wages-freeze")
    listed = client_as(amal).get("/plans/").text
    assert "port-reopens" in listed and "wages-freeze" not in listed
    assert client_as(amal).get(f"/plans/{theirs.id}").status_code == 404
    assert client_as(amal).post(f"/plans/{theirs.id}/start").status_code == 404
    assert "wages-freeze" not in client_as(amal).get("/plans/budget?day=2026-06-04").text
    # A fact-checker sees none, until assigned to check a started plan's story.
    assert "port-reopens" not in client_as(fact_checker).get("/plans/").text
    assert client_as(fact_checker).get(f"/plans/{mine.id}").status_code == 404
    assert client_as(fact_checker).get("/plans/new").status_code == 403
    assert client_as(fact_checker).post("/plans/new", data=form()).status_code == 403
    client_as(owner).post(f"/plans/{mine.id}/start")
    article = db.session.get(Article, fresh(mine.id).article_id)
    assert article is not None
    article.fact_checker_id = fact_checker.id
    db.session.commit()
    assert client_as(fact_checker).get(f"/plans/{mine.id}").status_code == 200
    killed = client_as(fact_checker).post(f"/plans/{mine.id}/kill", data={"note": "x"})
    assert killed.status_code == 403
    # Editors and admins see all; the desk bar's Calendar leads them to the budget.
    for person in (owner, admin):
        listed = client_as(person).get("/plans/").text
        assert "port-reopens" in listed and "wages-freeze" in listed
        assert 'href="/calendar/"' in client_as(person).get("/desk/").text
        assert 'href="/plans/budget"' in client_as(person).get("/calendar/").text


def test_the_budget_groups_a_day_by_section(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    make_plan(owner, amal, working_title="budget-vote", planned_words=900)
    make_plan(
        owner, amal, working_title="derby-preview", section_id=section("Sports").id,
        slot_start=SLOT + timedelta(hours=3), slot_end=SLOT + timedelta(hours=4),
    )  # fmt: skip
    make_plan(owner, amal, working_title="next-week", slot_start=SLOT + timedelta(days=3))
    make_plan(owner, amal, working_title="in-the-tray", slot_start=None)
    make_plan(owner, amal, working_title="a-pitch", status=PROPOSED)
    started = make_plan(owner, amal, working_title="port-reopens", planned_words=600)
    client_as(owner).post(f"/plans/{started.id}/start")
    page = client_as(owner).get("/plans/budget?day=2026-06-04")
    assert page.status_code == 200
    text = page.text
    assert "Thursday 4 June 2026" in text
    assert text.index("Politics") < text.index("budget-vote") < text.index("Sports")
    assert text.index("Sports") < text.index("derby-preview")
    assert "12:00–13:00" in text and "Thu 4 Jun" not in text  # one day: times only
    assert "1,500 words" in text  # Politics: 900 + 600
    assert "Port reopens" in text and "EN, AR" in text  # the started plan's story, one row
    for absent in ("next-week", "in-the-tray", "a-pitch"):
        assert absent not in text
    ranged = client_as(owner).get("/plans/budget?from=2026-06-04&to=2026-06-07").text
    assert "next-week" in ranged
    assert client_as(owner).get("/plans/budget?from=2026-06-07&to=2026-06-01").status_code == 422
    assert client_as(owner).get("/plans/budget?day=not-a-day").status_code == 200
    css = client_as(owner).get("/static/css/planning.css").text
    assert "@media print" in css and ".topbar" in css


def test_the_list_filters_are_kept_in_the_address(client_as: Any, owner: User, amal: User) -> None:
    make_plan(owner, amal, working_title="budget-vote")
    make_plan(owner, None, working_title="derby-preview", section_id=section("Sports").id)
    sports = client_as(owner).get(f"/plans/?section={section('Sports').id}").text
    assert "derby-preview" in sports and "budget-vote" not in sports
    assert "budget-vote" in client_as(owner).get(f"/plans/?person={amal.id}").text
    assert "derby-preview" not in client_as(owner).get(f"/plans/?person={amal.id}").text
    fragment = client_as(owner).get("/plans/?status=planned", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="plan-list">')


def test_a_plan_notification_opens_the_plan(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    plan = make_plan(owner, amal)
    client_as(owner).post(f"/plans/{plan.id}/move", data={"slot_start": "2026-06-05 09:00"})
    inbox = client_as(amal).get("/inbox/").text
    assert "Plan: budget-vote" in inbox and "changed the plan" in inbox
    item = told(amal)[0]
    opened = client_as(amal).get(f"/inbox/{item.id}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/plans/{plan.id}")


def test_an_other_story_without_a_plan_shows_no_plan(client_as: Any, owner: User) -> None:
    article = make_article("draft", headline="Unplanned")
    assert "Planned" not in client_as(owner).get(f"/articles/{article.id}").text


def test_the_plan_pages_forms_carry_their_csrf_token(make_app: Any) -> None:
    """With CSRF on, as in production: the plan page's button posts its token and works; the
    same POST without it is refused."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        owner = make_user(Role.EDITOR, display_name="Layla Mansour")
        plan_id = make_plan(owner, None, status=PROPOSED).id
        client = app.test_client()
        login = client.get("/login").text
        token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        data = {"email": owner.email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 302
        page = client.get(f"/plans/{plan_id}").text
        accept = page.split(f'action="/plans/{plan_id}/accept">')[1]
        token = accept.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post(f"/plans/{plan_id}/accept").status_code == 400
        assert fresh(plan_id).status == PROPOSED
        answer = client.post(f"/plans/{plan_id}/accept", data={"csrf_token": token})
        assert answer.status_code == 302 and fresh(plan_id).status == PLANNED


def test_the_deadline_form_moves_one_deadline_until_the_draft_starts(
    client_as: Any, owner: User, amal: User
) -> None:
    plan = make_plan(owner, amal)
    data = {"which": "checked_by", "due_at": "2026-06-03 21:30"}
    assert client_as(owner).post(f"/plans/{plan.id}/deadline", data=data).status_code == 302
    assert fresh(plan.id).checked_by == datetime(2026, 6, 3, 18, 30, tzinfo=UTC)
    assert fresh(plan.id).slot_start == SLOT
    assert said(plan_events("plan.deadline_moved")[0]) == (
        "Layla Mansour moved the checked-by deadline of the plan “budget-vote” to "
        "2026-06-03 18:30 UTC"
    )
    bad = client_as(owner).post(f"/plans/{plan.id}/deadline", data={**data, "due_at": "soon"})
    assert bad.status_code == 422 and "YYYY-MM-DD HH:MM" in bad.text and 'value="soon"' in bad.text
    client_as(owner).post(f"/plans/{plan.id}/start")
    refused = client_as(owner).post(f"/plans/{plan.id}/deadline", data=data)
    assert refused.status_code == 409 and "deadlines are on the story now" in refused.text


def test_a_plans_deadlines_win_over_the_sections_default(
    frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    """A section's default deadline for drafts is written as the draft is made; the plan's own
    "filed by" then stands instead (one deadline per stage, never a clash or a lost plan time)."""
    from editorial.models import SectionDeadlineDefault

    db.session.add(
        SectionDeadlineDefault(section_id=section("Politics").id, stage=workflow.DRAFT, minutes=60)
    )
    db.session.commit()
    plan = make_plan(owner, amal, filed_by=datetime(2026, 6, 3, 13, 0, tzinfo=UTC))
    assert client_as(owner).post(f"/plans/{plan.id}/start").status_code == 302
    rows = db.session.scalars(
        select(ArticleDeadline).where(ArticleDeadline.article_id == fresh(plan.id).article_id)
    ).all()
    assert [(d.stage, d.due_at, d.origin) for d in rows] == [
        (workflow.DRAFT, plan.filed_by, FROM_PLAN)
    ]


def test_the_budget_is_kept_per_desk_version_and_says_the_minute_it_was_printed(
    app: Any, frozen: Any, client_as: Any, owner: User, amal: User
) -> None:
    from editorial.database import counted_statements

    plan = make_plan(owner, amal, working_title="budget-vote")
    desk = client_as(owner)
    assert "budget-vote" in desk.get("/plans/budget?day=2026-06-04").text
    with counted_statements(app) as statements:
        again = desk.get("/plans/budget?day=2026-06-04").text
    assert "budget-vote" in again and "Printed 1 Jun 12:00." in again
    # Kept whole (editorial.kept_parts): no plan is read again.
    assert not [s for s in statements if "FROM plans" in s], statements
    plan.working_title = "budget-vote-delayed"  # as any process could write it
    db.session.commit()
    assert "budget-vote-delayed" in desk.get("/plans/budget?day=2026-06-04").text
    frozen.tick(minutes=1)
    assert "Printed 1 Jun 12:01." in desk.get("/plans/budget?day=2026-06-04").text
    # A reporter at the same address and minute sees only the plans they are on.
    assert (
        "budget-vote"
        not in client_as(make_user(Role.REPORTER)).get("/plans/budget?day=2026-06-04").text
    )
