"""Trainers read how each question performs, and reload edited content without a restart."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from dxtrainer.db.models import Answer, Attempt, Staff
from dxtrainer.domain.item_analysis import Flag, Thresholds
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


def add_people(services, n: int) -> list[int]:
    with services.sessions.begin() as s:
        people = [Staff(staff_no=f"P{i}", name=f"職員{i}", kana="ショクイン", role="learner",
                        active=True, created_at=datetime.now()) for i in range(n)]
        s.add_all(people)
        s.flush()
        return [p.id for p in people]


def add_attempt(services, staff_id: int, at: datetime, answers: dict[str, tuple[bool, object]],
                hashes: dict | None = None, orders: dict | None = None, version: int = 1):
    attempt_id = str(uuid.uuid4())
    with services.sessions.begin() as s:
        s.add(Attempt(id=attempt_id, device_id="d", staff_id=staff_id, quiz_id="sample-basics",
                      quiz_version=version, started_at=at, finished_at=at, question_order=[],
                      choice_orders=orders or {}, question_hashes=hashes or {}, correct_count=0,
                      question_count=4, score=0.0, passed=False))
        s.flush()
        for i, (qid, (ok, value)) in enumerate(answers.items()):
            s.add(Answer(id=str(uuid.uuid4()), device_id="d", attempt_id=attempt_id,
                         staff_id=staff_id, quiz_id="sample-basics", question_id=qid,
                         response={"value": value}, correct=ok,
                         answered_at=at + timedelta(seconds=i)))


def test_item_statistics_from_first_attempts(services):
    who = trainer(services)
    people = add_people(services, 5)
    day = datetime(2026, 5, 1, 10)
    # q1 (key a): a, a, b, b, a. q3 (○): ○, ○, ×, ×, ○. q2 and q4 wrong for everyone.
    for person, q1, q3 in zip(people, "aabba", (True, True, False, False, True), strict=True):
        add_attempt(services, person, day, {
            "q1": (q1 == "a", [q1]), "q2": (False, ["c"]), "q3": (q3, q3),
            "q4": (False, ["s2", "s1", "s3"])})
        # a retake: never counted
        add_attempt(services, person, day + timedelta(days=1), {"q1": (False, ["c"])})
    stats = {s.question_id: s for s in services.items.question_stats(who)}
    q1 = stats["q1"]
    assert (q1.people, q1.facility) == (5, 0.6)
    assert [(c.id, c.share) for c in q1.choices] == [("a", 0.6), ("b", 0.4), ("c", 0.0)]
    # the rest of the quiz is q3 alone, right exactly when q1 is: r = 1; groups of 1: D = 1
    assert q1.point_biserial == pytest.approx(1.0) and q1.upper_lower == 1.0
    assert [(c.text, c.share) for c in stats["q3"].choices] == [("○", 0.6), ("×", 0.4)]
    assert stats["q4"].choices == () and stats["q4"].facility == 0.0
    assert q1.flags == ()  # fewer than 20 people: no verdict yet
    services.items.change_thresholds(who, Thresholds(min_people=5))
    ranked = services.items.question_stats(who)
    by_id = {s.question_id: s for s in ranked}
    assert by_id["q1"].flags == (Flag.UNUSED,)  # nobody picks c
    assert by_id["q2"].flags[0] == Flag.OVER_KEY and Flag.HARD in by_id["q2"].flags
    assert ranked[0].question_id == "q2" and ranked[-1].question_id == "q3"  # worst first
    assert services.items.thresholds(who).min_people == 5
    with pytest.raises(AccessDenied):
        services.items.question_stats(CurrentUser(people[0], "P0", "職員0", "", Role.LEARNER))


def test_small_groups_show_counts_only(services, user, other_user):
    for person, good in ((user, True), (other_user, False)):
        attempt = services.training.new_attempt(person, "sample-basics")
        tf = next(q for q in attempt.questions if q.type.value == "truefalse")
        answer = right_answer(services, "sample-basics", tf.id)
        services.training.submit_answer(person, attempt.id, tf.id, answer if good else not answer)
    stats = {s.question_id: s for s in services.items.question_stats(trainer(services))}
    assert stats["q3"].people == 2
    assert stats["q3"].facility is None and all(c.share is None for c in stats["q3"].choices)
    assert stats["q1"].people == 0 and stats["q1"].flag == ""


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


def small_groups_shown(services, who) -> None:
    """Figures for groups of one (these tests have only a few people)."""
    from dxtrainer.db.meta import set_meta

    services.items.change_thresholds(who, Thresholds(min_people=1))
    with services.sessions.begin() as s:
        set_meta(s, "min_group_size", "1")


def edited_quiz(tmp_path, old: str, new: str, revision: int = 1):
    """The sample content with one text of sample-basics changed and a revision."""
    root = tmp_path / f"edited-{revision}"
    shutil.copytree(SAMPLE_CONTENT, root)
    path = root / "quizzes" / "sample-basics.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1).replace(
        "version: 1", f"version: 1\nrevision: {revision}", 1), encoding="utf-8")
    return root


def answer_all(services, person, q1_right: bool) -> None:
    attempt = services.training.new_attempt(person, "sample-basics")
    for q in attempt.questions:
        answer = right_answer(services, "sample-basics", q.id)
        if q.id == "q1" and not q1_right:
            answer = ["b"]
        services.training.submit_answer(person, attempt.id, q.id, answer)


def test_editing_a_question_starts_fresh_statistics_for_it(services, user, other_user, tmp_path):
    who = trainer(services)
    small_groups_shown(services, who)
    answer_all(services, user, q1_right=False)
    answer_all(services, user, q1_right=True)  # a retake of the same text: not counted
    stats = {s.question_id: s for s in services.items.question_stats(who)}
    assert (stats["q1"].people, stats["q1"].facility, stats["q1"].earlier) == (1, 0.0, 0)

    # The trainer rewrites q1's prompt (a revision): its figures start again; q3 is unchanged.
    edited = edited_quiz(tmp_path, "正しいものを選んでください。", "正しい説明を1つ選んでください。")
    assert services.publishing.publish(who, edited).publication is not None
    stats = {s.question_id: s for s in services.items.question_stats(who)}
    assert (stats["q1"].people, stats["q1"].facility, stats["q1"].earlier) == (0, None, 1)
    assert all(c.share is None for c in stats["q1"].choices)
    assert (stats["q3"].people, stats["q3"].facility, stats["q3"].earlier) == (1, 1.0, 0)
    assert stats["q1"].hash != stats["q3"].hash

    # The same person meets the new text in a retake: their first answer TO IT counts; q3 (seen
    # before) does not count twice. Someone new counts for both.
    answer_all(services, user, q1_right=True)
    answer_all(services, other_user, q1_right=False)
    stats = {s.question_id: s for s in services.items.question_stats(who)}
    assert (stats["q1"].people, stats["q1"].facility, stats["q1"].earlier) == (2, 0.5, 1)
    assert [(c.id, c.share) for c in stats["q1"].choices] == [("a", 0.5), ("b", 0.5), ("c", 0.0)]
    assert (stats["q3"].people, stats["q3"].earlier) == (2, 0)


def test_older_attempts_are_attributed_by_the_hash_they_stored(services, tmp_path):
    """Attempts stored before the order-free hash kept a hash of the SHOWN order: one that matches
    today's text counts as today's; one of another text, or a row without hashes at another
    version, is an earlier text."""
    from dxtrainer.domain.question_hash import shown_order_hash

    who = trainer(services)
    small_groups_shown(services, who)
    people = add_people(services, 4)
    q1 = services.content.index.quiz("sample-basics").question("q1")
    shown = ["c", "a", "b"]
    old_text = replace(q1, prompt="前の問題文")
    day = datetime(2026, 5, 1, 10)
    rows = [(people[0], {"q1": shown_order_hash(q1, shown)}, 1, True),
            (people[1], {"q1": shown_order_hash(old_text, shown)}, 1, False),
            (people[2], {}, 1, True),  # no hashes, today's version: today's text
            (people[3], {}, 0, False)]  # no hashes, an older version: an earlier text
    for person, hashes, version, ok in rows:
        add_attempt(services, person, day, {"q1": (ok, ["a" if ok else "b"])},
                    hashes=hashes, orders={"q1": shown}, version=version)
    stats = {s.question_id: s for s in services.items.question_stats(who)}
    assert (stats["q1"].people, stats["q1"].facility, stats["q1"].earlier) == (2, 1.0, 2)
