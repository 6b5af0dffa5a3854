"""Content versions: a lesson's `version` bump sends learners back (要再受講: not completed for
Completion and 必修研修 until read again), a `revision` bump keeps completion; attempts and
completions record both; the question hash ignores the shown order of the choices."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import select

from dxtrainer.content.loader import load_content
from dxtrainer.db.models import Attempt, LessonCompletion, PersonCategoryRollup
from dxtrainer.domain.progress import LessonStatus
from dxtrainer.domain.question_hash import content_hash
from dxtrainer.services.records import SYSTEM_USER, CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT
from tests.services.rollup_helpers import full_snapshot, rebuild

TRAINER = CurrentUser(0, "", "研修 花子", "", Role.TRAINER)
LESSON = "sample-advanced"  # no quiz: reading to the end completes it


def bumped(tmp_path: Path, name: str, old: str, new: str) -> Path:
    root = tmp_path / name
    shutil.copytree(SAMPLE_CONTENT, root)
    path = root / "lessons" / f"{LESSON}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def status(services, user) -> LessonStatus:
    return next(c.status for c in services.training.home(user).lessons if c.id == LESSON)


def lessons_completed(services, user) -> int:
    with services.sessions() as s:
        return sum(r.lessons_completed for r in s.scalars(
            select(PersonCategoryRollup).where(PersonCategoryRollup.staff_id == user.staff_id)))


def test_a_version_bump_asks_for_a_retake_and_a_revision_does_not(services, user, tmp_path):
    course = services.assignments.create(SYSTEM_USER, "必修", [LESSON], date(2099, 3, 31))
    services.training.open_lesson(user, LESSON)
    services.training.mark_read(user, LESSON)
    assert status(services, user) == LessonStatus.COMPLETED
    assert lessons_completed(services, user) == 1
    assert [a.done for a in services.assignments.mine(user) if a.id == course.id] == [True]

    # A revision keeps completion.
    revised = bumped(tmp_path, "revised", "version: 1", "version: 1\nrevision: 1")
    assert services.publishing.publish(TRAINER, revised).publication is not None
    assert services.content.index.lesson(LESSON).revision == 1
    assert status(services, user) == LessonStatus.COMPLETED
    assert lessons_completed(services, user) == 1

    # A version bump: 要再受講, not completed anywhere, and the lesson is to be read again.
    v2 = bumped(tmp_path, "v2", "version: 1", "version: 2")
    assert services.publishing.publish(TRAINER, v2).publication is not None
    assert status(services, user) == LessonStatus.NEEDS_RETAKE
    assert lessons_completed(services, user) == 0
    assert [a.done for a in services.assignments.mine(user) if a.id == course.id] == [False]
    [stat] = [a for a in services.assignments.stats(SYSTEM_USER) if a.assignment_id == course.id]
    assert stat.completed == 0
    view = services.training.open_lesson(user, LESSON)
    assert not view.completed and not view.read
    before = full_snapshot(services.sessions)
    rebuild(services.sessions)
    assert full_snapshot(services.sessions) == before  # roll-ups equal a rebuild

    services.training.mark_read(user, LESSON)  # read again to the end
    assert status(services, user) == LessonStatus.COMPLETED
    assert lessons_completed(services, user) == 1
    assert [a.done for a in services.assignments.mine(user) if a.id == course.id] == [True]
    with services.sessions() as s:
        versions = sorted(s.scalars(select(LessonCompletion.lesson_version)
                                    .where(LessonCompletion.staff_id == user.staff_id)))
    assert versions == [1, 2]
    before = full_snapshot(services.sessions)
    rebuild(services.sessions)
    assert full_snapshot(services.sessions) == before


def test_attempts_record_version_revision_and_order_free_hashes(services, user, tmp_path):
    root = tmp_path / "quiz-revised"
    shutil.copytree(SAMPLE_CONTENT, root)
    quiz_file = root / "quizzes" / "sample-basics.yaml"
    quiz_file.write_text(quiz_file.read_text(encoding="utf-8").replace(
        "version: 1", "version: 1\nrevision: 3", 1), encoding="utf-8")
    assert services.publishing.publish(TRAINER, root).publication is not None
    first = services.training.new_attempt(user, "sample-basics")
    second = services.training.new_attempt(user, "sample-basics")
    with services.sessions() as s:
        a, b = s.get(Attempt, first.id), s.get(Attempt, second.id)
        assert (a.quiz_version, a.quiz_revision) == (1, 3)
        assert a.question_hashes == b.question_hashes  # whatever order the choices were shown in
    quiz = load_content(root).quiz("sample-basics")
    assert a.question_hashes == {q.id: content_hash(q) for q in quiz.questions}


def test_the_question_hash_ignores_choice_order_and_explanations_only():
    from dataclasses import replace

    quiz = load_content(SAMPLE_CONTENT).quiz("sample-basics")
    q = quiz.questions[0]
    same = replace(q, choices=tuple(reversed(q.choices)), explanation="別の解説",
                   line=99)
    assert content_hash(same) == content_hash(q)
    assert content_hash(replace(q, prompt=q.prompt + "?")) != content_hash(q)
    changed = replace(q, choices=(replace(q.choices[0], text="別の文"), *q.choices[1:]))
    assert content_hash(changed) != content_hash(q)
    rekeyed = replace(q, choices=tuple(replace(c, correct=not c.correct) for c in q.choices))
    assert content_hash(rekeyed) != content_hash(q)


def pass_quiz(services, user, quiz_id: str = "sample-basics") -> bool:
    from tests.services.test_training import right_answer

    attempt = services.training.new_attempt(user, quiz_id)
    for q in attempt.questions:
        result = services.training.submit_answer(user, attempt.id, q.id,
                                                 right_answer(services, quiz_id, q.id))
    assert result.result is not None and result.result.passed
    return result.result.lesson_completed


def quiz_status(services, user) -> LessonStatus:
    return next(c.status for c in services.training.home(user).lessons if c.id == "sample-basics")


def bumped_quiz_lesson(tmp_path: Path) -> Path:
    root = tmp_path / "quiz-lesson-v2"
    shutil.copytree(SAMPLE_CONTENT, root)
    path = root / "lessons" / "sample-basics.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("version: 1", "version: 2", 1), encoding="utf-8")
    return root


def test_completing_again_after_a_version_bump_asks_for_the_quiz_and_the_reading_again(
        services, user, other_user, tmp_path):
    """A lesson with a quiz: read to the end and pass the quiz, after the bump (either order)."""
    for person in (user, other_user):
        services.training.open_lesson(person, "sample-basics")
        services.training.mark_read(person, "sample-basics")
        assert pass_quiz(services, person)
        assert quiz_status(services, person) == LessonStatus.COMPLETED
    assert services.publishing.publish(TRAINER, bumped_quiz_lesson(tmp_path)).publication
    assert quiz_status(services, user) == LessonStatus.NEEDS_RETAKE

    # Reading again is not enough: the pass from before the bump does not count.
    services.training.open_lesson(user, "sample-basics")
    services.training.mark_read(user, "sample-basics")
    assert quiz_status(services, user) == LessonStatus.NEEDS_RETAKE
    assert services.training.open_lesson(user, "sample-basics").read  # the new reading shows
    assert pass_quiz(services, user)  # passing again completes it
    assert quiz_status(services, user) == LessonStatus.COMPLETED

    # Passing again is not enough: the reading from before the bump does not count.
    assert not pass_quiz(services, other_user)
    assert quiz_status(services, other_user) == LessonStatus.NEEDS_RETAKE
    assert not services.training.open_lesson(other_user, "sample-basics").read
    services.training.mark_read(other_user, "sample-basics")
    assert quiz_status(services, other_user) == LessonStatus.COMPLETED
    with services.sessions() as s:
        versions = sorted(s.scalars(select(LessonCompletion.lesson_version)))
    assert versions == [1, 1, 2, 2]
    before = full_snapshot(services.sessions)
    rebuild(services.sessions)
    assert full_snapshot(services.sessions) == before


def test_needs_retake_is_counted_apart_on_home_the_dashboard_and_the_exports(services, tmp_path):
    import csv
    import io
    import json

    from dxtrainer.domain.periods import PeriodKind, period_of
    from dxtrainer.services import exports
    from tests.services.test_reporting import TODAY, hr_user, make_org, reporting

    org = make_org(services, {"a1": 6, "a2": 5, "b1": 5})
    readers = [*org["a1"][:3], org["b1"][0]]
    for person in readers:
        services.training.open_lesson(person, LESSON)
        services.training.mark_read(person, LESSON)
    hr, period = hr_user(services), period_of(PeriodKind.FISCAL_YEAR, TODAY)
    before = reporting(services).dashboard(hr, period)
    assert (before.needs_retake, before.needs_retake_lessons) == (0, 0)
    assert services.publishing.publish(TRAINER, bumped(tmp_path, "v2", "version: 1",
                                                       "version: 2")).publication

    board = reporting(services).dashboard(hr, period)
    assert (board.needs_retake, board.needs_retake_lessons) == (4, 4)
    assert board.completion.value == 0.0  # 要再受講 is not completed
    assert {r.name: r.needs_retake for r in board.departments} == {"A部": 3, "B部": 1}
    home = services.training.home(readers[0])
    assert (home.needs_retake, home.completed) == (1, 0)
    assert services.training.home(org["a2"][0]).needs_retake == 0
    staff = reporting(services).staff_progress(hr, None, period)
    assert sorted(r.needs_retake for r in staff) == [0] * 12 + [1] * 4

    rows = list(csv.reader(io.StringIO(exports.to_csv(board, staff).decode("utf-8-sig"))))
    assert ["要再受講の職員(人)", "4"] in rows and ["要再受講のレッスン(件)", "4"] in rows
    header = next(r for r in rows if r[:2] == ["職員番号", "氏名"])
    column = header.index("要再受講(レッスン)")
    assert sorted(r[column] for r in rows[rows.index(header) + 1:] if len(r) == len(header)) \
        == ["0"] * 12 + ["1"] * 4
    data = json.loads(exports.to_json(board, staff))
    assert data["needs_retake"] == {"staff": 4, "lessons": 4}
    assert [d["needs_retake"] for d in data["departments"]] == [3, 1]
    assert sum(r["needs_retake_lessons"] for r in data["staff"]) == 4

    services.training.mark_read(readers[0], LESSON)  # read again: completed, no longer counted
    board = reporting(services).dashboard(hr, period)
    assert (board.needs_retake, board.needs_retake_lessons) == (3, 3)
    assert services.training.home(readers[0]).needs_retake == 0
