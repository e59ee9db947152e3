"""Insights counted by the database (issue 27's cost): the figures `stage_sql` works out in SQL are
the ones `figures` works out in Python from every story's history, on hand-built histories
(an even count, one value, none, loops, a story still open, the week boundary in the newsroom's
zone); by person follows the assignment history; /insights reads no story lists."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from editorial import clock
from editorial.extensions import db
from editorial.insights import figures as f
from editorial.insights import filters as filtering
from editorial.insights import reading, stage_sql
from editorial.models import Role
from editorial.models.history import ArticleAssignment, ArticleTransition
from tests.factories import make_article, make_user

# A Monday, 12:00 in Beirut (UTC+3); its week began at 21:00 UTC on Sunday 31 May.
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ZONE = "Asia/Beirut"
H = timedelta(hours=1)


def story(moves: list[tuple[float, str, str, str]], created: float, **fields: Any) -> Any:
    """An article created `created` hours from NOW whose transitions happened as given."""
    state = moves[-1][3] if moves else "draft"
    article = make_article(state, created_at=NOW + created * H, **fields)
    last = NOW + created * H
    for hours, name, a, b in moves:
        last = NOW + hours * H
        db.session.add(
            ArticleTransition(article_id=article.id, name=name, from_state=a, to_state=b, at=last)
        )
    article.state_changed_at = last
    db.session.commit()
    return article


def python_figures(found: filtering.Filters) -> dict[stage_sql.Key, f.Stats]:
    """The old definition: every story's history read, its stage times worked out in Python."""
    moves: dict[int, list[f.Move]] = defaultdict(list)
    for t in db.session.scalars(select(ArticleTransition).order_by(ArticleTransition.at)):
        moves[t.article_id].append(f.Move(t.at, t.name, t.from_state, t.to_state))
    from editorial.models import Article

    values: dict[stage_sql.Key, list[float]] = defaultdict(list)
    for article in db.session.scalars(select(Article)):
        for t in f.stage_times(article.id, article.created_at, moves[article.id], NOW):
            if found.start <= t.ended < found.end or (t.still_open and NOW < found.end):
                values[("all", None, t.stage)].append(t.seconds)
                values[("week", f.week_of(t.ended, ZONE), t.stage)].append(t.seconds)
    return {k: f.stats(v) for k, v in values.items()}


def sql_figures(found: filtering.Filters) -> dict[stage_sql.Key, f.Stats]:
    got = stage_sql.compute(found, NOW, ZONE)
    flat = stage_sql.compute_flat(found, NOW, ZONE)
    assert got.figures == flat.figures  # the percentiles picked by the database or in Python
    return {
        k: f.Stats(v.count, v.median, v.p90)
        for k, v in got.figures.items()
        if k[0] in ("all", "week")
    }


def test_no_story_no_figure(app: Any) -> None:
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    assert sql_figures(found) == python_figures(found) == {}


def test_one_value_an_even_count_loops_and_open_stages_match_the_python_definition(
    app: Any,
) -> None:
    # Edit: 1 h and 2 h in the week before NOW's; 5 h (1 + 4 across a flag-back) and 7 h still
    # open in NOW's week (an even count); 1.5 h ending late on Sunday in Beirut (week before).
    story(
        [(-30, "submit", "draft", "edit"), (-29, "send_to_fact_check", "edit", "fact_check")], -31
    )
    story([(-20, "submit", "draft", "edit"), (-18, "spike", "edit", "spiked")], -22)
    story(
        [
            (-15, "submit", "draft", "edit"),
            (-14, "send_to_fact_check", "edit", "fact_check"),
            (-13, "flag", "fact_check", "edit"),
            (-9, "send_to_fact_check", "edit", "fact_check"),
            (-8, "clear", "fact_check", "ready"),
            (-7, "schedule", "ready", "scheduled"),
            (-6.5, "reschedule", "scheduled", "scheduled"),
            (-6, "release", "scheduled", "published"),
        ],
        -16,
    )
    story([(-7, "submit", "draft", "edit")], -7.5)
    story([], -2)  # never moved: in draft for 2 h, still open
    # A week before: edit ended at 20:30 UTC on Sunday, 23:30 in Beirut, the week before NOW's.
    story([(-14, "submit", "draft", "edit"), (-12.5, "spike", "edit", "spiked")], -15)
    found = filtering.parse({"period": "30"}, ZONE, NOW)
    got, expected = sql_figures(found), python_figures(found)
    assert got == expected
    assert got[("all", None, "edit")] == f.Stats(5, 2 * 3600, 7 * 3600)
    assert got[("all", None, "ready")] == f.Stats(1, 3600, 3600)  # one value (1 h before release)
    assert got[("all", None, "draft")].count == 6
    weeks = sorted({k[1] for k in got if k[0] == "week"})
    assert [str(w) for w in weeks] == ["2026-05-25", "2026-06-01"]
    assert got[("week", weeks[0], "edit")] == f.Stats(3, 1.5 * 3600, 2 * 3600)
    assert got[("week", weeks[1], "edit")] == f.Stats(2, 6 * 3600, 7 * 3600)


