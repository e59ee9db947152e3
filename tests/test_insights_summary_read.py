"""The insights summary's rebuild by ranges of stories, its rows written by COPY on PostgreSQL
(`insights.summary_read`, `insights.summary_write.COPY_FROM`; issue 28's seeding time): the
same summary as every transition's flush kept, and a range's read names only the stories asked
for."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import delete

from editorial.extensions import db
from editorial.insights import summary, summary_write
from editorial.insights.summary_read import histories
from editorial.models import InsightFactCheckEvent, InsightStageTotal, User
from tests.test_insights_summary import _hand_built_newsroom, kept, story


def test_a_rebuild_by_ranges_written_by_copy_keeps_what_the_flushes_kept(
    app: Flask, editor: User, fact_checker: User, monkeypatch: object
) -> None:
    """Two stories a batch (so a range holds a story that never moved), every batch's rows
    through COPY on PostgreSQL (the INSERT on SQLite): the rows the flushes kept, times with
    fractions of a second included."""
    _hand_built_newsroom(editor, fact_checker)
    expected = kept()
    assert expected[0] and expected[1]
    db.session.execute(delete(InsightStageTotal))
    db.session.execute(delete(InsightFactCheckEvent))
    monkeypatch.setattr(summary_write, "COPY_FROM", 1)  # type: ignore[attr-defined]
    assert summary.refresh(db.session.connection(), None, chunk=2) == 4
    db.session.commit()
    db.session.expire_all()
    assert kept() == expected


def test_a_range_read_leaves_out_a_story_it_was_not_asked_for(app: Flask, editor: User) -> None:
    """A story inside the range but not in the ids (committed after the rebuild read them)."""
    first, between, last = (
        story([(1, "submit", "draft", "edit")], created=0, actor=editor) for _ in range(3)
    )
    found, _changes = histories(db.session.connection(), [first.id, last.id], between=True)
    assert [article_id for article_id, *_rest in found] == [first.id, last.id]
    assert between.id not in {article_id for article_id, *_rest in found}
