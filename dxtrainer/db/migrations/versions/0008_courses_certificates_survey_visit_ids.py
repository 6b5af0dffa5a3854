"""courses as assignments, course test attempts, certificates, survey; UUIDs for lesson visits

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Only adds tables and nullable columns, so an app that knows 0007 can still write.
"""
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('course_id', sa.String(length=100), nullable=True))
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('course_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('form', sa.String(length=1), nullable=True))
    with op.batch_alter_table('lesson_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('device_id', sa.String(length=36), nullable=True))
    visits = sa.table('lesson_visits', sa.column('staff_id', sa.Integer),
                      sa.column('lesson_id', sa.String), sa.column('id', sa.String))
    conn = op.get_bind()
    for staff_id, lesson_id in conn.execute(sa.select(visits.c.staff_id, visits.c.lesson_id)):
        conn.execute(visits.update()
                     .where(visits.c.staff_id == staff_id, visits.c.lesson_id == lesson_id)
                     .values(id=str(uuid.uuid4())))
    with op.batch_alter_table('lesson_visits', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_lesson_visits_id'), ['id'])
    op.create_table(
        'certificates',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('course_id', sa.String(length=100), nullable=False),
        sa.Column('course_title', sa.String(length=300), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_by', sa.Integer(), nullable=True),
        sa.Column('revoke_reason', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_certificates_department_id_departments')),
        sa.ForeignKeyConstraint(['revoked_by'], ['staff.id'],
                                name=op.f('fk_certificates_revoked_by_staff')),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'],
                                name=op.f('fk_certificates_staff_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
        sa.UniqueConstraint('code', name=op.f('uq_certificates_code')))
    op.create_index('ix_certificates_staff_course', 'certificates', ['staff_id', 'course_id'])
    op.create_table(
        'survey_responses',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('course_id', sa.String(length=100), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('satisfaction', sa.Integer(), nullable=True),
        sa.Column('usefulness', sa.Integer(), nullable=True),
        sa.Column('comment', sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_survey_responses_department_id_departments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
        sqlite_with_rowid=False)
    op.create_table(
        'survey_marks',
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff.id'],
                                name=op.f('fk_survey_marks_staff_id_staff')),
        sa.PrimaryKeyConstraint('staff_id', 'course_id', name=op.f('pk_survey_marks')),
        sqlite_with_rowid=False)


def downgrade() -> None:
    op.drop_table('survey_marks')
    op.drop_table('survey_responses')
    op.drop_index('ix_certificates_staff_course', table_name='certificates')
    op.drop_table('certificates')
    with op.batch_alter_table('lesson_visits', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_lesson_visits_id'), type_='unique')
        batch_op.drop_column('device_id')
        batch_op.drop_column('id')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('form')
        batch_op.drop_column('course_id')
        batch_op.drop_column('purpose')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('course_id')
