"""spaced review (復習 with FSRS): review answers and per-person scheduling cards

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Only adds tables, so an app that knows 0005 can still write.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'review_answers',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('quiz_id', sa.String(length=100), nullable=False),
        sa.Column('question_id', sa.String(length=100), nullable=False),
        sa.Column('response', sa.JSON(), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_review_answers_department_id_departments')),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'],
                                name=op.f('fk_review_answers_staff_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_answers')),
    )
    op.create_index('ix_review_answers_staff_question', 'review_answers',
                    ['staff_id', 'quiz_id', 'question_id', 'answered_at'], unique=False)
    op.create_table(
        'review_cards',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('quiz_id', sa.String(length=100), nullable=False),
        sa.Column('question_id', sa.String(length=100), nullable=False),
        sa.Column('card', sa.JSON(), nullable=False),
        sa.Column('due', sa.DateTime(), nullable=False),
        sa.Column('reviews', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'],
                                name=op.f('fk_review_cards_staff_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_cards')),
        sa.UniqueConstraint('staff_id', 'quiz_id', 'question_id',
                            name='uq_review_cards_staff_question'),
    )
    op.create_index('ix_review_cards_staff_due', 'review_cards', ['staff_id', 'due'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_review_cards_staff_due', table_name='review_cards')
    op.drop_table('review_cards')
    op.drop_index('ix_review_answers_staff_question', table_name='review_answers')
    op.drop_table('review_answers')
