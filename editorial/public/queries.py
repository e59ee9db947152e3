"""The public site's SQL: what is visible, most read, related, read next, front-page blocks, pages.

Every query that returns stories starts from `visible()`, so none can hand a page a story readers
may not see; only `was_ever_public` looks further, to tell a withdrawn story (410) from none (404).
Query counts stay flat however many stories there are (tests/test_public.py counts them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import defer, joinedload, selectinload

from editorial import clock, editions
from editorial.extensions import db
from editorial.models import (
    Article,
    ArticleRead,
    Region,
    Section,
    SectionGroup,
    Tag,
    User,
    article_tags,
    publicly_visible,
)
from editorial.models.taxonomy import sections_in_order
from editorial.raw_reads import Reads

PAGE_SIZE = 20
BLOCK_SIZE = 4  # stories per section block on the front page
MOST_READ_SIZE = 5
MOST_READ_DAYS = 7
MOST_READ_MIN_READS = 5  # reads in the window before a story may be on "Most read"
RELATED_SIZE = 3
RELATED_WINDOW = 200  # each tag's newest stories that related news looks among
READ_NEXT_SIZE = 4  # the reference's "Read Next" block

Named = TypeVar("Named", Section, Region, Tag)


@dataclass(frozen=True)
class Listing:
    """One page of a section, region, tag or author listing."""

    articles: list[Article]
    page: int
    has_older: bool


def in_edition() -> ColumnElement[bool]:
    """Publicly visible and in this request's edition's language (`editorial.editions`)."""
    return and_(publicly_visible(), Article.language == editions.code())


def visible(*, text: bool = False) -> Select[Article]:
    """Publicly visible articles of this edition, newest first, with what a story card shows
    loaded up front.

    Unless `text`, the story's text (Markdown and HTML, the bulk of a row) stays in the
    database: cards and feeds don't show it.
    """
    return (
        select(Article)
        .where(in_edition())
        .options(*_card_loading(text))
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def _card_loading(text: bool) -> list[Any]:
    """What `visible` loads with each story (a card's section, region and picture) and, unless
    `text`, leaves in the database."""
    loading: list[Any] = [
        joinedload(Article.section),
        joinedload(Article.region),
        joinedload(Article.hero_image),
    ]
    if not text:
        loading += [defer(Article.body, raiseload=True), defer(Article.body_html, raiseload=True)]
    return loading


def by_slug(model: type[Named], slug: str) -> Named | None:
    """The section, region or tag whose address is `slug` now, if there is one (a public page
    asks `addresses.term_at`, which also follows an old slug)."""
    return db.session.scalar(select(model).where(model.slug == slug))


def person(user_id: int) -> User | None:
    """The user with id `user_id`, if there is one (an author page's subject)."""
    return db.session.get(User, user_id)


def person_by_slug(slug: str) -> User | None:
    """The user whose author page is at `slug`, if there is one."""
    return db.session.scalar(select(User).where(User.slug == slug.lower()))


def latest(limit: int) -> list[Article]:
    """The newest `limit` visible stories."""
    return list(db.session.scalars(visible().limit(limit)))


def story(slug: str, *, parts: bool = True) -> Article | None:
    """The visible story at `slug`, with what its page shows besides the card loaded up front
    (unless not `parts`: the public page reads its section, region, picture, bylines, tags and
    corrections only when it draws the parts that show them, `public.fragments`; joining the
    first three cost a kept story page a fifth of its CPU, bench:public-keys)."""
    values = {"slug": slug, "now": clock.now(), "language": editions.code()}
    return db.session.scalar(_story_statement(parts), values)


@cache
def _story_statement(parts: bool) -> Select[Article]:
    """`story`'s statement, `visible(text=True)` at one slug, with the slug, the time and the
    language bound at run time: built once, so a request runs it without building the
    visibility rule and the loading options again, nor generating its cache key (that cost a
    page with the page cache off twice what running it did: bench:public-speed)."""
    query = (
        select(Article)
        .where(
            publicly_visible(bindparam("now")),
            Article.language == bindparam("language"),
            Article.slug == bindparam("slug"),
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
    )
    if parts:
        query = query.options(
            *_card_loading(True),
            selectinload(Article.authors),
            selectinload(Article.tags),
            selectinload(Article.corrections),
        )
    return query


def language_of_visible(slug: str) -> str | None:
    """The language of the story visible at `slug` in whichever edition (one that carries it)."""
    return db.session.scalar(
        select(Article.language).where(Article.slug == slug, publicly_visible())
    )


def was_ever_public(slug: str) -> bool:
    """Whether the story at `slug` was published once, visible now or not (410 rather than 404)."""
    found = db.session.scalar(
        select(Article.id).where(Article.slug == slug, Article.first_published_at.is_not(None))
    )
    return found is not None


def visible_id(
    slug: str, connection: Reads | None = None, language: str | None = None
) -> int | None:
    """The id of the visible story at `slug`, without loading the story (in this request's
    edition, or `language` on `connection`: the poll gate's)."""
    if connection is None:
        return db.session.scalar(select(Article.id).where(Article.slug == slug, in_edition()))
    found = select(Article.id).where(
        Article.slug == slug, publicly_visible(), Article.language == language
    )
    story = connection.execute(found).scalar()
    return None if story is None else int(story)


def editions_with(condition: ColumnElement[bool]) -> set[str]:
    """The languages with a visible story meeting `condition` (a tag's, an author's): the
    editions where that listing exists. One query, through the indexes `condition` uses."""
    found = select(Article.language).where(publicly_visible(), condition).distinct()
    return set(db.session.scalars(found))


def in_section(section: Section) -> Select[Article]:
    """Visible stories in `section`, newest first."""
    return visible().where(Article.section_id == section.id)


def in_region(region: Region) -> Select[Article]:
    """Visible stories about `region`, newest first."""
    return visible().where(Article.region_id == region.id)


def tagged(tag: Tag) -> Select[Article]:
    """Visible stories tagged `tag`, newest first."""
    return visible().where(Article.tags.any(Tag.id == tag.id))


def by_author(user: User) -> Select[Article]:
    """Visible stories with `user` on the byline, newest first."""
    return visible().where(Article.authors.any(User.id == user.id))


def page_of(query: Select[Article], page: int) -> Listing:
    """Page `page` (from 1) of `query`, and whether older stories follow it."""
    rows = list(db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    return Listing(articles=rows[:PAGE_SIZE], page=page, has_older=len(rows) > PAGE_SIZE)


def for_feed(limit: int, section: Section | None = None) -> list[Article]:
    """The newest `limit` visible stories (of `section`, if given) with their bylines."""
    query = visible().options(selectinload(Article.authors)).limit(limit)
    if section is not None:
        query = query.where(Article.section_id == section.id)
    return list(db.session.scalars(query))


def most_read(limit: int = MOST_READ_SIZE, exclude: Sequence[int] = ()) -> list[Article]:
    """The week's most read visible stories, by reads weighted towards the recent days.

    The rule: a story is on the list only with at least `MOST_READ_MIN_READS` reads counted in
    the last `MOST_READ_DAYS` days (today included), so a quiet site's box is short, or absent,
    rather than the newest stories again. Among those, each day's reads count by how recent
    the day is: today's seven times, yesterday's six, and so on to one for six days ago; ties go
    to the newer story. Never those in `exclude` (on a story's page, the story itself).

    One query: the week's rows of `article_reads` (through its day index), summed per story.
    """
    today = clock.now().date()
    since = today - timedelta(days=MOST_READ_DAYS - 1)
    weight = case(
        *((ArticleRead.day == today - timedelta(days=age), MOST_READ_DAYS - age)
          for age in range(MOST_READ_DAYS)),
        else_=0,
    )  # fmt: skip
    totals = (
        select(
            ArticleRead.article_id,
            func.sum(ArticleRead.count * weight).label("score"),
        )
        .where(ArticleRead.day >= since, ArticleRead.day <= today)
        .group_by(ArticleRead.article_id)
        .having(func.sum(ArticleRead.count) >= MOST_READ_MIN_READS)
        .subquery()
    )
    return list(
        db.session.scalars(
            visible()
            .where(Article.id.not_in(list(exclude)))
            .join(totals, totals.c.article_id == Article.id)
            .order_by(None)
            .order_by(totals.c.score.desc(), Article.published_at.desc(), Article.id.desc())
            .limit(limit)
        )
    )


def related(article: Article) -> list[Article]:
    """Up to three visible stories sharing the most tags with `article`, then its section's newest.

    Two small queries rather than one that ranks every visible story: the stories sharing a tag,
    among each tag's newest `RELATED_WINDOW` (walked newest first on the (tag, article) index and
    stopped, so a tag on thousands of stories costs the same as a rare one), and the section's
    newest (through the section index).
    """
    found: list[Article] = []
    if article.tags:
        windows = [
            select(article_tags.c.article_id)
            .where(article_tags.c.tag_id == tag.id, article_tags.c.article_id != article.id)
            .order_by(article_tags.c.article_id.desc())
            .limit(RELATED_WINDOW)
            .subquery()
            for tag in article.tags
        ]
        candidates = union_all(*(select(w.c.article_id) for w in windows)).subquery()
        shared = (
            select(candidates.c.article_id, func.count().label("shared"))
            .group_by(candidates.c.article_id)
            .subquery()
        )
        found = list(
            db.session.scalars(
                visible()
                .join(shared, shared.c.article_id == Article.id)
                .order_by(None)
                .order_by(shared.c.shared.desc(), Article.published_at.desc(), Article.id.desc())
                .limit(RELATED_SIZE)
            )
        )
    if article.section_id is not None:
        newest = visible().where(Article.section_id == article.section_id, Article.id != article.id)
        taken = {a.id for a in found}
        for candidate in db.session.scalars(newest.limit(RELATED_SIZE * 2)):
            if len(found) < RELATED_SIZE and candidate.id not in taken:
                found.append(candidate)
    return found


def read_next(article: Article, exclude: list[int], limit: int = READ_NEXT_SIZE) -> list[Article]:
    """Up to `limit` stories to read next: `article`'s section's newest first, then the newest
    anywhere; never `article` itself nor those in `exclude` (the related ones already shown).

    One query: two indexed lookups of `limit` stories each, put together with UNION ALL, so the
    cost does not grow with the number of stories.
    """
    others = [in_edition(), Article.id.not_in([article.id, *exclude])]
    same_section = (
        Article.section_id == article.section_id
        if article.section_id is not None
        else Article.section_id.is_(None)
    )
    picks = [
        select(Article.id.label("id"), literal(preference).label("preference"))
        .where(*others, condition)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
        .subquery()
        for preference, condition in enumerate([same_section, true()])
    ]
    candidates = union_all(*(select(p.c.id, p.c.preference) for p in picks)).subquery()
    rows = db.session.execute(select(candidates.c.id, candidates.c.preference)).all()
    order: list[int] = []
    for article_id, _preference in sorted(rows, key=lambda row: row[1]):
        if article_id not in order:
            order.append(article_id)
    chosen = order[:limit]
    if not chosen:
        return []
    found = {a.id: a for a in db.session.scalars(visible().where(Article.id.in_(chosen)))}
    return [found[i] for i in chosen if i in found]


def section_blocks(exclude: list[int]) -> list[tuple[Section, list[Article]]]:
    """The front page's blocks: each section's newest stories (News first), empty ones left out.

    One query for all sections: each section's newest few, found through the (section,
    publish time) index, however many stories there are: on PostgreSQL one subquery run for
    each section (`LATERAL`), elsewhere one per section put together with UNION ALL. The
    UNION's copies of the visibility rule cost PostgreSQL 7 ms of planning for 1 ms of work at
    every redraw (its plans are not kept between requests; bench:pgpages); SQLite has no
    LATERAL.
    """
    sections = sorted(sections_in_order(), key=lambda s: s.group != SectionGroup.NEWS)
    if not sections:
        return []
    shown, elsewhere = in_edition(), Article.id.not_in(exclude)  # built once, used by each block
    chosen: Any
    if db.session.get_bind().dialect.name == "postgresql":
        ids = select(Section.id.label("id")).where(Section.id.in_([s.id for s in sections]))
        each = ids.subquery("each_section")
        block = (
            select(Article.id)
            .where(shown, elsewhere, Article.section_id == each.c.id)
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(BLOCK_SIZE)
            .lateral("block")
        )
        chosen = select(block.c.id).select_from(each.join(block, true()))
    else:
        newest = [
            select(Article.id)
            .where(shown, elsewhere, Article.section_id == s.id)
            .order_by(Article.published_at.desc(), Article.id.desc())
            .limit(BLOCK_SIZE)
            .subquery()
            for s in sections
        ]
        chosen = union_all(*(select(block.c.id) for block in newest))
    by_section: dict[int | None, list[Article]] = defaultdict(list)
    for article in db.session.scalars(visible().where(Article.id.in_(chosen))):
        by_section[article.section_id].append(article)
    return [(s, by_section[s.id]) for s in sections if by_section[s.id]]
