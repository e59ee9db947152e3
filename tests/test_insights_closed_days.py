"""Time in stage with the closed days kept (`insights.closed_days`): the same figures as reading
the whole period; the days before today read once and kept while today's change; a write that
changes a closed day (a backdated transition, a story deleted, a story's section or byline
changed, a stage re-entered) shows on the next load."""

from __future__ import annotations

import random
from array import array
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from editorial import clock
from editorial.database import plain_rows, plain_rows_streamed
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.insights import closed_days, queries, stage_sql
from editorial.insights import figures as f
from editorial.insights import filters as filtering
from editorial.models import Article
from editorial.models.history import ArticleTransition
from tests.factories import make_user, section
from tests.helpers import page_csrf_token
from tests.test_insights import NOW, page, send_open_to_fact_check

H = timedelta(hours=1)
ADDRESS = "/insights/?period=7"
ZONE = "Asia/Beirut"  # the tests' newsroom: today began at NOW - 12 h


@pytest.fixture
def closed_reads(monkeypatch: Any) -> list[Any]:
    """Each read of a period's closed days (its filters)."""
    reads: list[Any] = []
    flat = closed_days.flat_values

    def counted(filters: Any, now: Any, zone: str, **part: Any) -> Any:
        if not part.get("with_open", True):
            reads.append(filters)
        return flat(filters, now, zone, **part)

    monkeypatch.setattr(closed_days, "flat_values", counted)
    return reads


def content(html: str) -> str:
    """The page's content (filters and figures), this request's CSRF token masked."""
    body = html[html.index("<form") : html.rindex("</section>")]
    return body.replace(page_csrf_token(html), "CSRF")


def forget(app: Flask) -> None:
    """Nothing kept: the next load reads every day again."""
    with app.app_context():
        fragment_cache().clear()
        app.extensions.pop(closed_days._EXTENSION, None)


def test_two_sorted_runs_give_the_figures_of_one() -> None:
    rng = random.Random(28)
    for _ in range(2000):
        kept = sorted(rng.randint(0, 30) for _ in range(rng.randint(0, 12)))
        today = sorted(rng.randint(0, 30) for _ in range(rng.randint(0, 5)))
        whole = f.stats_of_sorted(sorted(kept + today))
        got = closed_days.stats(array("d", kept), today)
        assert got.count == whole.count
        assert got.median == (None if whole.median is None else float(whole.median))
        assert got.p90 == (None if whole.p90 is None else float(whole.p90))


@pytest.mark.parametrize("hours", [0, 5, 14])
@pytest.mark.parametrize(
    "query",
    ["period=7", "period=30&section=1", "period=7&language=en", "from=2026-05-25&to=2026-05-31"],
)
def test_the_figures_are_those_of_the_whole_period_read_at_once(
    insights_newsroom: dict[str, Any], hours: int, query: str
) -> None:
    now = NOW + hours * H
    with clock.frozen(now):
        found = filtering.parse(dict(p.split("=") for p in query.split("&")), ZONE, now)
        whole = stage_sql.compute_flat(found, now, ZONE)
        kept = closed_days.figures(found, now, ZONE)
        again = closed_days.figures(found, now, ZONE)  # the closed days kept
    assert kept.figures == whole.figures
    assert again.figures == whole.figures


def test_closed_days_are_kept_while_today_s_figures_change(
    app: Flask,
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    client_as: Any,
    closed_reads: list[Any],
) -> None:
    client = client_as(editor)
    before = content(page(client, ADDRESS))
    send_open_to_fact_check(insights_newsroom, editor, fact_checker)
    after = content(page(client, ADDRESS))
    assert after != before
    assert len(closed_reads) == 1  # the closed days read once, for the first load
    forget(app)
    assert content(page(client, ADDRESS)) == after


def _backdated(n: dict[str, Any]) -> None:
    # A move of the first story written two days late: its draft ends later, its edit shrinks.
    db.session.add(
        ArticleTransition(
            article_id=n["fast"].id,
            name="submit",
            from_state="draft",
            to_state="edit",
            at=NOW - 28.5 * H,
        )
    )


def _deleted(n: dict[str, Any]) -> None:
    db.session.delete(db.session.get(Article, n["looped"].id))


def _section(n: dict[str, Any]) -> None:
    db.session.get(Article, n["fast"].id).section = section("Sport")


def _byline(n: dict[str, Any]) -> None:
    db.session.get(Article, n["fast"].id).authors = [make_user(display_name="Late Byline")]


def _reopened(n: dict[str, Any]) -> None:
    # The second story, ready since yesterday, goes back to edit: its edit row reopens.
    db.session.add(
        ArticleTransition(
            article_id=n["looped"].id,
            name="return",
            from_state="ready",
            to_state="edit",
            at=NOW,
        )
    )
    db.session.get(Article, n["looped"].id).state = "edit"


CLOSED_CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "a backdated transition": _backdated,
    "a story deleted": _deleted,
    "a story's section": _section,
    "a story's byline": _byline,
    "a stage left on an earlier day entered again": _reopened,
}


