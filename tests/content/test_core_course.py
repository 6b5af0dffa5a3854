"""The 全職員向けコア course (issue 11): at most 90 minutes, the short lessons split out for it and
the 生成AI lesson in it, and its two test forms checking every DSS-L category the core teaches."""

from __future__ import annotations

from dxtrainer.content.loader import load_content
from tests.conftest import REPO

INDEX = load_content(REPO / "content")


def test_core_course_fits_ninety_minutes_and_holds_the_short_lessons():
    core = INDEX.course("core")
    assert core is not None and core.title == "全職員向けコア" and core.max_minutes == 90
    lessons = {lesson.id: lesson for lesson in INDEX.lessons}
    assert sum(lessons[i].minutes for i in core.lesson_ids) <= 90
    assert {"generative-ai", "security-basics", "data-basics"} <= set(core.lesson_ids)
    assert all(lessons[i].minutes <= 20 for i in core.lesson_ids)
    assert core.lesson_ids[0] == "dx-basics"


def test_core_forms_check_each_category_the_core_lessons_teach():
    core = INDEX.course("core")
    assert core is not None
    taught = {lesson.category for lesson in INDEX.lessons if lesson.id in core.lesson_ids}
    for test_id in core.test_ids:
        form = INDEX.course_test(test_id)
        assert form is not None and form.course_id == "core"
        assert taught <= {q.category for q in form.questions}, test_id
