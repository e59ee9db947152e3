"""The public news site: only what is publicly visible is ever shown here.

Visible means `publicly_visible()`: published, or scheduled and past its time (decided by the
clock, not by a late job). An article that was public once and is no longer answers 410 Gone;
everything else that is not visible answers 404, so a draft's slug tells nobody anything.

Anonymous readers get pages a shared cache may keep for a minute, and never a session cookie.
Reads for "Most read" are counted by a POST beacon from static/js/public.js: a GET never writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import Select, and_, case, false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from editorial import clock
from editorial.auth import public
from editorial.database import read_only
from editorial.extensions import csrf, db, limiter
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
from editorial.models.reads import record_read

bp = Blueprint("public", __name__)

# The only views in the app that take a POST without a CSRF token (see `count_read`).
CSRF_EXEMPT_ENDPOINTS = {"public.count_read"}

PAGE_SIZE = 20
MAX_PAGE = 10_000  # beyond this a page number is nonsense (and would overflow SQLite's OFFSET)
LATEST_ON_FRONT = 9  # the lead story and a grid of eight
BLOCK_SIZE = 4  # stories per section block on the front page
MOST_READ_SIZE = 5
MOST_READ_DAYS = 7
RELATED_SIZE = 3
FEED_SIZE = 30
PUBLIC_CACHE = "public, max-age=60"
READ_LIMIT = "60 per minute"


@dataclass(frozen=True)
class Listing:
    """One page of a section, region, tag or author listing."""

    articles: list[Article]
    page: int
    has_older: bool


def visible() -> Select[tuple[Article]]:
    """Publicly visible articles, newest first, with what a story card shows loaded up front."""
    return (
        select(Article)
        .where(publicly_visible())
        .options(joinedload(Article.section), joinedload(Article.region))
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def most_read(limit: int = MOST_READ_SIZE) -> list[Article]:
    """The most read visible stories of the last seven days, topped up with the newest ones."""
    since = clock.now().date() - timedelta(days=MOST_READ_DAYS - 1)
    totals = (
        select(ArticleRead.article_id, func.sum(ArticleRead.count).label("reads"))
        .where(ArticleRead.day >= since)
        .group_by(ArticleRead.article_id)
        .subquery()
    )
    top = list(
        db.session.scalars(
            visible()
            .join(totals, totals.c.article_id == Article.id)
            .order_by(None)
            .order_by(totals.c.reads.desc(), Article.published_at.desc(), Article.id.desc())
            .limit(limit)
        )
    )
    if len(top) < limit:
        newest = visible().where(Article.id.not_in([a.id for a in top])).limit(limit - len(top))
        top.extend(db.session.scalars(newest))
    return top


def related(article: Article) -> list[Article]:
    """Up to three visible stories sharing the most tags with `article`, else its section."""
    shared = (
        select(article_tags.c.article_id, func.count().label("shared"))
        .where(article_tags.c.tag_id.in_([tag.id for tag in article.tags]))
        .group_by(article_tags.c.article_id)
        .subquery()
    )
    same_section = (
        Article.section_id == article.section_id if article.section_id is not None else false()
    )
    query = (
        visible()
        .outerjoin(shared, shared.c.article_id == Article.id)
        .where(Article.id != article.id, or_(shared.c.shared.is_not(None), same_section))
        .order_by(None)
        .order_by(
            func.coalesce(shared.c.shared, 0).desc(),
            Article.published_at.desc(),
            Article.id.desc(),
        )
        .limit(RELATED_SIZE)
    )
    return list(db.session.scalars(query))


def read_next(article: Article, exclude: list[int]) -> Article | None:
    """The story to read next: the one before `article` in its section, else the section's newest.

    Else the newest anywhere. One query: the preference is an ORDER BY, not a chain of lookups.
    """
    same_section = Article.section_id == article.section_id
    older = and_(same_section, Article.published_at < article.published_at)
    preference = case((older, 0), (same_section, 1), else_=2)
    query = (
        visible()
        .where(Article.id.not_in([article.id, *exclude]))
        .order_by(None)
        .order_by(preference, Article.published_at.desc(), Article.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def section_blocks(exclude: list[int]) -> list[tuple[Section, list[Article]]]:
    """The front page's blocks: each section's newest stories (News first), empty ones left out.

    One query for all sections (a window function ranks stories within each section), however
    many sections and stories there are.
    """
    rank = (
        func.row_number()
        .over(
            partition_by=Article.section_id,
            order_by=(Article.published_at.desc(), Article.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(Article.id.label("id"), rank)
        .where(publicly_visible(), Article.section_id.is_not(None), Article.id.not_in(exclude))
        .subquery()
    )
    chosen = select(ranked.c.id).where(ranked.c.rank <= BLOCK_SIZE)
    by_section: dict[int | None, list[Article]] = defaultdict(list)
    for article in db.session.scalars(visible().where(Article.id.in_(chosen))):
        by_section[article.section_id].append(article)
    sections = db.session.scalars(select(Section).order_by(Section.position, Section.name))
    ordered = sorted(sections, key=lambda s: s.group != SectionGroup.NEWS)
    return [(s, by_section[s.id]) for s in ordered if by_section[s.id]]


def _page_number() -> int:
    """`?page=N`; anything that is not a whole number reads as the first page."""
    page = request.args.get("page", 1, type=int)
    if page > MAX_PAGE:
        abort(404)
    return max(page, 1)


def _page_of(query: Select[tuple[Article]]) -> Listing:
    page = _page_number()
    rows = list(db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    if page > 1 and not rows:
        abort(404)
    return Listing(articles=rows[:PAGE_SIZE], page=page, has_older=len(rows) > PAGE_SIZE)


def _listing(
    kind: str,
    title: str,
    query: Select[tuple[Article]],
    *,
    empty_is_404: bool = False,
    **context: Any,
) -> str:
    listing = _page_of(query)
    if empty_is_404 and not listing.articles:
        abort(404)
    return render_template(
        "public/listing.html",
        kind=kind,
        title=title,
        listing=listing,
        most_read=most_read(),
        **context,
    )


def image_src(url: str | None) -> str | None:
    """`url` if it is safe as an image source on our pages (https, or a path on this site)."""
    url = (url or "").strip()
    if url.startswith("https://") or (url.startswith("/") and not url.startswith("//")):
        return url
    return None


def _rfc822(value: datetime | None) -> str:
    return format_datetime(clock.as_utc(value or clock.now()), usegmt=True)


@bp.context_processor
def public_helpers() -> dict[str, Any]:
    """What the public templates use besides the view's own context."""
    return {"image_src": image_src, "today": clock.now()}


