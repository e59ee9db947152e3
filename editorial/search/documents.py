"""What the search index holds for a story and how it is written there (`search.index` says how
it is read): the table's DDL on each engine, a story's `Document` (its text as search compares
it, folded by `text.search_fold`) and `write`. `search.upkeep` decides when.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CTE, Connection, text

from editorial.models import Article
from editorial.rows_written import prefixed
from editorial.search.index import configuration, stemmer_text
from editorial.text import html_text, search_fold

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
_POSTGRES_UPSERT = text(
    "INSERT INTO article_search (article_id, language, document) VALUES (:id, :language, "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :headline), 'A') || "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :summary), 'B') || "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :tags), 'B') || "
    "setweight(to_tsvector(CAST(:configuration AS regconfig), :body), 'C')) "
    "ON CONFLICT (article_id) DO UPDATE "
    "SET language = EXCLUDED.language, document = EXCLUDED.document"
)
# Many stories in one statement (a rebuild's batch, a tag's stories) instead of one a story,
# each distinct (configuration, text) vector of each part made once. A restore or the
# benchmark's seed repeats bodies, headlines, summaries and tag lists: the body's `to_tsvector`
# was nearly all of a rebuild's server time (54 s of the seed's 100,000); the other parts' were
# 2.3 s of the 14.5 s left on a vacuumed copy (`bench:seed7`). The document is the same
# expression as `_POSTGRES_UPSERT`'s, its parts concatenated in the same order (a tsvector's
# `||` shifts the right side's positions).
# (MATERIALIZED: inlined, the planner made the vectors in the join's output, once a story.)
_POSTGRES_UPSERT_MANY = text(
    "WITH docs AS (SELECT * FROM unnest(CAST(:id AS integer[]), CAST(:language AS text[]), "
    "CAST(:configuration AS regconfig[]), CAST(:headline AS text[]), "
    "CAST(:summary AS text[]), CAST(:tags AS text[]), CAST(:body AS text[])) "
    "AS d (id, language, configuration, headline, summary, tags, body)), "
    "headlines AS MATERIALIZED (SELECT configuration, headline, "
    "setweight(to_tsvector(configuration, headline), 'A') AS vector "
    "FROM (SELECT DISTINCT configuration, headline FROM docs) AS distinct_headlines), "
    "summaries AS MATERIALIZED (SELECT configuration, summary, "
    "setweight(to_tsvector(configuration, summary), 'B') AS vector "
    "FROM (SELECT DISTINCT configuration, summary FROM docs) AS distinct_summaries), "
    "tag_lists AS MATERIALIZED (SELECT configuration, tags, "
    "setweight(to_tsvector(configuration, tags), 'B') AS vector "
    "FROM (SELECT DISTINCT configuration, tags FROM docs) AS distinct_tag_lists), "
    "bodies AS MATERIALIZED (SELECT configuration, body, "
    "setweight(to_tsvector(configuration, body), 'C') AS vector "
    "FROM (SELECT DISTINCT configuration, body FROM docs) AS distinct_bodies) "
    "INSERT INTO article_search (article_id, language, document) "
    "SELECT d.id, d.language, h.vector || s.vector || t.vector || b.vector FROM docs AS d "
    "JOIN headlines AS h ON h.configuration = d.configuration AND h.headline = d.headline "
    "JOIN summaries AS s ON s.configuration = d.configuration AND s.summary = d.summary "
    "JOIN tag_lists AS t ON t.configuration = d.configuration AND t.tags = d.tags "
    "JOIN bodies AS b ON b.configuration = d.configuration AND b.body = d.body "
    "ON CONFLICT (article_id) DO UPDATE "
    "SET language = EXCLUDED.language, document = EXCLUDED.document"
)
_COLUMNS = ("id", "language", "configuration", "headline", "summary", "tags", "body")
DELETE = {
    "postgresql": "DELETE FROM article_search WHERE article_id = :id",
    "sqlite": "DELETE FROM article_search WHERE rowid = :id",
}

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

    def params(self, fold: Callable[[str], str] = search_fold) -> dict[str, Any]:
        """The bound parameters of the index writes: the text as search compares it (`fold`:
        `search_fold`, or a rebuild's kept copy of it)."""
        return {
            "id": self.article_id,
            "language": self.language,
            "configuration": configuration(self.language),
            "headline": search_fold(self.headline),
            "summary": search_fold(self.summary),
            "body": fold(self.body),
            "tags": search_fold(self.tags),
        }


def document(article: Article) -> Document:
    """The index's view of `article`."""
    return Document(
        article_id=article.id,
        headline=article.headline or "",
        summary=article.summary or "",
        body=html_text(article.body_html or ""),
        tags=" ".join(article.tag_names()),
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


def write(
    connection: Connection, documents: Iterable[Document], fold: Callable[[str], str] = search_fold
) -> int:
    """Put `documents` in the index, replacing what it held for those articles (`fold`: how
    their bodies are folded, `search_fold` or a rebuild's kept copy of it)."""
    # A story given twice is indexed as last given, as one write after another would leave it
    # (one statement may not write a row twice: PostgreSQL's upsert, SQLite's INSERT by rowid).
    rows = list({doc.article_id: doc.params(fold) for doc in documents}.values())
    if not rows:
        return 0
    if _is_postgres(connection):
        for row in rows:
            _stem(row)
        if len(rows) == 1:
            connection.execute(_POSTGRES_UPSERT, rows[0])
        else:
            connection.execute(_POSTGRES_UPSERT_MANY, _columns(rows))
    elif len(rows) == 1 and connection.execute(_SQLITE_UPDATE, rows[0]).rowcount == 1:
        return 1  # a save's one story, already indexed: rewritten in place, one statement
    else:
        connection.execute(_SQLITE_DELETE, rows)
        connection.execute(_SQLITE_INSERT, rows)
    return len(rows)


# PostgreSQL: one story's upsert as a data-modifying CTE, for a statement that writes it with
# rows of its own (a text-only save's, `articles.save_rows.written_after_claim`: a round trip
# fewer): `_POSTGRES_UPSERT` with its parameters named "search_<name>", `postgres_params`'.
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")  # a bound name, as `text()` finds them
POSTGRES_UPSERT_CTE: CTE = (
    text(_BIND.sub(r":search_\1", _POSTGRES_UPSERT.text)).columns().cte("search_written")
)


def postgres_params(doc: Document) -> dict[str, Any]:
    """`doc`'s parameters for `POSTGRES_UPSERT_CTE`, as `write` sends them for one story."""
    return prefixed(_stem(doc.params()), "search")


def _stem(row: dict[str, Any]) -> dict[str, Any]:
    """`row`'s stemmed columns made the text PostgreSQL's stemmer reads (`stemmer_text`)."""
    row.update({k: stemmer_text(row[k], row["configuration"]) for k in _STEMMED})
    return row


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """`rows` as one array per column, for `_POSTGRES_UPSERT_MANY`."""
    return {name: [row[name] for row in rows] for name in _COLUMNS}


# FTS5 rewrites a row on UPDATE as a DELETE and an INSERT would (its tokens out, the new ones
# in): the same work in SQLite for one statement fewer, which is what a save pays per story.
_SQLITE_UPDATE = text(
    "UPDATE article_search SET headline = :headline, summary = :summary, body = :body, "
    "tags = :tags WHERE rowid = :id"
)
_SQLITE_DELETE = text(DELETE["sqlite"])
_SQLITE_INSERT = text(
    "INSERT INTO article_search (rowid, headline, summary, body, tags) "
    "VALUES (:id, :headline, :summary, :body, :tags)"
)
