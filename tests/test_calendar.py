"""The calendar (issue 22): each kind of time shown on its own, on its day in the newsroom's zone;
moving one kind leaves the others; the keyboard's form; htmx gets only the changed cells; the
filters in the address; the private .ics feed (parsed by icalendar) and its reset; permissions by
hand-made POSTs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, User
from editorial.models.planning import KILLED, PLANNED, PROPOSED, STARTED, ArticleDeadline, Plan
from tests.factories import make_article, make_headline, section

# T0 is Monday 1 June 2026, 09:00 UTC: 12:00 in Beirut (UTC+3 in summer).
MON = "2026-06-01"


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    """A June 2026 time given in UTC."""
    return datetime(2026, 6, day, hour, minute, tzinfo=UTC)


def make_plan(**fields: Any) -> Plan:
    plan = Plan(working_title=fields.pop("working_title", "budget-vote"), **fields)
    db.session.add(plan)
    db.session.commit()
    return plan


def cell(html: str, day: str) -> str:
    """The HTML of one day's cell."""
    match = re.search(rf'<section [^>]*id="cal-day-{day}".*?</section>', html, re.S)
    assert match, f"no cell for {day}"
    return match.group(0)


def days_of(html: str, key: str) -> list[str]:
    """The days whose cells hold the item `key`."""
    cells = re.findall(r'<section [^>]*id="cal-day-([0-9-]+)".*?</section>', html, re.S)
    found = []
    for day in cells:
        if f'id="{key}"' in cell(html, day):
            found.append(day)
    return found


@pytest.fixture
def week(frozen: Any, editor: User, reporter: User) -> dict[str, Any]:
    """One of each kind in the week of T0, placed so the newsroom's zone decides the day."""
    story = make_article(
        "scheduled",
        authors=[reporter],
        headline="Budget vote passes",
        # Friday 5 June 09:00 Beirut; its embargo lifts Friday 00:30 Beirut (Thursday in UTC).
        published_at=utc(5, 6),
        embargo_until=utc(4, 21, 30),
        embargo_source="Ministry",
        embargo_reason="press conference",
    )
    slot = make_plan(
        working_title="budget-vote", status=STARTED, article_id=story.id, reporter_id=reporter.id,
        owner_id=editor.id, slot_start=utc(2, 7), slot_end=utc(2, 8), section=section(),
    )  # fmt: skip
    drafting = make_article("edit", authors=[reporter], headline="Fuel prices rise")
    deadline = ArticleDeadline(article_id=drafting.id, stage=workflow.EDIT, due_at=utc(3, 13))
    db.session.add(deadline)
    # Sunday 7 June 23:30 Beirut is Sunday 20:30 UTC; a late one, 00:15 Monday 8 in Beirut.
    unstarted = make_plan(
        working_title="port-strike", status=PLANNED, reporter_id=reporter.id,
        filed_by=utc(7, 20, 30), edited_by=utc(7, 21, 15),
    )  # fmt: skip
    tray = make_plan(working_title="heatwave-explainer", status=PLANNED)
    headline = make_headline("Quake hits the north", starts=utc(6, 5), minutes=120, by=editor)
    db.session.commit()
    return {"story": story, "slot": slot, "deadline": deadline, "unstarted": unstarted,
            "tray": tray, "headline": headline, "drafting": drafting}  # fmt: skip