@bp.after_request
def cache_for_readers(response: Response) -> Response:
    """Let shared caches keep an anonymous reader's page for a minute.

    Signed-in staff get no-store from `editorial.security` (their pages carry their name and a
    CSRF token). Errors keep the default, so a withdrawn story is not served stale.
    """
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not current_user.is_authenticated
    ):
        response.headers.setdefault("Cache-Control", PUBLIC_CACHE)
    return response


@bp.route("/")
@public
@read_only
def home() -> str:
    """The front page: a lead story, the latest, a block per section and the most read."""
    latest = list(db.session.scalars(visible().limit(LATEST_ON_FRONT)))
    return render_template(
        "public/home.html",
        lead=latest[0] if latest else None,
        latest=latest[1:],
        blocks=section_blocks(exclude=[a.id for a in latest]),
        most_read=most_read(),
    )


@bp.route("/section/<slug>")
@public
@read_only
def section(slug: str) -> str:
    """Published stories in one section (Politics...) or article kind (Opinion...), paged."""
    found = db.session.scalar(select(Section).where(Section.slug == slug)) or abort(404)
    query = visible().where(Article.section_id == found.id)
    return _listing(str(found.group), found.name, query, section=found)


@bp.route("/region/<slug>")
@public
@read_only
def region(slug: str) -> str:
    """Published stories about one region, paged."""
    found = db.session.scalar(select(Region).where(Region.slug == slug)) or abort(404)
    return _listing("Region", found.name, visible().where(Article.region_id == found.id))


