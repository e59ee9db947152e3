"""The insights' reads: what the figures need, read in a handful of queries over the period.

The stories that can have a figure in the period are those moved since its start (the last
move is `state_changed_at`, so one moved in the period has it at or after the start), created
since then, or still on the desk; a read that starts from a move in the period (a stage's end,
a fact-check event) needs only the filters' narrowing (`narrowed`), the move being its story's
proof. Time in stage, the flow per day and the fact-check desk are counted over them by the
database (`stage_sql`, `flow_sql`, `factcheck_sql`); of them only the
desk now is read here, without its history. Section, language and person narrow every read; the
person is anyone on the story: byline, editor, fact-checker, translator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.orm import aliased

from editorial import clock, workflow
from editorial.database import plain_rows_streamed
from editorial.extensions import db
from editorial.insights.filters import Filters
from editorial.models import Article, BreakingHeadline, Section, User
from editorial.models.article import on_byline
from editorial.models.history import ArticleRevision, Correction
from editorial.models.planning import ArticleDeadline

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])

_NONE: frozenset[str] = frozenset()
ON_DESK = (workflow.DRAFT, workflow.EDIT, workflow.FACT_CHECK, workflow.READY, workflow.SCHEDULED)


@dataclass
class Story:
    """What the figures read of one story."""

    id: int
    section_id: int | None
    language: str
    state: str
    created_at: datetime
    state_changed_at: datetime
    first_published_at: datetime | None
    editor_id: int | None
    fact_checker_id: int | None


@dataclass
class Loaded:
    """Everything read for one report."""

    stories: dict[int, Story]
    corrections: list[Any]  # + section, published
    headlines: list[Any]  # id, created, article, published
    overdue: list[Any]  # article, stage, due
    published_in_period: list[Any]  # article, section
    sources: list[Any]  # source article, family, language (published in period)
    family_languages: dict[int, frozenset[str]]  # shared between families (`load`)
    stale: list[Any]  # translation, language
    translated: list[Any]  # translation, language, src, own pub


def narrowing(filters: Filters) -> ColumnElement[bool]:
    """SQL: the articles the filters leave (section, language, person)."""
    conditions: list[ColumnElement[bool]] = [true()]
    if filters.section_id:
        conditions.append(Article.section_id == filters.section_id)
    if filters.language:
        conditions.append(Article.language == filters.language)
    if filters.person_id:
        pid = filters.person_id
        conditions.append(
            or_(
                on_byline(pid),
                Article.editor_id == pid,
                Article.fact_checker_id == pid,
                Article.translator_id == pid,
            )
        )
    return and_(*conditions)


def candidates(filters: Filters) -> ColumnElement[bool]:
    """SQL: the stories that can have a figure in the period (the module's docstring)."""
    return and_(
        narrowing(filters),
        or_(
            Article.state_changed_at >= filters.start,
            Article.created_at >= filters.start,
            Article.state.in_(ON_DESK),
        ),
        Article.created_at < filters.end,
    )


def narrowed(query: Q, story_id: Any, filters: Filters) -> Q:
    """`query`, whose rows are each a move, a stage's end or a fact-check event in the period,
    kept to the stories the filters leave. Such a row is its story's proof of being a candidate
    (it moved in the period, so was created before its end), so only the narrowing is asked,
    and unfiltered the stories are not read at all (at 100,000 stories at 100 a day, the flow
    per day read 20,000 stories' rows to check what its transitions already said)."""
    if not filters.narrows:
        return query
    return query.join(Article, Article.id == story_id).where(narrowing(filters))


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    return [ids[n : n + size] for n in range(0, len(ids), size)]


def _stories(filters: Filters) -> dict[int, Story]:
    """The desk now: the candidates still on it (the fact-check desk is `factcheck_sql`'s)."""
    desk = aliased(Article)
    rows = db.session.execute(
        select(
            Article.id,
            Article.section_id,
            Article.language,
            Article.state,
            Article.created_at,
            Article.state_changed_at,
            Article.first_published_at,
            Article.editor_id,
            Article.fact_checker_id,
        )
        # `candidates` for a story on the desk, found on the state index (the few on the desk):
        # as ids first, since SQLite's planner, counting an even share of the archive per state,
        # scans the whole table for `state IN` (at 100,000 stories, 68 ms against 4 ms);
        # created before the period's end is checked here, else SQLite's planner would walk
        # the creation index over the whole archive instead.
        .where(
            Article.id.in_(select(desk.id).where(desk.state.in_(ON_DESK))),
            narrowing(filters),
            Article.state.in_(ON_DESK),
        )
    )
    return {r.id: Story(*r) for r in rows if clock.as_utc(r.created_at) < filters.end}


def load(filters: Filters, now: datetime) -> Loaded:
    """Read what the report needs for `filters`."""
    cond = narrowing(filters)
    stories = _stories(filters)
    in_period = and_(
        Article.first_published_at >= filters.start, Article.first_published_at < filters.end
    )
    corrections = db.session.execute(
        select(Correction.article_id, Correction.at, Article.section_id, Article.first_published_at)
        .join(Article, Article.id == Correction.article_id)
        .where(cond, Correction.at >= filters.start, Correction.at < filters.end)
    ).all()
    headlines = db.session.execute(
        select(
            BreakingHeadline.id, BreakingHeadline.created_at, Article.id, Article.first_published_at
        )
        .join(Article, Article.id == BreakingHeadline.article_id)
        .where(
            cond,
            BreakingHeadline.created_at >= filters.start,
            BreakingHeadline.created_at < filters.end,
        )
    ).all()
    overdue = db.session.execute(
        select(ArticleDeadline.article_id, ArticleDeadline.stage, ArticleDeadline.due_at)
        .join(Article, Article.id == ArticleDeadline.article_id)
        .where(cond, ArticleDeadline.stage == Article.state, ArticleDeadline.due_at <= now)
    ).all()
    # A source: no `source_revision_id`. Written so no index can serve it: with a few thousand
    # translations in its statistics, SQLite's planner read the 90,000 sources of a 100,000-story
    # archive on that index instead of the period's on the publish index (163 ms against 20).
    # PostgreSQL, which keeps the column's share of NULLs, estimates `IS NULL` well and hashes the
    # period's families (at 100,000 stories 150 ms); the expression above it guessed 266 rows of
    # 48,500 and looked each family up in a nested loop (290 ms: bench:pginsights).
    is_source = (
        Article.source_revision_id.is_(None)
        if db.session.get_bind().dialect.name == "postgresql"
        else func.coalesce(Article.source_revision_id, 0) == 0
    )
    # The stories first published in the period, and which of them are sources, in one read of
    # thousands of plain ids and codes: the driver's tuples, folded a batch at a time
    # (`plain_rows_streamed`: all 48,500 at once at 100,000 stories were 5 MB more of a peak).
    # The driver makes a new string of each row's language code: one kept per code (`codes`).
    codes: dict[str, str] = {}
    published, sources = [], []
    for article_id, section_id, family_id, language, source in plain_rows_streamed(
        select(
            Article.id, Article.section_id, Article.family_id, Article.language, is_source
        ).where(cond, in_period)
    ):
        published.append((article_id, section_id))
        if source:
            sources.append((article_id, family_id, codes.setdefault(language, language)))
    # The sources' families by a subquery, not their ids sent back as bound values: at 100,000
    # stories, 8,800 ids cost SQLAlchemy about 0.1 s to render into the statement.
    source_families = select(Article.family_id).where(cond, in_period, is_source)
    member = aliased(Article)
    family_languages: dict[int, frozenset[str]] = {}
    # Each family's languages as one of the few sets that occur, shared (`joined`): a set per
    # family was 10 MB of the 31 a report at 100,000 stories reads (bench:insights5).
    joined: dict[tuple[frozenset[str], str], frozenset[str]] = {}
    for family_id, language in plain_rows_streamed(
        select(member.family_id, member.language).where(
            member.family_id.in_(source_families), member.state != workflow.SPIKED
        )
    ):
        held = family_languages.get(family_id, _NONE)
        grown = joined.get((held, language))
        if grown is None:
            grown = joined[held, language] = held | {language}
        family_languages[family_id] = grown
    made_from = aliased(ArticleRevision)
    stale = db.session.execute(
        select(Article.id, Article.language).where(
            cond,
            Article.state != workflow.SPIKED,
            # Only a translation has a source: its index finds them (ids start at 1; a range,
            # which SQLite's planner serves from an index where IS NOT NULL it does not).
            Article.source_revision_id > 0,
            Article.source_changed == true(),  # out of date: the stored mark (models.families)
        )
    ).all()
    source = aliased(Article)
    translated = db.session.execute(
        select(Article.id, Article.language, source.first_published_at, Article.first_published_at)
        .join(made_from, made_from.id == Article.source_revision_id)
        .join(source, source.id == made_from.article_id)
        # Only a translation has a source revision: said so, PostgreSQL reads the period's few
        # hundred translations instead of merging every article's source revision with every
        # revision (at 100,000 stories 154 ms against 24; SQLite's plan is the same either way).
        .where(
            cond,
            in_period,
            Article.source_revision_id > 0,
            source.first_published_at.is_not(None),
        )
    ).all()
    return Loaded(
        stories,
        [tuple(c) for c in corrections],
        [tuple(h) for h in headlines],
        [tuple(o) for o in overdue],
        published,
        sources,
        family_languages,
        [tuple(s) for s in stale],
        [tuple(t) for t in translated],
    )


def names() -> tuple[dict[int, str], dict[int, str]]:
    """Section names and people's names by id."""
    sections: dict[int, str] = {
        r[0]: r[1] for r in db.session.execute(select(Section.id, Section.name))
    }
    people: dict[int, str] = {
        r[0]: r[1] for r in db.session.execute(select(User.id, User.display_name))
    }
    return sections, people


def headlines_of(ids: set[int], visible: ColumnElement[bool]) -> list[Any]:
    """The stories `ids` the viewer may see, for the list behind a figure, newest first."""
    if not ids:
        return []
    rows: list[Any] = []
    for chunk in _chunks(sorted(ids)):
        rows += db.session.execute(
            select(
                Article.id,
                Article.headline,
                Article.state,
                Article.language,
                Article.section_id,
                Article.state_changed_at,
            ).where(Article.id.in_(chunk), visible)
        ).all()
    return sorted(rows, key=lambda r: clock.as_utc(r.state_changed_at), reverse=True)
