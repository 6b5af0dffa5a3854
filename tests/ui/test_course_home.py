"""A course assigned as 必修研修 on Home: its card with the lessons in course order, progress and
deadline; 「事前テストを受ける」 runs the pre-test on the quiz screen; after the lessons,
「事後テストを受ける」 and a pass complete the course."""

from __future__ import annotations

from datetime import date, timedelta

from dxtrainer.ui.widgets.course_card import CourseCardWidget
from tests.conftest import SAMPLE_CONTENT
from tests.services.rollup_helpers import response
from tests.ui.helpers import TIMEOUT, make_window, read_to_end, shot, sign_in
from tests.ui.test_learner_path import seed_staff


def assign_course(db_path) -> None:
    from dxtrainer.services.container import open_services
    from dxtrainer.services.records import CurrentUser, Role

    services = open_services(db_path, SAMPLE_CONTENT)
    hr = CurrentUser(0, "", "人事", "", Role.HR_ADMIN)
    services.assignments.create(hr, "テスト用コース(必修)", [], date.today() + timedelta(days=20),
                                course_id="sample-course")
    services.close()


def run_test(qtbot, shell, index, button, right: bool):
    quiz = shell.quiz
    with qtbot.waitSignal(quiz.loaded, timeout=TIMEOUT):
        button.click()
    assert quiz.attempt.purpose in ("pre", "post")
    form = index.course_test(quiz.attempt.quiz_id)
    for n in range(len(quiz.attempt.questions)):
        view = quiz.current_question()
        with qtbot.waitSignal(quiz.answered, timeout=TIMEOUT):
            quiz_submit(quiz, form.question(view.id), right)
        if n + 1 < len(quiz.attempt.questions):
            quiz.next_question()
    with qtbot.waitSignal(quiz.finished, timeout=TIMEOUT) as done:
        quiz.next_button.click()
    return done.args[0]


def quiz_submit(quiz, question, right: bool) -> None:
    """Pick the answer on screen the way a learner would (the choice rows) and submit it."""
    wanted = response(question, right)
    widget = quiz.answer
    if isinstance(wanted, bool):
        wanted = ["true" if wanted else "false"]
    for row in widget.rows:
        if row.choice_id in wanted:
            row.button.setChecked(True)
    quiz.submit()


def test_a_course_on_home_from_pre_test_to_post_test(qtbot, tmp_path, db_path):
    index = seed_staff(db_path)
    assign_course(db_path)
    window, _runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, [])
    shell = sign_in(qtbot, window, "2001", "4321")
    [course] = shell.home.findChildren(CourseCardWidget)
    assert [b.text() for b in course.lesson_buttons] == ["1. テスト用レッスン 基礎",
                                                         "2. テスト用レッスン 応用"]
    assert "レッスン 0 / 2 修了" in course.summary and "事前テスト: 未受験" in course.summary
    assert course.pre_button is not None and course.post_button is None
    assert course.pre_button.accessibleName() == "コース「テスト用コース」の事前テストを受ける"

    result = run_test(qtbot, shell, index, course.pre_button, right=False)
    assert result.purpose == "pre" and not shell.quiz.retry_button.isVisibleTo(shell.quiz)
    assert shell.quiz.result_title.text() == "事前テストの結果: テスト用コース"
    # The 事前テスト shows neither right answers nor explanations (they would leak into the gain).
    assert not shell.quiz.review.isVisibleTo(shell.quiz)
    assert "正解と解説は表示しません" in shell.quiz.result_detail.text()
    assert not shell.quiz.certificate_button.isVisibleTo(shell.quiz)
    shot(window, "course-pre-result")
    shell.quiz.go_to(0)
    shot(window, "course-pre-question")
    assert shell.quiz.verdict.text() == "回答を記録しました"
    assert shell.quiz.back_button.text() == "ホームへ"  # a course test has no one lesson
    with qtbot.waitSignal(shell.home.loaded, timeout=TIMEOUT):
        shell.quiz.back_button.click()
    assert "不正解" not in shell.quiz.verdict.text() + shell.quiz.explanation.text()

    services = shell._services
    for lesson_id in ("sample-basics", "sample-advanced"):
        services.training.open_lesson(shell.user, lesson_id)
        services.training.mark_read(shell.user, lesson_id)
    quiz = services.training.new_attempt(shell.user, "sample-basics")
    for q in quiz.questions:
        services.training.submit_answer(shell.user, quiz.id, q.id, response(
            index.quiz("sample-basics").question(q.id), True))
    with qtbot.waitSignal(shell.home.loaded, timeout=TIMEOUT):
        shell.home.refresh()
    [course] = shell.home.findChildren(CourseCardWidget)
    assert "レッスン 2 / 2 修了" in course.summary and "事前テスト: 受験済み" in course.summary
    assert course.pre_button is None and course.post_button is not None

    result = run_test(qtbot, shell, index, course.post_button, right=True)
    assert result.purpose == "post" and result.passed and result.course_completed
    assert "コースを修了しました" in shell.quiz.result_detail.text()
    with qtbot.waitSignal(shell.home.loaded, timeout=TIMEOUT):
        shell.home.refresh()
    [course] = shell.home.findChildren(CourseCardWidget)
    assert "事後テスト: 合格" in course.summary and course.post_button is None


