"""The article desk's reads that are not a domain operation: suggestions, revisions, activity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Integer,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased, selectinload

from editorial import clock, workflow
from editorial.articles.revisions.service import newest_first
from editorial.extensions import db
from editorial.models import (
    Article,
    ArticleAssignment,
    ArticleRevision,
    ArticleTransition,
    Comment,
    Correction,
    Tag,
    User,
    article_tags,
)
from editorial.permissions import visible_articles
from editorial.raw_reads import session_reads
from editorial.text import slugify


def tags_starting_with(term: str, limit: int, person: User) -> list[Tag]:
    """Tags whose name (or slug) starts with `term`, by name, that are on an article `person`
    may see.

    A tag that exists only on someone else's draft would tell what that draft is about, so the
    tags offered follow the same visibility as the articles (`permissions.visible_articles`).
    """
    matches = Tag.name.istartswith(term, autoescape=True)
    if slugify(term) != "untitled":  # a name with no ASCII letters has no useful slug
        matches |= Tag.slug.startswith(slugify(term), autoescape=True)
    seen = (
        select(article_tags.c.tag_id)
        .join(Article, Article.id == article_tags.c.article_id)
        .where(visible_articles(person))
    )
    query = select(Tag).where(matches, Tag.id.in_(seen)).order_by(Tag.name).limit(limit)
    return list(db.session.scalars(query))


def revisions_of(article: Article) -> list[ArticleRevision]:
    """The article's revisions, newest first, with who made each."""
    return list(
        db.session.scalars(newest_first(article).options(selectinload(ArticleRevision.actor)))
    )


def moves_of(article: Article, revisions: list[ArticleRevision]) -> dict[int, ArticleTransition]:
    """The move each "transition" revision was kept for, by revision id (the History page says
    "Moved from Edit to Fact-check", not only "Moved").

    A move writes its transition row and then its revision, one of each, in one transaction, so
    the n-th newest transition revision belongs to the n-th newest transition. Paired from the
    newest: moves made before revisions were kept have no revision and are left over.
    """
    kept = [r for r in revisions if r.reason == "transition"]
    if not kept:
        return {}
    moves = db.session.scalars(
        select(ArticleTransition)
        .where(ArticleTransition.article_id == article.id)
        .order_by(ArticleTransition.id.desc())
        .limit(len(kept))
    )
    newest_first_kept = sorted(kept, key=lambda r: r.id, reverse=True)
    return {revision.id: move for revision, move in zip(newest_first_kept, moves, strict=False)}


@dataclass(frozen=True)
class Named:
    """Someone an activity line names: only their name is drawn."""

    display_name: str


@dataclass(frozen=True)
class Entry:
    """One line of an article's activity: what happened, when, by whom (None: the system)."""

    at: datetime
    kind: str  # "transition", "assignment", "comment", "correction", "created"
    actor: Named | None
    item: Any


ACTIVITY_PAGE = 60


def _named(name: str | None) -> Named | None:
    return Named(name) if name is not None else None


@dataclass(frozen=True)
class Line:
    """What the activity panel draws of one move, assignment, correction or comment: the
    columns its line shows, with the people's names (`_activity.html` reads them as it read the
    rows)."""

    at: datetime
    id: int
    from_state: str = ""
    to_state: str = ""
    note: str | None = None
    duty: str = ""
    actor_id: int | None = None
    after_id: int | None = None
    before: Named | None = None
    after: Named | None = None
    notice: str = ""
    parent_id: int | None = None
    outside_name: str | None = None
    body: str = ""


def _activity_reads() -> list[tuple[str, Any]]:
    """Each kind's newest `limit` lines, newest first, with the names each draws, as plain
    rows (built once: a comment's answer and every desk page read them, and 60 comments with
    their writers built as objects were most of the panel's cost)."""
    actor, before, after, creator = (aliased(User) for _ in range(4))
    limit = bindparam("limit", type_=Integer)

    def newest(model: Any, *columns: Any) -> Any:
        return (
            select(model.at, model.id, actor.display_name, *columns)
            .outerjoin(actor, actor.id == model.actor_id)
            .where(model.article_id == bindparam("article_id"))
            .order_by(model.at.desc(), model.id.desc())
            .limit(limit)
        )

    t, a, c, m = ArticleTransition, ArticleAssignment, Correction, Comment
    page = (
        select(m.at, m.id, m.actor_id, m.parent_id, m.outside_name, m.body)
        .where(m.article_id == bindparam("article_id"), m.deleted_at.is_(None))
        .order_by(m.at.desc(), m.id.desc())
        .limit(limit)
        .subquery("comments_page")
    )
    return [
        ("transition", newest(t, t.from_state, t.to_state, t.note)),
        (
            "assignment",
            newest(a, a.duty, a.actor_id, a.after_id, before.display_name, after.display_name)
            .outerjoin(before, before.id == a.before_id)
            .outerjoin(after, after.id == a.after_id),
        ),
        ("correction", newest(c, c.notice)),
        # From the story, so its creator's name (the "created" line's) comes with the comments
        # even when there are none: one row of nulls then. The page of comments is taken
        # before their writers' names are joined: joined first, both databases looked up a
        # writer for every comment of the story and sorted them all (a thread a desk's day
        # grows: 2,860 comments, 26 ms of a comment's answer on PostgreSQL, bench:pgwrites10).
        (
            "comment",
            select(page.c.at, page.c.id, actor.display_name)
            .add_columns(page.c.parent_id, page.c.outside_name, page.c.body)
            .add_columns(creator.display_name)
            .select_from(Article)
            .outerjoin(page, true())
            .outerjoin(actor, actor.id == page.c.actor_id)
            .outerjoin(creator, creator.id == Article.created_by_id)
            .where(Article.id == bindparam("article_id"))
            .order_by(page.c.at.desc(), page.c.id.desc())
            .limit(limit),
        ),
    ]


