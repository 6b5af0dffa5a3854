"""The stable form rule splits staff about evenly and never changes; completion needs every
lesson and the post-test."""

from __future__ import annotations

from dxtrainer.domain.content import Course
from dxtrainer.domain.courses import course_complete, forms_in_order

COURSE = Course("core", "コア", "全職員", 90, ("a", "b"), ("core-a", "core-b"), "courses.yaml")


def test_forms_split_staff_about_half_and_half_and_stay_put():
    orders = [forms_in_order(f"{n:05d}", COURSE) for n in range(1000)]
    a_first = sum(1 for pre, _post in orders if pre == "core-a")
    assert 430 <= a_first <= 570
    assert all({pre, post} == {"core-a", "core-b"} for pre, post in orders)
    assert orders == [forms_in_order(f"{n:05d}", COURSE) for n in range(1000)]


def test_the_same_person_may_start_with_different_forms_in_different_courses():
    other = Course("managers", "管理職", "", 120, ("a",), ("m-a", "m-b"), "courses.yaml")
    firsts = {(forms_in_order(f"{n:05d}", COURSE)[0] == "core-a",
               forms_in_order(f"{n:05d}", other)[0] == "m-a") for n in range(200)}
    assert len(firsts) == 4


def test_complete_needs_every_lesson_and_the_post_test():
    assert course_complete(COURSE, {"a", "b"}, post_passed=True)
    assert not course_complete(COURSE, {"a", "b"}, post_passed=False)
    assert not course_complete(COURSE, {"a"}, post_passed=True)
