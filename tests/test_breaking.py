"""Breaking headlines on the desk: scheduling, live validation, row actions, audit, time zones."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from editorial import clock
from editorial.extensions import db
from editorial.models import AuditEvent, BreakingHeadline, User
from tests.factories import make_article, make_headline
from tests.helpers import HX, T0, edit_form, new, reload


def audit(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def errors(html: str) -> dict[str, str]:
    """Field id -> message of every non-empty message slot in `html`."""
    found = re.findall(r'<p class="error" id="([\w-]+)-error"[^>]*>([^<]*)</p>', html)
    return {field: message.replace("&#39;", "'") for field, message in found if message}


# -- Scheduling -------------------------------------------------------------------------------


def test_desk_page_shows_form_preview_and_lists(desk: FlaskClient) -> None:
    make_headline("Live one")
    html = desk.get("/breaking").get_data(as_text=True)
    assert 'for="new-starts_at">Starts (Asia/Beirut)</label>' in html
    assert 'for="new-ends_at">Ends (Asia/Beirut)</label>' in html
    # Start defaults to now, end to six hours later, both in the newsroom's zone.
    assert 'value="2026-06-01 12:00"' in html
    assert 'value="2026-06-01 18:00"' in html
    for title in ("Live", "Upcoming", "Expired (last 24 h)", "Withdrawn"):
        assert f">{title} <span" in html
    assert 'id="breaking-ticker"' in html and "Live one" in html
    assert 'hx-get="/breaking"' in html and 'hx-trigger="every 20s"' in html


def test_create_without_javascript_redirects_with_a_flash(desk: FlaskClient) -> None:
    response = desk.post("/breaking", data=new(text="Ministers resign", pinned="y"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/breaking#headline-")
    headline = db.session.scalars(select(BreakingHeadline)).one()
    assert (headline.text, headline.pinned) == ("Ministers resign", True)
    assert (headline.starts_at, headline.ends_at) == (T0, T0 + timedelta(hours=6))
    assert headline.created_by.display_name == "Elie Editor"
    page = desk.get("/breaking").get_data(as_text=True)
    assert "It is live on the ticker now." in page


def test_create_through_htmx_returns_a_fresh_form_and_the_list(desk: FlaskClient) -> None:
    data = new(text="Talks resume", starts_at="2026-06-01T14:30", ends_at="2026-06-01T16:00")
    response = desk.post("/breaking", data=data, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form id="new-headline"' in html and 'value="Talks resume"' not in html
    assert 'id="list-scheduled"' in html and 'hx-swap-oob="true"' in html
    assert "Talks resume" in html
    assert "toast" in response.headers["HX-Trigger"]
    assert "breaking-changed" in response.headers["HX-Trigger"]
    headline = db.session.scalars(select(BreakingHeadline)).one()
    assert headline.starts_at == datetime(2026, 6, 1, 11, 30, tzinfo=UTC)
    assert headline.ends_at == datetime(2026, 6, 1, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": ""}, "new-text", "Write the headline."),
        ({"text": "x" * 214}, "new-text", "Keep it to 200 characters (now 214)."),
        (
            {"text": "Quake", "starts_at": "2026-06-01T15:00", "ends_at": "2026-06-01T14:00"},
            "new-ends_at",
            "The end must be after the start.",
        ),
        (
            {"text": "Quake", "ends_at": "2026-06-01T11:59"},
            "new-ends_at",
            "The end is already past.",
        ),
        (
            {"text": "Quake", "starts_at": "2026-13-45T99:00"},
            "new-starts_at",
            "Give the start as a date and time.",
        ),
        (
            {"text": "Quake", "ends_at": "0001-01-01T00:30"},
            "new-ends_at",
            "Give a year between 2000 and 2100.",
        ),
        (
            {"text": "Quake", "article": "No such story"},
            "new-article",
            "No published article has that headline. Pick one from the suggestions, "
            "or paste its address.",
        ),
    ],
)
def test_every_validation_message_sits_beside_its_field(
    desk: FlaskClient, fields: dict[str, str], field: str, message: str
) -> None:
    page = desk.post("/breaking", data=new(**fields))
    assert page.status_code == 422
    assert errors(page.get_data(as_text=True)) == {field: message}
    fragment = desk.post("/breaking", data=new(**fields), headers=HX)
    assert fragment.status_code == 422
    html = fragment.get_data(as_text=True)
    assert html.startswith('<form id="new-headline"')
    assert errors(html) == {field: message}
    assert db.session.scalars(select(BreakingHeadline)).all() == []


def test_live_validation_answers_the_message_slots_out_of_band(desk: FlaskClient) -> None:
    data = new(text="x" * 214, starts_at="2026-06-01T15:00", ends_at="2026-06-01T14:00")
    typed_text = desk.post(
        "/breaking/validate", data=data, headers={**HX, "HX-Trigger-Name": "new-text"}
    )
    html = typed_text.get_data(as_text=True)
    assert typed_text.status_code == 200
    assert 'hx-swap-oob="innerHTML"' in html
    assert errors(html) == {"new-text": "Keep it to 200 characters (now 214)."}
    assert 'id="new-ends_at-error"' not in html  # only the field being typed in
    typed_end = desk.post(
        "/breaking/validate", data=data, headers={**HX, "HX-Trigger-Name": "new-ends_at"}
    )
    html = typed_end.get_data(as_text=True)
    assert errors(html) == {"new-ends_at": "The end must be after the start."}
    assert 'id="new-starts_at-error"' in html  # its partner is refreshed too
    fine = desk.post(
        "/breaking/validate", data=new(text="Quake"), headers={**HX, "HX-Trigger-Name": "new-text"}
    )
    assert errors(fine.get_data(as_text=True)) == {}
    assert 'id="new-text-error"' in fine.get_data(as_text=True)


def test_live_validation_without_javascript_shows_the_page(desk: FlaskClient) -> None:
    response = desk.post("/breaking/validate", data=new(text=""))
    assert response.status_code == 422
    assert errors(response.get_data(as_text=True)) == {"new-text": "Write the headline."}
    assert desk.post("/breaking/validate", data=new(text="Fine")).status_code == 200


def test_only_a_public_article_can_be_linked(desk: FlaskClient) -> None:
    story = make_article("published", headline="Quake hits the north")
    draft = make_article("draft", headline="Secret draft story")
    refused = desk.post("/breaking", data=new(text="Quake", article="Secret draft story"))
    assert "new-article" in errors(refused.get_data(as_text=True))
    by_headline = desk.post("/breaking", data=new(text="Quake", article="quake hits the NORTH"))
    assert by_headline.status_code == 302
    by_address = desk.post(
        "/breaking", data=new(text="Again", article=f"https://x/news/{story.slug}")
    )
    assert by_address.status_code == 302
    assert [h.article_id for h in db.session.scalars(select(BreakingHeadline))] == [story.id] * 2
    suggestions = desk.get("/breaking/articles?field=new-article&new-article=quake")
    assert f'<option value="{story.headline}">' in suggestions.get_data(as_text=True)
    hidden = desk.get("/breaking/articles?field=new-article&new-article=secret", headers=HX)
    assert draft.headline not in hidden.get_data(as_text=True)


def test_two_articles_with_one_headline_need_the_address(desk: FlaskClient) -> None:
    make_article("published", headline="Storm warning")
    make_article("published", headline="Storm warning")
    response = desk.post("/breaking", data=new(text="Storm", article="Storm warning"))
    assert errors(response.get_data(as_text=True)) == {
        "new-article": "More than one published article has that headline. Paste its address."
    }


# -- Row actions ------------------------------------------------------------------------------


def act(client: FlaskClient, headline: BreakingHeadline, action: str, hx: bool, **data: Any) -> Any:
    form = {"version": str(reload(headline).version), **{k: str(v) for k, v in data.items()}}
    return client.post(f"/breaking/{headline.id}/{action}", data=form, headers=HX if hx else {})


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_extend(desk: FlaskClient, hx: bool) -> None:
    headline = make_headline(minutes=60)
    response = act(desk, headline, "extend", hx, minutes=30)
    assert reload(headline).ends_at == T0 + timedelta(minutes=90)
    act(desk, headline, "extend", hx, minutes=60)
    assert reload(headline).ends_at == T0 + timedelta(minutes=150)
    if hx:
        html = response.get_data(as_text=True)
        assert html.startswith(f'<li id="headline-{headline.id}"')  # only its row
        assert "ends in 1 h" in html
        assert "Extended by 30 min" in response.headers["HX-Trigger"]
    else:
        assert response.status_code == 302
    events = audit("breaking.extended")
    assert [e.details["minutes"] for e in events] == [30, 60]
    assert events[0].details["new"] == "2026-06-01T10:30:00Z"
    assert act(desk, headline, "extend", hx, minutes=45).status_code == 400


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_end_now_moves_it_to_expired(desk: FlaskClient, hx: bool) -> None:
    headline = make_headline(starts=T0 - timedelta(minutes=10))
    response = act(desk, headline, "end", hx)
    assert reload(headline).ends_at == T0
    if hx:
        html = response.get_data(as_text=True)
        assert response.headers["HX-Reswap"] == "none"
        assert '<section id="list-live"' in html and '<section id="list-expired"' in html
        live, expired = html.split('<section id="list-expired"')
        assert f'id="headline-{headline.id}"' in expired and f"headline-{headline.id}" not in live
    else:
        assert response.status_code == 302
        assert "Ended: it is off the ticker." in desk.get("/breaking").get_data(as_text=True)
    assert audit("breaking.ended")[0].details == {
        "old": "2026-06-01T09:50:00Z",
        "new": "2026-06-01T09:00:00Z",
    }


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_withdraw_and_restore(desk: FlaskClient, hx: bool) -> None:
    headline = make_headline()
    withdrawn = act(desk, headline, "withdraw", hx)
    assert reload(headline).withdrawn_at == T0
    restored = act(desk, headline, "restore", hx)
    assert reload(headline).withdrawn_at is None
    if hx:
        assert 'id="list-withdrawn"' in withdrawn.get_data(as_text=True)
        assert "Restored: it is live again." in restored.headers["HX-Trigger"]
    assert audit("breaking.withdrawn")[0].details == {"was": "live"}
    assert audit("breaking.restored")[0].details["now"] == "live"


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_pin_and_unpin(desk: FlaskClient, hx: bool) -> None:
    headline = make_headline(starts=T0 + timedelta(hours=1))  # upcoming: its list keeps order
    response = act(desk, headline, "pin", hx, pinned=1)
    assert reload(headline).pinned is True
    if hx:
        assert "Pinned" in response.get_data(as_text=True)
        assert response.get_data(as_text=True).startswith("<li")
    act(desk, headline, "pin", hx, pinned=0)
    assert reload(headline).pinned is False
    assert len(audit("breaking.pinned")) == len(audit("breaking.unpinned")) == 1


@pytest.mark.parametrize("hx", [False, True], ids=["page", "htmx"])
def test_move_up_and_down_in_the_running_order(desk: FlaskClient, hx: bool) -> None:
    first = make_headline("First", starts=T0 - timedelta(minutes=1))
    second = make_headline("Second", starts=T0 - timedelta(minutes=2))
    third = make_headline("Third", starts=T0 - timedelta(minutes=3))
    response = act(desk, third, "move", hx, direction="up")
    if hx:
        html = response.get_data(as_text=True)
        assert html.index("Third") < html.index("Second")  # the live list, re-ordered
    ticker = desk.get("/breaking/ticker").get_data(as_text=True)
    assert ticker.index("First") < ticker.index("Third") < ticker.index("Second")
    act(desk, first, "move", hx, direction="down")
    ticker = desk.get("/breaking/ticker").get_data(as_text=True)
    assert ticker.index("Third") < ticker.index("First") < ticker.index("Second")
    assert [e.details["direction"] for e in audit("breaking.moved")] == ["up", "down"]
    assert audit("breaking.moved")[0].details["order"] == [first.id, third.id, second.id]


def test_cannot_move_past_the_edge_or_out_of_the_pins(desk: FlaskClient) -> None:
    pinned = make_headline("Pinned", pinned=True)
    top = make_headline("Top")
    for headline, direction in ((pinned, "up"), (top, "up"), (pinned, "down")):
        response = act(desk, headline, "move", True, direction=direction)
        assert response.status_code == 409
        assert response.headers["HX-Retarget"] == "#breaking-lists"
        assert "already" in response.headers["HX-Trigger"]
    refused = act(desk, top, "move", False, direction="up")
    assert refused.status_code == 302
    assert "It is already first among the unpinned headlines." in desk.get("/breaking").get_data(
        as_text=True
    )
    assert audit("breaking.moved") == []


@pytest.mark.parametrize(
    ("status_of", "action", "data"),
    [
        ("scheduled", "end", {}),
        ("scheduled", "move", {"direction": "up"}),
        ("expired", "extend", {"minutes": 30}),
        ("expired", "withdraw", {}),
        ("live", "restore", {}),
        ("withdrawn", "pin", {"pinned": 1}),
    ],
)
def test_actions_a_status_does_not_allow_are_refused(
    desk: FlaskClient, status_of: str, action: str, data: dict[str, Any]
) -> None:
    starts = {"scheduled": T0 + timedelta(hours=1), "expired": T0 - timedelta(hours=2)}
    headline = make_headline(
        starts=starts.get(status_of, T0),
        withdrawn_at=T0 if status_of == "withdrawn" else None,
    )
    before = reload(headline).version
    response = act(desk, headline, action, True, **data)
    assert response.status_code == 409
    assert reload(headline).version == before
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert not [a for a in actions if a.startswith("breaking.")]


def test_a_stale_button_is_refused_and_changes_nothing(desk: FlaskClient) -> None:
    headline = make_headline()
    old_version = reload(headline).version
    act(desk, headline, "extend", True, minutes=30)
    stale = desk.post(
        f"/breaking/{headline.id}/extend",
        data={"version": str(old_version), "minutes": "30"},
        headers=HX,
    )
    assert stale.status_code == 409
    assert "Someone else changed this headline meanwhile" in stale.headers["HX-Trigger"]
    assert reload(headline).ends_at == T0 + timedelta(minutes=90)
    assert desk.post(f"/breaking/{headline.id}/extend", data={"minutes": "30"}).status_code == 400


# -- Editing in place -------------------------------------------------------------------------


def test_edit_in_place_both_ways(desk: FlaskClient) -> None:
    headline = make_headline("Quake hits the north", starts=T0 - timedelta(minutes=20, seconds=7))
    form = desk.get(f"/breaking/{headline.id}/edit", headers=HX).get_data(as_text=True)
    assert form.startswith(f'<li id="headline-{headline.id}" class="bk-row bk-editing">')
    assert 'value="Quake hits the north"' in form
    page = desk.get(f"/breaking/{headline.id}/edit")
    assert "<h1>Edit breaking headline</h1>" in page.get_data(as_text=True)

    saved = desk.post(
        f"/breaking/{headline.id}/edit", data=edit_form(headline, text="Quake: 5 dead"), headers=HX
    )
    assert saved.status_code == 200
    assert saved.get_data(as_text=True).startswith(f'<li id="headline-{headline.id}"')
    assert "Quake: 5 dead" in saved.get_data(as_text=True)
    after = reload(headline)
    assert after.starts_at == T0 - timedelta(minutes=20, seconds=7)  # start left as shown: kept
    assert audit("breaking.updated")[0].details["changes"] == {
        "text": ["Quake hits the north", "Quake: 5 dead"]
    }
    plain = desk.post(
        f"/breaking/{headline.id}/edit", data=edit_form(headline, text="Quake: 7 dead")
    )
    assert plain.status_code == 302
    assert reload(headline).text == "Quake: 7 dead"

    cancel = desk.get(f"/breaking/{headline.id}", headers=HX)
    assert cancel.get_data(as_text=True).startswith(
        f'<li id="headline-{headline.id}" class="bk-row'
    )
    assert desk.get(f"/breaking/{headline.id}").status_code == 302


def test_edit_errors_stay_in_the_row(desk: FlaskClient) -> None:
    headline = make_headline()
    bad = edit_form(headline, text="", ends_at="2026-06-01T11:00")
    response = desk.post(f"/breaking/{headline.id}/edit", data=bad, headers=HX)
    assert response.status_code == 422
    assert errors(response.get_data(as_text=True)) == {
        f"h{headline.id}-text": "Write the headline.",
        f"h{headline.id}-ends_at": "The end is already past.",
    }
    live = desk.post(
        f"/breaking/{headline.id}/validate",
        data=bad,
        headers={**HX, "HX-Trigger-Name": f"h{headline.id}-ends_at"},
    )
    assert errors(live.get_data(as_text=True)) == {
        f"h{headline.id}-ends_at": "The end is already past."
    }


def test_a_stale_edit_keeps_the_typed_text_and_shows_theirs(desk: FlaskClient) -> None:
    headline = make_headline("Original")
    mine = edit_form(headline, text="My version")
    act(desk, headline, "extend", False, minutes=30)  # someone else, meanwhile
    response = desk.post(f"/breaking/{headline.id}/edit", data=mine, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this headline meanwhile" in html and "“Original”" in html
    assert 'value="My version"' in html
    assert f'value="{reload(headline).version}"' in html  # saving again goes through
    assert reload(headline).text == "Original"


def test_editing_moves_a_row_between_lists(desk: FlaskClient) -> None:
    headline = make_headline(starts=T0 + timedelta(hours=2))
    data = edit_form(headline, starts_at="2026-06-01T11:00")  # in the past: now
    response = desk.post(f"/breaking/{headline.id}/edit", data=data, headers=HX)
    assert response.headers["HX-Reswap"] == "none"
    assert 'id="list-live"' in response.get_data(as_text=True)
    assert reload(headline).starts_at == T0


def test_lists_partial_for_the_poll(desk: FlaskClient, frozen: Any) -> None:
    live = make_headline("Running")
    upcoming = make_headline("Later", starts=T0 + timedelta(minutes=12))
    ended = make_headline("Done", starts=T0 - timedelta(hours=3))
    old = make_headline("Long gone", starts=T0 - timedelta(days=2))
    gone = make_headline("Pulled", withdrawn_at=T0)
    html = desk.get("/breaking", headers=HX).get_data(as_text=True)
    assert "<html" not in html
    sections = dict(re.findall(r'<section id="list-(\w+)"(.*?)</section>', html, re.S))
    assert f"headline-{live.id}" in sections["live"] and "ends in 1 h" in sections["live"]
    assert (
        f"headline-{upcoming.id}" in sections["scheduled"]
        and "starts in 12 min" in sections["scheduled"]
    )
    assert f"headline-{ended.id}" in sections["expired"] and "ended 2 h ago" in sections["expired"]
    assert f"headline-{gone.id}" in sections["withdrawn"]
    assert f"headline-{old.id}" not in html
    frozen.tick(minutes=13)
    html = desk.get("/breaking", headers=HX).get_data(as_text=True)
    sections = dict(re.findall(r'<section id="list-(\w+)"(.*?)</section>', html, re.S))
    assert f"headline-{upcoming.id}" in sections["live"]  # the clock alone moved it


def test_rows_say_who_made_and_changed_it(
    desk: FlaskClient, frozen: Any, editor: User, admin: User, client_as: Any
) -> None:
    headline = make_headline(by=editor)
    assert "last changed" not in desk.get("/breaking").get_data(as_text=True)
    frozen.tick(minutes=5)
    act(client_as(admin), headline, "extend", False, minutes=30)
    html = desk.get("/breaking").get_data(as_text=True)
    assert "Made by Elie Editor 5 min ago · last changed by Aya Admin just now" in html
    assert "Starts <time" in html and "01 Jun 2026 12:00" in html  # Beirut time


# -- Time zones -------------------------------------------------------------------------------


def test_daylight_saving_does_not_shift_a_headline(make_app: Any) -> None:
    app: Flask = make_app(NEWSROOM_TZ="Europe/Berlin")
    with app.app_context(), clock.frozen(datetime(2026, 3, 28, 12, 0, tzinfo=UTC)):
        from tests.factories import make_user
        from tests.helpers import sign_in

        client = sign_in(app.test_client(), make_user("editor"))
        page = client.get("/breaking").get_data(as_text=True)
        assert "Starts (Europe/Berlin)" in page
        # 01:30 is winter time (UTC+1); at 02:00 clocks go to 03:00; 04:30 is summer time (UTC+2).
        data = new(text="Clocks change", starts_at="2026-03-29T01:30", ends_at="2026-03-29T04:30")
        assert client.post("/breaking", data=data).status_code == 302
        headline = db.session.scalars(select(BreakingHeadline)).one()
        assert headline.starts_at == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
        assert headline.ends_at == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)
        edit = client.get(f"/breaking/{headline.id}/edit").get_data(as_text=True)
        assert 'value="2026-03-29 01:30"' in edit and 'value="2026-03-29 04:30"' in edit
        listed = client.get("/breaking", headers=HX).get_data(as_text=True)
        assert "29 Mar 2026 01:30" in listed and "29 Mar 2026 04:30" in listed


# -- Audit, concurrency, reads ----------------------------------------------------------------


def test_every_change_is_audited_with_who_and_what(desk: FlaskClient, editor: User) -> None:
    desk.post("/breaking", data=new(text="Quake", starts_at="2026-06-01T13:00"))
    headline = db.session.scalars(select(BreakingHeadline)).one()
    created = audit("breaking.created")[0]
    assert (created.actor_id, created.object_type, created.object_id) == (
        editor.id,
        "breaking_headline",
        str(headline.id),
    )
    assert created.details == {
        "text": "Quake",
        "article_id": None,
        "starts_at": "2026-06-01T10:00:00Z",
        "ends_at": "2026-06-01T16:00:00Z",
        "pinned": False,
        "language": "en",  # which edition's ticker shows it
    }
    for action, data in (
        ("extend", {"minutes": 60}),
        ("pin", {"pinned": 1}),
        ("pin", {"pinned": 0}),
        ("withdraw", {}),
        ("restore", {}),
    ):
        assert act(desk, headline, action, True, **data).status_code == 200
    desk.post(f"/breaking/{headline.id}/edit", data=edit_form(headline, text="Quake: update"))
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert [a for a in actions if a.startswith("breaking.")] == [
        "breaking.created",
        "breaking.extended",
        "breaking.pinned",
        "breaking.unpinned",
        "breaking.withdrawn",
        "breaking.restored",
        "breaking.updated",
    ]
    assert {e.actor_id for e in db.session.scalars(select(AuditEvent))} == {editor.id}


def test_a_concurrent_change_is_caught_by_the_version_column(app: Flask, editor: User) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    from editorial.breaking import service as breaking_actions

    headline = reload(make_headline())
    version = headline.version
    # Another request commits a change between this one's read and its write.
    db.session.execute(
        update(BreakingHeadline)
        .where(BreakingHeadline.id == headline.id)
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(StaleDataError):
        breaking_actions.extend(headline, 30, version=version, actor=editor, at=T0)
        db.session.flush()
    db.session.rollback()
    assert audit("breaking.extended") == []


def test_the_preview_is_the_public_partial(desk: FlaskClient) -> None:
    make_headline("Running", pinned=True)
    make_headline("Also running", starts=T0 - timedelta(minutes=3))
    page = desk.get("/breaking").get_data(as_text=True)
    inner = re.search(r'<div id="breaking-ticker".*?>(.*?)</div>\s*<p class="empty', page, re.S)
    assert inner
    assert inner[1].strip() == desk.get("/breaking/ticker").get_data(as_text=True).strip()


def test_reading_the_desk_writes_nothing(desk: FlaskClient) -> None:
    headline = make_headline()
    make_article("published", headline="Quake hits the north")

    def snapshot() -> tuple[Any, ...]:
        db.session.expire_all()
        rows = db.session.execute(select(BreakingHeadline.__table__)).all()
        return (tuple(rows), db.session.scalar(select(db.func.count(AuditEvent.id))))

    before = snapshot()
    row = f"/breaking/{headline.id}"  # a row alone is an htmx fragment; a page request goes back
    for path in (
        "/breaking",
        row,
        f"/breaking/{headline.id}/edit",
        "/breaking/articles?field=new-article&new-article=quake",
        "/breaking/ticker",
        "/api/breaking",
        "/breaking.rss",
    ):
        for headers in ({}, HX):
            expected = 302 if path == row and not headers else 200
            assert desk.get(path, headers=headers).status_code == expected, (path, headers)
    assert snapshot() == before


def test_a_lost_race_at_flush_answers_409(
    desk: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    headline = make_headline()

    def lost_race(*args: Any, **kwargs: Any) -> None:
        raise StaleDataError("0 rows matched")

    monkeypatch.setattr("editorial.breaking.service.perform", lost_race)
    response = act(desk, headline, "extend", True, minutes=30)
    assert response.status_code == 409
    assert "Someone else changed this headline meanwhile" in response.headers["HX-Trigger"]
    assert act(desk, headline, "extend", False, minutes=30).status_code == 302


def test_a_new_headline_is_not_read_back_after_its_commit(app: Flask, desk: FlaskClient) -> None:
    """The answer (the flash, the row's anchor) is said from what was written (bench:writes5b):
    no statement after the commit reads the headline again; the messages are as before."""
    from editorial.database import counted_statements

    with counted_statements(app) as statements:
        response = desk.post("/breaking", data=new(text="Ministers resign"))
    headline = db.session.scalars(select(BreakingHeadline)).one()
    assert response.headers["Location"] == f"/breaking#headline-{headline.id}"
    reads = [sql for sql in statements if sql.lstrip().startswith("SELECT breaking_headlines.")]
    assert reads == []
    later = new(text="Polls open", starts_at="2026-06-01T20:00")
    response = desk.post("/breaking", data=later)
    page = desk.get("/breaking").get_data(as_text=True)
    assert "Scheduled: it starts 01 Jun 2026 20:00." in page
