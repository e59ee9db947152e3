"""The full-text index of articles in the database's own engine: SQLite FTS5, PostgreSQL tsvector.

Everything engine-specific about search lives here: the index table's DDL, how a story's text is
written into it (`index_article`, `reindex_all`) and how a query finds and ranks stories
(`search`). The index holds text only (headline, summary, the body as plain text, tag names);
who may see a story is decided at query time by the caller's SQL condition joined to `articles`,
so a transition never leaves a hidden story findable.

- SQLite: `article_search` is an FTS5 table (porter stemming), its rowid the article's id,
  ranked by bm25 with the headline weighted above tags and summary, above the body.
- PostgreSQL: `article_search(article_id, document tsvector)` with a GIN index, the document
  built with `setweight` (headline A, summary and tags B, body C), ranked by `ts_rank_cd`.

The table is not a model (FTS5 tables can't be): `after_create`/`before_drop` hooks on the
metadata make `create_all`/`drop_all` handle it, migration 0011 creates it, and migrations/env.py
leaves it out of `db check`. The app keeps it current from a session flush hook, in the same
transaction as the change: every save, correction and revision restore (each sends
`article_saved`) and every other writer of an article's text. Bulk inserts past the ORM (the
benchmark's seeding) call `reindex_all`, as does `flask search-reindex`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    Select,
    column,
    event,
    func,
    inspect,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from editorial.extensions import db
from editorial.models import Article, Tag
from editorial.text import html_text

TABLE = "article_search"
#: Names `db check` must not compare against the models (FTS5 keeps shadow tables beside it).
TABLE_NAMES = re.compile(rf"^{TABLE}(_(data|idx|content|docsize|config))?$")
MAX_TERMS = 12  # a longer query is cut here: each term costs a lookup
MAX_TERM_LENGTH = 60
LANGUAGE = "english"  # PostgreSQL's text search configuration (written out in the SQL below)

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
    "headline, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2')",
)
POSTGRES_DDL = (
    "CREATE TABLE IF NOT EXISTS article_search ("
    "article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_article_search_document ON article_search USING gin (document)",
    # Kept in the row, not TOASTed: ranking reads every match's document, and a detoasted read
    # each cost more than the planner knew (it chose scans that took 3 times as long).
    "ALTER TABLE article_search ALTER COLUMN document SET STORAGE MAIN",
)
# bm25 column weights, in the FTS5 table's column order (headline, summary, body, tags).
SQLITE_WEIGHTS = (10.0, 4.0, 1.0, 4.0)
# ts_rank_cd weights for {D, C, B, A}: body is C, summary and tags B, headline A.
POSTGRES_WEIGHTS = "'{0.05, 0.2, 0.5, 1.0}'::float4[]"

_POSTGRES_UPSERT = (
    "INSERT INTO article_search (article_id, document) VALUES (:id, "
    "setweight(to_tsvector('english', :headline), 'A') || "
    "setweight(to_tsvector('english', :summary), 'B') || "
    "setweight(to_tsvector('english', :tags), 'B') || "
    "setweight(to_tsvector('english', :body), 'C')) "
    "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
)
_DELETE = {
    "postgresql": "DELETE FROM article_search WHERE article_id = :id",
    "sqlite": "DELETE FROM article_search WHERE rowid = :id",
}

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Document:
    """What the index holds for one article."""

    article_id: int
    headline: str
    summary: str
    body: str  # plain text, tags stripped
    tags: str  # tag names, space-separated

    def params(self) -> dict[str, Any]:
        """The bound parameters of the index writes."""
        return {
            "id": self.article_id,
            "headline": self.headline,
            "summary": self.summary,
            "body": self.body,
            "tags": self.tags,
        }


@dataclass(frozen=True)
class Page:
    """One page of search results: the articles, best first, and how many match in all."""

    articles: list[Article]
    total: int
    page: int
    per_page: int

    @property
    def has_more(self) -> bool:
        """Whether a later page holds more."""
        return self.page * self.per_page < self.total


# -- Text ----------------------------------------------------------------------------------------


def terms(query: str) -> list[str]:
    """The words of what someone typed, lower-cased, each once: punctuation and operators dropped.

    Both engines get only these words, so no input is ever a syntax error (`"`, `*`, `-`,
    `NEAR`, parentheses are either dropped or searched as plain words).
    """
    words = [word.lower()[:MAX_TERM_LENGTH] for word in _WORD.findall(query or "")]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def document(article: Article) -> Document:
    """The index's view of `article`."""
    return Document(
        article_id=article.id,
        headline=article.headline or "",
        summary=article.summary or "",
        body=html_text(article.body_html or ""),
        tags=" ".join(tag.name for tag in article.tags),
    )


