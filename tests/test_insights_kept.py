"""The figures of /insights kept for the minute (`insights.views.kept_figures`): a second load
reuses them, a change on the desk shows at once, the next minute draws them again, the page says
when they are from, and a reporter never gets an editor's figures for the same address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from editorial import allocator, clock
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from tests.helpers import page_csrf_token
from tests.test_insights import NOW, page


def figures(html: str) -> str:
    """The figures' part of the page (the rest holds this request's CSRF token)."""
    return html[html.index("figures-as-of") : html.rindex("</section>")]


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
    with clock.frozen(NOW):
        apply(
            insights_newsroom["open"],
            "send_to_fact_check",
            editor,
            Request(fact_checker_id=fact_checker.id),
        )
        db.session.commit()
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
