"""Loads a whole content folder into a ContentIndex, skipping bad files with file:line problems.
The smallest broken part is skipped: a question rather than its quiz, and a lesson with a bad
field stays readable but uncounted (statistics, 必修研修) until it is fixed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dxtrainer.content.courses import COURSES_FILE, parse_courses
from dxtrainer.content.files import Collector
from dxtrainer.content.glossary import parse_glossary
from dxtrainer.content.lessons import body_links, parse_lesson
from dxtrainer.content.links import check_body
from dxtrainer.content.quizzes import parse_quiz
from dxtrainer.content.similar import similar_prompts
from dxtrainer.domain.content import ContentIndex, Course, Lesson, Problem, Quiz

_ID_LINE = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9-]*)", re.MULTILINE)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg"}


def load_content(root: Path | str, today: date | None = None) -> ContentIndex:
    """Read `root`/lessons, `root`/quizzes and `root`/glossary.yaml. Never raises on bad files.
    `today` (default: the real today) is the date each lesson's `checked` month is compared with."""
    root = Path(root)
    today = today or date.today()
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(str(root), 0, "error", "no-content-folder", {}))
        return ContentIndex(str(root), (), (), (), tuple(problems))

    glossary = []
    glossary_path = root / "glossary.yaml"
    if glossary_path.exists():
        out = Collector(str(glossary_path))
        glossary = parse_glossary(glossary_path, out)
        problems.extend(out.problems)
    term_ids = {t.id for t in glossary}

    lesson_files = sorted((root / "lessons").glob("*.md"))
    declared = {d for p in lesson_files if (d := _declared_id(p)) is not None}
    parsed: list[tuple[Lesson | None, Collector]] = []
    for path in lesson_files:
        out = Collector(str(path))
        parsed.append((parse_lesson(path, out, today), out))
    # With two files claiming one id, the file named after the id keeps it.
    owners: dict[str, Lesson] = {}
    for candidate, _out in sorted(((x, o) for x, o in parsed if x is not None),
                                  key=lambda p: Path(p[0].path).stem != p[0].id):
        owners.setdefault(candidate.id, candidate)
    lessons: dict[str, Lesson] = {}
    uncounted: dict[str, Lesson] = {}  # readable, but a field is bad: counted nowhere
    for lesson, out in parsed:
        duplicate = False
        if lesson is not None:
            owner = owners[lesson.id]
            duplicate = owner is not lesson
            if duplicate:
                out.error(_declared_line(Path(lesson.path), "id"), "duplicate-lesson-id",
                          id=lesson.id, other=owner.path)
            else:
                _check_references(lesson, root, declared, term_ids, out)
                check_body(lesson, out)
        problems.extend(out.problems)
        if lesson is not None and not duplicate:
            (uncounted if out.failed else lessons)[lesson.id] = lesson
    for lesson_id in _cycles({**lessons, **uncounted}):
        lesson = lessons.pop(lesson_id, None) or uncounted.pop(lesson_id)
        uncounted[lesson_id] = lesson
        problems.append(Problem(lesson.path, 1, "error", "prerequisite-cycle", {"id": lesson_id}))

    quizzes: dict[str, Quiz] = {}
    tests: dict[str, Quiz] = {}  # course test forms
    by_lesson: dict[str, Quiz] = {}
    quiz_files = sorted([*(root / "quizzes").glob("*.yaml"), *(root / "quizzes").glob("*.yml")])
    for path in quiz_files:
        out = Collector(str(path))
        quiz = parse_quiz(path, out)
        if quiz is not None:
            other = quizzes.get(quiz.id) or tests.get(quiz.id)
            if other is not None:
                out.error(1, "duplicate-quiz-id", id=quiz.id, other=other.path)
            elif not quiz.course_id and quiz.lesson_id not in declared:
                out.error(_declared_line(path, "lesson"), "quiz-unknown-lesson",
                          lesson=quiz.lesson_id)
            elif not quiz.course_id and quiz.lesson_id in by_lesson:
                out.error(_declared_line(path, "lesson"), "second-quiz-for-lesson",
                          lesson=quiz.lesson_id, other=by_lesson[quiz.lesson_id].path)
        problems.extend(out.problems)
        if quiz is not None and not out.failed:
            if quiz.course_id:
                tests[quiz.id] = quiz
            else:
                quizzes[quiz.id] = quiz
                by_lesson[quiz.lesson_id] = quiz

    problems.extend(similar_prompts(quizzes.values()))
    courses = _courses(root, lessons, set(uncounted), tests, problems)

    ordered = sorted(lessons.values(), key=lambda x: (x.order, x.id))
    return ContentIndex(str(root), tuple(ordered), tuple(quizzes.values()), tuple(glossary),
                        tuple(problems),
                        tuple(sorted(uncounted.values(), key=lambda x: (x.order, x.id))),
                        tuple(courses), tuple(t for t in tests.values()
                                              if any(t.id in c.test_ids for c in courses)))


