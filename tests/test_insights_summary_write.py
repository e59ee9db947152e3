"""The insights summary's batch writer (`insights.summary_write`, issue 28's seeding time): the
rows it stores are the ones SQLAlchemy's INSERT stores, on both databases, whatever the values:
a column NULL in every row of a batch, times with microseconds and in other zones, strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

from flask import Flask
from sqlalchemy import Table, delete, insert, select

from editorial.extensions import db
from editorial.insights.summary_write import write_rows
from editorial.models import InsightFactCheckEvent, InsightStageTotal
from tests.factories import make_article

STAGES = cast(Table, InsightStageTotal.__table__)
CHECKS = cast(Table, InsightFactCheckEvent.__table__)
AT = datetime(2026, 6, 1, 9, 0, 0, 999_600, tzinfo=UTC)


def _stage_rows(ids: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "stage": stage,
            "seconds": 2**40 + n,  # past a 32-bit integer: the BIGINT column's
            "ended": None if stage == "edit" else 1_780_000_000 + n,
            "open_since": None,  # NULL in every row
            "held": n % 2,
            "holder_id": None,
            "section_id": None,
            "language": "ar" if n % 2 else "en",
            "editor_id": article_id,
            "fact_checker_id": None,
        }
        for n, (article_id, stage) in enumerate(
            (article_id, stage) for article_id in ids for stage in ("draft", "edit", "ready")
        )
    ]


def _check_rows(ids: list[int]) -> list[dict[str, Any]]:
    east = timezone(timedelta(hours=3))
    return [
        {
            "article_id": article_id,
            "kind": kind,
            "actor_id": None if kind == "send" else article_id,
            "at": (AT + timedelta(microseconds=n)).astimezone(east if n % 2 else UTC),
            "seconds": n * 61,
            "flagged": int(kind == "clear"),
        }
        for n, (article_id, kind) in enumerate(
            (article_id, kind) for article_id in ids for kind in ("send", "flag", "clear")
        )
    ]


def _stored(table: Table) -> list[tuple[Any, ...]]:
    columns = [column for column in table.c if column.key != "id"]
    return sorted(tuple(row) for row in db.session.execute(select(*columns)))


def test_the_batch_writer_stores_what_sqlalchemys_insert_stores(app: Flask) -> None:
    ids = [make_article().id for _ in range(3)]
    connection = db.session.connection()
    expected = {}
    for table, rows in ((STAGES, _stage_rows(ids)), (CHECKS, _check_rows(ids))):
        connection.execute(delete(table))
        connection.execute(insert(table), rows)
        expected[table.name] = _stored(table)
        connection.execute(delete(table))
        write_rows(connection, table, rows)
        assert _stored(table) == expected[table.name]
        write_rows(connection, table, [])  # nothing to write: no statement
    assert len(expected["insight_stage_totals"]) == 9
    assert all(row[4] is None for row in expected["insight_stage_totals"])  # open_since
    db.session.commit()  # the writes were seen as writes (`transaction_ends`): committed
    db.session.expire_all()
    assert _stored(CHECKS) == expected["insight_fact_check_events"]
