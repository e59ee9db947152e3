"""Insights: the figures on a hand-built history with known answers, the stories behind each
figure, who sees what, the filters in the address, and the CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from editorial import clock
from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from editorial.insights import figures as f
from editorial.insights import filters as filtering
from editorial.models import Role
from editorial.models.claims import Claim
from editorial.models.history import ArticleTransition, Correction
from tests.factories import make_article, make_user, section

# A Monday; Beirut is UTC+3 in June, so it is 12:00 there.
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


def M(hours: float, name: str, a: str, b: str) -> f.Move:
    return f.Move(NOW + timedelta(hours=hours), name, a, b)


# -- the pure arithmetic ------------------------------------------------------------------


def test_median_and_90th_percentile() -> None:
    assert f.median([3, 1, 2]) == 2
    assert f.median(list(range(1, 11))) == 5.5
    assert f.percentile(list(range(1, 11)), 0.9) == 9  # nearest rank: the 9th of 10
    assert f.percentile([5.0], 0.9) == 5.0
    assert f.stats([]) == f.Stats(0, None, None)


def test_time_in_stage_adds_every_loop_of_reopen_and_flag_back() -> None:
    start = NOW - timedelta(hours=20)
    moves = [
        M(-19, "submit", "draft", "edit"),  # draft 1 h
        M(-17, "send_to_fact_check", "edit", "fact_check"),  # edit 2 h
        M(-16, "flag", "fact_check", "edit"),  # fact-check 1 h
        M(-15, "send_to_fact_check", "edit", "fact_check"),  # edit +1 h
        M(-13, "clear", "fact_check", "ready"),  # fact-check +2 h
        M(-12, "reopen", "ready", "edit"),  # ready 1 h
        M(-10, "send_to_fact_check", "edit", "fact_check"),  # edit +2 h
        M(-9, "clear", "fact_check", "ready"),  # fact-check +1 h
        M(-8, "schedule", "ready", "scheduled"),  # ready +1 h
        M(-7, "reschedule", "scheduled", "scheduled"),
        M(-6, "release", "scheduled", "published"),
    ]
    got = {t.stage: t for t in f.stage_times(1, start, moves, NOW)}
    assert {s: got[s].seconds / 3600 for s in got} == {
        "draft": 1,
        "edit": 5,
        "fact_check": 4,
        "ready": 2,
    }
    assert got["ready"].ended == NOW - 8 * H and not got["ready"].still_open


def test_a_story_still_in_progress_counts_up_to_now() -> None:
    moves = [M(-5, "submit", "draft", "edit")]
    got = {t.stage: t for t in f.stage_times(1, NOW - 6 * H, moves, NOW)}
    assert got["edit"].seconds == 5 * 3600 and got["edit"].still_open
    assert got["edit"].ended == NOW


def test_days_and_weeks_are_the_newsroom_s() -> None:
    late = datetime(2026, 5, 31, 21, 30, tzinfo=UTC)  # 00:30 on 1 June in Beirut
    assert str(f.local_day(late, "Asia/Beirut")) == "2026-06-01"
    assert str(f.local_day(late, "UTC")) == "2026-05-31"
    assert str(f.week_of(late, "Asia/Beirut")) == "2026-06-01"  # a Monday there
    assert str(f.week_of(late, "UTC")) == "2026-05-25"


def test_durations_and_changes_in_words() -> None:
    assert f.duration(3 * 3600 + 600) == "3 h 10 min"
    assert f.duration(2 * 86400 + 4 * 3600) == "2 d 4 h"
    assert f.duration(20) == "under 1 min"
    assert f.change(140, 100) == ", up 40% from the week before"
    assert f.change(50, 100) == ", down 50% from the week before"


def test_the_period_is_whole_days_in_the_newsroom_zone() -> None:
    found = filtering.parse({"period": "7"}, "Asia/Beirut", NOW)
    assert found.start == datetime(2026, 5, 25, 21, 0, tzinfo=UTC)  # 26 May 00:00 in Beirut
    assert found.end == datetime(2026, 6, 1, 21, 0, tzinfo=UTC)
    dates = filtering.parse({"from": "2026-05-01", "to": "2026-05-03"}, "UTC", NOW)
    assert (dates.days, dates.start, dates.end) == (
        None,
        datetime(2026, 5, 1, tzinfo=UTC),
        datetime(2026, 5, 4, tzinfo=UTC),
    )
    assert filtering.parse({"period": "12345"}, "UTC", NOW).days == 30


# -- a hand-built newsroom ----------------------------------------------------------------


def story(moves: list[tuple[float, str, str, str]], created: float, **fields: Any) -> Any:
    """An article created `created` hours from NOW whose transitions happened as given."""
    state = moves[-1][3] if moves else "draft"
    article = make_article(state, created_at=NOW + timedelta(hours=created), **fields)
    last = NOW + timedelta(hours=created)
    for hours, name, a, b in moves:
        last = NOW + timedelta(hours=hours)
        db.session.add(
            ArticleTransition(
                article_id=article.id,
                name=name,
                from_state=a,
                to_state=b,
                at=last,
                actor_id=fields.get("editor_id"),
            )
        )
        if name in ("publish", "release") and article.first_published_at is None:
            article.first_published_at = article.published_at = last
    article.state_changed_at = last
    db.session.commit()
    return article


def send_open_to_fact_check(newsroom: dict[str, Any], editor: Any, fact_checker: Any) -> None:
    """A counted write at `NOW`: the hand-built newsroom's open story sent to `fact_checker`
    (the other insights test modules move insights' version with it)."""
    with clock.frozen(NOW):
        apply(
            newsroom["open"], "send_to_fact_check", editor, Request(fact_checker_id=fact_checker.id)
        )
        db.session.commit()


def hand_built(editor: Any, fact_checker: Any, reporter: Any) -> dict[str, Any]:
    """`newsroom`'s stories (other modules build it too)."""
    other = make_user(Role.REPORTER)
    with clock.frozen(NOW):
        fast = story(
            [
                (-30, "submit", "draft", "edit"),
                (-28, "send_to_fact_check", "edit", "fact_check"),
                (-27, "clear", "fact_check", "ready"),
                (-26, "publish", "ready", "published"),
            ],
            -31,
            authors=[reporter],
            editor_id=editor.id,
            fact_checker_id=fact_checker.id,
        )
        looped = story(
            [
                (-20, "submit", "draft", "edit"),
                (-19, "send_to_fact_check", "edit", "fact_check"),
                (-18, "flag", "fact_check", "edit"),
                (-15, "send_to_fact_check", "edit", "fact_check"),
                (-14, "clear", "fact_check", "ready"),
            ],
            -22,
            authors=[other],
            editor_id=editor.id,
            fact_checker_id=fact_checker.id,
            section=section("Economy"),
        )
        open_ = story([(-9, "submit", "draft", "edit")], -10, authors=[other], editor_id=editor.id)
        db.session.add(Correction(article_id=fast.id, notice="A date was wrong.", at=NOW - 2 * H))
        db.session.add(
            Claim(
                article_id=looped.id,
                text="Officials said",
                verdict="verified",
                checked_at=NOW - 16 * H,
            )
        )
        db.session.add(
            Claim(article_id=looped.id, text="talks", verdict="false", checked_at=NOW - 15 * H)
        )
        db.session.commit()
    return {"fast": fast, "looped": looped, "open": open_, "other": other}


def page(client: Any, address: str) -> str:
    with clock.frozen(NOW):
        answer = client.get(address)
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def linked_ids(client: Any, html: str, key: str) -> set[int]:
    """The story ids listed by the link of figure `key` on the page `html`."""
    hrefs = {
        h.replace("&amp;", "&") for h in re.findall(r'href="(/insights/stories\?[^"]+)"', html)
    }
    href = next(h for h in hrefs if parse_qs(urlsplit(h).query)["figure"] == [key])
    listed = page(client, href)
    return {int(i) for i in re.findall(r'href="/articles/(\d+)"', listed)}


def test_an_editor_sees_time_in_stage_with_links_to_exactly_its_stories(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    html = page(client, "/insights/?period=7")
    # Edit: 2 h, 4 h (1 + 3 across the flag-back) and 9 h still open: median 4 h, p90 9 h.
    assert "Edit took a median of 4 h" in html
    assert linked_ids(client, html, "stage:edit") == {
        s.id
        for s in (insights_newsroom["fast"], insights_newsroom["looped"], insights_newsroom["open"])
    }
    assert linked_ids(client, html, "stage:fact_check") == {
        insights_newsroom["fast"].id,
        insights_newsroom["looped"].id,
    }
    assert linked_ids(client, html, "fc:flagged") == {insights_newsroom["looped"].id}
    assert linked_ids(client, html, "fc:first") == {insights_newsroom["fast"].id}
    assert linked_ids(client, html, "verdict:false") == {insights_newsroom["looped"].id}
    economy = section("Economy").id
    assert linked_ids(client, html, f"stage:edit:section:{economy}") == {
        insights_newsroom["looped"].id
    }
    assert 'role="group"' in html and "<title" in html


def test_the_csv_parses_and_matches_the_table(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    with clock.frozen(NOW):
        answer = client.get("/insights/stages.csv?period=7")
    assert answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0] == ["Stage", "Stories", "Median", "90th percentile"]
    assert rows[2] == ["Edit", "3", "4 h", "9 h"]
    html = page(client, "/insights/?period=7")
    row = re.search(r'<th scope="row">Edit</th>(.*?)</tr>', html, re.S)
    assert row and re.findall(r"<td><a [^>]*>([^<]*)</a></td>", row.group(1)) == rows[2][1:]


def test_flow_counts_days_in_the_newsroom_zone(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    html = page(client, "/insights/?period=7")
    # Published 26 h before 12:00 on 1 June in Beirut: 10:00 on 31 May there.
    assert linked_ids(client, html, "flow:published:2026-05-31") == {insights_newsroom["fast"].id}
    assert linked_ids(client, html, "flow:corrected:2026-06-01") == {insights_newsroom["fast"].id}


def test_a_reporter_sees_only_their_own_figures(
    insights_newsroom: dict[str, Any], reporter: Any, client_as: Any
) -> None:
    client = client_as(reporter)
    html = page(client, f"/insights/?period=7&person={insights_newsroom['other'].id}")
    assert "Your own figures" in html
    assert 'name="person"' not in html  # no choosing someone else
    assert linked_ids(client, html, "stage:edit") == {insights_newsroom["fast"].id}
    with clock.frozen(NOW):
        rows = list(
            csv.reader(
                io.StringIO(client.get("/insights/stages.csv?period=7").get_data(as_text=True))
            )
        )
    assert rows[2][:2] == ["Edit", "1"]


def test_filters_live_in_the_address(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    economy = section("Economy").id
    html = page(client, f"/insights/?period=30&section={economy}")
    assert f'<option value="{economy}" selected>' in html
    assert 'value="30" checked' in html
    assert linked_ids(client, html, "stage:edit") == {insights_newsroom["looped"].id}
    assert f"section={economy}" in re.search(r'href="(/insights/stories\?[^"]+)"', html).group(1)


def test_insights_need_a_sign_in(client: Any) -> None:
    assert client.get("/insights/").status_code in (302, 401)


def test_every_figure_s_link_lists_exactly_its_stories(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any, app: Any
) -> None:
    from editorial.insights import reading

    with app.test_request_context(), clock.frozen(NOW):
        found = filtering.parse({"period": "7"}, "Asia/Beirut", NOW)
        behind = {k: ids for k, ids in reading.compute(found, NOW).stories.items() if ids}
    assert len(behind) > 20
    client = client_as(editor)
    for key, ids in behind.items():
        listed = page(client, f"/insights/stories?{found.query(figure=key)}")
        assert {int(i) for i in re.findall(r'href="/articles/(\d+)"', listed)} == ids, key


def test_an_editor_may_narrow_to_one_person_and_corrections_count_per_hundred(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    html = page(client, f"/insights/?period=7&person={insights_newsroom['other'].id}")
    assert linked_ids(client, html, "stage:edit") == {
        insights_newsroom["looped"].id,
        insights_newsroom["open"].id,
    }
    with clock.frozen(NOW):
        answer = client.get("/insights/corrections.csv?period=7")
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    politics = next(r for r in rows if r[0] == "Politics")
    assert politics[1:4] == ["1", "1", "100"]  # one correction, one story published: 100 per 100


def test_a_name_that_looks_like_a_formula_is_not_one_in_the_csv() -> None:
    from editorial.insights.tables import Cell, Table

    table = Table("t", "T", "", ["Person", "Stories"], [(Cell("=HYPERLINK(1)"), [Cell("2")])])
    assert list(csv.reader(io.StringIO(table.csv())))[1] == ["'=HYPERLINK(1)", "2"]
    assert f.duration(None) == "–"  # an empty figure is a dash, never a formula's minus


def test_a_column_chart_with_nothing_in_the_period_says_its_scale_is_zero() -> None:
    from editorial.insights.tables import Cell, Table, draw

    days = [(Cell("2026-06-01"), [Cell("0", 0.0, "a"), Cell("0", 0.0, "b")])] * 3
    table = Table("live", "Live", "", ["Day", "Running", "Posts"], days, "columns", (0, 1))
    drawing = draw(table)
    assert drawing is not None and drawing.bars == []
    scale = drawing.labels[-1]
    assert scale.text == "0"  # it said "1e-09"
    busy = Table(
        "live",
        "Live",
        "",
        ["Day", "Running", "Posts"],
        [days[0], (Cell("x"), [Cell("3", 3.0), Cell("2", 2.0)])],
        "columns",
        (0, 1),
    )
    assert draw(busy).labels[-1].text == "5"  # type: ignore[union-attr]


def test_one_missing_translation_is_one_story(
    insights_newsroom: dict[str, Any], editor: Any, client_as: Any
) -> None:
    from editorial.site_settings.service import save_settings

    save_settings({"languages": "en,ar"}, actor=None)
    db.session.commit()
    html = page(client_as(editor), "/insights/?period=7")
    assert "Arabic lacks the most translations: 1 story published in the period." in html
