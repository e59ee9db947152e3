"""What the insights' summary reads of its stories (`summary.refresh`): each story's moves, its
creation and the columns its stage rows keep (`STORY_COLUMNS`), and its duties' changes, in one
statement a batch of stories: named by their ids (a flush's stories), or every story in a range
of ids (the whole summary's rebuild, `between`).

A rebuild at 100,000 stories reads about 540,000 rows: by range, not by 2,000 ids, psycopg has
no 4,000 placeholders to find in each batch's statement (`_split_query`); the rows are fetched
at once, not one `fetchone` a row; the times come as the driver reads them (naive UTC: the
summary's arithmetic, `summary._second`, and the bind processor a fact-check row's time is
written through read a naive time as UTC, so no aware copy is made of each); and a move or
change is a named tuple, not a frozen dataclass (bench:pgseed9).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Connection,
    DateTime,
    Integer,
    Select,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)

from editorial.models import Article, ArticleAssignment, ArticleTransition
from editorial.models.insight_summary import InsightFactCheckEvent, InsightStageTotal


class Move(NamedTuple):
    """What the summary reads of one transition."""

    at: datetime
    name: str
    from_state: str
    to_state: str
    actor_id: int | None


class Change(NamedTuple):
    """What the summary reads of one change of a duty (`article_assignments`), in order."""

    at: datetime
    duty: str
    before_id: int | None
    after_id: int | None


# The story's columns each stage row keeps (the figures group and narrow by them).
STORY_COLUMNS = ("section_id", "language", "editor_id", "fact_checker_id")

_IDS: BindParameter[int] = bindparam("ids", expanding=True)
_LOW: BindParameter[int] = bindparam("low")
_HIGH: BindParameter[int] = bindparam("high")


def _statement(by_range: bool) -> Select[Any]:
    """The stories' moves (kind 0: the story's creation and `STORY_COLUMNS` on each) and their
    duties' changes (kind 1: the duty in `name`, who held it before in `actor_id`, after in
    `after_id`), each in order (`at`, then id): one statement where there were two, in every
    transition's flush (bench:workflow8). The columns' types are the moves' (the first part's).
    The stories: those of the ids `ids`, or (`by_range`) every one from `low` to `high`; by
    ids, with the summary's rows they have now (`_kept_parts`), so that a refresh compares
    them in the same read (bench:transition12)."""
    story, moves, duties = (
        Article.__table__.c,
        ArticleTransition.__table__.c,
        ArticleAssignment.__table__.c,
    )

    def stories(column: ColumnElement[int]) -> ColumnElement[bool]:
        return column.between(_LOW, _HIGH) if by_range else column.in_(_IDS)

    kept = [story[name] for name in STORY_COLUMNS]
    none = [null() for _ in STORY_COLUMNS]
    # By ids, two more columns for the kept rows: named (two unnamed NULLs are one column) and
    # typed (PostgreSQL types a UNION's column pair by pair: NULL and NULL would be text).
    extra = [cast(null(), BigInteger).label("extra"), cast(null(), Integer).label("extra_id")]
    more = [] if by_range else extra
    naive = DateTime()  # the driver's own reading (see above), the same on both sides
    history = (
        select(literal_column("0").label("kind"), story.id, type_coerce(moves.at, naive))
        .add_columns(moves.id.label("seq"), type_coerce(story.created_at, naive), *kept)
        .add_columns(moves.name, moves.from_state, moves.to_state, moves.actor_id)
        .add_columns(null().label("after_id"), *more)
        .join_from(Article.__table__, ArticleTransition.__table__, moves.article_id == story.id)
        .where(stories(story.id))
    )
    changes = (
        select(literal_column("1"), duties.article_id, duties.at, duties.id, null(), *none)
        .add_columns(duties.duty, null(), null(), duties.before_id, duties.after_id, *more)
        .where(stories(duties.article_id))
    )
    parts = (history, changes) if by_range else (history, changes, *_kept_parts())
    both = union_all(*parts).subquery()
    return select(both).order_by(both.c.kind, both.c.id, both.c.at, both.c.seq)


def _kept_parts() -> tuple[Select[Any], Select[Any]]:
    """The stories' stage rows (kind 2) and fact-check events (kind 3) as the summary keeps
    them, in the moves' columns (see `_kept`): read with the moves, one statement where there
    would be two in every transition's refresh."""
    s, e = InsightStageTotal.__table__.c, InsightFactCheckEvent.__table__.c
    stages = select(literal_column("2"), s.article_id, null(), s.seconds, null())
    stages = stages.add_columns(*(s[name] for name in STORY_COLUMNS), s.stage, null(), null())
    stages = stages.add_columns(s.ended, s.open_since, s.held, s.holder_id)
    nothing = [null() for _ in STORY_COLUMNS]
    events = select(literal_column("3"), e.article_id, e.at, e.id, null(), *nothing)
    events = events.add_columns(e.kind, null(), null(), e.actor_id, e.flagged, e.seconds, null())
    return stages.where(s.article_id.in_(_IDS)), events.where(e.article_id.in_(_IDS))


