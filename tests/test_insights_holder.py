"""Insights by person (issue 27's cost): the summary keeps who held a finished stage's duty when
it ended, so a reassignment made after the stage ended (through the assignment service) still
credits who held it then, an assignment recorded late moves the figure as the live rule would,
a stage whose duty never changed counts for the story's current person, and migration 0042's
SQL backfill gives the holders the app keeps."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from editorial import clock
from editorial.articles.assignment.service import EDITOR, assign
from editorial.extensions import db
from editorial.insights import filters as filtering
from editorial.insights import stage_sql
from editorial.models import InsightStageTotal, Role
from editorial.models.history import ArticleAssignment, ArticleTransition
from tests.factories import make_article, make_user, section

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ZONE = "Asia/Beirut"
H = timedelta(hours=1)
MIGRATION = Path(__file__).resolve().parent.parent / "migrations/versions/0042_insights_holder.py"


def story(moves: list[tuple[float, str, str, str]], created: float, **fields: Any) -> Any:
    """An article created `created` hours from NOW whose transitions happened as given."""
    article = make_article(moves[-1][3], created_at=NOW + created * H, **fields)
    for hours, name, a, b in moves:
        db.session.add(
            ArticleTransition(
                article_id=article.id, name=name, from_state=a, to_state=b, at=NOW + hours * H
            )
        )
    db.session.commit()
    return article


EDITED = [
    (-10, "submit", "draft", "edit"),
    (-8, "send_to_fact_check", "edit", "fact_check"),
    (-7, "clear", "fact_check", "ready"),
    (-6, "publish", "ready", "published"),
]


def by_person(kind: str = "person") -> dict[tuple[Any, str], set[int]]:
    """The stories behind each (group, stage) figure of `kind` over the last 7 days."""
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    got = stage_sql.figures(found, NOW, ZONE, behind=True)
    return {(k[1], k[2]): ids for k, ids in got.behind.items() if k[0] == kind}


def holders() -> list[tuple[Any, ...]]:
    s = InsightStageTotal
    rows = db.session.execute(select(s.article_id, s.stage, s.held, s.holder_id))
    return sorted(tuple(r) for r in rows)


def test_a_reassignment_after_the_stage_ended_still_credits_who_edited_it(app: Any) -> None:
    first, second = make_user(Role.EDITOR), make_user(Role.EDITOR)
    done = story(EDITED, -11, editor_id=first.id)
    assert by_person()[(first.id, "edit")] == {done.id}  # no change of the duty: the current one
    # An hour after it was published, the desk hands the story to `second`.
    with clock.frozen(NOW - 5 * H):
        assign(done, EDITOR, second, second, seen=first.id)
        db.session.commit()
    got = by_person()
    assert got[(first.id, "edit")] == {done.id}
    assert got[(first.id, "ready")] == {done.id}
    assert (second.id, "edit") not in got
    assert done.editor_id == second.id


def test_an_assignment_recorded_late_moves_the_figure_as_the_history_says(app: Any) -> None:
    first, second = make_user(Role.EDITOR), make_user(Role.EDITOR)
    done = story(EDITED, -11, editor_id=second.id)
    assert by_person()[(second.id, "edit")] == {done.id}
    # Recorded afterwards: `first` had it from the start, `second` took it while it was ready.
    db.session.add_all(
        [
            ArticleAssignment(
                article_id=done.id,
                duty="editor",
                before_id=None,
                after_id=first.id,
                at=NOW - 11 * H,
            ),
            ArticleAssignment(
                article_id=done.id,
                duty="editor",
                before_id=first.id,
                after_id=second.id,
                at=NOW - 6.5 * H,
            ),
        ]
    )
    db.session.commit()
    got = by_person()
    assert got[(first.id, "edit")] == {done.id}
    assert got[(second.id, "ready")] == {done.id}
    # Taken out of the history again (deleted): the current editor once more.
    for change in db.session.scalars(select(ArticleAssignment)):
        db.session.delete(change)
    db.session.commit()
    got = by_person()
    assert got[(second.id, "edit")] == {done.id}
    assert (first.id, "edit") not in got


def test_a_story_moved_to_another_section_or_editor_after_its_stages_ended_follows_them(
    app: Any,
) -> None:
    """The stage rows keep their story's section, language and people (no story row is read
    for a period's figures), so a change made afterwards must reach them."""
    politics, sport = section("Politics"), section("Sports")
    first, second = make_user(Role.EDITOR), make_user(Role.EDITOR)
    done = story(EDITED, -11, section_id=politics.id, editor_id=first.id)
    assert by_person("section")[(politics.id, "edit")] == {done.id}
    done.section_id, done.language = sport.id, "ar"
    db.session.commit()
    sections, languages = by_person("section"), by_person("language")
    assert sections[(sport.id, "edit")] == {done.id}
    assert (politics.id, "edit") not in sections
    assert languages[("ar", "edit")] == {done.id}
    done.editor_id = second.id  # set directly, no change recorded: the current editor counts
    db.session.commit()
    assert by_person()[(second.id, "edit")] == {done.id}
    narrowed = filtering.parse({"period": "7", "section": str(sport.id)}, ZONE, NOW)
    assert stage_sql.figures(narrowed, NOW, ZONE).figures[("all", None, "edit")].count == 1


def test_the_migrations_backfill_in_sql_equals_the_holders_the_app_keeps(app: Any) -> None:
    first, second = make_user(Role.EDITOR), make_user(Role.EDITOR)
    checker = make_user(Role.FACT_CHECKER)
    kept_by_later = story(EDITED, -11, editor_id=first.id)
    history = story(EDITED, -11, editor_id=second.id, fact_checker_id=None)
    never = story(EDITED, -11, editor_id=first.id)  # no change: held 0
    still_open = story([(-3, "submit", "draft", "edit")], -4, editor_id=first.id)
    with clock.frozen(NOW - 5 * H):
        assign(kept_by_later, EDITOR, second, second, seen=first.id)
    db.session.add_all(
        [
            ArticleAssignment(
                article_id=history.id,
                duty="editor",
                before_id=None,
                after_id=first.id,
                at=NOW - 10 * H,
            ),
            ArticleAssignment(
                article_id=history.id,
                duty="editor",
                before_id=first.id,
                after_id=second.id,
                at=NOW - 6.5 * H,
            ),
            ArticleAssignment(
                article_id=history.id,
                duty="fact_checker",
                before_id=checker.id,
                after_id=None,
                at=NOW - 5 * H,
            ),
        ]
    )
    db.session.commit()
    expected = holders()
    assert (history.id, "edit", 1, first.id) in expected
    assert (history.id, "fact_check", 1, checker.id) in expected
    assert (history.id, "ready", 1, second.id) in expected
    assert (kept_by_later.id, "edit", 1, first.id) in expected
    assert (never.id, "edit", 0, None) in expected
    assert (still_open.id, "edit", 0, None) in expected
    spec = importlib.util.spec_from_file_location("holder_migration", MIGRATION)
    assert spec and spec.loader
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    db.session.execute(update(InsightStageTotal).values(held=0, holder_id=None))
    migration.backfill(db.session.connection())
    db.session.commit()
    assert holders() == expected
