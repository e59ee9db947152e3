"""How a demo article got to its state: the way there is found in the workflow table, then walked.

The way is a breadth-first search over `workflow.TRANSITIONS`, never a second copy of the graph,
and every step goes through the real transition service under a frozen clock. So the transitions,
audit events, revisions and timestamps are the ones the app itself writes, and a change to the
table changes the demo with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from editorial import workflow
from editorial.articles.transitions.service import Request, apply
from editorial.clock import FrozenClock
from editorial.extensions import db
from editorial.models import Article, User
from editorial.refusal import Refused

StatePath = tuple[workflow.Transition, ...]  # the rows, in order, that lead to a state

# `clear` always carries a note: with no claims recorded the service wants one saying why nothing
# needed checking, whether or not the row marks its note as required.
NOTE_EXPECTED = frozenset({"clear"})
GENERIC_NOTE = "Routine desk decision, recorded for the demo newsroom."
# Who the demo asks first, among the roles a row allows: the specialist before the generalist.
ROLE_PREFERENCE = (workflow.FACT_CHECKER, workflow.EDITOR, workflow.ADMIN, workflow.REPORTER)


def paths_from_draft() -> dict[str, StatePath]:
    """The shortest way from draft to every reachable state, by transitions a person makes.

    Automatic rows (the system's release and recheck) are left out, and among equally short ways
    the "primary" rows win, so `published` is reached by submit, send_to_fact_check, clear and
    publish rather than through schedule.
    """
    rows = sorted(
        (t for t in workflow.TRANSITIONS if not t.automatic), key=lambda t: t.style != "primary"
    )
    paths: dict[str, StatePath] = {workflow.DRAFT: ()}
    frontier = [workflow.DRAFT]
    while frontier:
        reached: list[str] = []
        # Rows outside, states inside: a primary row into a new state beats any other row into
        # it at the same depth, whichever state of the frontier it leaves from.
        for row in rows:
            for state in frontier:
                if state in row.sources and row.target not in paths:
                    paths[row.target] = (*paths[state], row)
                    reached.append(row.target)
        frontier = reached
    return paths


@dataclass(frozen=True)
class Desk:
    """The people working on one demo article: its byline, its editor and fact-checker, an admin.

    `fact_checker` is the one chosen in the step that needs one (it is assigned by that step).
    """

    authors: list[User]
    editor: User | None
    fact_checker: User | None
    admin: User


def walk(
    article: Article,
    path: StatePath,
    desk: Desk,
    *,
    start: datetime,
    end: datetime,
    clock: FrozenClock,
    notes: Mapping[str, str],
    publish_at: datetime | None = None,
) -> None:
    """Apply `path` to `article` step by step, spread evenly after `start` up to `end`.

    `clock` is the frozen clock the caller holds; it is moved to each step's time. `publish_at` is
    the time given to a row that needs one (schedule), so it must lie after `end`.
    """
    for number, row in enumerate(path, start=1):
        clock.set(start + (end - start) * number / len(path))
        actor = choose_actor(row, article, desk)
        checker = desk.fact_checker if row.needs_fact_checker else None
        request = Request(
            note=note_for(row, notes),
            publish_at=publish_at if row.needs_time else None,
            fact_checker_id=checker.id if checker else None,
        )
        try:
            apply(article, row.name, actor, request)
        except Refused as refused:
            raise RuntimeError(
                f"Demo step {row.name!r} refused for {article.headline!r}: {refused}"
            ) from refused
        # Written now, while the clock still says the step's time (audit and revision rows take
        # their time when they are flushed).
        db.session.flush()


def choose_actor(row: workflow.Transition, article: Article, desk: Desk) -> User:
    """Who makes `row`'s move on `article`: the first person the table allows and the guard passes.

    A byline author where the row lets authors act, else by role in `ROLE_PREFERENCE` (the
    article's fact-checker, its editor, an admin, its first author).
    """
    candidates: list[User | None] = []
    if article.state in row.author_sources:
        candidates.extend(desk.authors)
    by_role: dict[str, list[User | None]] = {
        workflow.FACT_CHECKER: [desk.fact_checker],
        workflow.EDITOR: [desk.editor],
        workflow.ADMIN: [desk.admin],
        workflow.REPORTER: list(desk.authors),
    }
    for role in ROLE_PREFERENCE:
        if role in row.roles:
            candidates.extend(by_role[role])
    for person in candidates:
        if (
            person is not None
            and workflow.permitted(row, article, person)
            and workflow.check_guard(row, article, person) is None
        ):
            return person
    raise RuntimeError(f"No demo person may {row.name!r} {article.headline!r}.")


def note_for(row: workflow.Transition, notes: Mapping[str, str]) -> str:
    """The note a demo step carries: the data file's, or a generic one where a note is needed."""
    if row.note == "none":
        return ""
    if row.name in notes:
        return notes[row.name]
    return GENERIC_NOTE if row.note_required or row.name in NOTE_EXPECTED else ""
