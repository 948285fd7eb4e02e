"""The reader's stance in a guided discussion, stored with its turn.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stance', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.drop_column('stance')
