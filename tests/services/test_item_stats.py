"""Trainers read how each question performs, and reload edited content without a restart."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from dxtrainer.db.models import Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import CurrentUser, Role
from tests.conftest import SAMPLE_CONTENT
from tests.services.test_training import right_answer


def trainer(services) -> CurrentUser:
    with services.sessions.begin() as s:
        st = Staff(staff_no="T1", name="研修担当", kana="ケンシュウ", role="trainer", active=True,
                   created_at=datetime.now())
        s.add(st)
        s.flush()
        return CurrentUser(st.id, "T1", "研修担当", "", Role.TRAINER)


def test_question_statistics_count_answers_and_right_share(services, user, other_user):
    for person, good in ((user, True), (other_user, False)):
        attempt = services.training.new_attempt(person, "sample-basics")
        tf = next(q for q in attempt.questions if q.type.value == "truefalse")
        answer = right_answer(services, "sample-basics", tf.id)
        services.training.submit_answer(person, attempt.id, tf.id, answer if good else not answer)
    stats = services.items.question_stats(trainer(services))
    assert [s.position for s in stats] == [1, 2, 3, 4]
    tf_stat = next(s for s in stats if s.type.value == "truefalse")
    assert (tf_stat.answers, tf_stat.learners, tf_stat.correct_share) == (2, 2, 0.5)
    assert tf_stat.flag == ""  # too few answers to judge
    assert next(s for s in stats if s.question_id == "q1").correct_share is None
    with pytest.raises(AccessDenied):
        services.items.question_stats(user)


def test_reloading_picks_up_an_edited_file(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    services = open_services(tmp_path / "db.sqlite3", root)
    try:
        who = trainer(services)
        lesson = root / "lessons" / "sample-advanced.md"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace(
            "title: テスト用レッスン 応用", "title: 応用(改訂)"), encoding="utf-8")
        (root / "lessons" / "broken.md").write_text("---\nid: [x\n---\n", encoding="utf-8")
        problems = services.items.reload_content(who)
        assert [p.code for p in problems] == ["bad-yaml"]
        assert services.content.index.lesson("sample-advanced").title == "応用(改訂)"
        assert services.training.home(who).lessons[1].title == "応用(改訂)"
    finally:
        services.close()