_FIELDS = {
    "transition": ("from_state", "to_state", "note"),
    "assignment": ("duty", "actor_id", "after_id", "before", "after"),
    "correction": ("notice",),
    "comment": ("parent_id", "outside_name", "body", "creator"),
}
_KINDS = tuple(_FIELDS)
# Every kind's columns side by side, each kind's row with NULL in the others' (so a column has
# one type on PostgreSQL).
_COLUMNS = tuple(dict.fromkeys(field for fields in _FIELDS.values() for field in fields))


def _activity_read() -> CompoundSelect[Any]:
    """`_activity_reads`' four reads as one (a UNION ALL of each kind's newest `limit`, the
    kind's place in `_KINDS` first): one statement, not four (on PostgreSQL, four round
    trips), each kind still read through its own index up to `limit`."""
    # Each kind's at, id, name and its own columns.
    reads = [(kind, query.subquery(kind).c) for kind, query in _activity_reads()]
    own = {kind: dict(zip(_FIELDS[kind], columns[3:], strict=True)) for kind, columns in reads}
    # A NULL cast to its column's type: PostgreSQL takes two untyped NULLs for text.
    typed = {field: column.type for columns in own.values() for field, column in columns.items()}
    parts = []
    for place, (kind, (at, row_id, name, *_values)) in enumerate(reads):
        parts.append(
            select(
                literal_column(str(place)).label("kind"),  # a digit from code, never input
                at.label("at"),
                row_id.label("id"),
                name.label("name"),
                *(
                    own[kind].get(column, cast(null(), typed[column])).label(column)
                    for column in _COLUMNS
                ),
            )
        )
    return union_all(*parts)


_ACTIVITY = _activity_read()


def activity(article: Article, limit: int = ACTIVITY_PAGE) -> list[Entry]:
    """The article's newest `limit` events of every kind, newest first, in one merged timeline.

    Transitions, assignments, comments (not deleted ones) and corrections are each read newest
    first up to `limit` with their people's names, so the rows read don't grow with the
    history; one statement (`_activity_read`).
    """
    entries: list[Entry] = []
    creator: Named | None = None
    given = {"article_id": article.id, "limit": limit}
    with session_reads(db.session) as reads:  # past the ORM's execution: the same rows
        rows = list(reads.execute(_ACTIVITY, given))
    # In the order the four reads gave them: by kind, each kind newest first (the merged sort
    # below is stable, so lines at the same moment keep that order).
    rows.sort(key=lambda row: (-int(row[0]), row.at, row.id or 0), reverse=True)
    for row in rows:
        kind = _KINDS[int(row[0])]
        values = [getattr(row, field) for field in _FIELDS[kind]]
        if kind == "comment":
            creator = _named(values.pop())
            if row.id is None:  # the story's row alone: no comments
                continue
        elif kind == "assignment":
            values[-2:] = [_named(values[-2]), _named(values[-1])]
        line = Line(row.at, row.id, **dict(zip(_FIELDS[kind], values, strict=False)))
        entries.append(Entry(row.at, kind, _named(row.name), line))
    entries.sort(key=lambda entry: clock.as_utc(entry.at), reverse=True)
    entries = entries[:limit]
    if len(entries) < limit:
        entries.append(Entry(article.created_at, "created", creator, article))
    return entries


def activity_entry(comment: Comment) -> Entry:
    """A comment's line in the activity, as `activity` draws it (its writer is the person who
    just posted it: already loaded)."""
    line = Line(
        comment.at,
        comment.id,
        parent_id=comment.parent_id,
        outside_name=comment.outside_name,
        body=comment.body,
    )
    actor = comment.actor
    return Entry(comment.at, "comment", Named(actor.display_name) if actor else None, line)


def sent_back_by(article: Article) -> ArticleTransition | None:
    """The move that sent the story back to where it is now (`workflow.SENDS_BACK`: returned,
    flagged, unpublished), with its note and who made it; None once it has moved on since."""
    latest = db.session.scalar(
        select(ArticleTransition)
        .where(ArticleTransition.article_id == article.id)
        .order_by(ArticleTransition.at.desc(), ArticleTransition.id.desc())
        .limit(1)
        .options(selectinload(ArticleTransition.actor))
    )
    return latest if latest is not None and latest.name in workflow.SENDS_BACK else None
