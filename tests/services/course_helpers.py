"""Helpers for certificate and survey tests: people in departments, and a course completed
by writing the rows a learner's path leaves (lesson completions and a passed 事後テスト)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from dxtrainer.db.models import Attempt, Department, LessonCompletion, Membership, Staff
from dxtrainer.services.records import CurrentUser, Role

COURSE = "sample-course"


def add_department(services, code: str, name: str, parent: int | None = None) -> int:
    with services.sessions.begin() as s:
        dept = Department(code=code, name=name, parent_id=parent, active=True)
        s.add(dept)
        s.flush()
        return dept.id


def add_person(services, number: str, department_id: int | None, role: str = "learner",
               name: str | None = None) -> CurrentUser:
    with services.sessions.begin() as s:
        st = Staff(staff_no=number, name=name or f"職員{number}", kana="ショクイン", role=role,
                   active=True, created_at=datetime.now(), department_id=department_id)
        s.add(st)
        s.flush()
        if department_id is not None:
            s.add(Membership(staff_id=st.id, department_id=department_id,
                             valid_from=date(2020, 4, 1), valid_to=None))
        return CurrentUser(st.id, number, st.name, "", Role(role))


def complete_course(services, staff_id: int, *, lesson_version: int = 1,
                    when: datetime | None = None) -> None:
    when = when or datetime.now()
    index = services.content.index
    course = index.course(COURSE)
    with services.sessions.begin() as s:
        dept = s.get(Staff, staff_id).department_id
        for lesson_id in course.lesson_ids:
            s.add(LessonCompletion(id=str(uuid.uuid4()), device_id="test", staff_id=staff_id,
                                   department_id=dept, lesson_id=lesson_id,
                                   lesson_version=lesson_version, lesson_revision=None,
                                   completed_at=when))
        s.add(Attempt(id=str(uuid.uuid4()), device_id="test", staff_id=staff_id,
                      department_id=dept, quiz_id=course.test_ids[1], quiz_version=1,
                      quiz_revision=None, started_at=when, finished_at=when, question_order=[],
                      choice_orders={}, question_hashes={}, correct_count=6, question_count=6,
                      score=1.0, passed=True, flags=None, purpose="post", course_id=COURSE,
                      form="b"))
