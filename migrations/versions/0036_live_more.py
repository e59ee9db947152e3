"""live coverage, more (issue 24): a post's co-authors, a post's own claims, the note of a
check cleared with no claims

Revision ID: 0036_live_more
Revises: 0035_section_owner
Create Date: 2026-12-05 16:50:00

"""
from alembic import op
import sqlalchemy as sa

import editorial.models.types


# revision identifiers, used by Alembic.
revision = '0036_live_more'
down_revision = '0035_section_owner'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('live_post_coauthors',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['live_posts.id'], name=op.f('fk_live_post_coauthors_post_id_live_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_live_post_coauthors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'user_id', name=op.f('pk_live_post_coauthors'))
    )
    op.create_table('live_post_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('text_changed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', editorial.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_live_post_claims_checked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_live_post_claims_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['live_posts.id'], name=op.f('fk_live_post_claims_post_id_live_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_post_claims'))
    )
    with op.batch_alter_table('live_post_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_post_claims_post_id'), ['post_id'], unique=False)

    with op.batch_alter_table('live_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_note', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('live_posts', schema=None) as batch_op:
        batch_op.drop_column('check_note')

    with op.batch_alter_table('live_post_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_post_claims_post_id'))

    op.drop_table('live_post_claims')
    op.drop_table('live_post_coauthors')
