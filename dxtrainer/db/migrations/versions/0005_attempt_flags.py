"""flags on attempts (the quiz navigator's 「あとで見直す」)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Only adds a nullable column, so an app that knows 0004 can still write.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('flags')
