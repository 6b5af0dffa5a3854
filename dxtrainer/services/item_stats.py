"""For trainers: how each question performs (item analysis: facility, discrimination, which
choices people pick, with flags, worst first), and reloading edited content without restarting.

Statistics use each person's FIRST attempt at a quiz only (retakes have seen the questions).
Questions are keyed by quiz id + question id; the order-independent question hash (content
versions) can narrow the answers further once attempts record it.
Nothing here names a person: figures over fewer people than the organisation's small-group size
are withheld (None), and verdicts need Thresholds.min_people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.content.loader import load_content
from dxtrainer.db.meta import set_meta
from dxtrainer.db.models import Answer, Attempt, Meta
from dxtrainer.domain import item_analysis as ia
from dxtrainer.domain.content import ContentIndex, Problem, Question, QuestionType
from dxtrainer.domain.item_analysis import Flag, Response, Thresholds
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.content_sync import sync_content
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.reporting import min_group_size
from dxtrainer.services.rollups import rebuild

SETTINGS = {"easy": "item_easy", "hard": "item_hard", "min_people": "item_min_people",
            "weak": "item_weak"}  # Thresholds field -> Meta key
TRUE, FALSE = "true", "false"  # the two "choices" of a ○× question


@dataclass(frozen=True)
class ChoiceStat:
    id: str
    text: str
    correct: bool
    share: float | None  # of the people who answered; None when withheld


@dataclass(frozen=True)
class QuestionStat:
    quiz_id: str
    lesson_title: str
    lesson_number: int  # 第n課
    position: int  # 1-based within the quiz
    question_id: str
    prompt: str
    type: QuestionType
    people: int  # first attempts that answered it
    facility: float | None = None  # None: nobody yet, or fewer than the small-group size
    upper_lower: float | None = None
    point_biserial: float | None = None
    choices: tuple[ChoiceStat, ...] = ()
    flags: tuple[Flag, ...] = field(default=())

    @property
    def answers(self) -> int:
        """First-attempt answers: one per person."""
        return self.people

    @property
    def flag(self) -> str:
        """The worst flag's code, or ''."""
        return self.flags[0].value if self.flags else ""


def require_trainer(user: CurrentUser) -> None:
    if user.role not in (Role.TRAINER, Role.HR_ADMIN):
        raise AccessDenied("trainers and HR admins only")


def read_thresholds(session: Session) -> Thresholds:
    default, values = Thresholds(), {}
    for name, key in SETTINGS.items():
        row = session.get(Meta, key)
        kind = type(getattr(default, name))
        try:
            values[name] = kind(row.value) if row else getattr(default, name)
        except ValueError:
            values[name] = getattr(default, name)
    return Thresholds(**values)


def first_attempt_answers(session: Session) -> dict[tuple[str, str], list[tuple[str, bool, object]]]:
    """(quiz id, attempt id) -> [(question id, correct, response value)] for each person's first
    attempt at each quiz."""
    rank = func.row_number().over(partition_by=(Attempt.staff_id, Attempt.quiz_id),
                                  order_by=(Attempt.started_at, Attempt.id)).label("rank")
    firsts = select(Attempt.id, rank).subquery()
    rows = session.execute(
        select(Answer.quiz_id, Answer.attempt_id, Answer.question_id, Answer.correct,
               Answer.response)
        .join(firsts, firsts.c.id == Answer.attempt_id).where(firsts.c.rank == 1)
        .order_by(Answer.answered_at, Answer.id))
    out: dict[tuple[str, str], list[tuple[str, bool, object]]] = defaultdict(list)
    for quiz_id, attempt_id, question_id, correct, response in rows:
        value = response.get("value") if isinstance(response, dict) else None
        out[(quiz_id, attempt_id)].append((question_id, bool(correct), value))
    return out


def picked(question: Question, value: object) -> frozenset[str]:
    if question.type is QuestionType.TRUEFALSE:
        return frozenset({TRUE if value else FALSE}) if isinstance(value, bool) else frozenset()
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE) and isinstance(value, list):
        return frozenset(str(v) for v in value)
    return frozenset()


