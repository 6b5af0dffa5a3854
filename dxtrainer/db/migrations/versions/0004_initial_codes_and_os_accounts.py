"""initial codes (初期コード) and Windows accounts on staff

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

Only adds nullable columns and an index, so an app that knows 0003 can still write.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code_hash', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('code_expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('os_account', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_staff_os_account', ['os_account'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_os_account')
        batch_op.drop_column('os_account')
        batch_op.drop_column('code_expires_at')
        batch_op.drop_column('code_hash')
