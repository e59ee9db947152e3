"""A transition's flush refreshes its story's insights summary and compares the finished stage
rows of earlier days around it; the rows after the refresh are the ones it has just worked out,
so they are compared as written, not read back (one read of the summary a refresh, not two),
and the rows before it are read with the story's moves, in their statement, and compared with
what they give (`summary_sync`: only the rows that differ are written, none deleted that stays).
Whether the closed days' version moves is unchanged: `tests/test_insights_closed_days.py`
holds that."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask

from editorial import clock
from editorial.database import counted_statements
from editorial.extensions import db
from editorial.insights import summary
from editorial.models.history import ArticleTransition
from tests.helpers import calls_counted
from tests.test_insights import NOW, send_open_to_fact_check


def _noted(monkeypatch: Any) -> list[bool]:
    noted: list[bool] = []
    monkeypatch.setattr(summary, "note_closed_changed", lambda _session: noted.append(True))
    return noted


def _summary_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if "FROM insight_stage_totals" in s and _reads(s)]


def _reads(statement: str) -> bool:
    return statement.startswith("SELECT") or " RETURNING " in statement


def test_a_transition_reads_its_story_s_summary_once(
    app: Flask,
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    monkeypatch: Any,
) -> None:
    noted = _noted(monkeypatch)
    refreshes = calls_counted(monkeypatch, summary, "refresh")
    with counted_statements(app) as statements:
        send_open_to_fact_check(insights_newsroom, editor, fact_checker)
    # One read a refresh (this move flushes twice: the fact-checker's assignment, the move),
    # the moves' own (both tables' rows are compared with: bench:workflow8, bench:transition12).
    assert refreshes and len(_summary_reads(statements)) == len(refreshes)
    assert all("JOIN article_transitions" in s for s in _summary_reads(statements)), statements
    assert not [s for s in statements if s.startswith("DELETE FROM insight_")], statements
    assert noted == []  # its finished stages of earlier days are as they were


def test_a_backdated_move_still_says_a_closed_day_changed(
    app: Flask, insights_newsroom: dict[str, Any], monkeypatch: Any
) -> None:
    noted = _noted(monkeypatch)
    with clock.frozen(NOW):
        db.session.add(
            ArticleTransition(
                article_id=insights_newsroom["fast"].id,
                name="submit",
                from_state="draft",
                to_state="edit",
                at=NOW - timedelta(hours=28.5),  # written two days late
            )
        )
        db.session.commit()
    assert noted == [True]


def test_a_refresh_reads_moves_and_duties_in_one_statement(
    app: Flask,
    insights_newsroom: dict[str, Any],
    editor: Any,
    fact_checker: Any,
    monkeypatch: Any,
) -> None:
    """The story's moves and its duties' changes (who held a finished stage) come in one
    statement a refresh (bench:workflow8: two before); the rows are checked against their
    recomputation by `test_insights_summary` and `test_insights_holder`."""
    refreshes = calls_counted(monkeypatch, summary, "refresh")
    with counted_statements(app) as statements:
        send_open_to_fact_check(insights_newsroom, editor, fact_checker)
    reads = [s for s in statements if "FROM article_assignments" in s]
    assert refreshes and len(reads) == len(refreshes), reads
    assert all("JOIN article_transitions" in s for s in reads), reads
