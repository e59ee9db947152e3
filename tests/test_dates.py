"""Every date field reads times through one parser (`clock.parse_local`), with the same answers.

The newsroom's zone here is Europe/Berlin, whose clocks go forward at 02:00 on 28 March 2027 and
back at 03:00 on 31 October 2027. No date typed into any form answers 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from editorial import clock
from editorial.models import Role, User
from tests.factories import make_article, make_headline, make_user
from tests.helpers import sign_in

ZONE = "Europe/Berlin"
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CASES = [
    ("0001-01-01T00:00", "Give a year between 2000 and 2100."),
    ("9999-12-31T23:59", "Give a year between 2000 and 2100."),
    ("2027-01-01T10:00+05:00", "Give the time as it is in Europe/Berlin, without an offset or Z."),
    ("2027-01-01T10:00Z", "Give the time as it is in Europe/Berlin, without an offset or Z."),
    (
        "2027-03-28T02:30",
        "02:30 does not exist on 28 March 2027 in Europe/Berlin: clocks go forward.",
    ),
    (
        "2027-10-31T02:30",
        "02:30 happens twice on 31 October 2027 in Europe/Berlin: clocks go back.",
    ),
    ("２０２７-01-01T10:00", None),  # full-width digits: unreadable, in the field's own words
    ("2027-02-30T10:00", None),
]


@pytest.fixture
def berlin(make_app: Any) -> Iterator[Flask]:
    app = make_app(NEWSROOM_TZ=ZONE)
    with app.app_context(), clock.frozen(AT):
        yield app


@pytest.fixture
def editor_client(berlin: Flask) -> FlaskClient:
    return sign_in(berlin.test_client(), make_user(Role.EDITOR))


def _schedule(client: FlaskClient, typed: str) -> Any:
    article = make_article("ready")
    return client.post(f"/articles/{article.id}/transition/schedule", data={"publish_at": typed})


def _breaking_new(field: str) -> Any:
    def post(client: FlaskClient, typed: str) -> Any:
        return client.post("/breaking", data={"new-text": "Quake", f"new-{field}": typed})

    return post


def _breaking_edit(client: FlaskClient, typed: str) -> Any:
    headline = make_headline("Talks")
    prefix = f"h{headline.id}"
    data = {f"{prefix}-text": "Talks", f"{prefix}-version": str(headline.version)}
    data[f"{prefix}-starts_at"] = typed
    return client.post(f"/breaking/{headline.id}/edit", data=data)


FIELDS = {
    "schedule time": _schedule,
    "breaking start": _breaking_new("starts_at"),
    "breaking end": _breaking_new("ends_at"),
    "breaking edit start": _breaking_edit,
}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(("typed", "message"), CASES)
def test_every_date_field_gives_the_same_answer(
    editor_client: FlaskClient, field: str, typed: str, message: str | None
) -> None:
    response = FIELDS[field](editor_client, typed)
    assert 400 <= response.status_code < 500, response.status_code
    html = response.get_data(as_text=True).replace("&#39;", "'")
    if message:
        assert message in html


@pytest.mark.parametrize("field", FIELDS)
def test_every_date_field_takes_a_plain_local_time(editor_client: FlaskClient, field: str) -> None:
    response = FIELDS[field](editor_client, "2027-03-28T03:30")  # just after the clocks change
    assert response.status_code == 302, response.get_data(as_text=True)  # done: back


def test_the_parser_reads_the_zone_and_refuses_what_it_cannot_take() -> None:
    assert clock.parse_local("2027-01-01T10:00", ZONE) == datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
    assert clock.parse_local("2027-07-01 10:00:30", ZONE) == datetime(
        2027, 7, 1, 8, 0, 30, tzinfo=UTC
    )
    for typed, _message in CASES:
        with pytest.raises(clock.TimeProblem):
            clock.parse_local(typed, ZONE)


def test_every_time_input_shows_the_newsrooms_24_hour_clock_and_names_the_zone(
    client_as: Any, editor: User
) -> None:
    """No datetime-local (it shows the reader's locale, a 12-hour clock in en-US): a text box in
    the desk's own format, labelled with the zone (issue 13)."""
    import re as _re

    from tests.factories import make_article as _make_article

    ready = _make_article("ready")
    client = client_as(editor)
    for url in (f"/articles/{ready.id}", "/breaking"):
        html = client.get(url).get_data(as_text=True)
        assert "datetime-local" not in html, url
        inputs = _re.findall(r'<input[^>]*placeholder="YYYY-MM-DD HH:MM"[^>]*>', html)
        assert inputs, url
        assert "(Asia/Beirut)" in html, url