# Built once, on the tables (not the ORM's entities): every transition's flush reads its story.
_BY_IDS = _statement(by_range=False)
_BY_RANGE = _statement(by_range=True)


class Kept(NamedTuple):
    """The summary's rows of the stories a refresh names, as they are before it: the stage
    rows by (story, stage), as `STAGE_KEYS` tuples; each story's fact-check events in order
    (time, then id) as (id, `CHECK_KEYS` tuple)."""

    stages: dict[tuple[int, str], tuple[Any, ...]]
    events: dict[int, list[tuple[int, tuple[Any, ...]]]]


# The summary's columns, in the order `Kept` holds them.
STAGE_KEYS = tuple(column.key for column in InsightStageTotal.__table__.c)
CHECK_KEYS = ("article_id", "kind", "actor_id", "at", "seconds", "flagged")


def _kept(kept: Kept, row: Any) -> None:
    """A kept row of the by-ids read into `kept` (kind 2: a stage row, its stage in `name`,
    seconds in `seq`, ended, open_since, held, holder in the last four; kind 3: an event, its
    id in `seq`, kind in `name`, actor, flagged and seconds in the last four but one)."""
    article_id, at, seq = row[1], row[2], row[3]
    if row[0] == 2:
        ended, open_since, held, holder_id = row[-4:]
        values = {"article_id": article_id, "stage": row[9], "seconds": seq, "ended": ended}
        values |= {"open_since": open_since, "held": held, "holder_id": holder_id}
        values |= dict(zip(STORY_COLUMNS, row[5:9], strict=True))
        kept.stages[(article_id, row[9])] = tuple(values[key] for key in STAGE_KEYS)
        return
    actor_id, flagged, seconds = row[-4:-1]
    kept.events[article_id].append((seq, (article_id, row[9], actor_id, at, seconds, flagged)))


def histories(
    connection: Connection, ids: list[int], between: bool = False, kept: Kept | None = None
) -> tuple[list[tuple[int, datetime, list[Move], dict[str, Any]]], dict[int, list[Change]]]:
    """Each story's creation, moves in order and `STORY_COLUMNS` (a story that never moved:
    none), and each story's duties' changes in order: of the stories `ids`, or (`between`)
    read by the range from `ids[0]` to `ids[-1]` (`ids` sorted: the rebuild's every story; a
    story in the range but not in `ids`, committed since they were read, is left out as the ids'
    read leaves it out). By ids, `kept` (when given) gets the summary's rows of the stories as
    they are now, from the same read."""
    found: dict[int, tuple[int, datetime, list[Move], dict[str, Any]]] = {}
    changes: dict[int, list[Change]] = defaultdict(list)
    width = 5 + len(STORY_COLUMNS)
    if between:
        rows = connection.execute(_BY_RANGE, {"low": ids[0], "high": ids[-1]}).all()
    else:
        rows = connection.execute(_BY_IDS, {"ids": ids}).all()
    wanted = set(ids)
    for row in rows:
        kind, article_id, at = row[0], row[1], row[2]
        if article_id not in wanted:
            continue
        if kind > 1:
            if kept is not None:
                _kept(kept, row)
            continue
        name, from_state, to_state, actor_id, after_id = row[width : width + 5]
        if kind:
            changes[article_id].append(Change(at, name, actor_id, after_id))
            continue
        story = found.get(article_id)
        if story is None:
            columns = dict(zip(STORY_COLUMNS, row[5:width], strict=True))
            story = found[article_id] = (article_id, row[4], [], columns)
        story[2].append(Move(at, name, from_state, to_state, actor_id))
    return list(found.values()), changes
