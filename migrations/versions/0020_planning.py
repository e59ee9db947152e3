"""planning desk: plans (the budget), article deadlines per stage, section default deadlines,
escalation steps sent once; notifications about a plan; users on duty and their calendar token

Revision ID: 0020_planning
Revises: 0019_claim_locations
Create Date: 2026-12-05 09:39:19.541551

"""
from alembic import op
import sqlalchemy as sa

import editorial.models.types


# revision identifiers, used by Alembic.
revision = "0020_planning"
down_revision = '0019_claim_locations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('section_deadline_defaults',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_section_deadline_defaults_section_id_sections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_deadline_defaults')),
    sa.UniqueConstraint('section_id', 'stage', name='uq_section_deadline_defaults_stage')
    )
    op.create_table('article_deadlines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('due_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_deadlines_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_article_deadlines_set_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_deadlines')),
    sa.UniqueConstraint('article_id', 'stage', name='uq_article_deadlines_stage')
    )
    with op.batch_alter_table('article_deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_deadlines_due_at'), ['due_at'], unique=False)

    op.create_table('deadline_warnings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('due_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.Column('sent_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_deadline_warnings_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_warnings')),
    sa.UniqueConstraint('article_id', 'stage', 'step', 'due_at', name='uq_deadline_warnings_step')
    )
    with op.batch_alter_table('deadline_warnings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_warnings_article_id'), ['article_id'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('working_title', sa.String(length=160), nullable=False),
    sa.Column('languages', sa.String(length=60), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('planned_words', sa.Integer(), nullable=False),
    sa.Column('slot_start', editorial.models.types.UTCDateTime(), nullable=True),
    sa.Column('slot_end', editorial.models.types.UTCDateTime(), nullable=True),
    sa.Column('filed_by', editorial.models.types.UTCDateTime(), nullable=True),
    sa.Column('edited_by', editorial.models.types.UTCDateTime(), nullable=True),
    sa.Column('checked_by', editorial.models.types.UTCDateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('kill_note', sa.Text(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', editorial.models.types.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_plans_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_plans_owner_id_users')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_plans_region_id_regions')),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_plans_reporter_id_users')),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_plans_section_id_sections')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('article_id', name=op.f('uq_plans_article_id'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_section_id'), ['section_id'], unique=False)
        batch_op.create_index('ix_plans_status_slot', ['status', 'slot_start'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_id', sa.Integer(), nullable=True))
        batch_op.alter_column('article_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_notifications_plan_id'), ['plan_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_plan_id_plans'), 'plans', ['plan_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_duty', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('calendar_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_calendar_token'), ['calendar_token'])



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_calendar_token'), type_='unique')
        batch_op.drop_column('calendar_token')
        batch_op.drop_column('on_duty')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_plan_id_plans'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_plan_id'))
        batch_op.alter_column('article_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('plan_id')

    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index('ix_plans_status_slot')
        batch_op.drop_index(batch_op.f('ix_plans_section_id'))
        batch_op.drop_index(batch_op.f('ix_plans_reporter_id'))
        batch_op.drop_index(batch_op.f('ix_plans_owner_id'))

    op.drop_table('plans')
    with op.batch_alter_table('deadline_warnings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_warnings_article_id'))

    op.drop_table('deadline_warnings')
    with op.batch_alter_table('article_deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_deadlines_due_at'))

    op.drop_table('article_deadlines')
    op.drop_table('section_deadline_defaults')
