"""A few stories' insights summary brought up to date in place (`summary.refresh` of named
stories: every transition's, every flush hook's), not deleted and inserted again (issue 28,
bench:transition12).

A transition changes one or two of its story's stage rows (the stage it left, the stage it
entered) and seldom a fact-check event, yet each refresh deleted all of the story's rows and
inserted them again: four statements, a fifth with a fact-check round. Here the rows kept are
read in one SELECT (both tables), compared with the rows worked out from the history
(`summary.recompute`), and only the difference is written: a stage row changed or new by an
upsert on its key (story, stage), a stage the story no longer has deleted, and of a story's
fact-check events, in id order, those after the longest run that still matches deleted and the
rest inserted (so the events' ids keep following their order, as a rebuild numbers them). On
PostgreSQL the writes are one statement (data-modifying CTEs); on SQLite one each, the upsert
one `executemany`. A refresh that changes nothing (a reschedule) writes nothing.

Decided: a refresh no longer renumbers the story's fact-check events (the stage rows have no
id: their key is the story and the stage). Nothing refers to an event's id (no foreign key, no
link, no page, CSV or export shows one, no read orders by one: `factcheck_sql` counts them), so
the ids matter to nobody; the tests compare the summary by value (`test_insights_summary.kept`).
The rows' values, and so every insights figure, are those the delete and insert wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Connection,
    DateTime,
    Integer,
    Table,
    bindparam,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy import cast as sql_cast

from editorial.insights.summary_write import unnest_insert, values_insert
from editorial.models.insight_summary import InsightFactCheckEvent, InsightStageTotal

_STAGES = cast(Table, InsightStageTotal.__table__)
_CHECKS = cast(Table, InsightFactCheckEvent.__table__)
STAGE_KEYS = tuple(column.key for column in _STAGES.c)
CHECK_KEYS = ("article_id", "kind", "actor_id", "at", "seconds", "flagged")
_KEY = ("article_id", "stage")
_IDS: BindParameter[int] = bindparam("ids", expanding=True)


def _kept_statement() -> Any:
    """The stories' stage rows (part 0, `STAGE_KEYS`) and fact-check events (part 1: kind,
    seconds, actor, flagged in the stage row's stage, seconds, ended and open_since, then the
    event's id and time), the events in id order: one read for both tables."""
    s, e = _STAGES.c, _CHECKS.c
    naive = DateTime()  # as `summary_read` reads a move's time: naive UTC, the driver's
    stages = select(literal_column("0").label("part"), *(s[key] for key in STAGE_KEYS)).add_columns(
        sql_cast(null(), Integer).label("event_id"), sql_cast(null(), naive).label("event_at")
    )
    nothing = [null() for _ in STAGE_KEYS[5:]]
    events = select(
        literal_column("1"), e.article_id, e.kind, e.seconds, e.actor_id, e.flagged, *nothing
    ).add_columns(e.id, type_coerce(e.at, naive))
    both = union_all(
        stages.where(s.article_id.in_(_IDS)), events.where(e.article_id.in_(_IDS))
    ).subquery()
    return select(both).order_by(both.c.part, both.c.article_id, both.c.event_id)


_KEPT = _kept_statement()


def kept(
    connection: Connection, ids: list[int]
) -> tuple[dict[tuple[int, str], tuple[Any, ...]], dict[int, list[tuple[int, tuple[Any, ...]]]]]:
    """The stories' stage rows by (story, stage), as `STAGE_KEYS` tuples, and each story's
    fact-check events in id order, as (id, `CHECK_KEYS` tuple)."""
    stages: dict[tuple[int, str], tuple[Any, ...]] = {}
    events: dict[int, list[tuple[int, tuple[Any, ...]]]] = defaultdict(list)
    width = 1 + len(STAGE_KEYS)
    for row in connection.execute(_KEPT, {"ids": ids}):
        if row[0] == 0:
            stages[(row[1], row[2])] = tuple(row[1:width])
        else:
            article_id, kind, seconds, actor_id, flagged = row[1:6]
            at = row[width + 1]
            events[article_id].append(
                (row[width], (article_id, kind, actor_id, at, seconds, flagged))
            )
    return stages, events


