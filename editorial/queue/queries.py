"""What waits on a person, by role, as SQL: one query for the page, one for the count.

| role | waits on them |
| --- | --- |
| reporter | their drafts (returned ones say so), their stories flagged back to edit |
| editor, admin | in edit or ready, theirs or nobody's; scheduled to go out within the hour |
| fact-checker | their checks, then unassigned checks |

Oldest waiting first (time in the current state), the fact-checker's own checks before the
unassigned ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import g
from sqlalchemy import and_, case, func, or_, select, true, union
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from editorial import clock, workflow
from editorial.board_version import board_version_if_read
from editorial.deadlines.queries import attach as attach_deadlines
from editorial.extensions import db
from editorial.fragment_cache import fragment_cache
from editorial.identity import current_identity, signed_in_person
from editorial.models import Article, ArticleTransition, Role, User, on_byline
from editorial.models.checklists import attach as attach_checklists
from editorial.queue import reasons
from editorial.queue.reasons import Why
from editorial.workflow_guards import UserLike, role_of

PAGE = 50
SOON = timedelta(hours=1)


@dataclass
class Item:
    """One article in the queue and why it is there, in words (`reasons.Why`)."""

    article: Article
    why: Why
    since: datetime


def _last_move() -> ColumnElement[str]:
    return (
        select(ArticleTransition.name)
        .where(ArticleTransition.article_id == Article.id)
        .order_by(ArticleTransition.at.desc(), ArticleTransition.id.desc())
        .limit(1)
        .correlate(Article)
        .scalar_subquery()
    )


def _reasons(person: User, now: datetime) -> list[tuple[ColumnElement[bool], str, int]]:
    """(condition, why, rank) for each kind of waiting work of `person`'s role, after the
    translations they are the translator of (whatever their role)."""
    return _translating(person) + _by_role(person, now)


def _translating(person: User) -> list[tuple[ColumnElement[bool], str, int]]:
    """A translator's translations: out of date (published ones too), or still being written."""

    # Each through its index (translator and mark, translator and state) in a subquery of its
    # own, not correlated: most stories have no translator, so a planner's statistics call an
    # index on it useless and scan. Each reads only the rows it counts, however many
    # translations the person has made (issue 28: the rule run per translation grew with that).
    def theirs(condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return Article.id.in_(
            select(Article.id).where(Article.translator_id == person.id, condition).correlate(None)
        )

    return [
        (theirs(Article.source_changed == true()), reasons.SOURCE_CHANGED, 0),
        (theirs(Article.state.in_((workflow.DRAFT, workflow.EDIT))), reasons.TRANSLATING, 0),
    ]


def _by_role(person: User, now: datetime) -> list[tuple[ColumnElement[bool], str, int]]:
    if person.has_role(Role.EDITOR, Role.ADMIN):
        # Mine, and nobody's, each one range of the (state, editor_id) index: an OR on the
        # editor alone would walk every story without an editor (the whole archive, on some
        # newsrooms), and a test on the state's stories (coalesce) read every story in the
        # state, another editor's too (2,000 ready ones on the stress seed).
        def mine_or_nobodys(state: str) -> list[ColumnElement[bool]]:
            return [
                and_(Article.state == state, Article.editor_id.is_(None)),
                and_(Article.state == state, Article.editor_id == person.id),
            ]

        return [
            *((each, reasons.TO_EDIT, 0) for each in mine_or_nobodys(workflow.EDIT)),
            *((each, reasons.READY, 0) for each in mine_or_nobodys(workflow.READY)),
            (
                and_(Article.state == workflow.SCHEDULED, Article.published_at <= now + SOON),
                reasons.SOON,
                0,
            ),
        ]
    if person.has_role(Role.FACT_CHECKER):
        checking = Article.state == workflow.FACT_CHECK
        return [
            (and_(checking, Article.fact_checker_id == person.id), reasons.MY_CHECK, 0),
            (
                and_(checking, Article.fact_checker_id.is_(None), ~on_byline(person.id)),
                reasons.OPEN_CHECK,
                1,
            ),
        ]
    mine = on_byline(person.id)
    return [
        (
            and_(Article.state == workflow.DRAFT, mine, _last_move() == "return"),
            reasons.RETURNED,
            0,
        ),
        (and_(Article.state == workflow.DRAFT, mine), reasons.DRAFT, 0),
        (and_(Article.state == workflow.EDIT, mine, _last_move() == "flag"), reasons.FLAGGED, 0),
    ]


def waiting_on(person: User, page: int = 1) -> tuple[list[Item], bool]:
    """One page of what waits on `person`, and whether there is another page."""
    kinds_of_work = _reasons(person, clock.now())
    why = case(*[(condition, kind) for condition, kind, _ in kinds_of_work], else_="")
    rank = case(*[(condition, order) for condition, _, order in kinds_of_work], else_=9)
    rows = db.session.execute(
        select(Article, why.label("why"))
        .where(or_(*[condition for condition, _, _ in kinds_of_work]))
        .order_by(rank, Article.state_changed_at, Article.id)
        .offset((page - 1) * PAGE)
        .limit(PAGE + 1)
        .options(
            selectinload(Article.authors),
            selectinload(Article.section),
            selectinload(Article.editor),
            selectinload(Article.fact_checker),
        )
    ).all()
    kinds = [(article, kind) for article, kind in rows[:PAGE]]
    attach_deadlines(article for article, _ in kinds)  # the marks: one query for the page
    attach_checklists([article for article, _ in kinds])  # one query per kind of fact
    whys = reasons.explain(kinds, person)
    items = [Item(a, why, a.state_changed_at) for (a, _), why in zip(kinds, whys, strict=True)]
    return items, len(rows) > PAGE


# The most the navigation and the queue count: past it they say "99+", and the count reads at
# most this many stories of each kind of work, however large the desk (issue 28: at 100,000
# stories with the desk grown too, counting 4,000 unassigned edits took 16 ms on every page).
COUNT_LIMIT = 99


def count_waiting(person: User) -> int:
    """How many articles wait on `person` (the navigation's count), read once per request:
    at most COUNT_LIMIT + 1, which `shown_count` says as "99+".

    On a page that has read the desk's version first (the board's), it is kept under that
    version, the person and the minute, as the board is: every write that could change it
    (stories, their revisions and bylines) moves the version.
    """
    return _waiting(person, lambda: person)


def _waiting(who: UserLike, person: Callable[[], User | None]) -> int:
    """`count_waiting` for `who` (an id and a role), the `User` asked of `person` only when the
    count is read (not kept): a kept staff page builds none for its top bar."""
    cached: int | None = g.get("_queue_count")
    if cached is None:
        version = board_version_if_read()
        if version is None:
            cached = _count_for(person())
        else:
            minute = int(clock.now().timestamp() // 60)
            key = ("queue.count", version, who.id, role_of(who), minute)
            cached = fragment_cache().get_or_render(key, lambda: _count_for(person()))
        g._queue_count = cached
    return cached


def _count_for(person: User | None) -> int:
    return _count(person) if person is not None else 0


def _count(person: User) -> int:
    # One indexed read per kind of work put together with UNION (which also drops an article
    # waiting for two reasons), rather than one OR that scans every story. Each read stops
    # after COUNT_LIMIT + 1 stories: if none reaches it nothing was cut and the count is exact;
    # if one does, so does the union, and the count says "more than COUNT_LIMIT".
    kinds_of_work = _reasons(person, clock.now())
    parts = [
        select(Article.id).where(c).limit(COUNT_LIMIT + 1).subquery() for c, _, _ in kinds_of_work
    ]
    ids = union(*[select(part.c.id) for part in parts]).subquery()
    return min(db.session.scalar(select(func.count()).select_from(ids)) or 0, COUNT_LIMIT + 1)


def shown_count(count: int) -> str:
    """A waiting count as the navigation and the queue say it: "99+" past COUNT_LIMIT."""
    return f"{COUNT_LIMIT}+" if count > COUNT_LIMIT else str(count)


def waiting_now() -> int:
    """How many articles wait on the signed-in person (template global `queue_waiting`)."""
    who = current_identity()
    return _waiting(who, signed_in_person) if who is not None else 0
