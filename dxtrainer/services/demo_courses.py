"""The demo organisation's courses (issue 11): the core course assigned to 全職員 and the
managers' track to 管理職, with 事前テスト / 事後テスト taken by part of the staff so that the
learning gain has data: post-test scores above pre-test ones on average, by a gain that varies
by department. Everyone who finished a course holds its 修了証 (issued on the day they passed),
and most of them answered the 研修アンケート, so that HR's screens show what a real city would.
Written straight as rows (like demo_org's activity); roll-ups are rebuilt after."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import (
    Answer,
    Assignment,
    Attempt,
    LessonCompletion,
    Staff,
    SurveyMark,
    SurveyResponse,
)
from dxtrainer.domain.content import ContentIndex, Course, Question, QuestionType, Quiz
from dxtrainer.domain.courses import Purpose, forms_in_order
from dxtrainer.domain.scoring import passed as is_pass
from dxtrainer.services.certificates import issue_certificate
from dxtrainer.services.course_progress import completed_people
from dxtrainer.services.surveys import LEVELS

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
        s.flush()
        certified, answered = _finishers(s, course, rng, device)
        made["certificates"] = made.get("certificates", 0) + certified
        made["survey_answers"] = made.get("survey_answers", 0) + answered
    return made


# What people write in the survey's free text (and a blank most of the time).
COMMENTS = (
    "窓口での具体例が多く、自分の業務に置き換えて考えやすかったです。",
    "生成AIの庁内ルールを初めてきちんと知りました。課内でも共有したいと思います。",
    "事前テストで分からなかったところが、レッスンを読んで理解できました。",
    "専門用語が少し多く感じましたが、用語集が役に立ちました。",
    "業務の合間に少しずつ進められたのがよかったです。",
    "セキュリティの回は、すぐに職場で確かめたい内容でした。",
    "データの読み方について、もう少し詳しく学びたいです。",
    "研修時間内に終えられる分量で、ちょうどよかったです。",
)


def _finishers(s: Session, course: Course, rng: random.Random, device: str) -> tuple[int, int]:
    """The 修了証 of everyone who finished `course`, and the survey answers of most of them
    (marks apart; responses by course, department and month only, shuffled, fresh ids)."""
    passed = dict(s.execute(
        select(Attempt.staff_id, func.min(Attempt.finished_at))
        .where(Attempt.course_id == course.id, Attempt.purpose == Purpose.POST.value,
               Attempt.passed.is_(True), Attempt.finished_at.is_not(None))
        .group_by(Attempt.staff_id)).all())
    finished = sorted(completed_people(s, list(passed), course))
    departments = dict(s.execute(select(Staff.id, Staff.department_id)
                                 .where(Staff.id.in_(finished))).all()) if finished else {}
    groups: defaultdict[tuple[int | None, str], list[dict]] = defaultdict(list)
    for staff_id in finished:
        at = passed[staff_id] or datetime.now()
        issue_certificate(s, staff_id, course, device, now=at)
        if rng.random() < 0.7:
            s.add(SurveyMark(staff_id=staff_id, course_id=course.id))
            if rng.random() < 0.9:  # the rest chose 「回答しない」
                groups[(departments.get(staff_id), at.strftime("%Y-%m"))].append({
                    "satisfaction": rng.choices(LEVELS, (2, 5, 18, 45, 30))[0],
                    "usefulness": rng.choices(LEVELS, (3, 8, 22, 40, 27))[0],
                    "comment": rng.choice(COMMENTS) if rng.random() < 0.3 else ""})
    rows = []
    for (department, month), group in groups.items():
        rng.shuffle(group)
        rows += [{"id": str(uuid.uuid4()), "course_id": course.id, "department_id": department,
                  "month": month, **answer} for answer in group]
    if rows:
        s.execute(insert(SurveyResponse), rows)
    return len(finished), len(rows)


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
