"""The figures of /insights kept for the minute (`insights.views.kept_figures`): a second load
reuses them, a change on the desk shows at once, the next minute draws them again, the page says
when they are from, and a reporter never gets an editor's figures for the same address."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from editorial import allocator, clock
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from tests.helpers import page_csrf_token
from tests.test_insights import NOW, page, send_open_to_fact_check


def figures(html: str) -> str:
    """The figures' part of the page (the rest holds this request's CSRF token)."""
    return html[html.index("figures-as-of") : html.rindex("</section>")]


def held_drawings(monkeypatch: Any) -> threading.Event:
    """Every insights drawing from now on held until the event returned is set (10 s at most)."""
    from editorial.insights import reading

    release = threading.Event()
    counted = reading._compute

    def held(filters: Any, now: Any, behind: bool) -> Any:
        release.wait(timeout=10)  # the drawing under way until the test lets it end
        return counted(filters, now, behind)

    monkeypatch.setattr(reading, "_compute", held)
    return release


def test_a_second_load_in_the_same_minute_reuses_the_figures(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any, drawings: list[Any]
) -> None:
    client = client_as(editor)
    first = page(client, "/insights/?period=7")
    assert figures(page(client, "/insights/?period=7")) == figures(first)
    assert len(drawings) == 1
    assert "Figures as of <time" in first and ">12:00</time>" in first  # Beirut's noon
    page(client, "/insights/?period=30")  # other filters: their own figures
    assert len(drawings) == 2


def test_a_change_on_the_desk_shows_at_once(
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    client_as: Any,
    drawings: list[Any],
) -> None:
    client = client_as(editor)
    before = page(client, "/insights/?period=7")
    assert "Edit took a median of 4 h" in before
    send_open_to_fact_check(insights_newsroom, editor, fact_checker)
    after = page(client, "/insights/?period=7")
    assert len(drawings) == 2
    assert figures(after) != figures(before)
    # Edit now ended for all three (2 h, 4 h, 9 h): still a median of 4 h, but the story that
    # was open now waits in fact-check, which it did not before.
    assert "Fact-check took a median of" in after


def test_the_next_minute_draws_the_figures_again(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any, drawings: list[Any]
) -> None:
    client = client_as(editor)
    page(client, "/insights/?period=7")
    with clock.frozen(NOW + timedelta(seconds=59)):
        client.get("/insights/?period=7")
    assert len(drawings) == 1
    with clock.frozen(NOW + timedelta(minutes=1)):
        later = client.get("/insights/?period=7").get_data(as_text=True)
    assert len(drawings) == 2
    assert ">12:01</time>" in later


def test_no_load_waits_for_a_drawing_the_page_asks_for_itself_until_the_figures_are_drawn(
    app: Any,
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    client_as: Any,
    drawings: list[Any],
    monkeypatch: Any,
) -> None:
    """Issue 28 (insights' p99 under 10x its p50, bench:insights8): with the app's own wait
    (none), the load after a counted write answers the kept figures at once, though the drawing
    that shows the write ends half a second later, and says newer ones are being drawn; the page
    asks for itself again (htmx) until they are, then asks no more. (On main the load waited a
    second for the drawing, and the page never asked again.)"""
    from editorial.insights import views

    client = client_as(editor)
    before = page(client, "/insights/?period=7")
    assert "figures-drawing" not in before and 'id="insights-now">' in before
    send_open_to_fact_check(insights_newsroom, editor, fact_checker)  # a counted write
    app.config.pop("INSIGHTS_FRESH_WAIT")  # the app's own: no test's wait
    release = held_drawings(monkeypatch)
    with clock.frozen(NOW):
        threading.Timer(0.5, release.set).start()
        soon = client.get("/insights/?period=7").get_data(as_text=True)
        release.set()
        for thread in list(views.DRAWINGS):
            thread.join(timeout=10)
        later = client.get("/insights/?period=7", headers={"HX-Request": "true"}).get_data(
            as_text=True
        )
    assert figures(soon) == figures(before)  # the figures from before the write
    assert "Newer figures are being drawn" in soon
    assert 'hx-get="/insights/?period=7" hx-trigger="load delay:1s"' in soon
    assert "Fact-check took a median of 1 h (the latest week" in later  # the write
    assert "figures-drawing" not in later and 'hx-get="/insights' not in later


def test_a_reporter_after_an_editor_at_the_same_address_gets_only_their_own_figures(
    insights_newsroom: dict[str, Any],
    editor: Any,
    reporter: Any,
    client_as: Any,
    drawings: list[Any],
) -> None:
    editor_page = page(client_as(editor), "/insights/?period=7")
    assert "Edit took a median of 4 h" in editor_page
    own = page(client_as(reporter), "/insights/?period=7")
    assert len(drawings) == 2
    assert drawings[1].person_id == reporter.id
    assert "Edit took a median of 2 h" in own  # their one story's edit, not the desk's


def test_a_second_load_draws_no_template_and_gives_nothing_back(
    insights_newsroom: dict[str, Any],
    editor: Any,
    client_as: Any,
    drawn: list[str],
    monkeypatch: Any,
) -> None:
    """The page's content is kept whole (`insights.views.kept_page`), and the allocator is
    asked to give memory back only after a request that built a report."""
    given: list[bool] = []
    monkeypatch.setattr(allocator, "give_back", lambda: given.append(True) or True)
    client = client_as(editor)
    first = page(client, "/insights/?period=7")
    assert given == [True] and "insights/_figures.html" in drawn
    drawn.clear()
    again = page(client, "/insights/?period=7")
    # Each page carries its own CSRF token (signed with the second it was made in).
    assert again.replace(page_csrf_token(again), "T") == first.replace(page_csrf_token(first), "T")
    assert given == [True]  # nothing built, nothing given back
    assert not {"insights/_page.html", "insights/_filters.html", "insights/_figures.html"} & set(
        drawn
    )


def test_while_the_next_minute_is_drawn_other_loads_get_the_previous_minutes_at_once(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any, drawings: list[Any]
) -> None:
    """Issue 28: the one request that finds a new minute draws it; one arriving meanwhile
    (here, sent from inside that drawing: no thread, no sleep) gets the previous minute's page
    and figures at once, saying they are from 12:00, and a page drawn around the previous
    minute's figures is not kept as the new minute's."""
    client = client_as(editor)
    page(client, "/insights/?period=7")
    meanwhile: dict[str, str] = {}
    from editorial.insights import reading

    counted = reading._compute

    def draw_with_visitors(filters: Any, now: Any, behind: bool) -> Any:
        # The 12:01 drawing: two more loads arrive while it runs.
        if len(drawings) == 1 and not meanwhile:
            meanwhile["same"] = ""  # once (on main the visitors drew, and came back here)
            other = client_as(editor)
            meanwhile["same"] = other.get("/insights/?period=7").get_data(as_text=True)
            meanwhile["other"] = other.get("/insights/?period=7&x=1").get_data(as_text=True)
        return counted(filters, now, behind)

    reading._compute = draw_with_visitors
    try:
        with clock.frozen(NOW + timedelta(minutes=1)):
            later = client.get("/insights/?period=7").get_data(as_text=True)
            after = client.get("/insights/?period=7&x=1").get_data(as_text=True)
    finally:
        reading._compute = counted
    assert len(drawings) == 2  # 12:00, then 12:01 once: nobody waited for it or drew it again
    assert ">12:00</time>" in meanwhile["same"] and ">12:00</time>" in meanwhile["other"]
    assert ">12:01</time>" in later and ">12:01</time>" in after


def test_a_load_after_a_write_the_drawing_under_way_misses_draws_its_own(
    app: Any,
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    client_as: Any,
    drawings: list[Any],
    monkeypatch: Any,
) -> None:
    """A write that moves insights' version lands while the next minute's figures are drawn
    for the version before it: a load after the write does not get the figures from before it
    (that drawing will not show the write either); it draws its own (at once here: the drawing
    it would wait for is its own caller's)."""
    from editorial.insights import views

    monkeypatch.setattr(views, "BUILD_WAIT", 0)
    client = client_as(editor)
    before = page(client, "/insights/?period=7")
    meanwhile: dict[str, str] = {}
    from editorial.insights import reading

    counted = reading._compute

    def draw_with_a_write(filters: Any, now: Any, behind: bool) -> Any:
        if len(drawings) == 1 and not meanwhile:
            meanwhile["page"] = ""
            with app.app_context():
                apply(
                    db.session.merge(insights_newsroom["open"]),
                    "send_to_fact_check",
                    db.session.merge(editor),
                    Request(fact_checker_id=fact_checker.id),
                )
                db.session.commit()
            meanwhile["page"] = client_as(editor).get("/insights/?period=7").get_data(as_text=True)
        return counted(filters, now, behind)

    reading._compute = draw_with_a_write
    try:
        with clock.frozen(NOW + timedelta(minutes=1)):
            client.get("/insights/?period=7")
    finally:
        reading._compute = counted
    assert len(drawings) == 3
    # The story that was in edit now waits in fact-check (under a minute so far).
    assert "Fact-check took a median of 1 h 30 min" in before
    assert "Fact-check took a median of 1 h (the latest week under 1 min" in meanwhile["page"]


def test_while_the_figures_after_a_write_are_drawn_other_loads_get_those_before_it(
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    client_as: Any,
    drawings: list[Any],
) -> None:
    """The decision (`insights.views`): after a counted write, the one load that finds the new
    version's figures missing draws them; a load arriving meanwhile gets the figures from before
    the write at once, for as long as that one drawing takes, not longer."""
    client = client_as(editor)
    before = page(client, "/insights/?period=7")
    send_open_to_fact_check(insights_newsroom, editor, fact_checker)
    meanwhile: dict[str, str] = {}
    from editorial.insights import reading

    counted = reading._compute

    def draw_with_a_visitor(filters: Any, now: Any, behind: bool) -> Any:
        if len(drawings) == 1 and not meanwhile:
            meanwhile["page"] = ""
            meanwhile["page"] = page(client_as(editor), "/insights/?period=7")
        return counted(filters, now, behind)

    reading._compute = draw_with_a_visitor
    try:
        after = page(client, "/insights/?period=7")
        again = page(client_as(editor), "/insights/?period=7")
    finally:
        reading._compute = counted
    assert len(drawings) == 2
    assert "Fact-check took a median of 1 h 30 min" in before
    assert "Fact-check took a median of 1 h 30 min" in meanwhile["page"]
    assert "Fact-check took a median of 1 h (the latest week under 1 min" in after
    assert "Fact-check took a median of 1 h (the latest week under 1 min" in again


def test_a_load_whose_drawing_is_slow_gets_the_kept_figures_at_once_however_old(
    app: Any,
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    client_as: Any,
    drawings: list[Any],
    drawn: list[str],
    monkeypatch: Any,
) -> None:
    """Issue 28 (bench:pginsights): the load that finds the figures missing draws them beside
    itself and waits at most `INSIGHTS_FRESH_WAIT` (0 here); past it, it answers the newest
    kept figures of the same filters and day, however old (half an hour, and a write, here),
    saying when they are from, as the page kept around them (no page drawn again); the drawing
    goes on and the load after it ends shows the write and the new minute. (On main the load
    waited for its own drawing, held here.)"""
    from editorial.insights import views

    client = client_as(editor)
    before = page(client, "/insights/?period=7")
    send_open_to_fact_check(insights_newsroom, editor, fact_checker)
    app.config["INSIGHTS_FRESH_WAIT"] = 0
    release = held_drawings(monkeypatch)
    drawn.clear()
    with clock.frozen(NOW + timedelta(minutes=30)):
        soon = client.get("/insights/?period=7").get_data(as_text=True)
        other = client_as(editor).get("/insights/?period=7").get_data(as_text=True)
        assert "insights/_page.html" not in drawn
        release.set()
        for thread in list(views.DRAWINGS):
            thread.join(timeout=10)
        later = client.get("/insights/?period=7").get_data(as_text=True)
    assert figures(soon) == figures(before) == figures(other)  # 12:00's, before the write
    assert ">12:00</time>" in soon and "Fact-check took a median of 1 h 30 min" in soon
    assert ">12:30</time>" in later and figures(later) != figures(before)
    assert len(drawings) == 2  # 12:00, then 12:30 once


def test_after_midnight_a_load_waits_for_the_new_days_figures(
    app: Any, insights_newsroom: dict[str, Any], editor: Any, client_as: Any, drawings: list[Any]
) -> None:
    """The period's days are in what the figures and the page are kept under: yesterday's
    never stand in for today's period, however short the wait (a guard)."""
    client = client_as(editor)
    page(client, "/insights/?period=7")
    app.config["INSIGHTS_FRESH_WAIT"] = 0
    with clock.frozen(NOW + timedelta(days=1)):
        tomorrow = client.get("/insights/?period=7").get_data(as_text=True)
    assert 'datetime="2026-06-02' in tomorrow and len(drawings) == 2
