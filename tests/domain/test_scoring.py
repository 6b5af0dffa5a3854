from dxtrainer.domain.content import Choice, Question, QuestionType
from dxtrainer.domain.progress import format_percent, round_half_up
from dxtrainer.domain.scoring import is_correct, passed, quiz_score


def q(kind: QuestionType, correct: set[str], answer: bool | None = None) -> Question:
    choices = tuple(Choice(c, c.upper(), c in correct) for c in "abc")
    return Question("q", kind, "?", "why", choices, answer)


def test_single_needs_exactly_the_right_choice():
    question = q(QuestionType.SINGLE, {"b"})
    assert is_correct(question, ["b"])
    assert not is_correct(question, ["a"])
    assert not is_correct(question, ["a", "b"])
    assert not is_correct(question, [])


def test_multiple_is_right_only_when_exact():
    question = q(QuestionType.MULTIPLE, {"a", "c"})
    assert is_correct(question, ["c", "a"])
    assert not is_correct(question, ["a"])
    assert not is_correct(question, ["a", "b", "c"])


def test_truefalse_and_ordering():
    tf = q(QuestionType.TRUEFALSE, set(), answer=False)
    assert is_correct(tf, False)
    assert not is_correct(tf, True)
    assert not is_correct(tf, ["false"])
    order = q(QuestionType.ORDERING, set())
    assert is_correct(order, ["a", "b", "c"])
    assert not is_correct(order, ["a", "c", "b"])


def test_pass_mark_boundaries_from_the_definitions():
    assert passed(quiz_score(7, 8), 0.8)  # 87.5% passes 80%
    assert passed(quiz_score(4, 5), 0.8)  # exactly 80% passes despite float error
    assert not passed(quiz_score(3, 4), 0.8)
    assert quiz_score(0, 0) == 0.0


def test_rounding_is_half_up_everywhere():
    assert round_half_up(0.5) == 1.0
    assert round_half_up(2.5) == 3.0  # banker's rounding would give 2
    assert format_percent(0.875) == "88%"
    assert format_percent(0.8125, 1) == "81.3%"
    assert format_percent(None) == "—"
