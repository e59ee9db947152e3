"""The transition rows a seeded story's state implies: the shortest path from draft to it
(`editorial.demo.history.paths_from_draft`), its moves spread evenly from its creation to its
last change, each made by the person the move's rules allow (`bench.seed` for the English
stories, `bench.arabic` for their translations)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from editorial import workflow
from editorial.demo.history import StatePath, note_for
from editorial.demo.load import NOTES


def actor(row: workflow.Transition, state: str, people: dict[str, int | None]) -> int | None:
    """Who made `row`'s move from `state`: a byline author where allowed, else by role."""
    if state in row.author_sources:
        return people["author"]
    if workflow.FACT_CHECKER in row.roles and people["checker"] is not None:
        return people["checker"]
    return people["editor"] or people["admin"]


def history_rows(
    article_id: int,
    path: StatePath,
    created: datetime,
    changed: datetime,
    people: dict[str, int | None],
) -> list[dict[str, Any]]:
    """The story's transition rows along `path`, from `created` to `changed`."""
    history = []
    from_state = workflow.DRAFT
    for number, row in enumerate(path, start=1):
        history.append(
            {
                "article_id": article_id,
                "at": created + (changed - created) * number / len(path),
                "actor_id": actor(row, from_state, people),
                "name": row.name,
                "from_state": from_state,
                "to_state": row.target,
                "note": note_for(row, NOTES),
            }
        )
        from_state = row.target
    return history
