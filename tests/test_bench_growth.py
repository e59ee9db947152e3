"""The benchmark's growth series (bench/growth.py, bench/run.py): which seeds a run measures, each
endpoint's growth from the first seed computed from its ratios to hello world, and the report that
puts the growth beside each seed's table in BENCHMARKS.md. No timing: made-up wrk results."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench import growth, report, run
from bench.endpoints import BY_KEY, ENDPOINTS
from bench.growth import GROWTH_LIMIT, Row, Seed
from bench.report import Measured
from bench.wrk import HttpRequest, WrkResult


def _wrk(rate: float, statuses: dict[int, int] | None = None) -> WrkResult:
    requests = int(rate * 10)
    return WrkResult(requests, 10.0, 2.0, 3.0, 5.0, 9.0, statuses or {200: requests}, {})


def _measured(key: str, ratio: float, *, server: str = "waitress", hello: float = 1000) -> Measured:
    endpoint = BY_KEY[key]
    code = min(endpoint.expected)
    result = _wrk(ratio * hello, {code: int(ratio * hello * 10)})
    return Measured(endpoint, server, 16, result, _wrk(hello), _wrk(hello), HttpRequest("GET", "/"))


def _run(label: str, articles: int, *measured: Measured) -> report.Run:
    return report.Run(
        database="SQLite 3.40.1, a file",
        dialect="sqlite",
        started=datetime(2026, 12, 5, 20, 0, tzinfo=UTC),
        argv=[],
        duration=4,
        hello_duration=2,
        seeding="a newsroom",
        seed_seconds=12.0,
        articles=articles,
        measured=list(measured),
        seed_label=label,
    )


def test_seeds_are_read_as_articles_with_the_desks_share_and_named_for_the_report() -> None:
    assert Seed.parse("10000") == Seed(10_000)
    assert Seed.parse("100_000/10000") == Seed(100_000, 10_000)
    assert Seed(100_000, 10_000).label == "100,000, desk of 10,000"
    assert [Seed.parse(s.argument) for s in growth.DEFAULT_SEEDS] == list(growth.DEFAULT_SEEDS)
    for wrong in ("", "ten", "0", "1000/0", "1000@0", "1000/10@x"):
        with pytest.raises(ValueError):
            Seed.parse(wrong)


def test_a_seed_may_publish_at_a_rate_so_a_period_holds_as_many_stories_at_every_size() -> None:
    # The 10,000 seed publishes 8,000 stories over 180 days; at 100,000 the same 180 days hold 12x
    # the stories an insights period reads (bench:insights-growth). `@44` keeps about its rate.
    realistic = Seed.parse("100_000/10000@44")
    assert realistic == Seed(100_000, 10_000, 44)
    assert realistic.archive_days == 2272
    assert Seed(100_000, 10_000).archive_days is None  # the seed's 180 days, as before
    assert realistic.label == "100,000, desk of 10,000, 44 a day"
    assert Seed.parse(realistic.argument) == realistic
    assert Seed.parse("10000@44") == Seed(10_000, None, 44)
    assert run.parse(["--seeds", "10000,100000/10000@44"]).seeds == [Seed(10_000), realistic]


def test_a_bench_run_measures_the_three_seeds_unless_one_is_asked_for() -> None:
    assert run.parse([]).seeds == list(growth.DEFAULT_SEEDS)
    assert run.parse([]).connections == [16]
    assert run.parse(["--articles", "10000"]).seeds == [Seed(10_000)]
    assert run.parse(["--articles", "100000", "--desk-of", "10000"]).seeds == [
        Seed(100_000, 10_000)
    ]
    assert run.parse(["--seeds", "2000,4000/1000"]).seeds == [Seed(2000), Seed(4000, 1000)]
    with pytest.raises(SystemExit):
        run.parse(["--desk-of", "10000"])  # a desk share of which seed?


def test_growth_is_the_cost_at_the_larger_seed_over_the_first_from_the_ratios() -> None:
    series = [
        {("desk", "waitress", 16): 0.40, ("ticker", "waitress", 16): 0.60},
        {("desk", "waitress", 16): 0.32, ("ticker", "waitress", 16): 0.60},
        {("desk", "waitress", 16): 0.30},
    ]
    rows = growth.rows(series, {"desk": "desk board"}, ["ticker", "desk"])
    assert [row.key[0] for row in rows] == ["ticker", "desk"]  # the report's order
    ticker, desk = rows
    assert desk.title == "desk board" and ticker.title == "ticker"
    assert desk.growths == pytest.approx((1.25, 0.40 / 0.30))
    assert not desk.flat  # 1.33× at the third seed
    assert ticker.growths == (1.0, None)  # not measured at the third seed: not judged
    assert ticker.flat
    assert Row(("x", "gunicorn", 1), "x", (0.5, 0.4)).flat  # exactly 1.25× is within
    unanswered = Row(("x", "gunicorn", 1), "x", (0.5, 0.0))  # nothing answered at 100,000
    assert unanswered.growths == (math.inf,) and not unanswered.flat
    assert Row(("x", "gunicorn", 1), "x", (0.0, 0.4)).growths == (None,)  # nor at 10,000


def test_the_growth_table_marks_what_grew_past_the_limit() -> None:
    seeds = list(growth.DEFAULT_SEEDS)
    rows = [
        Row(("desk", "waitress", 16), "desk board", (0.40, 0.39, 0.20)),
        Row(("ticker", "gunicorn", 16), "ticker poll", (0.60, 0.61, None)),
    ]
    lines = growth.table(seeds, rows)
    assert "| ratio at 10,000 | ratio at 100,000 | ratio at 100,000, desk of 10,000 |" in lines[0]
    desk = "| desk board | waitress | 16 | 0.400 | 0.390 | 0.200 | 1.03× | 2.00× ✗ | ✗ |"
    assert lines[2] == desk
    assert lines[3] == "| ticker poll | gunicorn | 16 | 0.600 | 0.610 | — | 0.98× | — | ✓ |"
    assert growth.summary(rows) == (
        f"1 of 2 rows within {GROWTH_LIMIT}×; grew past it: desk (waitress, 16)."
    )
    assert growth.table(seeds[:1], rows) == []  # one seed: no growth
    silent = Row(("insights", "waitress", 16), "insights", (0.074, 0.0, 0.0))
    assert growth.table(seeds, [silent])[2].endswith(
        "| nothing answered ✗ | nothing answered ✗ | ✗ |"
    )


def test_the_report_puts_the_growth_before_each_seeds_table_and_keeps_other_sections(
    tmp_path: Path,
) -> None:
    seeds = [Seed(10_000), Seed(100_000)]
    runs = [
        _run("10,000", 10_000, _measured("desk", 0.20), _measured("ticker", 0.60)),
        _run("100,000", 100_000, _measured("desk", 0.10), _measured("ticker", 0.60)),
    ]
    text = growth.database_section(seeds, runs)
    assert text.startswith("## SQLite 3.40.1\n")
    assert "1 of 2 rows within 1.25×; grew past it: desk (waitress, 16)." in text
    assert "| desk board | waitress | 16 | 0.200 | 0.100 | 2.00× ✗ | ✗ |" in text
    assert text.index("**Growth**") < text.index("### 10,000 articles")
    assert text.index("### 10,000 articles") < text.index("### 100,000 articles")

    path = tmp_path / "BENCHMARKS.md"
    hand = "<!-- bench:pg-plans -->\nPlans, by hand.\n<!-- /bench:pg-plans -->\n"
    path.write_text(report.HEADER + "\n" + hand)
    report.write(path, "sqlite", text)
    report.write(path, "sqlite", text.replace("0.100", "0.150"))  # the next run replaces it
    written = path.read_text()
    assert written.count("<!-- bench:sqlite -->") == 1 and "0.150" in written
    assert "Plans, by hand." in written
    assert written.index("bench:sqlite") < written.index("bench:pg-plans")


def test_every_poll_expects_a_304_and_every_endpoint_has_an_issue_28_target() -> None:
    polls = [e for e in ENDPOINTS if e.target_name == growth_name("poll")]
    assert {"ticker", "comment-poll", "inbox-badge", "presence-poll", "desk-refresh"} <= {
        e.key for e in polls
    }
    assert all(e.expected == frozenset({304}) for e in polls if e.key != "breaking-lists")
    assert {e.target for e in ENDPOINTS} <= {0.50, 0.10, 0.05}
    assert len({e.key for e in ENDPOINTS}) == len(ENDPOINTS)


def growth_name(prefix: str) -> str:
    """The name of the target group that starts with `prefix`."""
    return next(e.target_name for e in ENDPOINTS if e.target_name.startswith(prefix))


def test_an_edition_is_checked_for_costing_more_than_english_not_for_costing_less() -> None:
    # Issue 21: another edition's page within 10% of the English page's cost. One answering more
    # requests than English (a cheaper page, or a noisy run) passed no check before.
    cheaper, same, dearer = (
        _measured("ar-home", 0.60),
        _measured("ar-article", 0.49),
        _measured("ar-live", 0.44),
    )
    english = [_measured("home", 0.50), _measured("article", 0.50), _measured("live", 0.50)]
    rows = report.languages_table([cheaper, same, dearer, *english])
    marks = {
        row.split(" | ")[0].lstrip("| "): row.split(" | ")[7]
        for row in rows
        if "cache off" in row and row.startswith("| Arabic")
    }
    assert marks == {
        "Arabic front page, cache off": "✓",
        "Arabic article, cache off": "✓",
        "Arabic live story, cache off": "✗",
    }
