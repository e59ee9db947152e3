"""The full-text index of articles in the database's own engine: SQLite FTS5, PostgreSQL tsvector.

Everything engine-specific about search lives here: the index table's DDL, how a story's text is
written into it (`document`, `write`; `search.upkeep` decides when) and how a query finds and
ranks stories (`search`). The index holds text only (headline, summary, the body as plain
text, tag names), folded by `text.search_fold` (accents, Arabic tashkeel, tatweel and letter
variants), as is every word of a query; who may see a story, and in which language, is decided
at query time by the caller's SQL condition joined to `articles`, so a transition never leaves a
hidden story findable.

- SQLite: `article_search` is an FTS5 table (porter stemming), its rowid the article's id,
  ranked by bm25 with the headline weighted above tags and summary, above the body.
- PostgreSQL: `article_search(article_id, language, document tsvector)` with a GIN index, the
  document built with the text search configuration of the article's language (`arabic`,
  `spanish`, `english`; `simple` for another) and `setweight` (headline A, summary and tags B,
  body C), ranked by `ts_rank_cd`; a query is parsed with the configuration of the language
  searched (each language's own, when searching them all).

The table is not a model (FTS5 tables can't be): `after_create`/`before_drop` hooks on the
metadata make `create_all`/`drop_all` handle it (`search.upkeep`), migrations 0011 and
0017_search_languages create it, and migrations/env.py leaves it out of `db check`.
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
    and_,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from editorial.extensions import db
from editorial.models import Article
from editorial.text import html_text, search_fold

TABLE = "article_search"
#: Names `db check` must not compare against the models (FTS5 keeps shadow tables beside it).
TABLE_NAMES = re.compile(rf"^{TABLE}(_(data|idx|content|docsize|config))?$")
MAX_TERMS = 12  # a longer query is cut here: each term costs a lookup
#: The most matches a search counts and ranks, newest first (issue 28: a search's cost must not
#: grow with the archive). A word found in more stories ("minister": 10,400 of 100,000) is
#: "more than 1,000 results", the best of its newest 1,000 first, as a reader of a news site
#: expects: nobody pages past a hundred pages, and a search engine's count is a size, not a
#: promise. Counting and ranking every match read and scored each one: 4× the CPU at 100,000
#: stories that it took at 10,000 (BENCHMARKS.md, bench:staff-flat).
MATCHES = 1_000
MAX_TERM_LENGTH = 60
#: PostgreSQL's text search configuration for each catalogue language (`editorial.languages`).
CONFIGURATIONS = {"en": "english", "ar": "arabic", "es": "spanish"}
OTHER_CONFIGURATION = "simple"  # a language PostgreSQL has no stemmer for: words as they are

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
    "headline, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2')",
)
POSTGRES_DDL = (
    "CREATE TABLE IF NOT EXISTS article_search ("
    "article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
    "language VARCHAR(12) NOT NULL, "
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
    "INSERT INTO article_search (article_id, language, document) VALUES (:id, :language, "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :headline), 'A') || "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :summary), 'B') || "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :tags), 'B') || "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :body), 'C')) "
    "ON CONFLICT (article_id) DO UPDATE "
    "SET language = EXCLUDED.language, document = EXCLUDED.document"
)
DELETE = {
    "postgresql": "DELETE FROM article_search WHERE article_id = :id",
    "sqlite": "DELETE FROM article_search WHERE rowid = :id",
}

_WORD = re.compile(r"\w+", re.UNICODE)
# The fold writes ة as ه; PostgreSQL's Arabic stemmer strips a final ة after the article (ال) as
# well as without it, but a final ه only without it: so "حكومة" would miss "الحكومة". Its input
# gets a word's final ه back as ة, on both sides (documents and queries), for that stemmer only.
_FINAL_HA = re.compile(r"ه\b")
_STEMMED = ("headline", "summary", "body", "tags")


@dataclass(frozen=True)
class Document:
    """What the index holds for one article."""

    article_id: int
    headline: str
    summary: str
    body: str  # plain text, tags stripped
    tags: str  # tag names, space-separated
    language: str  # the article's catalogue code

    def params(self) -> dict[str, Any]:
        """The bound parameters of the index writes: the text as search compares it."""
        return {
            "id": self.article_id,
            "language": self.language,
            "configuration": configuration(self.language),
            "headline": search_fold(self.headline),
            "summary": search_fold(self.summary),
            "body": search_fold(self.body),
            "tags": search_fold(self.tags),
        }


@dataclass(frozen=True)
class Page:
    """One page of search results: the articles, best first, and how many match in all."""

    articles: list[Article]
    total: int  # at most MATCHES
    page: int
    per_page: int
    capped: bool = False  # more than MATCHES match: `total` is MATCHES, ranked among those

    @property
    def has_more(self) -> bool:
        """Whether a later page holds more."""
        return self.page * self.per_page < self.total


# -- Text ----------------------------------------------------------------------------------------


def terms(query: str) -> list[str]:
    """The words of what someone typed, folded as the index is (`search_fold`: lower case, no
    accents or tashkeel, Arabic letter variants as one), each once: punctuation and operators
    dropped.

    Both engines get only these words, so no input is ever a syntax error (`"`, `*`, `-`,
    `NEAR`, parentheses are either dropped or searched as plain words).
    """
    words = [word[:MAX_TERM_LENGTH] for word in _WORD.findall(search_fold(query or ""))]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def configuration(language: str | None) -> str:
    """PostgreSQL's text search configuration for the catalogue code `language`."""
    return CONFIGURATIONS.get(language or "", OTHER_CONFIGURATION)


