"""Time in each stage, worked out by the database: one statement for every figure of the
"Time in each stage" tables (overall, by section, language and person, and week by week).

The definition is `figures.stage_times`'s (Core, the same on SQLite and PostgreSQL): the real
moves (not a reschedule) of each story, in order (`at`, then id); each move closes a visit to
its `from_state` that began at the move before, or at the story's creation; the last move opens
a visit to its `to_state` that runs to now, and a story that never moved is in draft since its
creation. A stage's time is the sum of its visits; it belongs to the moment its last visit
ended (now, when still open).

The finished visits are not re-derived here: `insight_stage_totals` (`insights.summary`, kept
current with the transitions) holds each story's total per stage and when its last finished
visit ended, so a period reads only the rows ending in it (on an index); a stage open now (the
desk: a row with `open_since`) adds its open visit at read time, and a story that never moved
is found among the drafts (a story that never moved is one). Each row also keeps its story's
section, language, editor and fact-checker (`summary.STORY_COLUMNS`): the stage rows of a
period join no story row unless a filter narrows (at 100,000 stories, 44,000 rows whose stories'
columns SQLite keeps after the body, on overflow pages: 142 ms → 112).

Times are whole seconds: each moment is taken as the Unix second it falls in (SQLite's
`strftime('%s')`, PostgreSQL's `floor(extract(epoch))`), so both databases give the same
numbers, but for a moment in the last half millisecond of a second, which SQLite rounds to the
millisecond first and so counts in the next second (`summary` counts as each database does); a
visit's length can differ from the exact one by under a second.

Percentiles (`compute`) pick rows: in each group the values are numbered in order
(`ROW_NUMBER`) and counted (`COUNT` over the group); the median is the middle row, or the mean
of the two middle rows for an even count (rows (n+1)/2 and (n+2)/2 in integer division); the 90th
percentile is the nearest rank, row ceil(0.9 n) = (9n + 9) / 10. Only the aggregates come back
to Python. Measured, that window sort costs more than sorting in Python on both databases, so
the page uses `compute_flat`: one row per story and stage (every stage time, its groups and its
week still worked out by the database; no transition comes to Python), the same rows picked with
`figures.stats`.

The newsroom's weeks: the boundaries (each Monday's midnight in the newsroom's zone, as UTC
seconds) are worked out in Python, where the zone rules are, and the database buckets each
figure by them (a `CASE` over at most 54 boundaries), so summer time is right on both databases.

By person: draft belongs to the byline (each author); fact-check to the fact-checker, edit and
ready to the editor, each as they were when the stage's last visit ended, from the assignment
history (`article_assignments`: each change of a duty with who held it before and after): the
last change before that moment names who held it after; with none before it, the first change
after it names who held it before; with no change at all, the story's current person. The
summary keeps that holder in the stage's row (`summary.holder`, rewritten whenever the story's
transitions or assignment changes are), so a period reads no assignment history.
A still-open stage belongs to the current person. (A stage whose holder changed during
it counts wholly for the one holding it at its end; the history of bylines is not recorded, so
draft is the current byline's.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from editorial import clock, workflow
from editorial.database import plain_rows
from editorial.extensions import db
from editorial.insights import figures as f
from editorial.insights.filters import Filters
from editorial.insights.queries import candidates, narrowed, narrowing
from editorial.models import Article
from editorial.models.article import article_authors
from editorial.models.history import ArticleTransition
from editorial.models.insight_summary import InsightStageTotal

KINDS = ("all", "week", "section", "language", "person")
Key = tuple[str, Any, str]  # kind, group (None for "all"), stage


@dataclass(frozen=True)
class Figure:
    """One group's figure for one stage: how many stories, the median, the 90th percentile."""

    count: int
    median: float | None
    p90: float | None


