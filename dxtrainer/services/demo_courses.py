"""The demo organisation's courses (issue 11): the core course assigned to 全職員 and the
managers' track to 管理職, with 事前テスト / 事後テスト taken by part of the staff so that the
learning gain has data: post-test scores above pre-test ones on average, by a gain that varies
by department. Written straight as rows (like demo_org's activity); roll-ups are rebuilt after."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import Answer, Assignment, Attempt, LessonCompletion
from dxtrainer.domain.content import ContentIndex, Course, Question, QuestionType, Quiz
from dxtrainer.domain.courses import Purpose, forms_in_order
from dxtrainer.domain.scoring import passed as is_pass

TRACKS = (("core", None, 60), ("managers", "manager", 90))  # course, role, days to deadline


def add_courses(s: Session, index: ContentIndex, people: list[dict], rng: random.Random,
                today: date, device: str,
                tracks: tuple[tuple[str, str | None, int], ...] = TRACKS) -> dict[str, int]:
    """Assign the courses and add course test attempts; returns counts."""
    made = {"course_assignments": 0, "course_tests": 0}
    start = datetime.combine(today - timedelta(days=120), datetime.min.time())
    gain: defaultdict[int, float] = defaultdict(lambda: rng.uniform(0.1, 0.35))  # by department: what the course taught
    for course_id, role, days in tracks:
        course = index.course(course_id)
        if course is None or not course.test_ids:
            continue
        s.add(Assignment(title=course.title, lesson_ids=list(course.lesson_ids),
                         course_id=course.id, department_id=None, role=role,
                         hired_after=None, deadline=today + timedelta(days=days),
                         created_by=None, created_at=start, active=True))
        made["course_assignments"] += 1
        done = _completed(s, course)
        attempts: list[dict] = []
        answers: list[dict] = []
        for p in people:
            if role and p["role"] != role:
                continue
            finished = all(x in done.get(p["id"], ()) for x in course.lesson_ids)
            if rng.random() > (0.8 if finished else 0.4):
                continue  # skipped the optional 事前テスト (or has not begun)
            pre_id, post_id = forms_in_order(p["number"], course)
            skill = min(0.9, max(0.15, rng.gauss(0.5, 0.15)))
            at = start + timedelta(days=rng.uniform(0, 40), hours=rng.randint(9, 16))
            _test(rng, index.course_test(pre_id), Purpose.PRE, course, p, skill, at, device,
                  attempts, answers)
            if finished and rng.random() < 0.85:
                better = min(0.98, skill + gain[p["now"]] + rng.gauss(0, 0.08))
                later = at + timedelta(days=rng.uniform(20, 70))
                for _try in range(2):
                    if later.date() > today:
                        break
                    ok = _test(rng, index.course_test(post_id), Purpose.POST, course, p,
                               better, later, device, attempts, answers)
                    if ok:
                        break
                    later += timedelta(days=rng.uniform(1, 10))
                    better = min(0.98, better + 0.1)
        if attempts:
            s.execute(insert(Attempt), attempts)
            s.execute(insert(Answer), answers)
        made["course_tests"] += len(attempts)
    return made


def _completed(s: Session, course: Course) -> dict[int, set[str]]:
    done: dict[int, set[str]] = defaultdict(set)
    for sid, lesson in s.execute(select(LessonCompletion.staff_id, LessonCompletion.lesson_id)
                                 .where(LessonCompletion.lesson_id.in_(course.lesson_ids))):
        done[sid].add(lesson)
    return done


def _test(rng: random.Random, quiz: Quiz | None, purpose: Purpose, course: Course, p: dict,
          chance: float, at: datetime, device: str, attempts: list[dict],
          answers: list[dict]) -> bool:
    if quiz is None or not quiz.questions:
        return False
    attempt_id = str(uuid.uuid4())
    right = 0
    for i, q in enumerate(quiz.questions):
        ok = rng.random() < chance
        right += ok
        answers.append({
            "id": str(uuid.uuid4()), "device_id": device, "attempt_id": attempt_id,
            "staff_id": p["id"], "department_id": p["now"], "quiz_id": quiz.id,
            "question_id": q.id, "response": {"value": _value(q, ok)}, "correct": ok,
            "answered_at": at + timedelta(seconds=40 * i)})
    total = len(quiz.questions)
    score = right / total
    ok = is_pass(score, quiz.pass_mark)
    order = [q.id for q in quiz.questions]
    attempts.append({
        "id": attempt_id, "device_id": device, "staff_id": p["id"],
        "department_id": p["now"], "quiz_id": quiz.id, "quiz_version": quiz.version,
        "quiz_revision": quiz.revision, "started_at": at,
        "finished_at": at + timedelta(seconds=40 * total), "question_order": order,
        "choice_orders": {q.id: [c.id for c in q.choices] for q in quiz.questions},
        "question_hashes": {}, "correct_count": right, "question_count": total,
        "score": score, "passed": ok, "purpose": purpose.value, "course_id": course.id,
        "form": quiz.form})
    return ok


def _value(q: Question, ok: bool) -> object:
    """A stored response that is right or wrong as drawn (course forms: choices, true/false)."""
    if q.type is QuestionType.TRUEFALSE:
        return bool(q.answer) if ok else not q.answer
    right = sorted(c.id for c in q.choices if c.correct)
    wrong = [c.id for c in q.choices if not c.correct]
    return right if ok or not wrong else wrong[:1]
