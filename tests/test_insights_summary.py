"""The insights' summary (issue 27's cost): each story's stage totals and fact-check rounds stay
equal to a recomputation from its transitions through every kind of move (a flag-back, a reopen,
a reschedule, a spike), whoever writes them (the transition service, plain inserts), a deleted
story takes its rows with it, the migration's SQL backfill gives what the app keeps, and
`flask insights-rebuild` repairs a summary gone wrong."""

from __future__ import annotations

import calendar
import importlib.util
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import delete, select

from editorial.articles.transitions.service import Request, apply
from editorial.extensions import db
from editorial.insights import summary
from editorial.models import (
    Article,
    ArticleTransition,
    InsightFactCheckEvent,
    InsightStageTotal,
    User,
)
from tests.factories import make_article

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
VERSIONS = Path(__file__).resolve().parent.parent / "migrations/versions"
MIGRATION = VERSIONS / "0038_insights_summary.py"
# The migration that copied each stage row's story columns into it (after 0038's rows).
STORY_MIGRATION = VERSIONS / "0045_insights_story.py"
STORY = tuple(getattr(InsightStageTotal, name) for name in summary.STORY_COLUMNS)


def kept() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every row of the summary, as the app kept it (with its story's kept columns)."""
    s, e = InsightStageTotal, InsightFactCheckEvent
    stages = db.session.execute(
        select(s.article_id, s.stage, s.seconds, s.ended, s.open_since, *STORY)
    )
    events = db.session.execute(
        select(e.article_id, e.kind, e.actor_id, e.at, e.seconds, e.flagged)
    )
    return sorted(tuple(r) for r in stages), sorted(tuple(r) for r in events)


def recomputed() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every story's summary worked out again from its transitions (`summary.recompute`)."""
    dialect = db.session.get_bind().dialect.name
    stages: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    for article in db.session.scalars(select(Article)):
        moves = [
            summary.Move(t.at, t.name, t.from_state, t.to_state, t.actor_id)
            for t in db.session.scalars(
                select(ArticleTransition)
                .where(ArticleTransition.article_id == article.id)
                .order_by(ArticleTransition.at, ArticleTransition.id)
            )
        ]
        found_stages, found_events = summary.recompute(
            article.id, article.created_at, moves, dialect
        )
        columns = tuple(getattr(article, name) for name in summary.STORY_COLUMNS)
        stages += [
            (r["article_id"], r["stage"], r["seconds"], r["ended"], r["open_since"], *columns)
            for r in found_stages
        ]
        events += [
            (r["article_id"], r["kind"], r["actor_id"], r["at"], r["seconds"], r["flagged"])
            for r in found_events
        ]
    return sorted(stages), sorted(events)


def story(moves: list[tuple[float, str, str, str]], created: float, actor: Any = None) -> Any:
    """An article created `created` hours from NOW whose transitions are inserted as given."""
    state = moves[-1][3] if moves else "draft"
    article = make_article(state, created_at=NOW + created * H)
    for hours, name, a, b in moves:
        db.session.add(
            ArticleTransition(
                article_id=article.id,
                name=name,
                from_state=a,
                to_state=b,
                at=NOW + hours * H,
                actor_id=actor.id if actor else None,
            )
        )
    db.session.commit()
    return article


def rows_of(article: Article) -> dict[str, tuple[int, int | None, int | None]]:
    """The story's stage rows: stage -> (seconds, ended, open_since)."""
    s = InsightStageTotal
    return {
        r.stage: (r.seconds, r.ended, r.open_since)
        for r in db.session.execute(
            select(s.stage, s.seconds, s.ended, s.open_since).where(s.article_id == article.id)
        )
    }


def second(hours: float) -> int:
    return int((NOW + hours * H).timestamp())


def test_a_flag_back_a_reopen_and_a_reschedule_are_summed_as_stage_time_defines(
    app: Flask, fact_checker: User
) -> None:
    article = story(
        [
            (1, "submit", "draft", "edit"),  # draft 1 h
            (3, "send_to_fact_check", "edit", "fact_check"),  # edit 2 h
            (4, "flag", "fact_check", "edit"),  # fact-check 1 h
            (7, "send_to_fact_check", "edit", "fact_check"),  # edit 3 h more
            (9, "clear", "fact_check", "ready"),  # fact-check 2 h more
            (10, "reopen", "ready", "edit"),  # ready 1 h
            (12, "send_to_fact_check", "edit", "fact_check"),  # edit 2 h more
            (13, "clear", "fact_check", "ready"),  # fact-check 1 h more
            (14, "schedule", "ready", "scheduled"),  # ready 1 h more
            (15, "reschedule", "scheduled", "scheduled"),  # not a move
            (16, "publish", "scheduled", "published"),
        ],
        created=0,
        actor=fact_checker,
    )
    assert rows_of(article) == {
        "draft": (3600, second(1), None),
        "edit": (7 * 3600, second(12), None),
        "fact_check": (4 * 3600, second(13), None),
        "ready": (2 * 3600, second(14), None),
    }
    e = InsightFactCheckEvent
    events = db.session.execute(
        select(e.kind, e.seconds, e.flagged).where(e.article_id == article.id).order_by(e.at)
    ).all()
    assert [tuple(r) for r in events] == [
        ("send", 0, 0),
        ("flag", 0, 0),
        ("clear", 6 * 3600, 1),  # the round from the first send, flagged back once
        ("send", 0, 0),
        ("clear", 3600, 0),
    ]
    assert kept() == recomputed()


def test_a_story_on_the_desk_keeps_its_open_stage_open_and_a_spike_ends_a_round(
    app: Flask,
) -> None:
    open_one = story(
        [
            (1, "submit", "draft", "edit"),
            (2, "return", "edit", "draft"),
            (4, "submit", "draft", "edit"),
        ],
        created=0,
    )
    # Edit: 1 h finished, open since hour 4 (the open visit is added when read).
    assert rows_of(open_one)["edit"] == (3600, None, second(4))
    spiked = story(
        [
            (1, "submit", "draft", "edit"),
            (2, "send_to_fact_check", "edit", "fact_check"),
            (3, "spike", "fact_check", "spiked"),
        ],
        created=0,
    )
    assert rows_of(spiked)["fact_check"] == (3600, second(3), None)
    e = InsightFactCheckEvent
    assert db.session.scalars(select(e.kind).where(e.article_id == spiked.id)).all() == ["send"]
    assert kept() == recomputed()


def test_the_transition_service_keeps_the_summary_in_its_own_transaction(
    app: Flask, frozen: Any, reporter: User, editor: User, fact_checker: User
) -> None:
    article = make_article("draft", authors=[reporter])
    steps: list[tuple[str, User, Request]] = [
        ("submit", reporter, Request()),
        ("send_to_fact_check", editor, Request(fact_checker_id=fact_checker.id)),
        ("flag", fact_checker, Request(note="The second quote is not in the recording.")),
        ("send_to_fact_check", editor, Request(fact_checker_id=fact_checker.id)),
        ("clear", fact_checker, Request(note="Quotes checked against the recording.")),
        ("reopen", editor, Request()),
        ("send_to_fact_check", editor, Request(fact_checker_id=fact_checker.id)),
        ("clear", fact_checker, Request(note="Checked again.")),
        ("spike", editor, Request(note="Overtaken by events.")),
    ]
    for name, who, request in steps:
        frozen.tick(minutes=37, seconds=11)
        apply(article, name, who, request)
        db.session.commit()
        assert kept() == recomputed(), name
    e = InsightFactCheckEvent
    kinds = db.session.scalars(select(e.kind).where(e.article_id == article.id).order_by(e.id))
    assert list(kinds) == ["send", "flag", "clear", "send", "clear"]
    assert set(rows_of(article)) == {"draft", "edit", "fact_check", "ready"}


def test_a_deleted_story_takes_its_summary_with_it(app: Flask) -> None:
    gone = story(
        [(1, "submit", "draft", "edit"), (2, "send_to_fact_check", "edit", "fact_check")], created=0
    )
    kept_story = story([(1, "submit", "draft", "edit")], created=0)
    db.session.delete(gone)
    db.session.commit()
    stages, events = kept()
    assert {r[0] for r in stages} == {kept_story.id}
    assert events == []


def test_a_transition_deleted_or_moved_refreshes_its_story(app: Flask) -> None:
    article = story([(1, "submit", "draft", "edit"), (2, "return", "edit", "draft")], created=0)
    last = db.session.scalars(
        select(ArticleTransition).where(ArticleTransition.name == "return")
    ).one()
    last.at = NOW + 5 * H
    db.session.commit()
    assert rows_of(article)["edit"] == (4 * 3600, second(5), None)
    db.session.delete(last)
    db.session.commit()
    assert rows_of(article) == {"draft": (3600, second(1), None), "edit": (0, None, second(1))}
    assert kept() == recomputed()


def _hand_built_newsroom(editor: User, fact_checker: User) -> None:
    """Histories with every kind of move, and times with fractions of a second."""
    story(
        [
            (1.0001, "submit", "draft", "edit"),
            (2.49999986, "send_to_fact_check", "edit", "fact_check"),  # ...:59.9995 s
            (3, "flag", "fact_check", "edit"),
            (3.5, "send_to_fact_check", "edit", "fact_check"),
            (5.25, "clear", "fact_check", "ready"),
            (6, "reopen", "ready", "edit"),
            (6.5, "return", "edit", "draft"),
            (7, "submit", "draft", "edit"),
        ],
        created=-0.3333333,
        actor=fact_checker,
    )
    story(
        [
            (1, "submit", "draft", "edit"),
            (2, "send_to_fact_check", "edit", "fact_check"),
            (2.5, "return", "fact_check", "draft"),
            (3, "submit", "draft", "edit"),
            (4, "schedule", "edit", "scheduled"),
            (4.5, "reschedule", "scheduled", "scheduled"),
            (5, "publish", "scheduled", "published"),
        ],
        created=-2,
        actor=editor,
    )
    story([(1, "submit", "draft", "edit"), (1, "spike", "edit", "spiked")], created=0.5)
    story([], created=-1)  # never moved: nothing kept
    story([(2, "publish", "scheduled", "published")], created=0)  # moved outside the stages


def test_the_migrations_backfill_in_sql_equals_what_the_app_keeps(
    app: Flask, editor: User, fact_checker: User
) -> None:
    _hand_built_newsroom(editor, fact_checker)
    expected = kept()
    assert expected == recomputed()
    assert expected[0] and expected[1]
    db.session.execute(delete(InsightStageTotal))
    db.session.execute(delete(InsightFactCheckEvent))
    for path in (MIGRATION, STORY_MIGRATION):
        _migration(path).backfill(db.session.connection())
    db.session.commit()
    assert kept() == expected


def _migration(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


def test_insights_rebuild_repairs_the_summary(
    app: Flask, runner: Any, editor: User, fact_checker: User
) -> None:
    _hand_built_newsroom(editor, fact_checker)
    expected = kept()
    db.session.execute(delete(InsightStageTotal))
    db.session.execute(
        InsightFactCheckEvent.__table__.update().values(seconds=1)  # type: ignore[attr-defined]
    )
    db.session.commit()
    result = runner.invoke(args=["insights-rebuild"])
    assert result.exit_code == 0, result.output
    assert "Insights summary rebuilt: 4 stories" in result.output
    db.session.expire_all()
    assert kept() == expected


def test_a_moments_second_is_calendar_timegm_of_it_on_both_databases() -> None:
    """`summary._second` counts whole seconds without `timetuple` (a rebuild asks it 660,000
    times at 100,000 stories): the same second for times before and after the epoch, with
    microseconds, in other zones and naive (UTC)."""
    east = timezone(timedelta(hours=5, minutes=30))
    moments = [
        datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(1960, 2, 29, 0, 0, 0, 500_000, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2026, 6, 1, 9, 0, 0, 999_600, tzinfo=UTC),
        datetime(2026, 6, 1, 9, 0, 0, 999_400, tzinfo=east),
        datetime(2038, 1, 19, 3, 14, 8, 1),
    ] + [NOW + timedelta(seconds=n * 7919.123457) for n in range(-500, 500)]
    for moment in moments:
        utc = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        whole = calendar.timegm(utc.timetuple())
        rounded = (whole * 1000 + (utc.microsecond + 500) // 1000) // 1000
        assert summary._second(moment, "postgresql") == whole, moment
        assert summary._second(moment, "sqlite") == rounded, moment
