"""The seed's rebuilds (bench/seed_rebuilds.py): the search index and the insights summary
written again over every story hold what the app's flush hooks wrote, their tables' indexes and
keys are back, and the seed's last writes are committed with them (on PostgreSQL the two
rebuilds run side by side on connections of their own, after the seed's commit)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from bench.bulk import _foreign_keys, _plain_indexes
from bench.seed_rebuilds import REBUILT_TABLES, rebuild_and_commit
from editorial import clock
from editorial.extensions import db
from editorial.models import ArticleTransition, User
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("frozen")
MOVES = [
    ("submit", "draft", "edit"),
    ("send_to_fact_check", "edit", "fact_check"),
    ("clear", "fact_check", "ready"),
    ("publish", "ready", "published"),
]


def _rows(table: str) -> list[tuple[Any, ...]]:
    """The table's rows but their serial ids (a rebuild's rows take new ones)."""
    result = db.session.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608 - fixed names
    kept = [n for n, key in enumerate(result.keys()) if key != "id"]
    return sorted((tuple(row[n] for n in kept) for row in result), key=repr)


def test_the_rebuilds_write_what_the_hooks_wrote_and_commit_the_seeds_last_writes(
    app: Flask, editor: User
) -> None:
    for n, state in enumerate(("draft", "fact_check", "published")):
        article = make_article(state, tags=["Budget", f"Tag {n}"], editor_id=editor.id)
        moves = {"draft": 0, "fact_check": 2, "published": 4}[state]
        for hours, (name, before, after) in enumerate(MOVES[:moves]):
            db.session.add(
                ArticleTransition(
                    article_id=article.id,
                    name=name,
                    from_state=before,
                    to_state=after,
                    at=clock.now() + timedelta(hours=hours + 1),
                    actor_id=editor.id,
                )
            )
        db.session.commit()
    wrote = {table: _rows(table) for table in ("article_search", *REBUILT_TABLES[1:])}
    assert wrote["article_search"] and wrote["insight_stage_totals"]
    connection = db.session.connection()
    indexes = _plain_indexes(connection, REBUILT_TABLES)
    keys = sorted(_foreign_keys(connection, REBUILT_TABLES))
    for table in REBUILT_TABLES:
        connection.execute(text(f'DELETE FROM "{table}"'))  # noqa: S608 - fixed names

    def finish() -> None:
        db.session.execute(
            text("UPDATE users SET display_name = 'Finished' WHERE id = :id"), {"id": editor.id}
        )

    rebuild_and_commit(finish)
    db.session.rollback()  # nothing left uncommitted: all of it is read back
    assert {table: _rows(table) for table in wrote} == wrote
    connection = db.session.connection()
    assert sorted(_plain_indexes(connection, REBUILT_TABLES)) == sorted(indexes)
    assert sorted(_foreign_keys(connection, REBUILT_TABLES)) == keys
    assert (
        db.session.scalar(text("SELECT display_name FROM users WHERE id = :id"), {"id": editor.id})
        == "Finished"
    )
