"""article_search: the full-text index (SQLite FTS5 table, or PostgreSQL tsvector with a GIN
index); 0017_search_languages fills it from the articles already there

Not a model (an FTS5 table can't be one): migrations/env.py keeps it out of `db check`.

Revision ID: 0011_search
Revises: 0010_media
Create Date: 2026-12-01 15:50:00

"""

from alembic import op

revision = "0011_search"
down_revision = "0010_media"
branch_labels = None
depends_on = None

# Written out here, not imported, so this migration keeps doing what it did when the app's
# index changes. It used to fill the table with the app's `reindex_all`; that now reads the
# articles' language (0015) and writes the index 0017 makes, so 0017 fills it instead.
SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5("
    "headline, summary, body, tags, tokenize = 'porter unicode61 remove_diacritics 2')",
)
POSTGRES = (
    "CREATE TABLE IF NOT EXISTS article_search ("
    "article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_article_search_document ON article_search USING gin (document)",
    # Kept in the row, not TOASTed: ranking reads every match's document, and a detoasted read
    # each cost more than the planner knew (it chose scans that took 3 times as long).
    "ALTER TABLE article_search ALTER COLUMN document SET STORAGE MAIN",
)


def upgrade():
    connection = op.get_bind()
    for statement in POSTGRES if connection.dialect.name == "postgresql" else SQLITE:
        op.execute(statement)


def downgrade():
    op.execute("DROP TABLE IF EXISTS article_search")
