"""A small fictional municipality (a few 課, a dozen staff, some progress) for trying the app."""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import select

from dxtrainer.db.models import Department, Staff
from dxtrainer.domain.content import QuestionType
from dxtrainer.services.container import Services, set_meta
from dxtrainer.services.records import CurrentUser, Role

DEPARTMENTS = [
    ("soumu", "総務部", None), ("soumu-johoseisaku", "情報政策課", "soumu"),
    ("soumu-shokuin", "職員課", "soumu"),
    ("shimin", "市民部", None), ("shimin-shimin", "市民課", "shimin"),
    ("shimin-zeimu", "税務課", "shimin"),
    ("fukushi", "福祉部", None), ("fukushi-kosodate", "子育て支援課", "fukushi"),
    ("fukushi-koureisha", "高齢者福祉課", "fukushi"),
    ("kiki", "危機管理室", None),
]

STAFF = [
    ("D0001", "山田 花子", "ヤマダ ハナコ", "soumu-johoseisaku", "hr"),
    ("D0002", "佐藤 健一", "サトウ ケンイチ", "soumu-johoseisaku", "trainer"),
    ("D0003", "鈴木 美咲", "スズキ ミサキ", "soumu-shokuin", "hr"),
    ("D0004", "高橋 誠", "タカハシ マコト", "shimin-shimin", "manager"),
    ("D0005", "田中 由美", "タナカ ユミ", "shimin-shimin", "learner"),
    ("D0006", "伊藤 大輔", "イトウ ダイスケ", "shimin-zeimu", "learner"),
    ("D0007", "渡辺 真由美", "ワタナベ マユミ", "shimin-zeimu", "learner"),
    ("D0008", "中村 翔太", "ナカムラ ショウタ", "fukushi-kosodate", "learner"),
    ("D0009", "小林 恵", "コバヤシ メグミ", "fukushi-kosodate", "learner"),
    ("D0010", "加藤 隆", "カトウ タカシ", "fukushi-koureisha", "learner"),
    ("D0011", "吉田 さくら", "ヨシダ サクラ", "fukushi-koureisha", "learner"),
    ("D0012", "山本 浩二", "ヤマモト コウジ", "kiki", "learner"),
    ("D0013", "田中 裕子", "タナカ ユウコ", "kiki", "learner"),
]


def populate_demo(services: Services, seed: int = 7) -> int:
    """Fill an empty database with the demo organisation. Returns the number of staff added."""
    rng = random.Random(seed)
    now = datetime.now()
    with services.sessions.begin() as s:
        if s.scalar(select(Staff.id).limit(1)) is not None:
            return 0
        ids: dict[str, Department] = {}
        for code, name, parent in DEPARTMENTS:
            dept = Department(code=code, name=name,
                              parent_id=ids[parent].id if parent else None, active=True)
            s.add(dept)
            s.flush()
            ids[code] = dept
        for number, name, kana, dept, role in STAFF:
            s.add(Staff(staff_no=number, name=name, kana=kana, department_id=ids[dept].id,
                        role=role, active=True, credential=None, failed_attempts=0,
                        created_at=now))
        set_meta(s, "demo", "1")
    services.is_demo = True
    _simulate_progress(services, rng)
    return len(STAFF)


def _simulate_progress(services: Services, rng: random.Random) -> None:
    """Learners read and answer through the real services, so roll-ups stay exact."""
    training = services.training
    lessons = services.content.index.lessons
    for summary in services.accounts.list_staff():
        user = CurrentUser(summary.id, summary.staff_no, summary.name, summary.department,
                           Role(summary.role))
        skill = rng.uniform(0.55, 0.95)
        reach = rng.randint(0, len(lessons))
        for lesson in lessons[:reach]:
            view = training.open_lesson(user, lesson.id)
            if rng.random() < 0.15:
                break  # still reading this one
            training.mark_read(user, lesson.id)
            if view.quiz_id is None:
                continue
            quiz = services.content.index.quiz(view.quiz_id)
            attempt = training.start_or_resume(user, view.quiz_id)
            for question in attempt.questions:
                original = quiz.question(question.id)
                right = rng.random() < skill
                training.submit_answer(user, attempt.id, question.id,
                                       _response(original, question, right, rng))


def _response(original, shown, right: bool, rng: random.Random):  # noqa: ANN001, ANN202
    if original.type is QuestionType.TRUEFALSE:
        return original.answer if right else not original.answer
    if original.type is QuestionType.ORDERING:
        order = list(original.correct_order)
        if not right:
            order[0], order[-1] = order[-1], order[0]
        return order
    correct = [c.id for c in original.choices if c.correct]
    if right:
        return correct
    wrong = [c.id for c in original.choices if not c.correct]
    return [rng.choice(wrong)] if wrong else correct[:-1]