@dataclass
class Stages:
    """Every time-in-stage figure by (kind, group, stage); `behind`: the story ids, if asked."""

    figures: dict[Key, Figure] = field(default_factory=dict)
    behind: dict[Key, set[int]] = field(default_factory=dict)
    asked: bool = False  # whether `behind` was read

    def groups(self, kind: str) -> list[Any]:
        """The groups of `kind` that have any figure."""
        return list(dict.fromkeys(k[1] for k in self.figures if k[0] == kind))


def epoch(column: Any) -> ColumnElement[int]:
    """SQL: the Unix second a stored (naive UTC) moment falls in, the same on both databases."""
    if db.session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(func.floor(func.extract("epoch", column)), BigInteger)


def _seconds(moment: datetime) -> int:
    return int(clock.as_utc(moment).timestamp() // 1)


def _at_least_zero(value: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((value > 0, value), else_=0)


def week_bounds(first: datetime, last: datetime, zone: str) -> list[tuple[int, str]]:
    """Each newsroom week from the one holding `first` to the one holding `last`: its Monday's
    midnight in `zone` as a Unix second, and the Monday's date."""
    monday = f.week_of(first, zone)
    end = f.week_of(last, zone)
    bounds = []
    while monday <= end:
        start = clock.from_local(datetime.combine(monday, time()), zone)
        bounds.append((_seconds(start), monday.isoformat()))
        monday += timedelta(days=7)
    return bounds


def _week(ended: ColumnElement[int], bounds: list[tuple[int, str]]) -> ColumnElement[str]:
    whens = [(ended < bounds[n + 1][0], bounds[n][1]) for n in range(len(bounds) - 1)]
    if not whens:
        return cast(literal(bounds[0][1]), String)
    return case(*whens, else_=bounds[-1][1])


def _week_number(ended: ColumnElement[int], bounds: list[tuple[int, str]]) -> Any:
    """`_week` as the week's place in `bounds` (0, 1, ...): a small number, which the driver
    hands back without making a string per row (for `compute_flat`'s tens of thousands)."""
    whens = [(ended < bounds[n + 1][0], n) for n in range(len(bounds) - 1)]
    if not whens:
        return literal(0)
    return case(*whens, else_=len(bounds) - 1)


def _holder(rows: Any, current: Any) -> ColumnElement[Any]:
    """SQL: who held the stage's duty when its last visit ended, as the summary keeps it from
    the assignment history (`summary.holder`); the story's `current` person when that duty
    never changed."""
    return case((rows.c.held == 1, rows.c.holder_id), else_=current)


def grouped_rows(
    filters: Filters,
    now: datetime,
    zone: str,
    flat: bool = False,
    ended: tuple[int, int] | None = None,
    with_open: bool = True,
) -> Any:
    """SQL: a row per (kind, group, stage, story) whose figure falls in the period; `flat`: a
    row per (story, stage, person) with its section, language and week instead. `ended`: only
    the finished stages ending in these seconds (part of the period's); without `with_open`,
    no stage still open (`closed_days` reads a period's closed days and today apart)."""
    now_s = _seconds(now)
    start_s, end_s = _seconds(filters.start), _seconds(filters.end)
    # A figure still open (ended now) counts when now is in the period or before its end.
    open_counts = with_open and ((start_s <= now_s < end_s) or now < filters.end)
    if ended is not None:
        start_s, end_s = ended
    s, t = InsightStageTotal, ArticleTransition
    story = (Article.section_id, Article.language, Article.editor_id, Article.fact_checker_id)
    kept = (s.section_id, s.language, s.editor_id, s.fact_checker_id)
    # Each part starts from its own index: the rows ending in the period, the stages open now,
    # the drafts (for a story that never moved). A stage row keeps its story's columns
    # (`summary.STORY_COLUMNS`), so the story is read only to narrow.
    # A stage that ended in the period: its story moved then (`queries.narrowed`).
    finished = select(
        s.article_id,
        s.stage,
        s.seconds.label("seconds"),
        s.ended.label("ended"),
        literal(0).label("still_open"),
        s.held.label("held"),
        s.holder_id.label("holder_id"),
        *(column.label(column.key) for column in kept),
    ).where(s.ended >= start_s, s.ended < end_s)
    parts: list[Any] = [narrowed(finished, s.article_id, filters)]
    if open_counts:
        moved = exists().where(t.article_id == Article.id, t.from_state != t.to_state)
        parts += [
            select(
                s.article_id,
                s.stage,
                s.seconds + _at_least_zero(now_s - s.open_since),
                literal(now_s),
                literal(1),
                literal(0),
                null(),
                *kept,
            )
            .join(Article, Article.id == s.article_id)
            .where(s.open_since.is_not(None), candidates(filters)),
            select(
                Article.id,
                literal("draft"),
                _at_least_zero(now_s - epoch(Article.created_at)),
                literal(now_s),
                literal(1),
                literal(0),
                null(),
                *story,
            )
            # A story that never moved is still a draft: found on the state index.
            .where(
                Article.state == workflow.DRAFT,
                Article.created_at < filters.end,
                narrowing(filters),
                ~moved,
            ),
        ]
    rows = union_all(*parts).cte("rows")
    bounds = week_bounds(min(filters.start, now), max(filters.end, now), zone)
    author = article_authors.c.user_id
    person = case(
        (rows.c.stage == "draft", author),
        (
            rows.c.stage == "fact_check",
            case(
                (rows.c.still_open == 1, rows.c.fact_checker_id),
                else_=_holder(rows, rows.c.fact_checker_id),
            ),
        ),
        (rows.c.still_open == 1, rows.c.editor_id),
        else_=_holder(rows, rows.c.editor_id),
    )

    bylines = (
        article_authors,
        and_(article_authors.c.article_id == rows.c.article_id, rows.c.stage == "draft"),
    )
    if flat:
        return (
            select(
                rows.c.article_id,
                rows.c.stage,
                rows.c.seconds,
                rows.c.section_id,
                rows.c.language,
                _week_number(rows.c.ended, bounds),
                person,
            )
            .select_from(rows)
            .outerjoin(*bylines)
        )

    def part(kind: str, number: Any, text: Any, *joins: Any) -> Select[Any]:
        query = select(
            literal(kind).label("kind"),
            cast(number, Integer).label("g_number"),
            cast(text, String).label("g_text"),
            rows.c.stage,
            rows.c.article_id,
            rows.c.seconds,
        ).select_from(rows)
        for target, on in joins:
            query = query.outerjoin(target, on)
        return query

    return union_all(
        part("all", null(), null()),
        part("week", null(), _week(rows.c.ended, bounds)),
        part("section", rows.c.section_id, null()),
        part("language", null(), rows.c.language),
        part("person", person, null(), bylines),
    ).cte("grouped")


def _group(kind: str, number: Any, text: Any) -> Any:
    if kind in ("section", "person"):
        return number
    if kind in ("week", "language"):
        return date.fromisoformat(text) if kind == "week" else text
    return None


def figures(filters: Filters, now: datetime, zone: str, behind: bool = False) -> Stages:
    """Every time-in-stage figure, the percentiles picked in Python from one row per story and
    stage (`compute_flat`): at 10,000 stories that measured cheaper than the database's window
    sort (`compute`) on SQLite (CPU) and on PostgreSQL (wall clock); see BENCHMARKS.md. Both give
    the same figures (tests hold them to it). The page and its CSV ask `closed_days` instead,
    which keeps the days before today and reads today's rows only."""
    return compute_flat(filters, now, zone, behind)


def compute_flat(filters: Filters, now: datetime, zone: str, behind: bool = False) -> Stages:
    """`compute`'s figures with the percentiles picked in Python, from one row per story and
    stage (the database still works out every stage time, its groups and its week)."""
    # defaultdicts: `setdefault` would make (and mostly throw away) a list per row and kind.
    kinds: dict[str, defaultdict[tuple[Any, str], list[float]]] = {
        k: defaultdict(list) for k in KINDS
    }
    overall, weekly, by_section, by_language, by_person = (kinds[k] for k in KINDS)
    # The read gives each row's week as its place among these Mondays (`_week_number`).
    mondays = [
        date.fromisoformat(day)
        for _, day in week_bounds(min(filters.start, now), max(filters.end, now), zone)
    ]
    ids: dict[Key, set[int]] = {}
    seen: set[int] = set()  # the drafts counted: a story with two bylines comes twice
    for article_id, stage, seconds, section_id, language, week, person in plain_rows(
        grouped_rows(filters, now, zone, flat=True)
    ):
        by_person[(person, stage)].append(seconds)
        if behind:
            ids.setdefault(("person", person, stage), set()).add(article_id)
        if stage == "draft":
            if article_id in seen:
                continue
            seen.add(article_id)
        overall[(None, stage)].append(seconds)
        weekly[(week, stage)].append(seconds)
        by_section[(section_id, stage)].append(seconds)
        by_language[(language, stage)].append(seconds)
        if behind:
            for key in (
                ("all", None, stage),
                ("week", mondays[week], stage),
                ("section", section_id, stage),
                ("language", language, stage),
            ):
                ids.setdefault(key, set()).add(article_id)
    found = Stages(asked=behind, behind=ids)
    for kind, groups in kinds.items():
        for (group, stage), numbers in groups.items():
            numbers.sort()  # once: the median and the 90th percentile index into it
            got = f.stats_of_sorted(numbers)
            median = None if got.median is None else float(got.median)
            p90 = None if got.p90 is None else float(got.p90)
            shown = mondays[group] if kind == "week" else group
            found.figures[(kind, shown, stage)] = Figure(got.count, median, p90)
    return found


def compute(filters: Filters, now: datetime, zone: str, behind: bool = False) -> Stages:
    """Every time-in-stage figure for `filters` as of `now`; with `behind`, their stories too."""
    grouped = grouped_rows(filters, now, zone)
    keys = (grouped.c.kind, grouped.c.g_number, grouped.c.g_text, grouped.c.stage)
    # One window (one sort): the row's number, and the group's count over the whole group.
    ranked = select(
        *keys,
        grouped.c.seconds,
        func.row_number().over(partition_by=keys, order_by=grouped.c.seconds).label("rn"),
        func.count()
        .over(partition_by=keys, order_by=grouped.c.seconds, rows=(None, None))
        .label("n"),
    ).subquery("ranked")
    rn, n = ranked.c.rn, ranked.c.n
    middle = or_(rn == (n + 1) // 2, rn == (n + 2) // 2)
    rank90 = (9 * n + 9) // 10
    # Only the (at most three) rows each group's figures pick are grouped.
    picked = select(ranked).where(or_(middle, rn == rank90)).subquery("picked")
    rn, n = picked.c.rn, picked.c.n
    middle = or_(rn == (n + 1) // 2, rn == (n + 2) // 2)
    rank90 = (9 * n + 9) // 10
    group = (picked.c.kind, picked.c.g_number, picked.c.g_text, picked.c.stage)
    query = select(
        *group,
        func.max(n),
        func.avg(case((middle, picked.c.seconds))),
        func.max(case((rn == rank90, picked.c.seconds))),
    ).group_by(*group)
    found = Stages(asked=behind)
    for kind, number, text, stage, count, middle_value, p90 in db.session.execute(query):
        found.figures[(kind, _group(kind, number, text), stage)] = Figure(
            int(count), float(middle_value), float(p90)
        )
    if behind:
        for kind, number, text, stage, article_id in db.session.execute(
            select(*keys, grouped.c.article_id)
        ):
            found.behind.setdefault((kind, _group(kind, number, text), stage), set()).add(
                article_id
            )
    return found
