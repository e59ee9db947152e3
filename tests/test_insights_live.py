"""Insights' live figure (issue 27): live stories running and live posts published per day, on
a hand-built history across the newsroom's midnight (Beirut, UTC+3 in June), its chart, its
table as CSV and the stories behind each number."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from editorial import clock
from editorial.extensions import db
from editorial.models import LivePost, LiveStory
from tests.factories import make_article, section

NOW = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)  # 12:00 on 3 June in Beirut
PERIOD = "from=2026-06-01&to=2026-06-03"


def utc(day: int, hour: float, month: int = 6) -> datetime:
    return datetime(2026, month, day, tzinfo=UTC) + timedelta(hours=hour)


@pytest.fixture
def live(app: Any) -> dict[str, Any]:
    """Two live Politics stories and one in Economy, with posts either side of midnight."""
    with clock.frozen(NOW):
        one = make_article("published", headline="Election night")
        two = make_article("published", headline="Storm watch")
        elsewhere = make_article("published", headline="Markets", section=section("Economy"))
    # 20:30 UTC on 31 May is 23:30 in Beirut; 21:30 UTC on 1 June is 00:30 on 2 June there.
    db.session.add(LiveStory(article_id=one.id, started_at=utc(31, 20.5, 5), ended_at=utc(1, 21.5)))
    db.session.add(LiveStory(article_id=two.id, started_at=utc(2, 5)))  # still live
    # Ended at midnight in Beirut: it ran on 1 June only, not on 2 June.
    db.session.add(LiveStory(article_id=elsewhere.id, started_at=utc(1, 6), ended_at=utc(1, 21)))
    posts = [
        (one, utc(31, 21.5, 5), None),  # 00:30 on 1 June in Beirut
        (one, utc(1, 20 + 59 / 60), None),  # 23:59 on 1 June
        (one, utc(1, 21), None),  # midnight: 2 June
        (two, utc(2, 6), utc(2, 7)),  # deleted: not counted
        (two, None, None),  # never published
        (two, utc(3, 8), None),
        (elsewhere, utc(1, 10), None),
    ]
    for article, published, deleted in posts:
        db.session.add(
            LivePost(
                article_id=article.id,
                headline="Update",
                body="Polls closed.",
                body_html="<p>Polls closed.</p>",
                published_at=published,
                deleted_at=deleted,
            )
        )
    db.session.commit()
    return {"one": one, "two": two, "elsewhere": elsewhere}


def get(client: Any, address: str) -> str:
    with clock.frozen(NOW):
        answer = client.get(address)
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def rows(client: Any, query: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(get(client, f"/insights/live.csv?{query}"))))


def test_live_stories_and_posts_per_newsroom_day(
    live: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    politics = section("Politics")
    assert rows(client, f"{PERIOD}&section={politics.id}") == [
        ["Day", "Live stories running", "Live posts published"],
        ["2026-06-01", "1", "2"],
        ["2026-06-02", "2", "1"],
        ["2026-06-03", "1", "1"],
    ]
    assert rows(client, PERIOD)[1:] == [
        ["2026-06-01", "2", "3"],
        ["2026-06-02", "2", "1"],
        ["2026-06-03", "1", "1"],
    ]


def test_the_chart_sits_in_the_breaking_section_with_its_words_and_links(
    live: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    html = get(client, f"/insights/?{PERIOD}")
    assert html.index('id="breaking"') < html.index('id="live"') < html.index('id="corrections"')
    figure = html.split('<section class="figure" id="live"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="live-title">Live stories and posts per day</h2>' in figure
    assert (
        "3 live stories ran and 5 live posts were published over 3 days; the busiest day was "
        "2026-06-01 with 3 posts." in figure
    )
    assert '<svg class="chart"' in figure and "Download as CSV" in figure
    assert '<a href="#live">Live</a>' in html
    link = re.search(
        r'href="(/insights/stories\?[^"]*figure=live%3Aposts%3A2026-06-01[^"]*)"', figure
    )
    assert link is not None
    listed = get(client, link.group(1).replace("&amp;", "&"))
    assert "Election night" in listed and "Markets" in listed and "Storm watch" not in listed


def test_a_reporter_sees_only_the_live_stories_they_are_on(
    live: dict[str, Any], reporter: Any, client_as: Any
) -> None:
    live["two"].authors = [reporter]
    db.session.commit()
    assert rows(client_as(reporter), PERIOD)[1:] == [
        ["2026-06-01", "0", "0"],
        ["2026-06-02", "1", "0"],
        ["2026-06-03", "1", "1"],
    ]