def test_from_the_course_home_card_to_a_verified_certificate(qtbot, tmp_path, db_path):
    """The whole way of issue 11: Home → 事前テスト → lessons → 事後テスト → 修了証 (PDF, code
    verifies) → 研修アンケート, each step by the controls a learner uses."""
    from dxtrainer.services.container import open_services

    index = seed_staff(db_path)
    assign_course(db_path)
    window, _runner = make_window(qtbot, tmp_path, db_path, SAMPLE_CONTENT, [])
    shell = sign_in(qtbot, window, "2001", "4321")
    [course] = shell.home.findChildren(CourseCardWidget)
    run_test(qtbot, shell, index, course.pre_button, right=False)
    for n in range(2):  # the lessons, in course order, from the card
        with qtbot.waitSignal(shell.home.loaded, timeout=TIMEOUT):
            shell.go("home")
        [course] = shell.home.findChildren(CourseCardWidget)
        with qtbot.waitSignal(shell.lesson.loaded, timeout=TIMEOUT):
            course.lesson_buttons[n].click()
        read_to_end(qtbot, shell.lesson)
        assert shell.lesson.view.read
    services = shell._services
    quiz = services.training.new_attempt(shell.user, "sample-basics")
    for q in quiz.questions:
        services.training.submit_answer(shell.user, quiz.id, q.id, response(
            index.quiz("sample-basics").question(q.id), True))
    with qtbot.waitSignal(shell.home.loaded, timeout=TIMEOUT):
        shell.go("home")
    [course] = shell.home.findChildren(CourseCardWidget)
    result = run_test(qtbot, shell, index, course.post_button, right=True)
    assert result.course_completed
    button = shell.quiz.certificate_button
    assert button.isVisibleTo(shell.quiz) and window.focusWidget() is button
    shot(window, "course-post-result")

    panel = shell.progress.certificates
    with qtbot.waitSignal(panel.course_shown, timeout=TIMEOUT):
        button.click()
    assert shell.stack.currentWidget() is shell.progress
    row = panel.current()
    assert row.course_id == "sample-course" and row.name == shell.user.name
    assert window.focusWidget() is panel.save_button and not panel.survey_button.isHidden()
    shot(window, "course-certificate-on-progress")
    target = tmp_path / "修了証.pdf"
    with qtbot.waitSignal(panel.saved, timeout=TIMEOUT):
        panel.save(str(target))
    assert target.read_bytes().startswith(b"%PDF")

    panel.open_survey()
    panel.survey_dialog.satisfaction.button(5).setChecked(True)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT):
        panel.survey_dialog.send_button.click()
    assert panel.survey_button.isHidden()

    elsewhere = open_services(db_path, SAMPLE_CONTENT)  # another PC checks the printed code
    try:
        checked = elsewhere.certificates.verify(row.code)
        assert checked is not None and not checked.revoked
        assert (checked.staff_id, checked.course_id) == (shell.user.staff_id, "sample-course")
    finally:
        elsewhere.close()
