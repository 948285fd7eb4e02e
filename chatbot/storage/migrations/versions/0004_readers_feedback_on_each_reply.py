"""Readers' feedback on each reply: useful or not, and why not, stored with its turn.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.add_column(sa.Column('useful', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('comment', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('feedback_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.drop_column('feedback_at')
        batch_op.drop_column('comment')
        batch_op.drop_column('useful')
