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
    BindParameter,
    ColumnElement,
    Connection,
    DateTime,
    Select,
    bindparam,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)

from editorial.models import Article, ArticleAssignment, ArticleTransition


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
    The stories: those of the ids `ids`, or (`by_range`) every one from `low` to `high`."""
    story, moves, duties = (
        Article.__table__.c,
        ArticleTransition.__table__.c,
        ArticleAssignment.__table__.c,
    )

    def stories(column: ColumnElement[int]) -> ColumnElement[bool]:
        return column.between(_LOW, _HIGH) if by_range else column.in_(_IDS)

    kept = [story[name] for name in STORY_COLUMNS]
    none = [null() for _ in STORY_COLUMNS]
    naive = DateTime()  # the driver's own reading (see above), the same on both sides
    history = (
        select(literal_column("0").label("kind"), story.id, type_coerce(moves.at, naive))
        .add_columns(moves.id.label("seq"), type_coerce(story.created_at, naive), *kept)
        .add_columns(moves.name, moves.from_state, moves.to_state, moves.actor_id)
        .add_columns(null().label("after_id"))
        .join_from(Article.__table__, ArticleTransition.__table__, moves.article_id == story.id)
        .where(stories(story.id))
    )
    changes = (
        select(literal_column("1"), duties.article_id, duties.at, duties.id, null(), *none)
        .add_columns(duties.duty, null(), null(), duties.before_id, duties.after_id)
        .where(stories(duties.article_id))
    )
    both = union_all(history, changes).subquery()
    return select(both).order_by(both.c.kind, both.c.id, both.c.at, both.c.seq)


# Built once, on the tables (not the ORM's entities): every transition's flush reads its story.
_BY_IDS = _statement(by_range=False)
_BY_RANGE = _statement(by_range=True)


def histories(
    connection: Connection, ids: list[int], between: bool = False
) -> tuple[list[tuple[int, datetime, list[Move], dict[str, Any]]], dict[int, list[Change]]]:
    """Each story's creation, moves in order and `STORY_COLUMNS` (a story that never moved:
    none), and each story's duties' changes in order: of the stories `ids`, or (`between`)
    read by the range from `ids[0]` to `ids[-1]` (`ids` sorted: the rebuild's every story; a
    story in the range but not in `ids`, committed since they were read, is left out as the ids'
    read leaves it out)."""
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
        name, from_state, to_state, actor_id, after_id = row[width:]
        if kind:
            changes[article_id].append(Change(at, name, actor_id, after_id))
            continue
        story = found.get(article_id)
        if story is None:
            columns = dict(zip(STORY_COLUMNS, row[5:width], strict=True))
            story = found[article_id] = (article_id, row[4], [], columns)
        story[2].append(Move(at, name, from_state, to_state, actor_id))
    return list(found.values()), changes
