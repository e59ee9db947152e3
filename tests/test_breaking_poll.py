"""The breaking desk's lists poll: 304 with nothing read or drawn while nothing changed, and
every change to a headline (or what its row names), or the clock moving one, on the next poll."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from editorial.database import counted_statements
from editorial.extensions import db
from editorial.models import BreakingHeadline, User
from tests.factories import make_article, make_headline
from tests.helpers import HX, T0, edit_form, reload


def poll(client: FlaskClient, etag: str | None = None, page: str = "/breaking") -> Any:
    headers = {**HX, "HX-Current-URL": f"http://localhost{page}"}
    if etag:
        headers["If-None-Match"] = f'"{etag}"'
    return client.get("/breaking", headers=headers)


@pytest.fixture
def loaded() -> Iterator[list[int]]:
    """The ids of the breaking headlines built from rows while the test runs."""
    ids: list[int] = []

    def note(target: BreakingHeadline, _context: Any) -> None:
        ids.append(target.id)

    event.listen(BreakingHeadline, "load", note)
    try:
        yield ids
    finally:
        event.remove(BreakingHeadline, "load", note)


def test_an_unchanged_poll_answers_304_with_nothing_read_or_drawn(
    app: Flask, desk: FlaskClient, drawn: list[str], loaded: list[int]
) -> None:
    make_headline("Quake hits the north")
    first = poll(desk)
    assert first.status_code == 200 and "Quake hits the north" in first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "no-cache"
    etag = first.get_etag()[0]
    drawn.clear()
    loaded.clear()
    with counted_statements(app) as statements:
        again = poll(desk, etag)
    assert again.status_code == 304 and again.get_data() == b""
    assert drawn == [] and loaded == []
    assert not any("breaking_headlines" in statement for statement in statements)


def _edit(desk: FlaskClient, headline: BreakingHeadline, _editor: User) -> str:
    data = edit_form(headline, text="Quake: aftershocks expected")
    assert desk.post(f"/breaking/{headline.id}/edit", data=data).status_code == 302
    return "Quake: aftershocks expected"


def _extend(desk: FlaskClient, headline: BreakingHeadline, _editor: User) -> str:
    form = {"version": str(reload(headline).version), "minutes": "30"}
    assert desk.post(f"/breaking/{headline.id}/extend", data=form).status_code == 302
    return "ends in 1 h"  # 90 min from now


def _withdraw(desk: FlaskClient, headline: BreakingHeadline, _editor: User) -> str:
    form = {"version": str(reload(headline).version)}
    assert desk.post(f"/breaking/{headline.id}/withdraw", data=form).status_code == 302
    return '<section id="list-withdrawn"'


def _another(desk: FlaskClient, _headline: BreakingHeadline, _editor: User) -> str:
    make_headline("Second quake reported")
    return "Second quake reported"


def _direct(_desk: FlaskClient, headline: BreakingHeadline, _editor: User) -> str:
    reload(headline).text = "Quake: written by a job"
    db.session.commit()
    return "Quake: written by a job"


def _linked_story(_desk: FlaskClient, headline: BreakingHeadline, _editor: User) -> str:
    reload(headline).article.headline = "Quake: the full story, updated"
    db.session.commit()
    return "Quake: the full story, updated"


def _maker_renamed(_desk: FlaskClient, _headline: BreakingHeadline, editor: User) -> str:
    db.session.get(User, editor.id).display_name = "Elie Editor-Haddad"
    db.session.commit()
    return "Made by Elie Editor-Haddad"


CHANGES: dict[str, Callable[[FlaskClient, BreakingHeadline, User], str]] = {
    "edited": _edit,
    "extended": _extend,
    "withdrawn": _withdraw,
    "another scheduled": _another,
    "written outside a request": _direct,
    "its story renamed": _linked_story,
    "its maker renamed": _maker_renamed,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_shows_on_the_next_poll(desk: FlaskClient, editor: User, change: str) -> None:
    story = make_article(state="published", headline="Quake: the full story")
    headline = make_headline("Quake hits the north", by=editor, article_id=story.id)
    etag = poll(desk).get_etag()[0]
    assert poll(desk, etag).status_code == 304
    shown = CHANGES[change](desk, headline, editor)
    after = poll(desk, etag)
    assert after.status_code == 200
    html = after.get_data(as_text=True)
    assert shown in html
    if change == "withdrawn":
        assert f"headline-{headline.id}" in html.split('<section id="list-withdrawn"')[1]
    assert poll(desk, after.get_etag()[0]).status_code == 304


def test_the_clock_moves_a_headline_on_the_next_minute(desk: FlaskClient, frozen: Any) -> None:
    upcoming = make_headline("Polls close", starts=T0 + timedelta(minutes=1))
    first = poll(desk)
    assert "starts in 1 min" in first.get_data(as_text=True)
    frozen.tick(seconds=30)
    assert poll(desk, first.get_etag()[0]).status_code == 304  # the same minute
    frozen.tick(seconds=30)
    after = poll(desk, first.get_etag()[0])
    assert after.status_code == 200
    live = after.get_data(as_text=True).split('<section id="list-scheduled"')[0]
    assert f"headline-{upcoming.id}" in live and "started just now" in live


def test_each_language_shown_has_its_own_answer(desk: FlaskClient) -> None:
    make_headline("Quake hits the north")
    everything = poll(desk)
    arabic = poll(desk, everything.get_etag()[0], page="/breaking?language=ar")
    assert arabic.status_code == 200 and "Quake hits the north" not in arabic.get_data(as_text=True)
    assert arabic.get_etag()[0] != everything.get_etag()[0]
    assert poll(desk, arabic.get_etag()[0], page="/breaking?language=ar").status_code == 304


def test_the_page_itself_is_never_a_304(desk: FlaskClient) -> None:
    etag = poll(desk).get_etag()[0]
    page = desk.get("/breaking", headers={"If-None-Match": f'"{etag}"'})
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
