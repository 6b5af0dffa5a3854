"""published content (publications, files, blobs) and content revisions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Only adds tables and nullable columns, so an app that knows 0006 can still write.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'content_blobs',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_content_blobs')))
    op.create_table(
        'content_publications',
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('published_by', sa.Integer(), nullable=True),
        sa.Column('publisher', sa.String(length=200), nullable=False),
        sa.Column('source', sa.String(length=500), nullable=False),
        sa.Column('restored_from', sa.Integer(), nullable=True),
        sa.Column('lessons', sa.Integer(), nullable=False),
        sa.Column('quizzes', sa.Integer(), nullable=False),
        sa.Column('questions', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['published_by'], ['staff.id'],
                                name=op.f('fk_content_publications_published_by_staff')),
        sa.PrimaryKeyConstraint('number', name=op.f('pk_content_publications')))
    op.create_table(
        'content_files',
        sa.Column('publication', sa.Integer(), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['publication'], ['content_publications.number'],
                                name=op.f('fk_content_files_publication_content_publications')),
        sa.ForeignKeyConstraint(['sha256'], ['content_blobs.sha256'],
                                name=op.f('fk_content_files_sha256_content_blobs')),
        sa.PrimaryKeyConstraint('publication', 'path', name=op.f('pk_content_files')))
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quiz_revision', sa.Integer(), nullable=True))
    with op.batch_alter_table('lesson_completions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lesson_revision', sa.Integer(), nullable=True))
    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('lesson_completions', schema=None) as batch_op:
        batch_op.drop_column('lesson_revision')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('quiz_revision')
    op.drop_table('content_files')
    op.drop_table('content_publications')
    op.drop_table('content_blobs')
