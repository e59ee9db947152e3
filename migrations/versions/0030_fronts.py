"""fronts (issue 23): each edition's front page and section fronts, their versions and slots

Revision ID: 0030_fronts
Revises: 0029_live
Create Date: 2026-12-05 13:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

import editorial.models.types


# revision identifiers, used by Alembic.
revision = "0030_fronts"
down_revision = "0029_live"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fronts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('published_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_fronts_section_id_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fronts')),
    sa.UniqueConstraint('key', name=op.f('uq_fronts_key'))
    )
    op.create_table('front_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('front_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('layout', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('release_at', editorial.models.types.UTCDateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', editorial.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_front_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['front_id'], ['fronts.id'], name=op.f('fk_front_versions_front_id_fronts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_front_versions_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_front_versions'))
    )
    with op.batch_alter_table('front_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_front_versions_front_id'), ['front_id'], unique=False)
        batch_op.create_index('ix_front_versions_status_release', ['status', 'release_at'], unique=False)

    op.create_table('front_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('container', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('headline', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('image_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_front_slots_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['image_id'], ['images.id'], name=op.f('fk_front_slots_image_id_images'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_front_slots_plan_id_plans'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id'], ['front_versions.id'], name=op.f('fk_front_slots_version_id_front_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_front_slots'))
    )
    with op.batch_alter_table('front_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_front_slots_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_front_slots_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_front_slots_version_id'), ['version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('front_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_front_slots_version_id'))
        batch_op.drop_index(batch_op.f('ix_front_slots_plan_id'))
        batch_op.drop_index(batch_op.f('ix_front_slots_article_id'))
    op.drop_table('front_slots')
    with op.batch_alter_table('front_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_front_versions_status_release')
        batch_op.drop_index(batch_op.f('ix_front_versions_front_id'))
    op.drop_table('front_versions')
    op.drop_table('fronts')
