"""Editors, their API tokens and their labels on readers' questions; on each turn, its article (copied
from its conversation), the words nothing explained in it and, with a stance, the question it answers;
an index the insights read an article's turns over a period from, and one for purging old conversations.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('editor',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('session_key', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email', name=op.f('uq_editor_email'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['editor_id'], ['editor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('digest', name=op.f('uq_api_token_digest'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_editor_id'), ['editor_id'], unique=False)

    op.create_table('label',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article', sa.String(length=80), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('passage_id', sa.String(length=80), nullable=True),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['editor.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article', 'question', name=op.f('uq_label_article_question'))
    )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index('ix_conversation_article_created_at', ['article', 'created_at'], unique=False)

    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.add_column(sa.Column('article', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('unknown_words', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('answered', sa.Text(), nullable=True))
    op.execute("UPDATE turn SET article = (SELECT conversation.article FROM conversation "
               "WHERE conversation.id = turn.conversation_id)")
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.alter_column('article', existing_type=sa.String(length=80), nullable=False)
        batch_op.create_index('ix_turn_insights', ['article', 'created_at', 'intent', 'useful', 'stance',
                                                   'confidence', 'conversation_id', 'unknown_words'], unique=False)



def downgrade():
    with op.batch_alter_table('turn', schema=None) as batch_op:
        batch_op.drop_index('ix_turn_insights')
        batch_op.drop_column('answered')
        batch_op.drop_column('unknown_words')
        batch_op.drop_column('article')

    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_article_created_at')
        batch_op.drop_index(batch_op.f('ix_conversation_updated_at'))

    op.drop_table('label')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_editor_id'))

    op.drop_table('api_token')
    op.drop_table('editor')
