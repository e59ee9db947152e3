"""Why each story is in a person's queue, in words: who sent it, when, and with what note.

The queue's SQL says which kind of waiting work a story is ("returned", "to edit"...); the state
column already shows where it is, so the "Why" column says what happened to put it there: the
latest move (returned by, flagged by, submitted by, with its note) or the assignment that made it
this person's (assigned to you by). Two reads for a whole page, however long: the latest move of
each story and the latest assignment of each story's duty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from editorial import workflow
from editorial.extensions import db
from editorial.models import Article, ArticleAssignment, ArticleTransition, User

# The queue's kinds of waiting work (queries._reasons), named once.
RETURNED, FLAGGED, DRAFT = "returned", "flagged", "draft"
TO_EDIT, READY, SOON = "to_edit", "ready", "soon"
MY_CHECK, OPEN_CHECK = "my_check", "open_check"
TRANSLATING, SOURCE_CHANGED = "translating", "source_changed"


@dataclass(frozen=True)
class Why:
    """A sentence in parts: `lead`, then how long ago (`when`, drawn as a <time>), then `tail`,
    then the note that came with it, if any."""

    lead: str
    when: datetime | None = None
    tail: str = ""
    note: str = ""


def _name(person: User | None, viewer: User) -> str:
    if person is None:
        return "the system"
    return "you" if person.id == viewer.id else person.display_name


def _latest_moves(ids: list[int]) -> dict[int, ArticleTransition]:
    newest = (
        select(func.max(ArticleTransition.id))
        .where(ArticleTransition.article_id.in_(ids))
        .group_by(ArticleTransition.article_id)
    )
    rows = db.session.scalars(
        select(ArticleTransition)
        .where(ArticleTransition.id.in_(newest))
        .options(selectinload(ArticleTransition.actor))
    )
    return {move.article_id: move for move in rows}


def _latest_assignments(ids: list[int]) -> dict[tuple[int, str], ArticleAssignment]:
    newest = (
        select(func.max(ArticleAssignment.id))
        .where(ArticleAssignment.article_id.in_(ids))
        .group_by(ArticleAssignment.article_id, ArticleAssignment.duty)
    )
    rows = db.session.scalars(
        select(ArticleAssignment)
        .where(ArticleAssignment.id.in_(newest))
        .options(selectinload(ArticleAssignment.actor))
    )
    return {(change.article_id, change.duty): change for change in rows}


def explain(kinds: list[tuple[Article, str]], viewer: User) -> list[Why]:
    """The reason, in words, for each (article, kind) of one queue page, in the same order."""
    ids = [article.id for article, _ in kinds] or [0]
    moves, assigned = _latest_moves(ids), _latest_assignments(ids)
    return [_why(article, kind, viewer, moves.get(article.id), assigned) for article, kind in kinds]


def _moved(move: ArticleTransition | None, viewer: User, tail: str = "") -> Why | None:
    if move is None:
        return None
    done = workflow.BY_NAME[move.name].done if move.name in workflow.BY_NAME else move.name
    lead = f"{done[:1].upper()}{done[1:]} by {_name(move.actor, viewer)}"
    return Why(lead, move.at, tail, move.note or "")


def _given(
    change: ArticleAssignment | None, viewer: User, what: str, otherwise: Why | None
) -> Why | None:
    """ "Assigned to you by X" when the latest assignment of the duty made it `viewer`'s."""
    if change is None or change.after_id != viewer.id:
        return otherwise
    if change.actor_id == viewer.id:
        return Why(f"You took {what}", change.at)
    by = _name(change.actor, viewer)
    return Why(f"{what[:1].upper()}{what[1:]} assigned to you by {by}", change.at)


def _why(
    article: Article,
    kind: str,
    viewer: User,
    move: ArticleTransition | None,
    assigned: dict[tuple[int, str], ArticleAssignment],
) -> Why:
    editing = assigned.get((article.id, "editor"))
    checking = assigned.get((article.id, "fact_checker"))
    nobody_edits = "; nobody is editing it yet" if article.editor_id is None else ""
    if article.editor_id == viewer.id:
        nobody_edits = "; you are its editor"
    found: Why | None
    if kind in (RETURNED, FLAGGED):
        found = _moved(move, viewer)
    elif kind == DRAFT:
        found = Why("Your draft, not yet submitted for edit")
        if move is not None and move.name == "restore":
            found = _moved(move, viewer, " from the spike; not yet submitted")
    elif kind == TO_EDIT:
        found = _given(editing, viewer, "the editing", _moved(move, viewer, nobody_edits))
    elif kind == READY:
        found = _moved(move, viewer, "; ready to publish" + nobody_edits)
    elif kind == SOON:
        found = Why("Due to go out", article.published_at, ", on its schedule")
    elif kind == MY_CHECK:
        found = _given(checking, viewer, "the check", _moved(move, viewer, "; the check is yours"))
    elif kind == TRANSLATING:
        found = Why(
            f"Your translation, in {workflow.STATE_LABELS[article.state]} since",
            article.state_changed_at,
        )
    elif kind == SOURCE_CHANGED:
        found = Why(
            "Source changed since your translation was made: compare, then mark it up to date"
        )
    else:  # OPEN_CHECK
        found = _moved(move, viewer, "; nobody has taken the check")
    return found or Why(
        f"In {workflow.STATE_LABELS[article.state]} since", article.state_changed_at
    )
