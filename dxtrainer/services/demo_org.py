"""Generates a believable fictional municipality with months of progress, bulk-inserted, then
rolls up. Used by `dxtrainer demo --staff N --months M`, the GUI's demo and the benchmarks."""

from __future__ import annotations

import random
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import insert, select

from dxtrainer.db.models import (
    Answer,
    Attempt,
    Department,
    LessonCompletion,
    LessonVisit,
    Membership,
    Staff,
)
from dxtrainer.domain.content import ContentIndex, Question, QuestionType, Quiz
from dxtrainer.domain.question_hash import content_hash
from dxtrainer.domain.scoring import Response
from dxtrainer.domain.scoring import passed as is_pass
from dxtrainer.services import demo_courses, rollups
from dxtrainer.services.container import Services, set_meta
from dxtrainer.services.demo_names import (
    DEPARTMENTS,
    FAMILY,
    GIVEN,
    MERGED,
    NAMED_STAFF,
    RENAMED,
)
from dxtrainer.services.initial_codes import DEMO_CODE, hash_code
from dxtrainer.services.reporting import bump_roster_version

Progress = Callable[[str, float], None]
NAMED_HOMES = {"D0001": "130", "D0002": "130", "D0003": "120", "D0004": "410",
               "D0005": "411", "D0006": "321", "D0007": "322", "D0008": "630",
               "D0009": "630", "D0010": "530", "D0011": "530", "D0012": "140", "D0013": "140"}


def generate(services: Services, staff: int = 300, months: int = 12, seed: int = 2026,
             today: date | None = None, progress: Progress | None = None,
             review: float = 1.0) -> dict[str, int]:
    """Fill an EMPTY database. Returns counts of what was made."""
    report = progress or (lambda _step, _share: None)
    rng = random.Random(seed)
    today = today or date.today()
    start = _add_months(today.replace(day=1), -(months - 1))
    index = services.content.index
    with services.sessions.begin() as s:
        if s.scalar(select(Staff.id).limit(1)) is not None:
            raise ValueError("the database already has staff")
        depts = _departments(s, start)
        reorg = _april_within(start, today)
        after = _reorganise(s, depts, reorg) if reorg else {}
        people = _people(s, rng, depts, after, reorg, staff, start, today)
        set_meta(s, "demo", "1")
        set_meta(s, "demo_code", DEMO_CODE)  # one published code: trying the demo stays easy
        bump_roster_version(s)
    report("staff", 0.1)
    counts = _activity(services, rng, index, people, start, today, reorg, after, report, review)
    with services.sessions.begin() as s:  # 必修コース and 事前・事後テスト (issue 11)
        counts.update(demo_courses.add_courses(s, index, people, rng, today, services.device_id))
    report("rollups", 0.9)
    with services.sessions.begin() as s:
        rollups.rebuild(s)
    services.is_demo = True
    report("done", 1.0)
    return {"staff": len(people), "departments": len(depts) + len(after), **counts}


def _add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _april_within(start: date, today: date) -> date | None:
    april = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return april if start < april <= today else None


def _departments(s, start: date) -> dict[str, Department]:  # noqa: ANN001
    made: dict[str, Department] = {}
    for code, name, parent, level, _size in DEPARTMENTS:
        dept = Department(code=code, name=name, parent_id=made[parent].id if parent else None,
                          level=level, active=True, valid_from=start)
        s.add(dept)
        s.flush()
        made[code] = dept
    return made


def _reorganise(s, depts: dict[str, Department], on: date) -> dict[str, Department]:  # noqa: ANN001
    """Rename and merge on April 1st; returns old code -> the unit that replaced it."""
    after: dict[str, Department] = {}
    for old, new, name in RENAMED:
        before = depts[old]
        dept = Department(code=new, name=name, parent_id=before.parent_id, level=before.level,
                          active=True, valid_from=on)
        s.add(dept)
        s.flush()
        before.active, before.valid_to, before.successor_id = False, on, dept.id
        after[old] = dept
    for olds, new, name in MERGED:
        first = depts[olds[0]]
        dept = Department(code=new, name=name, parent_id=first.parent_id, level=first.level,
                          active=True, valid_from=on)
        s.add(dept)
        s.flush()
        for old in olds:
            depts[old].active, depts[old].valid_to, depts[old].successor_id = False, on, dept.id
            after[old] = dept
    return after


