"""Search per language: on PostgreSQL the index row records its article's language and its
document is built with that language's text search configuration; on both engines every
document is rewritten folded (accents, Arabic tashkeel, tatweel and letter variants)

Revision ID: 0017_search_languages
Revises: 0016_editions
Create Date: 2026-12-05 07:30:00

"""

from alembic import op

from editorial.search.upkeep import reindex_all

revision = "0017_search_languages"
down_revision = "0016_editions"
branch_labels = None
depends_on = None

# Written out here, not imported, so this migration keeps making what it made when the app's
# index changes. The fill is the app's own `reindex_all`: it writes what the app searches.
POSTGRES = (
    "DROP TABLE IF EXISTS article_search",
    "CREATE TABLE article_search ("
    "article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
    "language VARCHAR(12) NOT NULL, "
    "document TSVECTOR NOT NULL)",
    "CREATE INDEX ix_article_search_document ON article_search USING gin (document)",
    "ALTER TABLE article_search ALTER COLUMN document SET STORAGE MAIN",
)
# The FTS5 table keeps its columns (the language is the article's, joined at query time).
SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
    "headline, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2')",
)
POSTGRES_BEFORE = (
    "DROP TABLE IF EXISTS article_search",
    "CREATE TABLE article_search ("
    "article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)",
    "CREATE INDEX ix_article_search_document ON article_search USING gin (document)",
    "ALTER TABLE article_search ALTER COLUMN document SET STORAGE MAIN",
)


def upgrade():
    connection = op.get_bind()
    for statement in POSTGRES if connection.dialect.name == "postgresql" else SQLITE:
        op.execute(statement)
    reindex_all(connection)


def downgrade():
    # The earlier table, empty on PostgreSQL: that version's `flask search-reindex` fills it.
    # SQLite's folded documents stay (its columns are the same), still found by folded words.
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_BEFORE:
            op.execute(statement)