def sync(
    connection: Connection,
    ids: list[int],
    stages: Sequence[dict[str, Any]],
    checks: Sequence[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Make the summary of the stories `ids` the rows `stages` and `checks` (every row of
    theirs), writing only what differs; returns the stage rows it found (`STAGE_KEYS` dicts)."""
    old_stages, old_events = kept(connection, ids)
    found = [dict(zip(STAGE_KEYS, row, strict=True)) for row in old_stages.values()]
    changed: list[dict[str, Any]] = []
    for row in stages:
        values = tuple(row[key] for key in STAGE_KEYS)
        if old_stages.pop((row["article_id"], row["stage"]), None) != values:
            changed.append(dict(zip(STAGE_KEYS, values, strict=True)))
    gone = list(old_stages)  # the stages the stories no longer have
    new_events: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in checks:
        new_events[row["article_id"]].append(row)
    dropped: list[int] = []
    added: list[dict[str, Any]] = []
    for article_id in sorted(set(old_events) | set(new_events)):
        before, after = old_events.get(article_id, []), new_events.get(article_id, [])
        same = 0
        for (_id, values), row in zip(before, after, strict=False):
            if values != tuple(row[key] for key in CHECK_KEYS):
                break
            same += 1
        dropped += [event_id for event_id, _values in before[same:]]
        added += [{key: row[key] for key in CHECK_KEYS} for row in after[same:]]
    if changed or gone or dropped or added:
        _write(connection, changed, gone, dropped, added)
    return found


def _write(
    connection: Connection,
    changed: list[dict[str, Any]],
    gone: list[tuple[int, str]],
    dropped: list[int],
    added: list[dict[str, Any]],
) -> None:
    """Upsert `changed` stage rows, delete the `gone` ones and the events `dropped`, insert the
    events `added`: on PostgreSQL in one statement, elsewhere one each."""
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    stages, checks = quote(_STAGES.name), quote(_CHECKS.name)
    key = ", ".join(quote(name) for name in _KEY)
    setting = ", ".join(
        f"{quote(name)} = excluded.{quote(name)}" for name in STAGE_KEYS if name not in _KEY
    )
    upsert = f" ON CONFLICT ({key}) DO UPDATE SET {setting}"
    if dialect.name != "postgresql":
        if changed:
            text, rows = values_insert(connection, _STAGES, changed)
            connection.exec_driver_sql(text + upsert, rows)
        if gone:
            where = " AND ".join(f"{quote(name)} = ?" for name in _KEY)
            connection.exec_driver_sql(f"DELETE FROM {stages} WHERE {where}", gone)  # noqa: S608
        if dropped:
            marks = ", ".join("?" * len(dropped))
            connection.exec_driver_sql(
                f"DELETE FROM {checks} WHERE id IN ({marks})",  # noqa: S608 - its own names
                tuple(dropped),
            )
        if added:
            connection.exec_driver_sql(*values_insert(connection, _CHECKS, added))
        return
    parts: list[tuple[str, tuple[Any, ...]]] = []
    if changed:
        text, arrays = unnest_insert(connection, _STAGES, changed)
        parts.append((text + upsert, arrays))
    if gone:
        types = ", ".join(f"%s::{_STAGES.c[name].type.compile(dialect)}[]" for name in _KEY)
        where = f"({key}) IN (SELECT * FROM unnest({types}))"  # noqa: S608 - its own names
        columns = tuple([row[n] for row in gone] for n in range(len(_KEY)))
        parts.append((f"DELETE FROM {stages} WHERE {where}", columns))  # noqa: S608
    if dropped:
        parts.append((f"DELETE FROM {checks} WHERE id = ANY(%s::INTEGER[])", (dropped,)))  # noqa: S608
    if added:
        parts.append(unnest_insert(connection, _CHECKS, added))
    *first, (last, last_params) = parts
    ctes = ", ".join(f"summary_{n} AS ({text})" for n, (text, _params) in enumerate(first))
    params = tuple(value for _text, values in first for value in values) + last_params
    connection.exec_driver_sql(f"WITH {ctes} {last}" if ctes else last, params)