def _people(s, rng: random.Random, depts: dict[str, Department], after: dict[str, Department],  # noqa: ANN001
            reorg: date | None, total: int, start: date, today: date) -> list[dict]:
    leaves = [(code, size) for code, _n, _p, _l, size in DEPARTMENTS if size]
    weights = [size for _c, size in leaves]
    people: list[dict] = []
    used: set[str] = set()
    named = NAMED_STAFF[: max(0, min(len(NAMED_STAFF), total))]
    for i in range(total):
        if i < len(named):
            number, name, kana, _dept, role = named[i]
            home = NAMED_HOMES[number]
        else:
            while True:
                fam, giv = rng.choice(FAMILY), rng.choice(GIVEN)
                if f"{fam[0]} {giv[0]}" not in used or len(used) > 1500:
                    break
            name, kana = f"{fam[0]} {giv[0]}", f"{fam[1]} {giv[1]}"
            number = f"{10001 + i:05d}"
            home = rng.choices([c for c, _s in leaves], weights)[0]
            role = "manager" if rng.random() < 0.05 else "learner"
        used.add(name)
        hired = start - timedelta(days=rng.randint(30, 9000)) if rng.random() > 0.08 else \
            start + timedelta(days=rng.randint(0, max(0, min(200, (today - start).days))))
        people.append({"number": number, "name": name, "kana": kana, "role": role,
                       "home": home, "hired": hired})
    demo_hash = hash_code(DEMO_CODE)  # one published code, shared, never expiring
    moved = set(rng.sample(range(len(named), total), k=int(max(0, total - len(named)) * 0.12))) \
        if reorg else set()
    for i, p in enumerate(people):
        first = depts[p["home"]]
        now = after.get(p["home"], first)
        if i in moved:
            now = depts[rng.choices([c for c, _s in leaves], weights)[0]]
            now = after.get(now.code, now)
        p["first"], p["now"] = first.id, now.id
        staff = Staff(staff_no=p["number"], name=p["name"], kana=p["kana"],
                      department_id=now.id, role=p["role"], active=True, credential=None,
                      code_hash=demo_hash, code_expires_at=None,
                      failed_attempts=0, created_at=datetime.combine(start, datetime.min.time()),
                      hired_on=p["hired"])
        s.add(staff)
        s.flush()
        p["id"] = staff.id
        since = max(p["hired"], start)
        if reorg and now.id != first.id:
            s.add(Membership(staff_id=staff.id, department_id=first.id, valid_from=since,
                             valid_to=reorg))
            s.add(Membership(staff_id=staff.id, department_id=now.id, valid_from=reorg,
                             valid_to=None))
        else:
            s.add(Membership(staff_id=staff.id, department_id=now.id, valid_from=since,
                             valid_to=None))
    return people


