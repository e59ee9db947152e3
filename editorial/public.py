"""The public news site: only what is published is ever visible here."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from editorial.auth import public
from editorial.database import read_only
from editorial.extensions import db
from editorial.models import Article, Region, Section, Tag, User, publicly_visible

bp = Blueprint("public", __name__)

PAGE_SIZE = 20


def _published() -> Select[tuple[Article]]:
    return (
        select(Article)
        .where(publicly_visible())
        .options(
            selectinload(Article.authors), selectinload(Article.section), selectinload(Article.tags)
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


@bp.route("/")
@public
@read_only
def home() -> str:
    """The front page: the latest published stories."""
    articles = db.session.scalars(_published().limit(PAGE_SIZE)).all()
    return render_template("public/home.html", articles=articles)


def _listing(title: str, query: Select[tuple[Article]], kind: str) -> str:
    articles = db.session.scalars(query.limit(PAGE_SIZE)).all()
    return render_template("public/listing.html", title=title, kind=kind, articles=articles)


@bp.route("/section/<slug>")
@public
@read_only
def section(slug: str) -> str:
    """Published stories in one section or article kind."""
    found = db.session.scalar(select(Section).where(Section.slug == slug)) or abort(404)
    return _listing(found.name, _published().where(Article.section_id == found.id), "Section")


@bp.route("/region/<slug>")
@public
@read_only
def region(slug: str) -> str:
    """Published stories about one region."""
    found = db.session.scalar(select(Region).where(Region.slug == slug)) or abort(404)
    return _listing(found.name, _published().where(Article.region_id == found.id), "Region")


@bp.route("/tag/<slug>")
@public
@read_only
def tag(slug: str) -> str:
    """Published stories with one tag."""
    found = db.session.scalar(select(Tag).where(Tag.slug == slug)) or abort(404)
    return _listing(found.name, _published().where(Article.tags.contains(found)), "Tag")


@bp.route("/author/<int:user_id>")
@public
@read_only
def author(user_id: int) -> str:
    """Published stories by one byline author."""
    found = db.session.get(User, user_id) or abort(404)
    query = _published().where(Article.authors.contains(found))
    return _listing(found.display_name, query, "Author")


@bp.route("/news/<slug>")
@public
@read_only
def article(slug: str) -> str:
    """One published article."""
    found = db.session.scalar(_published().where(Article.slug == slug)) or abort(404)
    return render_template("public/article.html", article=found)


@bp.route("/feeds/rss.xml")
@public
@read_only
def feed_rss() -> tuple[str, int, dict[str, str]]:
    """The latest published stories as RSS 2.0."""
    articles = db.session.scalars(_published().limit(PAGE_SIZE)).all()
    body = render_template("public/feed.rss.xml", articles=articles)
    return body, 200, {"Content-Type": "application/rss+xml; charset=utf-8"}


@bp.route("/feeds/atom.xml")
@public
@read_only
def feed_atom() -> tuple[str, int, dict[str, str]]:
    """The latest published stories as Atom."""
    articles = db.session.scalars(_published().limit(PAGE_SIZE)).all()
    body = render_template("public/feed.atom.xml", articles=articles)
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8"}
