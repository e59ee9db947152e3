"""languages: every article has a language and a family (translations of one story), a
translation records the source revision it was made from and has a translator (a duty);
breaking headlines have a language;
the site settings list the languages the newsroom publishes in

Every existing article gets the default language ("en": the settings row has no list yet, so the
catalogue's default list applies) and a family of its own, numbered like the article. Run with
foreign keys off on SQLite (migrations/env.py): rebuilding `articles` must not cascade.

Revision ID: 0015_languages
Revises: 0014_inbox_time_order
Create Date: 2026-12-05 06:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0015_languages"
down_revision = "0014_inbox_time_order"
branch_labels = None
depends_on = None

DEFAULT = "en"


def upgrade():
    op.create_table(
        "article_families",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_families")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=12), server_default=DEFAULT, nullable=False)
        )
        batch_op.add_column(sa.Column("family_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_revision_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("translator_id", sa.Integer(), nullable=True))

    op.execute("INSERT INTO article_families (id) SELECT id FROM articles")
    op.execute("UPDATE articles SET family_id = id")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('article_families', 'id'), "
            "COALESCE((SELECT MAX(id) FROM article_families), 0) + 1, false)"
        )

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.alter_column("family_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_articles_family_id"), ["family_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_articles_source_revision_id"), ["source_revision_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_family_id_article_families"),
            "article_families",
            ["family_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_source_revision_id_article_revisions"),
            "article_revisions",
            ["source_revision_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )
        batch_op.create_unique_constraint(
            "uq_articles_family_language", ["family_id", "language"]
        )
        batch_op.create_index(batch_op.f("ix_articles_translator_id"), ["translator_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_translator_id_users"), "users", ["translator_id"], ["id"]
        )

    with op.batch_alter_table("breaking_headlines", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=12), server_default=DEFAULT, nullable=False)
        )
        batch_op.create_index(
            batch_op.f("ix_breaking_headlines_language"), ["language"], unique=False
        )

    with op.batch_alter_table("site_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("languages", sa.String(length=100), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("site_settings", schema=None) as batch_op:
        batch_op.drop_column("languages")
    with op.batch_alter_table("breaking_headlines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_breaking_headlines_language"))
        batch_op.drop_column("language")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_articles_translator_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_articles_translator_id"))
        batch_op.drop_column("translator_id")
        batch_op.drop_constraint("uq_articles_family_language", type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_articles_source_revision_id_article_revisions"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_articles_family_id_article_families"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_articles_source_revision_id"))
        batch_op.drop_index(batch_op.f("ix_articles_family_id"))
        batch_op.drop_column("source_revision_id")
        batch_op.drop_column("family_id")
        batch_op.drop_column("language")
    op.drop_table("article_families")