def test_by_person_is_who_held_the_stage_then(app: Any) -> None:
    first, second = make_user(Role.EDITOR), make_user(Role.EDITOR)
    checker = make_user(Role.FACT_CHECKER)
    done = story(
        [
            (-10, "submit", "draft", "edit"),
            (-8, "send_to_fact_check", "edit", "fact_check"),
            (-7, "clear", "fact_check", "ready"),
            (-6, "publish", "ready", "published"),
        ],
        -11,
        editor_id=second.id,
        fact_checker_id=None,
    )
    # `first` edited it; `second` took over after it left edit. The checker cleared it and
    # was unassigned afterwards.
    db.session.add_all(
        [
            ArticleAssignment(
                article_id=done.id,
                duty="editor",
                before_id=None,
                after_id=first.id,
                at=NOW - 10 * H,
            ),
            ArticleAssignment(
                article_id=done.id,
                duty="editor",
                before_id=first.id,
                after_id=second.id,
                at=NOW - 6.5 * H,
            ),
            ArticleAssignment(
                article_id=done.id,
                duty="fact_checker",
                before_id=checker.id,
                after_id=None,
                at=NOW - 5 * H,
            ),
        ]
    )
    # Still in edit, never reassigned: its current editor.
    open_ = story([(-3, "submit", "draft", "edit")], -4, editor_id=second.id)
    db.session.commit()
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    got = stage_sql.compute(found, NOW, ZONE, behind=True)
    assert got.behind == stage_sql.compute_flat(found, NOW, ZONE, behind=True).behind
    assert got.behind[("person", first.id, "edit")] == {done.id}
    assert got.behind[("person", second.id, "edit")] == {open_.id}
    assert got.behind[("person", checker.id, "fact_check")] == {done.id}
    assert got.behind[("person", second.id, "ready")] == {done.id}  # reassigned before ready ended
    assert got.figures[("person", first.id, "edit")].median == 2 * 3600


def test_the_page_reads_no_story_lists_but_the_list_behind_a_figure_does(
    app: Any, editor: Any, client_as: Any
) -> None:
    with clock.frozen(NOW):
        made = story([(-3, "submit", "draft", "edit")], -4, editor_id=editor.id)
    found = filtering.parse({"period": "7"}, ZONE, NOW)
    with app.test_request_context(), clock.frozen(NOW):
        shown = reading.compute(found, NOW, behind=False)
        listed = reading.compute(found, NOW)
    counted_in_sql = ("stage", "week", "flow")
    assert not [k for k, ids in shown.stories.items() if ids and k.split(":")[0] in counted_in_sql]
    assert listed.stories["stage:edit"] == {made.id}
    assert listed.stories[f"stage:edit:person:{editor.id}"] == {made.id}
    client = client_as(editor)
    with clock.frozen(NOW):
        html = client.get(f"/insights/stories?{found.query(figure='stage:edit')}").get_data(
            as_text=True
        )
    assert f'href="/articles/{made.id}"' in html