# -- Writing -------------------------------------------------------------------------------------


def create_index(connection: Connection) -> None:
    """Create the index table for this database (idempotent)."""
    for statement in _ddl(connection):
        connection.execute(text(statement))


def drop_index(connection: Connection) -> None:
    """Drop the index table (idempotent)."""
    connection.execute(text("DROP TABLE IF EXISTS article_search"))


def _ddl(connection: Connection) -> Sequence[str]:
    return POSTGRES_DDL if _is_postgres(connection) else SQLITE_DDL


def _is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def write(connection: Connection, documents: Iterable[Document]) -> int:
    """Put `documents` in the index, replacing what it held for those articles."""
    rows = [doc.params() for doc in documents]
    if not rows:
        return 0
    if _is_postgres(connection):
        connection.execute(
            text(_POSTGRES_UPSERT),
            rows,
        )
    else:
        connection.execute(text(_DELETE["sqlite"]), rows)
        connection.execute(
            text(
                "INSERT INTO article_search (rowid, headline, summary, body, tags) "
                "VALUES (:id, :headline, :summary, :body, :tags)"
            ),
            rows,
        )
    return len(rows)


def index_article(article: Article) -> None:
    """Bring the index up to date with `article`, in the caller's transaction.

    Flushes already do this for every change to an article's text (`init_search_index`); this is
    for a caller that changed what the index holds some other way (a tag renamed in bulk).
    """
    db.session.flush()
    write(db.session.connection(), [document(article)])


def index_tagged(tag_id: int, batch: int = 200) -> int:
    """Re-index every article tagged `tag_id` (a tag renamed, or another merged into it): the
    tag's words are in each story's document, and those writes bypass the article's flush."""
    db.session.flush()
    ids = list(db.session.scalars(select(Article.id).where(Article.tags.any(Tag.id == tag_id))))
    count = 0
    for start in range(0, len(ids), batch):
        chunk = select(Article).where(Article.id.in_(ids[start : start + batch]))
        articles = db.session.scalars(chunk.options(selectinload(Article.tags))).all()
        count += write(db.session.connection(), [document(a) for a in articles])
    return count


def remove(article_id: int) -> None:
    """Take the article `article_id` out of the index."""
    connection = db.session.connection()
    connection.execute(text(_DELETE[connection.dialect.name]), {"id": article_id})


def reindex_all(connection: Connection, batch: int = 500) -> int:
    """Rebuild the whole index from the articles table on `connection`; how many were indexed.

    Core SQL only, so the migration can run it without the ORM's models being current.
    """
    connection.execute(text("DELETE FROM article_search"))
    articles = table(
        "articles", column("id"), column("headline"), column("summary"), column("body_html")
    )
    tags = table("tags", column("id"), column("name"))
    links = table("article_tags", column("article_id"), column("tag_id"))
    done = 0
    last = 0
    while True:
        rows = connection.execute(
            select(articles).where(articles.c.id > last).order_by(articles.c.id).limit(batch)
        ).all()
        if not rows:
            if _is_postgres(connection):
                # A bulk fill leaves GIN's pending list long, and the planner then prefers a
                # sequential scan (60 ms at 10,000 stories, against 0.1 ms through the index).
                connection.execute(
                    text("SELECT gin_clean_pending_list('ix_article_search_document')")
                )
                # The join's other side too: after a bulk load (a restore, the benchmark's
                # seeding) articles has no statistics yet, and the public search then walked
                # every story by its publish time (270 ms) instead of joining the matches (20 ms).
                connection.execute(text("ANALYZE article_search, articles"))
            return done
        ids = [row.id for row in rows]
        names: dict[int, list[str]] = {}
        for article_id, name in connection.execute(
            select(links.c.article_id, tags.c.name)
            .join(tags, tags.c.id == links.c.tag_id)
            .where(links.c.article_id.in_(ids))
            .order_by(tags.c.name)
        ):
            names.setdefault(article_id, []).append(name)
        done += write(
            connection,
            (
                Document(
                    row.id,
                    row.headline or "",
                    row.summary or "",
                    html_text(row.body_html or ""),
                    " ".join(names.get(row.id, [])),
                )
                for row in rows
            ),
        )
        last = ids[-1]


