"""A few stories' insights summary brought up to date in place (`summary.refresh` of named
stories: every transition's, every flush hook's), not deleted and inserted again (issue 28,
bench:transition12).

A transition changes one or two of its story's stage rows (the stage it left, the stage it
entered) and seldom a fact-check event, yet each refresh deleted all of the story's rows and
inserted them again: four statements, a fifth with a fact-check round. Here the rows kept are
read with the story's history, in the same statement (`summary_read.histories`' `Kept`),
compared with the rows worked out from it (`summary.recompute`), and only the difference is
written: a stage row changed or new by an upsert on its key (story, stage), a stage the story
no longer has deleted, and of a story's fact-check events, in their order (time, then id),
those after the longest run that still matches deleted and the rest inserted (so the events'
ids keep following their order, as a rebuild numbers them). On
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
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table

from editorial.insights.summary_read import CHECK_KEYS, STAGE_KEYS, Kept
from editorial.insights.summary_write import unnest_insert, values_insert
from editorial.models.insight_summary import InsightFactCheckEvent, InsightStageTotal

_STAGES = cast(Table, InsightStageTotal.__table__)
_CHECKS = cast(Table, InsightFactCheckEvent.__table__)
_KEY = ("article_id", "stage")


def sync(
    connection: Connection,
    kept: Kept,
    stages: Sequence[dict[str, Any]],
    checks: Sequence[dict[str, Any]],
) -> None:
    """Make the summary of some stories, `kept` as it is, the rows `stages` and `checks` (every
    row of theirs), writing only what differs."""
    old_stages = dict(kept.stages)
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
    for article_id in sorted(set(kept.events) | set(new_events)):
        before, after = kept.events.get(article_id, []), new_events.get(article_id, [])
        same = 0
        for (_id, values), row in zip(before, after, strict=False):
            if values != tuple(row[key] for key in CHECK_KEYS):
                break
            same += 1
        dropped += [event_id for event_id, _values in before[same:]]
        added += [{key: row[key] for key in CHECK_KEYS} for row in after[same:]]
    if connection.dialect.name == "postgresql":
        if changed or gone or dropped or added:
            _write_together(connection, changed, gone, dropped, added)
        return
    texts = _texts(connection.dialect.name)
    if changed:
        text, rows = values_insert(connection, _STAGES, changed)
        connection.exec_driver_sql(text + texts["upsert"], rows)
    if gone:
        connection.exec_driver_sql(texts["gone"], gone)
    if dropped:
        connection.exec_driver_sql(texts["dropped"], [(event_id,) for event_id in dropped])
    if added:
        connection.exec_driver_sql(*values_insert(connection, _CHECKS, added))


@cache
def _texts(dialect: str) -> dict[str, str]:
    """The statements' own parts, built once per database: the stage rows' upsert clause, the
    deletes of stage rows by key and of events by id (a driver's `executemany`, SQLite's `?`;
    PostgreSQL's arrays, `%s`)."""
    key = ", ".join(_KEY)
    setting = ", ".join(f"{name} = excluded.{name}" for name in STAGE_KEYS if name not in _KEY)
    if dialect == "postgresql":
        types = "%s::INTEGER[], %s::VARCHAR(20)[]"  # the key's columns
        gone = f"({key}) IN (SELECT * FROM unnest({types}))"  # noqa: S608 - its own names
        dropped = "id = ANY(%s::INTEGER[])"
    else:
        gone = " AND ".join(f"{name} = ?" for name in _KEY)
        dropped = "id = ?"
    return {
        "upsert": f" ON CONFLICT ({key}) DO UPDATE SET {setting}",
        "gone": f"DELETE FROM {_STAGES.name} WHERE {gone}",  # noqa: S608 - its own names
        "dropped": f"DELETE FROM {_CHECKS.name} WHERE {dropped}",  # noqa: S608 - its own names
    }


def _write_together(
    connection: Connection,
    changed: list[dict[str, Any]],
    gone: list[tuple[int, str]],
    dropped: list[int],
    added: list[dict[str, Any]],
) -> None:
    """PostgreSQL: upsert the `changed` stage rows, delete the `gone` ones and the events
    `dropped`, insert the events `added`, in one statement (all but the last as CTEs)."""
    texts = _texts("postgresql")
    parts: list[tuple[str, tuple[Any, ...]]] = []
    if changed:
        text, arrays = unnest_insert(connection, _STAGES, changed)
        parts.append((text + texts["upsert"], arrays))
    if gone:
        parts.append((texts["gone"], tuple([row[n] for row in gone] for n in range(len(_KEY)))))
    if dropped:
        parts.append((texts["dropped"], (dropped,)))
    if added:
        parts.append(unnest_insert(connection, _CHECKS, added))
    *first, (last, last_params) = parts
    ctes = ", ".join(f"summary_{n} AS ({text})" for n, (text, _params) in enumerate(first))
    params = tuple(value for _text, values in first for value in values) + last_params
    connection.exec_driver_sql(f"WITH {ctes} {last}" if ctes else last, params)
