"""Course rules (issue 11): which test form a person takes first, and when a course is complete."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from enum import StrEnum

from dxtrainer.domain.content import Course


class Purpose(StrEnum):
    """What a course test attempt was (`attempts.purpose`)."""

    PRE = "pre"  # 事前テスト: before the lessons
    POST = "post"  # 事後テスト: the course's final check


def forms_in_order(staff_no: str, course: Course) -> tuple[str, str]:
    """(pre-test form quiz id, post-test form quiz id) for this person: a stable rule that sends
    about half the staff to form A first and the rest to form B, so the forms' difficulty cancels
    out across an organisation. Keyed by 職員番号 so that every PC and database agrees."""
    first, second = course.test_ids
    digest = hashlib.sha256(f"{course.id}\0{staff_no}".encode()).digest()
    return (first, second) if digest[0] % 2 == 0 else (second, first)


def course_complete(course: Course, completed_lessons: Collection[str], post_passed: bool
                    ) -> bool:
    """Every lesson completed at its current version (a 要再受講 lesson is not) and the 事後テスト
    passed. Certificates already issued stay valid when this later turns false."""
    return post_passed and all(x in completed_lessons for x in course.lesson_ids)