# -- Reading -------------------------------------------------------------------------------------


def _sqlite_match(words: list[str]) -> str:
    # Each word quoted: FTS5 then reads it as a string, never as an operator or a column name.
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def ranked(words: list[str], visible: ColumnElement[bool]) -> tuple[Select[Any], Any]:
    """The matching `articles` ids that `visible` allows, and their rank expression (best first).

    `words` must be non-empty (see `terms`).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        index = table(TABLE, column("article_id", Integer), column("document"))
        query = func.plainto_tsquery(literal_column("'english'::regconfig"), " ".join(words))
        rank = func.ts_rank_cd(
            literal_column(POSTGRES_WEIGHTS), index.c.document, query, type_=Float
        ).desc()
        found = (
            select(Article.id)
            .join(index, index.c.article_id == Article.id)
            .where(index.c.document.op("@@")(query), visible)
        )
        return found, rank
    index = table(TABLE, column("rowid", Integer))
    fts: ColumnElement[Any] = literal_column(TABLE)
    rank = func.bm25(fts, *SQLITE_WEIGHTS, type_=Float).asc()  # bm25: lower is better
    found = (
        select(Article.id)
        .join(index, index.c.rowid == Article.id)
        .where(fts.op("MATCH")(_sqlite_match(words)), visible)
    )
    return found, rank


def search(
    query: str,
    visible: ColumnElement[bool],
    *,
    page: int = 1,
    per_page: int = 20,
    options: Sequence[Any] = (),
) -> Page:
    """Articles matching `query` that `visible` lets through, best first, `per_page` at a time.

    Ties (and equal ranks) go newest first. A query with no words finds nothing.
    """
    words = terms(query)
    if not words:
        return Page([], 0, page, per_page)
    found, rank = ranked(words, visible)
    total = db.session.scalar(select(func.count()).select_from(found.subquery())) or 0
    ids = list(
        db.session.scalars(
            found.order_by(rank, Article.published_at.desc(), Article.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    by_id = {
        article.id: article
        for article in db.session.scalars(
            select(Article).where(Article.id.in_(ids)).options(*options)
        )
    }
    return Page([by_id[i] for i in ids if i in by_id], total, page, per_page)


# -- Keeping it current --------------------------------------------------------------------------

_TEXT = ("headline", "summary", "body_html", "tags")


def _text_changed(article: Article) -> bool:
    state = inspect(article)
    return any(state.attrs[name].history.has_changes() for name in _TEXT)


def _after_flush(session: Session, _context: Any) -> None:
    """Index what this flush wrote: every writer is covered, signal or not (CLI, demo, imports)."""
    changed = [
        obj
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, Article) and _text_changed(obj)
    ]
    gone = [obj.id for obj in session.deleted if isinstance(obj, Article)]
    if not (changed or gone):
        return
    connection = session.connection()
    if gone:
        connection.execute(text(_DELETE[connection.dialect.name]), [{"id": i} for i in gone])
    write(connection, [document(article) for article in changed])


def _create(_target: Any, connection: Connection, **_: Any) -> None:
    create_index(connection)


def _drop(_target: Any, connection: Connection, **_: Any) -> None:
    drop_index(connection)


def init_search_index() -> None:
    """Index every flushed change to an article's text; `create_all`/`drop_all` make the table.

    A flush hook rather than the `article_saved` signal alone: saves, corrections and revision
    restores send that signal, but the demo loader, the CLI and the test factories write
    articles directly, and the index must follow them too. Transitions change no text (who may
    see a story is decided at query time), so they need no write here.
    """
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
    if not event.contains(db.metadata, "after_create", _create):
        event.listen(db.metadata, "after_create", _create)
        event.listen(db.metadata, "before_drop", _drop)