@bp.route("/tag/<slug>")
@public
@read_only
def tag(slug: str) -> str:
    """Published stories with one tag, paged.

    A tag with no visible story answers 404: tags are made while drafting, so their names alone
    could reveal a story that has not run.
    """
    found = db.session.scalar(select(Tag).where(Tag.slug == slug)) or abort(404)
    query = visible().where(Article.tags.any(Tag.id == found.id))
    return _listing("Topic", found.name, query, empty_is_404=True)


@bp.route("/author/<int:user_id>")
@public
@read_only
def author(user_id: int) -> str:
    """Published stories by one byline author, paged.

    Someone with no visible story answers 404, so the staff list can't be read off the site.
    """
    found = db.session.get(User, user_id) or abort(404)
    query = visible().where(Article.authors.any(User.id == found.id))
    return _listing("Author", found.display_name, query, empty_is_404=True)


@bp.route("/news/<slug>")
@public
@read_only
def article(slug: str) -> str:
    """One story, with its corrections, related stories, what to read next and the most read.

    404 unless it is visible now, except that a story once published and since withdrawn
    answers 410 Gone.
    """
    query = (
        visible()
        .where(Article.slug == slug)
        .options(
            selectinload(Article.authors),
            selectinload(Article.tags),
            selectinload(Article.corrections),
        )
    )
    found = db.session.scalar(query)
    if found is None:
        once_public = db.session.scalar(
            select(Article.id).where(Article.slug == slug, Article.first_published_at.is_not(None))
        )
        abort(410 if once_public else 404)
    related_news = related(found)
    return render_template(
        "public/article.html",
        article=found,
        related=related_news,
        read_next=read_next(found, exclude=[a.id for a in related_news]),
        most_read=most_read(),
    )


@bp.route("/news/<slug>/read", methods=["POST"])
@public
@csrf.exempt
@limiter.limit(READ_LIMIT)
def count_read(slug: str) -> tuple[str, int]:
    """Count one read of a visible story (the beacon sent by static/js/public.js); 204.

    Exempt from CSRF on purpose: CSRF stops a forged request from acting with someone's
    authority, and this one has none. It is anonymous, reads no cookie and changes nothing but
    an anonymous tally, which anyone may add to by reading the page. Abuse is bounded by the
    per-IP rate limit instead. A story that is not visible answers 404, like its page.
    """
    article_id = db.session.scalar(
        select(Article.id).where(Article.slug == slug, publicly_visible())
    )
    if article_id is None:
        abort(404)
    record_read(article_id, clock.now().date())
    db.session.commit()
    return "", 204


def _entry_updated(article: Article) -> datetime:
    """When a feed entry last changed: its last save, but never before it was published."""
    return max(article.updated_at, article.published_at or article.updated_at)


def _feed(template: str, articles: list[Article], mimetype: str, **context: Any) -> Response:
    body = render_template(
        template,
        articles=articles,
        rfc822=_rfc822,
        entry_updated=_entry_updated,
        updated=max(map(_entry_updated, articles), default=None),
        **context,
    )
    return Response(body, mimetype=mimetype)


def _feed_query() -> Select[tuple[Article]]:
    return visible().options(selectinload(Article.authors)).limit(FEED_SIZE)


@bp.route("/feeds/rss.xml")
@public
@read_only
def feed_rss() -> Response:
    """The latest published stories as RSS 2.0."""
    articles = list(db.session.scalars(_feed_query()))
    return _feed("public/feed.rss.xml", articles, "application/rss+xml")


@bp.route("/section/<slug>/rss.xml")
@public
@read_only
def section_rss(slug: str) -> Response:
    """The latest published stories of one section as RSS 2.0."""
    found = db.session.scalar(select(Section).where(Section.slug == slug)) or abort(404)
    articles = list(db.session.scalars(_feed_query().where(Article.section_id == found.id)))
    return _feed("public/feed.rss.xml", articles, "application/rss+xml", section=found)


@bp.route("/feeds/atom.xml")
@public
@read_only
def feed_atom() -> Response:
    """The latest published stories as Atom."""
    articles = list(db.session.scalars(_feed_query()))
    return _feed("public/feed.atom.xml", articles, "application/atom+xml")