def stemmer_text(folded: str, config: str) -> str:
    """Folded text as PostgreSQL's `config` stemmer should get it (see `_FINAL_HA`)."""
    return _FINAL_HA.sub("ة", folded) if config == "arabic" else folded


def document(article: Article) -> Document:
    """The index's view of `article`."""
    return Document(
        article_id=article.id,
        headline=article.headline or "",
        summary=article.summary or "",
        body=html_text(article.body_html or ""),
        tags=" ".join(tag.name for tag in article.tags),
        language=article.language or "",
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
        for row in rows:
            row.update({k: stemmer_text(row[k], row["configuration"]) for k in _STEMMED})
        connection.execute(text(_POSTGRES_UPSERT), rows)
    else:
        connection.execute(text(DELETE["sqlite"]), rows)
        connection.execute(
            text(
                "INSERT INTO article_search (rowid, headline, summary, body, tags) "
                "VALUES (:id, :headline, :summary, :body, :tags)"
            ),
            rows,
        )
    return len(rows)


# -- Reading -------------------------------------------------------------------------------------


def _sqlite_match(words: list[str]) -> str:
    # Each word quoted: FTS5 then reads it as a string, never as an operator or a column name.
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _tsquery(config: str, words: list[str]) -> ColumnElement[Any]:
    typed = stemmer_text(" ".join(words), config)
    return func.plainto_tsquery(literal_column(f"'{config}'::regconfig"), typed)


def _postgres_match(
    index: Any, words: list[str], language: str | None
) -> tuple[ColumnElement[bool], ColumnElement[Any]]:
    """The match condition and the tsquery to rank by: the language's configuration, or each
    row's own (its language's) when `language` is None."""
    if language is not None:
        query = _tsquery(configuration(language), words)
        return and_(index.c.language == language, index.c.document.op("@@")(query)), query
    per_language = {code: _tsquery(config, words) for code, config in CONFIGURATIONS.items()}
    other = _tsquery(OTHER_CONFIGURATION, words)
    condition = or_(
        *(
            and_(index.c.language == code, index.c.document.op("@@")(query))
            for code, query in per_language.items()
        ),
        and_(index.c.language.not_in(list(per_language)), index.c.document.op("@@")(other)),
    )
    return condition, case(per_language, value=index.c.language, else_=other)


def ranked(
    words: list[str], visible: ColumnElement[bool], language: str | None = None
) -> tuple[Select[Any], ColumnElement[Any], ColumnElement[Any]]:
    """The matching `articles` ids that `visible` allows, in `language` (a catalogue code; None
    for every language), their score (lower is better) and the index's newest-first order.

    `words` must be non-empty and folded (see `terms`).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        index = table(TABLE, column("article_id", Integer), column("language"), column("document"))
        condition, query = _postgres_match(index, words, language)
        score: ColumnElement[Any] = -func.ts_rank_cd(
            literal_column(POSTGRES_WEIGHTS), index.c.document, query, type_=Float
        )
        found = (
            select(Article.id)
            .join(index, index.c.article_id == Article.id)
            .where(condition, visible)
        )
        return found, score, index.c.article_id.desc()
    index = table(TABLE, column("rowid", Integer))
    fts: ColumnElement[Any] = literal_column(TABLE)
    score = func.bm25(fts, *SQLITE_WEIGHTS, type_=Float)  # bm25: lower is better
    found = (
        select(Article.id)
        .join(index, index.c.rowid == Article.id)
        .where(fts.op("MATCH")(_sqlite_match(words)), visible)
    )
    if language is not None:
        found = found.where(Article.language == language)
    # FTS5 walks a word's list of rows backwards itself, so the newest come first unsorted.
    return found, score, index.c.rowid.desc()


def search(
    query: str,
    visible: ColumnElement[bool],
    *,
    language: str | None = None,
    page: int = 1,
    per_page: int = 20,
    options: Sequence[Any] = (),
) -> Page:
    """Articles matching `query` that `visible` lets through, best first, `per_page` at a time;
    only those in `language` (a catalogue code) unless it is None.

    Counted and ranked among the newest `MATCHES` matching stories (see `MATCHES`): a word in
    more of the archive gets `Page.capped`, and its total stops at `MATCHES`. Ties (and equal
    ranks) go newest first. A query with no words finds nothing.
    """
    words = terms(query)
    if not words:
        return Page([], 0, page, per_page)
    found, score, newest = ranked(words, visible, language)
    # One read of the index's newest MATCHES + 1 (the last only says whether there are more):
    # each one's place among them and how many there are ride along with the page's rows, so
    # the list is walked once, not once to count and again to rank.
    walked = (
        found.add_columns(score.label("score"), Article.published_at)
        .order_by(newest)
        .limit(MATCHES + 1)
        .subquery()
    )
    numbered = select(
        walked,
        func.row_number().over(order_by=walked.c.id.desc()).label("place"),
        func.count().over().label("total"),
    ).subquery()
    rows = db.session.execute(
        select(numbered.c.id, numbered.c.total)
        .where(numbered.c.place <= MATCHES)
        .order_by(numbered.c.score, numbered.c.published_at.desc(), numbered.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    ids = [row.id for row in rows]
    if rows:
        total = int(rows[0].total)
    else:  # a page past the last: counted on its own
        counted = found.order_by(newest).limit(MATCHES + 1).subquery()
        total = db.session.scalar(select(func.count()).select_from(counted)) or 0
    by_id = {
        article.id: article
        for article in db.session.scalars(
            select(Article).where(Article.id.in_(ids)).options(*options)
        )
    }
    shown = [by_id[i] for i in ids if i in by_id]
    return Page(shown, min(total, MATCHES), page, per_page, capped=total > MATCHES)
