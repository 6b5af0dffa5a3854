"""Parses content/courses.yaml (`courses:` list) and checks each course against the loaded lessons
and course test forms. A course with an unknown lesson or form is reported and left out; a course
longer than its own limit is reported as an error but stays usable until a trainer fixes it."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from dxtrainer.content import yamlines
from dxtrainer.content.files import Collector, id_field, int_field, read_text, text_field
from dxtrainer.content.quizzes import FORMS
from dxtrainer.content.yamlines import LineDict
from dxtrainer.domain.content import Course, Lesson, Quiz

COURSES_FILE = "courses.yaml"


def parse_courses(path: Path, out: Collector, lessons: Mapping[str, Lesson],
                  tests: Mapping[str, Quiz], uncounted: Collection[str] = ()
                  ) -> tuple[list[Course], set[str]]:
    """The good courses of `path` and every course id it declares. `lessons` are the counted
    lessons, `uncounted` the ids of readable lessons with a bad field (already reported: a course
    holding one is left out with a warning until the lesson is fixed), `tests` the course forms."""
    read = read_text(path, out)
    if read is None:
        return [], set()
    try:
        data = yamlines.load(read[0])
    except yamlines.YamlError as exc:
        out.error(exc.line, "bad-yaml", detail=exc.detail)
        return [], set()
    raw = data.get("courses") if isinstance(data, LineDict) else None
    if not isinstance(raw, list):
        out.error(1, "courses-no-list")
        return [], set()
    courses: list[Course] = []
    seen: dict[str, int] = {}
    declared: set[str] = set()
    for entry in raw:
        if not isinstance(entry, LineDict):
            out.error(1, "course-not-mapping")
            continue
        if isinstance(entry.get("id"), str):
            declared.add(entry["id"].strip())
        sub = Collector(out.path)
        course = _course(entry, sub, lessons, tests, uncounted)
        if course is not None and course.id in seen:
            sub.error(entry.line_of("id"), "duplicate-course-id", id=course.id,
                      first_line=seen[course.id])
            course = None
        out.problems.extend(sub.problems)
        if course is None:
            continue
        seen[course.id] = entry.line_of("id")
        courses.append(course)
    return courses, declared


def _course(entry: LineDict, out: Collector, lessons: Mapping[str, Lesson],
            tests: Mapping[str, Quiz], uncounted: Collection[str]) -> Course | None:
    cid = id_field(entry, "id", out)
    title = text_field(entry, "title", out)
    audience = text_field(entry, "audience", out, required=False)
    max_minutes = int_field(entry, "max_minutes", out, minimum=1)
    lesson_ids = _id_list(entry, "lessons", out)
    test_ids = _id_list(entry, "tests", out)
    if out.failed or not cid:
        return None
    for lesson_id in lesson_ids:
        if lesson_id in uncounted:
            out.warning(entry.line_of("lessons"), "course-lesson-uncounted", course=cid,
                        lesson=lesson_id)
        elif lesson_id not in lessons:
            out.error(entry.line_of("lessons"), "course-unknown-lesson", course=cid,
                      lesson=lesson_id)
    if len(set(lesson_ids)) != len(lesson_ids):
        out.error(entry.line_of("lessons"), "course-lesson-twice", course=cid)
    forms = []
    for test_id in test_ids:
        test = tests.get(test_id)
        if test is None:
            out.error(entry.line_of("tests"), "course-unknown-test", course=cid, test=test_id)
        elif test.course_id != cid:
            out.error(entry.line_of("tests"), "course-test-other-course", course=cid,
                      test=test_id, other=test.course_id)
        else:
            forms.append(test)
    if sorted(f.form or "" for f in forms) != list(FORMS) and len(forms) == len(test_ids):
        out.error(entry.line_of("tests"), "course-needs-two-forms", course=cid,
                  forms=", ".join(FORMS))
    if out.failed or any(x in uncounted for x in lesson_ids):
        return None
    minutes = sum(lessons[x].minutes for x in lesson_ids)
    if minutes > max_minutes:
        out.error(entry.line_of("max_minutes"), "course-too-long", course=cid, minutes=minutes,
                  limit=max_minutes)
    ordered_tests = tuple(t.id for t in sorted(forms, key=lambda t: t.form or ""))
    return Course(cid, title, audience, max_minutes, tuple(lesson_ids), ordered_tests,
                  out.path, entry.line)


def _id_list(entry: LineDict, key: str, out: Collector) -> list[str]:
    raw = entry.get(key)
    if not isinstance(raw, list) or not raw or not all(isinstance(x, str) for x in raw):
        out.error(entry.line_of(key) if key in entry else entry.line, "not-text-list", field=key)
        return []
    return [str(x).strip() for x in raw]
