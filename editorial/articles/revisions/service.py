"""Revisions: a copy of the article's content after every save, transition and correction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, inspect, literal_column, select, union_all
from sqlalchemy.orm.util import identity_key

from editorial import loaded_rows
from editorial.extensions import db
from editorial.models import (
    Article,
    ArticleRevision,
    Image,
    Region,
    Section,
    Tag,
    User,
    article_authors,
    article_tags,
)


def content_fields(
    article: Article, known: dict[str, Any] | None = None, *, flush_first: bool = True
) -> dict[str, Any]:
    """The article's content other than headline, summary and body, as plain JSON values.

    What a lazy load would read (the section, region, picture, tags and bylines not loaded yet,
    as after a transition's refresh) comes from one statement of names instead of five loads
    that each build objects; what is loaded (a save's form just set it) is read as it is.
    `known`: names `stored_names` read earlier in this transaction (a save reads the fields
    three times), used for the relationships still not loaded instead of reading them again.
    """
    stored = _stored(article, known, flush_first=flush_first)
    section = stored["section"] if "section" in stored else _name(article.section)
    region = stored["region"] if "region" in stored else _name(article.region)
    tags = stored["tags"] if "tags" in stored else [tag.name for tag in article.tags]
    if "authors" in stored:
        authors = stored["authors"]
    else:
        authors = [(author.id, author.display_name) for author in article.authors]
    return {
        "source": article.source,
        "section": section,
        "section_id": article.section_id,
        "region": region,
        "region_id": article.region_id,
        "tags": tags,
        "authors": [name for _, name in authors],
        "author_ids": [author_id for author_id, _ in authors],
        "hero_image_url": article.hero_image_url,
        "hero_caption": article.hero_caption,
        # The picture is part of the revision: which one (restored with it) and its words then.
        "hero_image_id": article.hero_image_id,
        "picture": stored["picture"] if "picture" in stored else _picture_words(article),
    }


def _name(named: Any) -> str:
    return named.name if named is not None else ""


def _picture_words(article: Article) -> str:
    image = article.hero_image
    return _words(image.caption, image.credit) if image is not None else ""


def _words(caption: str, credit: str) -> str:
    return f"{caption} ({credit})"


# Built once: every transition's revision reads it. One row per name (the kind, the name, the
# picture's credit, the author's id), ordered as the relationships are: tags by name, bylines
# by position (ties by the person's id, the order SQLite's key gives the relationship's).
def _names_statement() -> Select[Any]:
    def row(kind: str, name: Any, *, more: Any = "''", number: Any = "0", place: Any = "0") -> Any:
        def column(value: Any) -> Any:
            return literal_column(value) if isinstance(value, str) else value

        return select(
            literal_column(f"'{kind}'").label("kind"),
            name.label("name"),
            column(more).label("more"),
            column(number).label("number"),
            column(place).label("place"),
        )

    names = union_all(
        row("section", Section.name).where(Section.id == bindparam("section_id")),
        row("region", Region.name).where(Region.id == bindparam("region_id")),
        row("picture", Image.caption, more=Image.credit).where(Image.id == bindparam("image_id")),
        row("tag", Tag.name, more=Tag.slug)
        .join(article_tags, article_tags.c.tag_id == Tag.id)
        .where(article_tags.c.article_id == bindparam("article_id")),
        row("author", User.display_name, number=User.id, place=article_authors.c.position)
        .join(article_authors, article_authors.c.user_id == User.id)
        .where(article_authors.c.article_id == bindparam("article_id")),
    ).subquery()
    return select(names).order_by(names.c.kind, names.c.place, names.c.number, names.c.name)


_NAMES = _names_statement()
# Each many-to-one the names stand for: its key's column and its class.
_ONE = {"section": ("section_id", Section), "region": ("region_id", Region)}
_ONE["hero_image"] = ("hero_image_id", Image)
_COLLECTIONS = {"tags", "authors"}


def stored_names(article: Article) -> dict[str, Any]:
    """The names of the relationships of `article` not loaded (as `content_fields` would read
    them), to pass to its later calls as `known` while those relationships stay as they are;
    the tags' names are kept on the article too, for the search index's document."""
    names = _stored(article)
    if "tags" in names:
        article.remember_tag_names(names["tags"])
    return names


def _stored(
    article: Article, known: dict[str, Any] | None = None, *, flush_first: bool = True
) -> dict[str, Any]:
    """The names a lazy load would read, for the relationships of `article` not loaded (none
    when all are, or when the article is not in the database yet).

    Only what a lazy load would send a statement for: a collection, or a many-to-one whose key
    is set and whose object the session does not hold (its lazy load costs no statement); and
    only when that is two or more (a save's form has loaded most, and a save reads the fields
    more than once: one lazy load keeps its result on the object, the names are read again)."""
    state = inspect(article)
    unloaded = (_ONE.keys() | _COLLECTIONS) & state.unloaded
    if not unloaded or not state.persistent:
        return {}
    held = db.session.identity_map
    for name in unloaded & _ONE.keys():
        column, model = _ONE[name]
        key = getattr(article, column)
        if key is None or identity_key(model, key) in held:
            unloaded.discard(name)  # read as loaded: no statement either way
    wanted = {"hero_image": "picture"}
    if known is not None and all(wanted.get(key, key) in known for key in unloaded):
        return {wanted.get(key, key): known[wanted.get(key, key)] for key in unloaded}
    if len(unloaded) < 2:  # one lazy load is one statement too, and the object keeps what it read
        return {}
    # On the connection past the ORM's execution (a save's first read: ~0.1 ms less on SQLite,
    # bench:autosave11), after its autoflush unless `flush_first` is False: the names are of
    # relationships not loaded (nothing pending can change them), and a transition's rows are
    # then flushed once, with its revision, not twice (bench:workflow8).
    session = db.session()
    if flush_first:
        session._autoflush()  # as the session's own `execute` did first
    ids = {
        "article_id": article.id,
        "section_id": article.section_id,
        "region_id": article.region_id,
        "image_id": article.hero_image_id,
    }
    rows = session.connection().execute(_NAMES, ids).all()
    found: dict[str, Any] = {"section": "", "region": "", "picture": "", "tags": [], "authors": []}
    slugs: list[str] = []
    places: list[int] = []
    for kind, name, more, number, place in rows:
        if kind == "tag":
            found["tags"].append(name)
            slugs.append(more)
        elif kind == "author":
            found["authors"].append((number, name))
            places.append(place)
        elif kind == "picture":
            found["picture"] = _words(name, more)
        else:
            found[kind] = name
    names = {wanted.get(key, key): found[wanted.get(key, key)] for key in unloaded}
    # What a save compares without loading the collections (`articles.service`): the tags'
    # slugs, and the byline's ids when its positions alone give its order (as the relationship's
    # `order_by` does; on a tie the relationship's order is the database's to choose).
    if "tags" in unloaded:
        names["tag_slugs"] = slugs
    if "authors" in unloaded and len(set(places)) == len(places):
        names["author_ids"] = [number for number, _ in found["authors"]]
    return names


def keep_revision(
    article: Article,
    actor: User | None,
    reason: str,
    known: dict[str, Any] | None = None,
    *,
    flush_first: bool = True,
) -> ArticleRevision:
    """Add a revision holding the article's current content at its current version (`known`:
    as `content_fields`; `flush_first` False: the names it may read are read without flushing
    what is pending first, which is then flushed with the revision, `_stored`)."""
    revision = revision_of(article, actor, reason, known, flush_first=flush_first)
    db.session.add(revision)
    return revision


def revision_of(
    article: Article,
    actor: User | None,
    reason: str,
    known: dict[str, Any] | None = None,
    *,
    flush_first: bool = True,
) -> ArticleRevision:
    """The revision `keep_revision` adds, made but not added (its writer writes it)."""
    return ArticleRevision(
        article_id=article.id,
        version=article.version,
        actor_id=actor.id if actor else None,
        reason=reason,
        headline=article.headline,
        summary=article.summary,
        body=article.body,
        fields=content_fields(article, known, flush_first=flush_first),
    )


def newest_first(article: Article) -> Select[ArticleRevision]:
    """The article's revisions, newest first: by version, then by when they were kept."""
    return (
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.version.desc(), ArticleRevision.id.desc())
    )


# The newest revision's read, built once: every save sends it. Its row is read past the ORM's
# execution and made into the session's object as a query's load makes it
# (`loaded_rows.first`): the ORM's select and loading were ~0.2 ms of an autosave's 5
# (bench:autosave11).
_REVISIONS = inspect(ArticleRevision).local_table
_NEWEST = (
    select(_REVISIONS)
    .where(_REVISIONS.c.article_id == bindparam("article_id"))
    .order_by(_REVISIONS.c.version.desc(), _REVISIONS.c.id.desc())
    .limit(1)
)


def newest_revision(
    article: Article, *, at_most: int | None = None, below: int | None = None
) -> ArticleRevision | None:
    """The newest revision, or the newest at or before version `at_most` / before `below`."""
    if at_most is None and below is None:
        return loaded_rows.first(ArticleRevision, _NEWEST, {"article_id": article.id})
    query = newest_first(article)
    if at_most is not None:
        query = query.where(ArticleRevision.version <= at_most)
    if below is not None:
        query = query.where(ArticleRevision.version < below)
    return db.session.scalar(query.limit(1))
