"""editions: sections, regions and tags get a name per language (`labels`, a JSON object by
catalogue code), shown in each public edition; an empty object means the name everywhere.

Revision ID: 0016_editions
Revises: 0015_languages
Create Date: 2026-12-05 07:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_editions"
down_revision = "0015_languages"
branch_labels = None
depends_on = None

TABLES = ("sections", "regions", "tags")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("labels", sa.JSON(), nullable=False, server_default="{}"))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("labels")
