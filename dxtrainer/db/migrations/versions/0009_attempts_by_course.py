"""an index on attempts by course: the learning gain, course progress and the 督促 list look up
a course's 事前・事後テスト without reading every attempt

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

Only adds an index, so an app that knows 0008 can still write.
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_attempts_course', 'attempts', ['course_id', 'purpose', 'staff_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_attempts_course', table_name='attempts')