def choice_list(question: Question) -> list[tuple[str, str, bool]]:
    """(id, text, correct) of what a person can pick; empty for types without choices."""
    if question.type is QuestionType.TRUEFALSE:
        return [(TRUE, "○", question.answer is True), (FALSE, "×", question.answer is False)]
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return [(c.id, c.text, c.correct) for c in question.choices]
    return []


def analyse(index: ContentIndex, answers: dict[tuple[str, str], list[tuple[str, bool, object]]],
            limits: Thresholds, min_group: int) -> list[QuestionStat]:
    """Every question of the content, worst first (then in course order)."""
    by_question: dict[tuple[str, str], list[Response]] = defaultdict(list)
    for (quiz_id, _attempt), given in answers.items():
        quiz = index.quiz(quiz_id)
        if quiz is None:
            continue
        right = sum(ok for _q, ok, _v in given)
        for question_id, ok, value in given:
            question = quiz.question(question_id)
            if question is not None:
                by_question[(quiz_id, question_id)].append(
                    Response(ok, right - ok, picked(question, value)))
    out = []
    for number, lesson in enumerate(index.lessons, 1):
        quiz = index.quiz_for_lesson(lesson.id)
        for n, q in enumerate(quiz.questions if quiz else (), 1):
            assert quiz is not None
            responses = by_question.get((quiz.id, q.id), [])
            options = choice_list(q)
            shown = len(responses) >= max(1, min_group)
            if shown:
                shares = ia.choice_shares(responses, [c for c, _t, _ok in options])
                facility, rpb = ia.facility(responses), ia.point_biserial(responses)
                keys = frozenset(c for c, _t, ok in options if ok)
                stat = QuestionStat(
                    quiz.id, lesson.title, number, n, q.id, q.prompt, q.type, len(responses),
                    facility, ia.upper_lower_index(responses), rpb,
                    tuple(ChoiceStat(c, t, ok, shares.get(c)) for c, t, ok in options),
                    ia.flags(len(responses), facility, rpb,
                             {} if q.type is QuestionType.TRUEFALSE else shares, keys, limits))
            else:
                stat = QuestionStat(quiz.id, lesson.title, number, n, q.id, q.prompt, q.type,
                                    len(responses), choices=tuple(
                                        ChoiceStat(c, t, ok, None) for c, t, ok in options))
            out.append(stat)
    return sorted(out, key=lambda s: (ia.badness(s.flags), s.lesson_number, s.position))


class ItemStatsService:
    def __init__(self, sessions: sessionmaker[Session], content: ContentService) -> None:
        self._sessions = sessions
        self._content = content

    @property
    def index(self) -> ContentIndex:
        return self._content.index

    def question_stats(self, user: CurrentUser) -> list[QuestionStat]:
        """Every question of the current content with its statistics, worst first."""
        return self.report(user)[0]

    def report(self, user: CurrentUser) -> tuple[list[QuestionStat], Thresholds]:
        """question_stats and the thresholds they were judged by (for the screen and exports)."""
        require_trainer(user)
        with self._sessions() as s:
            answers = first_attempt_answers(s)
            limits, min_group = read_thresholds(s), min_group_size(s)
        return analyse(self.index, answers, limits, min_group), limits

    def thresholds(self, user: CurrentUser) -> Thresholds:
        require_trainer(user)
        with self._sessions() as s:
            return read_thresholds(s)

    def change_thresholds(self, user: CurrentUser, limits: Thresholds) -> None:
        """Store the organisation's thresholds (trainers and HR)."""
        require_trainer(user)
        if not (0 <= limits.hard < limits.easy <= 1 and limits.min_people >= 1
                and -1 <= limits.weak <= 1):
            raise ValueError("thresholds out of range")
        with self._sessions.begin() as s:
            for name, key in SETTINGS.items():
                set_meta(s, key, str(getattr(limits, name)))

    def reload_content(self, user: CurrentUser) -> tuple[Problem, ...]:
        """Read the content folder again (after a trainer edited it); roll-ups are rebuilt when
        questions or categories changed. Returns the problems found."""
        require_trainer(user)
        index = load_content(self.index.root)
        with self._sessions.begin() as s:
            if sync_content(s, index):
                s.flush()
                rebuild(s)
        self._content.replace(index)
        return index.problems
