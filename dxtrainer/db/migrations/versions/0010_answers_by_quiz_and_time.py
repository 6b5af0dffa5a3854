"""an index on answers by quiz and time: the dashboard filtered by course counts a period's
answers to the course's quizzes without reading every answer of the period

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

Only adds an index, so an app that knows 0009 can still write.
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_answers_quiz_time', 'answers',
                    ['quiz_id', 'answered_at', 'staff_id', 'department_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_answers_quiz_time', table_name='answers')