def _activity(services: Services, rng: random.Random, index: ContentIndex, people: list[dict],
              start: date, today: date, reorg: date | None, after: dict,
              report: Progress, review: float) -> dict[str, int]:
    device = services.device_id
    span = (today - start).days + 1
    dept_culture: dict[int, float] = {}
    lessons = list(index.lessons)
    totals = {"answers": 0, "attempts": 0, "completions": 0}
    batch: dict[str, list[dict]] = {"attempts": [], "answers": [], "visits": [],
                                    "completions": []}

    def flush() -> None:
        with services.sessions.begin() as s:
            for table, key in ((Attempt, "attempts"), (Answer, "answers"),
                               (LessonVisit, "visits"), (LessonCompletion, "completions")):
                if batch[key]:
                    s.execute(insert(table), batch[key])
                    batch[key].clear()

    for n, p in enumerate(people):
        culture = dept_culture.setdefault(p["now"], rng.uniform(0.35, 1.0))
        engagement = min(1.0, max(0.0, rng.gauss(culture, 0.25)))
        skill = base = min(0.95, max(0.3, rng.gauss(0.66, 0.14)))
        begin = max(start, p["hired"])
        first_day = begin + timedelta(days=int(rng.random() ** 2 * max(1, (today - begin).days)))
        if rng.random() > engagement or first_day > today:
            continue  # has not started yet
        reach = max(1, int(len(lessons) * min(1.0, engagement * rng.uniform(0.6, 1.4))))
        moment = datetime.combine(first_day, datetime.min.time()) + timedelta(
            hours=rng.randint(9, 16), minutes=rng.randint(0, 59))
        for lesson in lessons[:reach]:
            if moment.date() > today:
                break
            dept = p["first"] if reorg and moment.date() < reorg else p["now"]
            read_at = moment + timedelta(minutes=lesson.minutes)
            quiz = index.quiz_for_lesson(lesson.id)
            batch["visits"].append({"staff_id": p["id"], "lesson_id": lesson.id,
                                    "first_opened_at": moment, "last_opened_at": read_at,
                                    "read_at": read_at})
            done_at = read_at if quiz is None else None
            at = read_at
            for _try in range(3 if quiz else 0):
                at += timedelta(minutes=rng.randint(2, 30))
                passed, made = _attempt(rng, quiz, p["id"], dept, device, at, (skill, base), batch)
                totals["attempts"] += 1
                totals["answers"] += made
                skill = min(0.98, skill + 0.04)
                if passed:
                    done_at = at
                    break
                if rng.random() < 0.45:
                    break  # gave up for now
            if done_at is not None:
                batch["completions"].append({
                    "id": str(uuid.uuid4()), "device_id": device, "staff_id": p["id"],
                    "department_id": dept, "lesson_id": lesson.id,
                    "lesson_version": lesson.version, "completed_at": done_at})
                totals["completions"] += 1
            gap = rng.expovariate(1 / max(1.0, span / (reach * (1.2 + engagement))))
            moment = at + timedelta(days=gap, hours=rng.uniform(-2, 2))
            if moment.hour < 8 or moment.hour > 18:
                moment = moment.replace(hour=rng.randint(9, 17))
        # 復習: engaged people come back to quizzes they have met, now and then.
        met = [lesson for lesson in lessons[:reach] if index.quiz_for_lesson(lesson.id)]
        reviews = int(review * engagement * rng.uniform(0.0, 0.5) * span / 30) if met else 0
        for _ in range(reviews):
            when = first_day + timedelta(days=rng.uniform(0, max(1, (today - first_day).days)))
            at = datetime.combine(when, datetime.min.time()) + timedelta(
                hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
            dept = p["first"] if reorg and at.date() < reorg else p["now"]
            quiz = index.quiz_for_lesson(rng.choice(met).id)
            _ok, made = _attempt(rng, quiz, p["id"], dept, device, at, (skill, base), batch)
            totals["attempts"] += 1
            totals["answers"] += made
        if len(batch["answers"]) > 20_000:
            flush()
        if n % max(1, len(people) // 20) == 0:
            report("activity", 0.1 + 0.75 * n / len(people))
    flush()
    return totals


def _attempt(rng: random.Random, quiz, staff_id: int, dept: int, device: str, at: datetime,  # noqa: ANN001
             skill: tuple[float, float], batch: dict[str, list[dict]]) -> tuple[bool, int]:
    """skill: (now, on arrival): practice raises the first; the second drives discrimination."""
    attempt_id = str(uuid.uuid4())
    right = 0
    orders = {}
    for i, q in enumerate(quiz.questions):
        shape = _shape(quiz.id, q.id, sum(1 for c in q.choices if not c.correct))
        ok = rng.random() < shape.chance(*skill, _ease(q))
        right += ok
        orders[q.id] = [c.id for c in q.choices]
        batch["answers"].append({
            "id": str(uuid.uuid4()), "device_id": device, "attempt_id": attempt_id,
            "staff_id": staff_id, "department_id": dept, "quiz_id": quiz.id,
            "question_id": q.id, "response": {"value": _response(q, ok, rng, shape)},
            "correct": ok, "answered_at": at + timedelta(seconds=30 * i)})
    total = len(quiz.questions)
    score = right / total
    batch["attempts"].append({
        "id": attempt_id, "device_id": device, "staff_id": staff_id, "department_id": dept,
        "quiz_id": quiz.id, "quiz_version": quiz.version, "started_at": at,
        "finished_at": at + timedelta(seconds=30 * total), "question_order": list(orders),
        "quiz_revision": quiz.revision, "choice_orders": orders,
        "question_hashes": _hashes(quiz), "correct_count": right,
        "question_count": total, "score": score, "passed": is_pass(score, quiz.pass_mark)})
    return is_pass(score, quiz.pass_mark), total


@lru_cache(maxsize=256)
def _hashes(quiz: Quiz) -> dict[str, str]:
    """The order-free question hashes an attempt records (item statistics group by them)."""
    return {q.id: content_hash(q) for q in quiz.questions}


def _ease(question: Question) -> float:
    return {QuestionType.TRUEFALSE: 1.08, QuestionType.SINGLE: 1.0,
            QuestionType.MULTIPLE: 0.85, QuestionType.ORDERING: 0.8}.get(question.type, 0.8)


@dataclass(frozen=True)
class _Shape:
    """How a demo question behaves, fixed per question so that item analysis has something to
    find: its difficulty, how strongly ability drives it (a few questions barely or wrongly), and
    how unevenly wrong answers spread over the distractors (some never picked)."""

    difficulty: float
    slope: float
    weights: tuple[float, ...]  # one per wrong choice

    def chance(self, skill: float, base: float, ease: float) -> float:
        return min(0.98, max(0.02, skill * ease * self.difficulty + self.slope * (base - 0.66)))


@lru_cache(maxsize=4096)
def _shape(quiz_id: str, question_id: str, wrong: int) -> _Shape:
    rng = random.Random(zlib.crc32(f"{quiz_id}/{question_id}".encode()))
    kind = rng.random()
    slope = -0.5 if kind < 0.07 else 0.0 if kind < 0.17 else rng.uniform(0.6, 1.8)
    difficulty = rng.choice((0.55, 0.85, 0.95, 1.05, 1.1, 1.15, 1.2, 1.25))
    weights = [rng.random() ** 2 + 0.02 for _ in range(wrong)]
    if wrong > 1 and rng.random() < 0.3:
        weights[rng.randrange(wrong)] = 0.0  # a distractor nobody falls for
    if wrong > 1 and rng.random() < 0.3:
        weights[rng.randrange(wrong)] += 3.0  # one everybody falls for
    if not any(weights):
        weights = [1.0] * wrong
    return _Shape(difficulty, slope, tuple(weights))


def _response(q: Question, ok: bool, rng: random.Random, shape: _Shape) -> Response | None:
    if q.type in (QuestionType.SHORT, QuestionType.NUMERIC, QuestionType.MATCHING):
        return _typed_response(q, ok, rng)
    if q.type is QuestionType.TRUEFALSE:
        return q.answer if ok else not q.answer
    if q.type is QuestionType.ORDERING:
        order = list(q.correct_order)
        return order if ok else order[1:] + order[:1]
    right = sorted(q.correct_ids)
    if ok:
        return right
    wrong = [c.id for c in q.choices if not c.correct]
    if not wrong:
        return right[:-1]
    picked = rng.choices(wrong, shape.weights)[0]
    if q.type is QuestionType.MULTIPLE and rng.random() < 0.5:
        return sorted({*right[1:], picked})  # one right choice missed, a wrong one ticked
    return [picked]


def _typed_response(q: Question, ok: bool, rng: random.Random) -> Response:
    if q.type is QuestionType.SHORT:
        return q.accepted[0] if ok else rng.choice(["わからない", "DX", "IT化"])
    if q.type is QuestionType.NUMERIC and q.numeric is not None:
        width = max(q.numeric.high - q.numeric.low, 1.0)
        return q.numeric.low if ok else q.numeric.high + width * rng.choice([1, 2, 10])
    pairs = {p.left: p.right for p in q.pairs}
    if not ok and len(q.pairs) >= 2:
        first, second = q.pairs[0], q.pairs[1]
        pairs[first.left], pairs[second.left] = second.right, first.right
    return pairs
