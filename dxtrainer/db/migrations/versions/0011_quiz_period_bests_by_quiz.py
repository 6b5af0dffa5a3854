"""an index on the per-period quiz bests by quiz: the dashboard filtered by course reads the bests
of the course's quizzes only, instead of probing every person's row of each period

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

Only adds an index, so an app that knows 0010 can still write.
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_person_quiz_period_best_quiz', 'person_quiz_period_best',
                    ['quiz_id', 'period_key', 'staff_id', 'best_score'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_person_quiz_period_best_quiz', table_name='person_quiz_period_best')