def test_each_kind_is_its_own_item_on_its_day_in_the_newsroom_zone(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    html = client_as(editor).get(f"/calendar/?date={MON}").get_data(as_text=True)
    story, headline = week["story"], week["headline"]
    assert days_of(html, f"item-slot-{week['slot'].id}") == ["2026-06-02"]
    assert days_of(html, f"item-deadline-{week['deadline'].id}") == ["2026-06-03"]
    assert days_of(html, f"item-publish-{story.id}") == ["2026-06-05"]
    # 21:30 UTC on Thursday is 00:30 on Friday in Beirut.
    assert days_of(html, f"item-embargo-{story.id}") == ["2026-06-05"]
    assert days_of(html, f"item-headline-start-{headline.id}") == ["2026-06-06"]
    assert days_of(html, f"item-headline-end-{headline.id}") == ["2026-06-06"]
    unstarted = week["unstarted"].id
    assert days_of(html, f"item-plan-deadline-{unstarted}-filed_by") == ["2026-06-07"]
    assert days_of(html, f"item-plan-deadline-{unstarted}-edited_by") == []  # Monday 8th
    # Each says what it is in words, not only by colour, and shows its own local time.
    friday = cell(html, "2026-06-05")
    assert "Publishes" in friday and "Embargo lifts" in friday
    assert ">09:00<" in friday and ">00:30<" in friday
    tuesday = cell(html, "2026-06-02")
    assert "Slot" in tuesday and ">10:00<" in tuesday and ">11:00<" in tuesday
    tray = html.split('id="cal-tray"', 1)[1].split("</section>", 1)[0]
    assert "heatwave-explainer" in tray and "port-strike" in tray and "budget-vote" not in tray


def test_the_month_and_the_day_list(week: dict[str, Any], client_as: Any, editor: User) -> None:
    desk = client_as(editor)
    month = desk.get(f"/calendar/?view=month&date={MON}").get_data(as_text=True)
    assert 'id="cal-day-2026-06-30"' in month and 'id="cal-day-2026-07-05"' in month  # to Sunday
    assert days_of(month, f"item-embargo-{week['story'].id}") == ["2026-06-05"]
    day = desk.get("/calendar/?view=day&date=2026-06-05").get_data(as_text=True)
    assert re.findall(r'id="cal-day-([0-9-]+)"', day) == ["2026-06-05"]
    assert f"item-publish-{week['story'].id}" in day


def _post(client: FlaskClient, url: str, when: str, htmx: bool = False, back: str = "") -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    back = back or f"/calendar/?view=week&date={MON}"
    return client.post(url, data={"when": when, "back": back}, headers=headers)


def _times(story: Article, plan: Plan) -> tuple[Any, ...]:
    db.session.expire_all()
    story, plan = db.session.get(Article, story.id), db.session.get(Plan, plan.id)
    return (story.published_at, story.embargo_until, plan.slot_start, plan.slot_end)


def test_moving_the_publish_time_moves_nothing_else(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    story, plan = week["story"], week["slot"]
    _, embargo, slot_start, slot_end = _times(story, plan)
    response = _post(client_as(editor), f"/calendar/move/publish/{story.id}", "2026-06-06 10:00")
    assert response.status_code == 302
    published, *others = _times(story, plan)
    assert published == utc(6, 7)
    assert others == [embargo, slot_start, slot_end]
    assert story.state == workflow.SCHEDULED  # through the reschedule row, still scheduled


def test_moving_the_embargo_later_moves_nothing_else_and_forward_is_refused(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    story, plan = week["story"], week["slot"]
    published, _, slot_start, slot_end = _times(story, plan)
    desk = client_as(editor)
    assert _post(desk, f"/calendar/move/embargo/{story.id}", "2026-06-05 06:00").status_code == 302
    assert _times(story, plan) == (published, utc(5, 3), slot_start, slot_end)
    refused = _post(desk, f"/calendar/move/embargo/{story.id}", "2026-06-04 10:00")
    assert refused.status_code == 422
    assert "early lift" in refused.get_data(as_text=True)
    assert _times(story, plan)[1] == utc(5, 3)


def test_a_publish_time_before_the_embargo_is_refused_by_the_guard(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    story = week["story"]
    refused = _post(client_as(editor), f"/calendar/move/publish/{story.id}", "2026-06-04 09:00")
    assert refused.status_code == 422
    assert "embargo" in refused.get_data(as_text=True).lower()
    assert _times(story, week["slot"])[0] == utc(5, 6)


def test_htmx_gets_only_the_changed_cells(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    story = week["story"]
    response = _post(
        client_as(editor), f"/calendar/move/publish/{story.id}", "2026-06-06 18:00", htmx=True
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(re.findall(r'id="cal-day-([0-9-]+)"[^>]*hx-swap-oob', html)) == [
        "2026-06-05",
        "2026-06-06",
    ]
    assert "<html" not in html and 'id="cal-tray"' not in html
    assert days_of(html, f"item-publish-{story.id}") == ["2026-06-06"]
    # The embargo lift stays on Friday, where it was: only the publish time left that cell.
    assert days_of(html, f"item-embargo-{story.id}") == ["2026-06-05"]
    assert "moved to" in response.headers["HX-Trigger"]


def test_the_keyboard_path_is_a_labelled_form_that_moves_the_item(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    story, desk = week["story"], client_as(editor)
    back = f"/calendar/?view=week&date={MON}&kind=publish"
    page = desk.get(f"/calendar/move/publish/{story.id}", query_string={"back": back})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<label for="move-when">New date and time' in html and "Asia/Beirut" in html
    assert 'id="move-when"' in html and 'value="2026-06-05 09:00"' in html
    assert f'action="/calendar/move/publish/{story.id}"' in html
    moved = _post(desk, f"/calendar/move/publish/{story.id}", "2026-06-07 08:00", back=back)
    assert moved.status_code == 302 and moved.headers["Location"].endswith("kind=publish")
    shown = desk.get(moved.headers["Location"]).get_data(as_text=True)
    assert days_of(shown, f"item-publish-{story.id}") == ["2026-06-07"]
    assert "moved to Sun 07 Jun 08:00" in shown  # the flash
    # Every item an editor may move has its "Move to…" button, with words for a screen reader.
    week_page = desk.get(f"/calendar/?date={MON}").get_data(as_text=True)
    assert 'Move to…<span class="visually-hidden"> Embargo lifts: Budget vote passes' in week_page
    assert "Move to…" not in cell(week_page, "2026-06-06")  # headlines: the breaking desk's


def test_a_refused_drop_comes_back_as_the_form_with_the_reason(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    story = week["story"]
    response = _post(
        client_as(editor), f"/calendar/move/publish/{story.id}", "2026-06-04 09:00", htmx=True
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="move-form"' in html and "embargo" in html.lower()
    assert 'value="2026-06-04 09:00"' in html  # what was typed is kept
    assert "hx-swap-oob" not in html  # no cell changed
    assert "error" in response.headers["HX-Trigger"]


def test_the_tray_holds_only_planned_stories_without_a_slot(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    make_plan(working_title="killed-plan", status=KILLED)
    make_plan(working_title="proposed-plan", status=PROPOSED)
    make_plan(working_title="started-plan", status=STARTED)
    html = client_as(editor).get(f"/calendar/?date={MON}").get_data(as_text=True)
    tray = html.split('id="cal-tray"', 1)[1].split("</section>", 1)[0]
    assert "heatwave-explainer" in tray
    assert not {"killed-plan", "proposed-plan", "started-plan"} & set(
        re.findall(r">([a-z-]+)<", tray)
    )
    assert 'Unscheduled <span class="count">(2)' in tray


def test_a_bad_time_is_said_beside_the_field(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    response = _post(client_as(editor), f"/calendar/move/publish/{week['story'].id}", "Friday")
    assert response.status_code == 422
    assert "YYYY-MM-DD HH:MM" in response.get_data(as_text=True)


def test_filters_are_in_the_address_and_every_link_keeps_them(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    desk = client_as(editor)
    html = desk.get(f"/calendar/?date={MON}&kind=slot&kind=embargo").get_data(as_text=True)
    assert f"item-slot-{week['slot'].id}" in html and f"item-embargo-{week['story'].id}" in html
    assert f"item-publish-{week['story'].id}" not in html
    assert f"item-deadline-{week['deadline'].id}" not in html
    for label in ("Month", "Next<span", "Today"):
        link = re.search(rf'href="([^"]*)"[^>]*>{re.escape(label)}', html)
        assert link and "kind=slot&amp;kind=embargo" in link.group(1), label
    politics = section().id
    by_section = desk.get(f"/calendar/?date={MON}&section={politics + 1000}").get_data(as_text=True)
    assert "item-" not in by_section.split('id="cal-tray"')[0]
    arabic = desk.get(f"/calendar/?date={MON}&lang=ar").get_data(as_text=True)
    assert f"item-publish-{week['story'].id}" not in arabic


def test_a_person_filter_shows_what_they_are_on(
    week: dict[str, Any], client_as: Any, editor: User, reporter: User, fact_checker: User
) -> None:
    desk = client_as(editor)
    theirs = desk.get(f"/calendar/?date={MON}&person={reporter.id}").get_data(as_text=True)
    assert f"item-slot-{week['slot'].id}" in theirs
    assert f"item-publish-{week['story'].id}" in theirs
    nobodys = desk.get(f"/calendar/?date={MON}&person={fact_checker.id}").get_data(as_text=True)
    assert "item-slot" not in nobodys and "item-publish" not in nobodys


def test_the_private_feed_parses_and_a_reset_stops_the_old_address(
    week: dict[str, Any], client_as: Any, client: FlaskClient, reporter: User
) -> None:
    mine = client_as(reporter)
    assert "Get my calendar address" in mine.get("/calendar/").get_data(as_text=True)
    assert mine.post("/calendar/address", data={"back": "/calendar/"}).status_code == 302
    page = mine.get("/calendar/").get_data(as_text=True)
    address = re.search(r'value="(http[^"]+\.ics)"', page)
    assert address
    path = "/calendar/" + address.group(1).split("/calendar/", 1)[1]
    response = client.get(path)  # no one signed in: the token is the key
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "private" in response.headers["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.data)
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Beirut"
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    slot = events[f"item-slot-{week['slot'].id}"]
    assert slot.decoded("DTSTART") == utc(2, 7) and slot.decoded("DTEND") == utc(2, 8)
    assert slot.decoded("DTSTART").tzinfo is not None
    assert "DTSTART:20260602T070000Z" in response.get_data(as_text=True)
    deadline = events[f"item-deadline-{week['deadline'].id}"]
    assert deadline.decoded("DTSTART") == utc(3, 13) and "Edited by" in str(deadline["SUMMARY"])
    assert f"item-plan-deadline-{week['unstarted'].id}-filed_by" in events
    # Only slots and deadlines; not the publish time or the embargo.
    assert not [uid for uid in events if "publish" in uid or "embargo" in uid]

    assert mine.post("/calendar/address/reset", data={"back": "/calendar/"}).status_code == 302
    assert client.get(path).status_code == 404
    again = re.search(r'value="(http[^"]+\.ics)"', mine.get("/calendar/").get_data(as_text=True))
    assert again and again.group(1) != address.group(1)
    assert client.get("/calendar/" + again.group(1).split("/calendar/", 1)[1]).status_code == 200
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404


def test_a_deactivated_persons_feed_is_gone(
    week: dict[str, Any], client: FlaskClient, reporter: User
) -> None:
    reporter.calendar_token = "t" * 43
    db.session.commit()
    assert client.get(f"/calendar/feed/{'t' * 43}.ics").status_code == 200
    reporter.active = False
    db.session.commit()
    assert client.get(f"/calendar/feed/{'t' * 43}.ics").status_code == 404


def test_a_reporter_sees_their_own_items_and_moves_nothing(
    week: dict[str, Any], client_as: Any, reporter: User, editor: User
) -> None:
    other = make_article("scheduled", headline="Not hers", published_at=utc(4, 9))
    others_plan = make_plan(working_title="not-hers", status=PLANNED, slot_start=utc(3, 9))
    mine = client_as(reporter)
    html = mine.get(f"/calendar/?date={MON}").get_data(as_text=True)
    assert f"item-slot-{week['slot'].id}" in html and f"item-publish-{week['story'].id}" in html
    assert f"item-publish-{other.id}" not in html and f"item-slot-{others_plan.id}" not in html
    assert "item-headline" not in html  # the breaking desk's
    assert "Move to…" not in html and "draggable" not in html
    # Hand-made POSTs: someone else's item is not there at all; their own is refused.
    assert _post(mine, f"/calendar/move/publish/{other.id}", "2026-06-06 10:00").status_code == 404
    story = week["story"]
    refused = _post(mine, f"/calendar/move/publish/{story.id}", "2026-06-06 10:00")
    assert refused.status_code == 403
    assert mine.get(f"/calendar/move/publish/{story.id}").status_code == 403
    assert _times(story, week["slot"])[0] == utc(5, 6)


def test_a_fact_checker_reads_and_cannot_move(
    week: dict[str, Any], client_as: Any, fact_checker: User
) -> None:
    checker = client_as(fact_checker)
    story = week["story"]
    html = checker.get(f"/calendar/?date={MON}").get_data(as_text=True)
    assert f"item-publish-{story.id}" in html  # scheduled: a checked state they may see
    refused = _post(checker, f"/calendar/move/embargo/{story.id}", "2026-06-05 06:00")
    assert refused.status_code == 403
    assert _times(story, week["slot"])[1] == utc(4, 21, 30)


def test_signed_out_the_calendar_is_closed(client: FlaskClient) -> None:
    assert client.get("/calendar/").status_code in (302, 401)
    assert client.post(
        "/calendar/move/publish/1", data={"when": "2026-06-06 10:00"}
    ).status_code in (
        302,
        401,
        403,
    )


def test_moving_a_slot_keeps_its_window_and_moves_nothing_else(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    story, plan = week["story"], week["slot"]
    published, embargo, _, _ = _times(story, plan)
    response = _post(client_as(editor), f"/calendar/move/slot/{plan.id}", "2026-06-04 14:00",
                     htmx=True)  # fmt: skip
    assert response.status_code == 200
    assert _times(story, plan) == (published, embargo, utc(4, 11), utc(4, 12))
    html = response.get_data(as_text=True)
    assert sorted(re.findall(r'id="cal-day-([0-9-]+)"[^>]*hx-swap-oob', html)) == [
        "2026-06-02",
        "2026-06-04",
    ]


def test_a_plan_leaves_the_tray_when_given_a_slot(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    tray = week["tray"]
    response = _post(client_as(editor), f"/calendar/move/slot/{tray.id}", "2026-06-03 09:00",
                     htmx=True)  # fmt: skip
    html = response.get_data(as_text=True)
    assert 'id="cal-tray"' in html and "heatwave-explainer" in cell(html, "2026-06-03")
    db.session.expire_all()
    assert db.session.get(Plan, tray.id).slot_start == utc(3, 6)


def test_moving_a_plans_deadline_moves_only_that_deadline(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    plan = week["unstarted"]
    url = f"/calendar/move/plan-filed_by/{plan.id}"
    assert _post(client_as(editor), url, "2026-06-06 16:00").status_code == 302
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert plan.filed_by == utc(6, 13) and plan.edited_by == utc(7, 21, 15)
    assert plan.slot_start is None


def test_moving_an_article_deadline_moves_only_that_deadline(
    week: dict[str, Any], client_as: Any, editor: User
) -> None:
    deadline, story, plan = week["deadline"], week["story"], week["slot"]
    before = _times(story, plan)
    url = f"/calendar/move/deadline/{deadline.id}"
    assert _post(client_as(editor), url, "2026-06-04 12:00").status_code == 302
    db.session.expire_all()
    assert db.session.get(ArticleDeadline, deadline.id).due_at == utc(4, 9)
    assert _times(story, plan) == before


def test_the_month_is_kept_per_desk_version_and_each_editor_gets_their_own_address(
    app: Flask, week: dict[str, Any], client_as: Any, editor: User
) -> None:
    from editorial.database import counted_statements
    from editorial.models import Role
    from tests.factories import make_user

    address = f"/calendar/?view=month&date={MON}"
    desk = client_as(editor)
    assert "port-strike" in desk.get(address).text
    with counted_statements(app) as statements:
        again = desk.get(address).text
    assert "port-strike" in again
    # Kept whole (editorial.kept_parts): no plan, deadline or story is read again.
    read = ("FROM plans", "article_deadlines", "articles.headline")
    assert not [s for s in statements if any(table in s for table in read)], statements
    week["unstarted"].working_title = "port-strike-ends"  # as any process could write it
    db.session.commit()
    assert "port-strike-ends" in desk.get(address).text
    # The private feed's address is the viewer's own, at the same address and minute.
    editor.calendar_token = "e" * 43
    db.session.commit()
    assert "e" * 43 in desk.get(address).text
    colleague = client_as(make_user(Role.EDITOR)).get(address).text
    assert "e" * 43 not in colleague and "Get my calendar address" in colleague


def test_a_new_minute_draws_the_page_again_from_the_items_kept_but_the_embargoes(
    app: Flask, week: dict[str, Any], client_as: Any, editor: User, frozen: Any
) -> None:
    from editorial.database import counted_statements

    story, deadline = week["story"], week["deadline"]
    story.embargo_until = utc(1, 9, 3)  # lifts three minutes after T0
    db.session.commit()
    address = f"/calendar/?date={MON}"
    desk = client_as(editor)
    assert f"item-deadline-{deadline.id}" in desk.get(address).text
    frozen.tick(minutes=1)
    with counted_statements(app) as statements:
        again = desk.get(address).text
    assert f"item-deadline-{deadline.id}" in again and f"item-embargo-{story.id}" in again
    # Drawn again for the new minute, from the items kept for this desk version and viewer;
    # the embargoes, which the clock alone takes off, are read every time.
    assert not [s for s in statements if "article_deadlines" in s], statements
    assert [s for s in statements if "embargo_until >" in s]
    deadline.due_at = utc(4, 13)  # as any process could write it
    db.session.commit()
    assert days_of(desk.get(address).text, f"item-deadline-{deadline.id}") == ["2026-06-04"]
    frozen.tick(minutes=3)  # past the lift; nothing else changed
    with counted_statements(app) as statements:
        later = desk.get(address).text
    assert f"item-embargo-{story.id}" not in later and f"item-deadline-{deadline.id}" in later
    assert not [s for s in statements if "article_deadlines" in s]  # the items still kept


def test_editors_share_the_items_kept_and_a_reporter_reads_their_own(
    app: Flask, week: dict[str, Any], client_as: Any, editor: User, reporter: User
) -> None:
    from editorial.database import counted_statements
    from editorial.models import Role
    from tests.factories import make_user

    address = f"/calendar/?date={MON}"
    others = make_article("edit", headline="Not on her byline")
    db.session.add(ArticleDeadline(article_id=others.id, stage=workflow.EDIT, due_at=utc(3, 9)))
    db.session.commit()
    second = client_as(make_user(Role.EDITOR))  # before: a new person moves the desk's version
    assert "Not on her byline" in client_as(editor).get(address).text
    with counted_statements(app) as statements:
        colleague = second.get(address).text
    assert "Not on her byline" in colleague  # what every editor sees, read once for them all
    assert not [s for s in statements if "article_deadlines" in s], statements
    hers = client_as(reporter).get(address).text
    assert "Not on her byline" not in hers and "Fuel prices rise" in hers
