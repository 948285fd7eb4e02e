"""Turn numbers, idempotency keys and each conversation's turn count, filled in for stored turns.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('turn_count', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=100), nullable=True))
    op.execute("UPDATE turn SET number = (SELECT count(*) FROM turn AS earlier "
               "WHERE earlier.conversation_id = turn.conversation_id AND earlier.id <= turn.id)")
    op.execute("UPDATE conversation SET turn_count = "
               "(SELECT count(*) FROM turn WHERE turn.conversation_id = conversation.id)")
    # The server defaults stay (the app always sets both): changing them would rebuild SQLite's tables.
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.drop_index('ix_turn_conversation_id')
        batch_op.create_unique_constraint('uq_turn_conversation_id_number', ['conversation_id', 'number'])
        batch_op.create_unique_constraint('uq_turn_idempotency_key', ['idempotency_key'])


def downgrade():
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.drop_constraint('uq_turn_idempotency_key', type_='unique')
        batch_op.drop_constraint('uq_turn_conversation_id_number', type_='unique')
        batch_op.create_index('ix_turn_conversation_id', ['conversation_id'], unique=False)
        batch_op.drop_column('idempotency_key')
        batch_op.drop_column('number')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('turn_count')
