"""Who does the work on an article: its assigned editor and fact-checker (and a translation's
translator).

The byline is part of the story (it runs in public, is kept in every revision and is guarded by
the editor's conflict check), so it changes in the editor; this module handles the two duties.
A change is a conditional UPDATE on the value the person saw (`WHERE editor_id IS <before>`), so
of two people assigning at once, or two taking the same work, exactly one wins and the other is
told. Each change writes an `ArticleAssignment` (the article's activity), an audit event and
sends `article_assigned` (the notifications subscribe), all in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select, update

from editorial import workflow
from editorial.audit import record
from editorial.database import changed_rows
from editorial.extensions import db
from editorial.models import Article, ArticleAssignment, Role, User
from editorial.refusal import Refused
from editorial.signals import article_assigned


@dataclass(frozen=True)
class Duty:
    """One kind of assignment: its column, who may hold it and what to call it."""

    name: str
    label: str
    roles: tuple[Role, ...]

    def column(self) -> str:
        return f"{self.name}_id"


EDITOR = Duty("editor", "Editor", (Role.EDITOR, Role.ADMIN))
FACT_CHECKER = Duty("fact_checker", "Fact-checker", (Role.FACT_CHECKER,))
# A translation's translator: anyone who writes (shown and assigned only on translations).
TRANSLATOR = Duty("translator", "Translator", (Role.REPORTER, Role.EDITOR, Role.ADMIN))
DUTIES = {duty.name: duty for duty in (EDITOR, FACT_CHECKER, TRANSLATOR)}


def duties_of(article: Article) -> list[Duty]:
    """The duties `article` has: the translator only on a translation."""
    return [d for d in DUTIES.values() if d is not TRANSLATOR or article.is_translation]


def duty_named(name: str) -> Duty:
    """The duty called `name` (a 404-worthy refusal otherwise)."""
    duty = DUTIES.get(name)
    if duty is None:
        raise Refused("There is no such assignment.", status=404)
    return duty


class Candidate(NamedTuple):
    """Someone who may hold a duty, as the assignment panel's choices show them."""

    id: int
    display_name: str


def candidates(article: Article, duty: Duty) -> list[Candidate]:
    """Active people who may hold `duty` on `article`, by name (a checker not on its byline).

    Plain rows, not `User` objects: the panel shows only ids and names, and it is drawn again
    after every action on the desk page (a verdict's answer read 44 people as objects).
    """
    people = db.session.execute(
        select(User.id, User.display_name)
        .where(User.active.is_(True), User.role.in_(duty.roles))
        .order_by(User.display_name)
    )
    chosen = [Candidate(person.id, person.display_name) for person in people]
    if duty is FACT_CHECKER:
        byline = {author.id for author in article.authors}
        return [person for person in chosen if person.id not in byline]
    return chosen


def holder_id(article: Article, duty: Duty) -> int | None:
    """Who holds `duty` on `article` now (its id), or None."""
    value: int | None = getattr(article, duty.column())
    return value


def check_candidate(article: Article, duty: Duty, person: User | None) -> None:
    """Refuse, in words, anyone who can't hold `duty` on `article` (None: unassign, always fine)."""
    if person is None:
        return
    if not person.active:
        raise Refused(f"{person.display_name} is deactivated, so can't be assigned.")
    if person.role not in duty.roles:
        raise Refused(
            f"{person.display_name} is a {person.role.label.lower()}, "
            f"so can't be the {duty.label.lower()}."
        )
    if duty is FACT_CHECKER and article.is_author(person):
        raise Refused(f"{person.display_name} is on the byline, so can't check this article.")


def assign(
    article: Article, duty: Duty, person: User | None, actor: User, *, seen: int | None
) -> ArticleAssignment | None:
    """Give `duty` on `article` to `person` (None: nobody); `seen` is the holder the page showed.

    Returns the recorded change, or None when `person` already holds it. Refused (409) when
    someone changed the assignment since `seen`.
    """
    if duty not in duties_of(article):
        raise Refused("This story is not a translation, so it has no translator.", status=404)
    check_candidate(article, duty, person)
    before = holder_id(article, duty)
    after = person.id if person else None
    if before != seen:
        raise _changed_meanwhile(duty)
    if before == after:
        return None
    column = getattr(Article, duty.column())
    claimed = changed_rows(
        update(Article)
        .where(Article.id == article.id, column.is_(before) if before is None else column == before)
        .values({duty.column(): after})
        .execution_options(synchronize_session=False)
    )
    if claimed != 1:
        raise _changed_meanwhile(duty)
    db.session.refresh(article)
    return recorded(article, duty, before, person, actor)


def recorded(
    article: Article, duty: Duty, before: int | None, person: User | None, actor: User | None
) -> ArticleAssignment:
    """Keep a change of `duty` already made (here, or by a transition that assigns): the
    activity row, the audit event and the `article_assigned` signal."""
    after = person.id if person else None
    change = ArticleAssignment(
        article_id=article.id,
        duty=duty.name,
        before_id=before,
        after_id=after,
        actor_id=actor.id if actor else None,
    )
    db.session.add(change)
    record(f"article.assigned.{duty.name}", article, actor=actor, before=before, after=after)
    article_assigned.send(article, duty=duty.name, person=person, actor=actor)
    return change


def takeable(article: Article, person: User) -> Duty | None:
    """The unassigned duty `person` could take on `article` now, if any ("Take it").

    Editors and admins take the editing while the story is being worked on; fact-checkers take the
    check once the story is in fact-check, unless they are on its byline.
    """
    if person.has_role(*EDITOR.roles):
        if article.editor_id is None and article.state in workflow.EDITABLE_STATES:
            return EDITOR
        return None
    if person.has_role(*FACT_CHECKER.roles):
        if (
            article.fact_checker_id is None
            and article.state == workflow.FACT_CHECK
            and not article.is_author(person)
        ):
            return FACT_CHECKER
    return None


def take(article: Article, person: User) -> ArticleAssignment:
    """`person` takes the unassigned work on `article` that fits their role."""
    duty = takeable(article, person)
    if duty is None:
        raise Refused(
            "There is nothing here for you to take: it may have been taken meanwhile.", status=409
        )
    change = assign(article, duty, person, person, seen=None)
    assert change is not None  # noqa: S101  (unassigned before, so it changed)
    return change


def _changed_meanwhile(duty: Duty) -> Refused:
    return Refused(
        f"Someone else changed the {duty.label.lower()} meanwhile. Here is who it is now.",
        status=409,
        field=duty.name,
    )