def _courses(root: Path, lessons: dict[str, Lesson], uncounted: set[str],
             tests: dict[str, Quiz], problems: list[Problem]) -> list[Course]:
    """The courses of `root`/courses.yaml; a course test form no course names is reported."""
    path = root / COURSES_FILE
    courses: list[Course] = []
    declared: set[str] = set()
    if path.exists():
        out = Collector(str(path))
        courses, declared = parse_courses(path, out, lessons, tests, uncounted)
        problems.extend(out.problems)
    for test in tests.values():
        if test.course_id not in declared:
            problems.append(Problem(test.path, _declared_line(Path(test.path), "course"), "error",
                                    "course-test-unknown-course",
                                    {"test": test.id, "course": test.course_id}))
    return courses


def _declared_id(path: Path) -> str | None:
    """The id a lesson file declares, read leniently so that one broken file does not break
    the prerequisites and links of others that name it."""
    try:
        match = _ID_LINE.search(path.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError:
        return None
    return match.group(1) if match else None


def _declared_line(path: Path, key: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), 1):
            if line.startswith(f"{key}:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def _check_references(lesson: Lesson, root: Path, lesson_ids: set[str], term_ids: set[str],
                      out: Collector) -> None:
    for prereq in lesson.prerequisites:
        if prereq == lesson.id or prereq not in lesson_ids:
            out.error(_declared_line(Path(lesson.path), "prerequisites"), "unknown-prerequisite",
                      id=prereq)
    lessons_dir = (root / "lessons").resolve()
    for line, target, is_image in body_links(lesson):
        scheme, _, rest = target.partition(":")
        if target.startswith("#"):
            continue
        if scheme in ("http", "https", "mailto"):
            if is_image:
                out.error(line, "remote-image", target=target)
            continue
        if scheme == "lesson" and not is_image:
            if rest not in lesson_ids:
                out.error(line, "unknown-lesson-link", target=rest)
            continue
        if scheme == "glossary" and not is_image:
            if rest not in term_ids:
                out.error(line, "unknown-glossary-link", target=rest)
            continue
        if not is_image:
            out.error(line, "bad-link", target=target)
            continue
        image = (lessons_dir / target).resolve()
        if not image.is_relative_to(lessons_dir) or image.suffix.lower() not in IMAGE_SUFFIXES:
            out.error(line, "bad-image-path", target=target)
        elif not image.is_file():
            out.error(line, "missing-image", target=target)


def _cycles(lessons: dict[str, Lesson]) -> list[str]:
    """Ids of lessons that sit on a prerequisite cycle (a lesson that can reach itself)."""
    on_cycle = []
    for start in lessons:
        seen: set[str] = set()
        todo = list(lessons[start].prerequisites)
        while todo:
            node = todo.pop()
            if node == start:
                on_cycle.append(start)
                break
            if node in lessons and node not in seen:
                seen.add(node)
                todo.extend(lessons[node].prerequisites)
    return sorted(on_cycle)