def test_closed_days_of_an_older_version_are_let_go(
    app: Flask, insights_newsroom: dict[str, Any], editor: Any, client_as: Any
) -> None:
    client = client_as(editor)
    page(client, ADDRESS)
    with clock.frozen(NOW):
        _byline(insights_newsroom)
        db.session.commit()
    page(client, ADDRESS)
    kept = app.extensions[closed_days._EXTENSION]
    assert len(kept) == 1  # the newer version's; the older one is never read again


def _one(values: int) -> closed_days.Closed:
    return closed_days.Closed({}, values)


def test_keeping_a_version_lets_go_of_other_versions_of_every_filter() -> None:
    kept: OrderedDict[Any, closed_days.Closed] = OrderedDict()
    closed_days.keep(kept, ("all", 1), _one(5))
    closed_days.keep(kept, ("sport", 1), _one(5))
    assert list(kept) == [("all", 1), ("sport", 1)]
    closed_days.keep(kept, ("all", 2), _one(5))
    assert list(kept) == [("all", 2)]
    closed_days.keep(kept, ("sport", 2), _one(5))
    assert list(kept) == [("all", 2), ("sport", 2)]
    closed_days.keep(kept, ("sport", 1), _one(5))  # a drawing that began before the write
    assert list(kept) == [("sport", 1)]  # the newer is read again next: nothing stuck


def test_keeping_still_drops_the_oldest_beyond_the_bound() -> None:
    kept: OrderedDict[Any, closed_days.Closed] = OrderedDict()
    closed_days.keep(kept, ("all", 1), _one(closed_days.KEPT_VALUES))
    closed_days.keep(kept, ("sport", 1), _one(1))
    assert list(kept) == [("sport", 1)]


@pytest.mark.parametrize("name", list(CLOSED_CHANGES))
def test_a_change_to_a_closed_day_shows_on_the_next_load(
    name: str,
    app: Flask,
    insights_newsroom: dict[str, Any],
    editor: Any,
    client_as: Any,
    closed_reads: list[Any],
) -> None:
    client = client_as(editor)
    before = content(page(client, ADDRESS))
    with clock.frozen(NOW):
        CLOSED_CHANGES[name](insights_newsroom)
        db.session.commit()
    after = content(page(client, ADDRESS))
    assert after != before, name
    assert len(closed_reads) >= 2, name  # read again
    forget(app)
    assert content(page(client, ADDRESS)) == after, name


def test_the_closed_days_are_folded_as_the_driver_gives_them_into_doubles(
    app: Flask, insights_newsroom: dict[str, Any], monkeypatch: Any
) -> None:
    """The closed days' rows come a batch at a time and each value is kept as a double, never
    all rows, nor a float object per value, at once (at 100,000 stories that peak was 70 MB
    that the allocator kept: bench:memory6); the figures are those of the whole period."""
    batches: list[int] = []
    streamed = closed_days.plain_rows_streamed

    def counted(statement: Any, batch: int = 2000) -> Any:
        for row in streamed(statement, batch=1):  # a row a batch: every row folded as it comes
            batches.append(1)
            yield row

    monkeypatch.setattr(closed_days, "plain_rows_streamed", counted)
    now = NOW + 5 * H
    with clock.frozen(now):
        found = filtering.parse({"period": "7"}, ZONE, now)
        whole = stage_sql.compute_flat(found, now, ZONE)
        kept = closed_days.figures(found, now, ZONE)
        closed = next(iter(app.extensions[closed_days._EXTENSION].values()))
    assert kept.figures == whole.figures
    assert batches  # the closed days (and today's) read through the stream
    assert closed.size > 0
    for by_group in closed.groups.values():
        for numbers in by_group.values():
            assert isinstance(numbers, array) and numbers.typecode == "d"
            assert list(numbers) == sorted(numbers)


def test_a_streamed_read_gives_every_row_of_the_whole_read(
    app: Flask, insights_newsroom: dict[str, Any]
) -> None:
    statement = select(ArticleTransition.id, ArticleTransition.to_state).order_by(
        ArticleTransition.id
    )
    whole = plain_rows(statement)
    assert len(whole) > 3
    assert list(plain_rows_streamed(statement, batch=2)) == whole


def test_the_report_s_period_reads_are_folded_as_the_driver_gives_them(
    app: Flask, insights_newsroom: dict[str, Any], monkeypatch: Any
) -> None:
    """The period's published stories and their families' languages are read a batch at a time
    (`plain_rows_streamed`), never all rows at once: the same report."""
    now = NOW + 5 * H
    with clock.frozen(now):
        found = filtering.parse({"period": "7"}, ZONE, now)
        whole = queries.load(found, now)
        reads: list[int] = []
        streamed = queries.plain_rows_streamed

        def counted(statement: Any, batch: int = 2000) -> Any:
            reads.append(1)
            yield from streamed(statement, batch=1)

        monkeypatch.setattr(queries, "plain_rows_streamed", counted)
        again = queries.load(found, now)
    assert len(reads) == 2
    assert again == whole
    assert whole.published_in_period and whole.family_languages
