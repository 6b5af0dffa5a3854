"""For trainers: how each question performs (item analysis: facility, discrimination, which
choices people pick, with flags, worst first), and reloading edited content without restarting.

Statistics are per question hash (domain/question_hash.py: the text, choices and key, not the
shown order): editing a question starts fresh figures for it, and answers to the old text stay
attributed to the old hash (counted as `earlier`, never mixed in). Each person counts once per
hash, with their FIRST answer to that text (retakes have seen the question).
Nothing here names a person: figures over fewer people than the organisation's small-group size
are withheld (None), and verdicts need Thresholds.min_people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.content.loader import load_content
from dxtrainer.db.meta import set_meta
from dxtrainer.db.models import Answer, Attempt, Meta
from dxtrainer.domain import item_analysis as ia
from dxtrainer.domain.content import ContentIndex, Problem, Question, QuestionType
from dxtrainer.domain.item_analysis import Flag, Response, Thresholds
from dxtrainer.domain.question_hash import content_hash, shown_order_hash
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.content_sync import sync_content
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.reporting import min_group_size
from dxtrainer.services.rollups import rebuild

SETTINGS = {"easy": "item_easy", "hard": "item_hard", "min_people": "item_min_people",
            "weak": "item_weak"}  # Thresholds field -> Meta key
TRUE, FALSE = "true", "false"  # the two "choices" of a ○× question
EARLIER = "earlier"  # hash marker: an earlier text nobody recorded the hash of


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
    hash: str = ""  # the question's content hash: the statistics are of this text only
    earlier: int = 0  # first answers to earlier texts of this question (not in these figures)

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


@dataclass(frozen=True)
class _Attempt:
    staff_id: int
    quiz_id: str
    version: int
    revision: int | None
    choice_orders: dict[str, object]
    hashes: dict[str, object]
    answers: list[tuple[str, bool, object]]  # (question id, correct, response value)


Answers = dict[tuple[str, str, str], list[Response]]  # (quiz, question, hash) -> responses


def current_hashes(index: ContentIndex) -> dict[tuple[str, str], str]:
    """(quiz id, question id) -> the question's content hash today."""
    return {(quiz.id, q.id): content_hash(q) for quiz in index.quizzes for q in quiz.questions}


def attempt_hash(index: ContentIndex, attempt: _Attempt, question_id: str,
                 today: dict[tuple[str, str], str] | None = None) -> str:
    """The question hash an answer belongs to: the order-free hash the attempt stored; for an
    attempt stored before those existed (its hash included the shown order) today's hash when
    that older hash matches today's text in the shown order, else the old hash as stored; with
    no hash at all (imported or generated rows), today's hash when the attempt was at today's
    version and revision of the quiz, else a marker of an unknown earlier text."""
    quiz = index.quiz(attempt.quiz_id)
    question = quiz.question(question_id) if quiz else None
    stored = attempt.hashes.get(question_id)
    current = None if question is None else (
        today[(attempt.quiz_id, question_id)] if today is not None else content_hash(question))
    if isinstance(stored, str) and stored:
        if question is None or stored == current:
            return stored
        order = attempt.choice_orders.get(question_id)
        legacy = shown_order_hash(question, order if isinstance(order, list) else None)
        return current if stored == legacy and current else stored
    if quiz is not None and current and (attempt.version, attempt.revision or 0) == (
            quiz.version, getattr(quiz, "revision", None) or 0):
        return current
    return f"{EARLIER}:{attempt.version}.{attempt.revision or 0}"


def first_answers(session: Session, index: ContentIndex) -> Answers:
    """Each person's FIRST answer to each question hash (the first attempt in which they met
    that text), with their score on the rest of that attempt."""
    attempts: dict[str, _Attempt] = {}
    for attempt_id, staff_id, quiz_id, version, revision, orders, hashes in session.execute(
            select(Attempt.id, Attempt.staff_id, Attempt.quiz_id, Attempt.quiz_version,
                   Attempt.quiz_revision, Attempt.choice_orders, Attempt.question_hashes)
            .where(Attempt.purpose.is_(None))  # course tests are no lesson quiz's statistics
            .order_by(Attempt.started_at, Attempt.id)):
        attempts[attempt_id] = _Attempt(
            staff_id, quiz_id, version, revision, orders if isinstance(orders, dict) else {},
            hashes if isinstance(hashes, dict) else {}, [])
    for attempt_id, question_id, correct, response in session.execute(
            select(Answer.attempt_id, Answer.question_id, Answer.correct, Answer.response)
            .order_by(Answer.answered_at, Answer.id)):
        attempt = attempts.get(attempt_id)
        if attempt is not None:
            value = response.get("value") if isinstance(response, dict) else None
            attempt.answers.append((question_id, bool(correct), value))
    today = current_hashes(index)
    seen: set[tuple[int, str, str, str]] = set()
    out: Answers = defaultdict(list)
    for attempt in attempts.values():  # in the order they were started
        quiz = index.quiz(attempt.quiz_id)
        right = sum(ok for _q, ok, _v in attempt.answers)
        for question_id, ok, value in attempt.answers:
            digest = attempt_hash(index, attempt, question_id, today)
            key = (attempt.staff_id, attempt.quiz_id, question_id, digest)
            if key in seen:
                continue  # a retake of the same text
            seen.add(key)
            question = quiz.question(question_id) if quiz else None
            chosen = picked(question, value) if question is not None else frozenset()
            out[(attempt.quiz_id, question_id, digest)].append(
                Response(ok, right - ok, chosen))
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


def analyse(index: ContentIndex, answers: Answers, limits: Thresholds,
            min_group: int) -> list[QuestionStat]:
    """Every question of the content, worst first (then in course order), from the answers to
    its text as it is today; answers to earlier texts are only counted (`earlier`)."""
    out = []
    today = current_hashes(index)
    for number, lesson in enumerate(index.lessons, 1):
        quiz = index.quiz_for_lesson(lesson.id)
        for n, q in enumerate(quiz.questions if quiz else (), 1):
            assert quiz is not None
            digest = today[(quiz.id, q.id)]
            responses = answers.get((quiz.id, q.id, digest), [])
            old = sum(len(r) for (quiz_id, question_id, h), r in answers.items()
                      if (quiz_id, question_id) == (quiz.id, q.id) and h != digest)
            options = choice_list(q)
            base = QuestionStat(quiz.id, lesson.title, number, n, q.id, q.prompt, q.type,
                                len(responses), hash=digest, earlier=old,
                                choices=tuple(ChoiceStat(c, t, ok, None) for c, t, ok in options))
            if len(responses) >= max(1, min_group):
                shares = ia.choice_shares(responses, [c for c, _t, _ok in options])
                facility, rpb = ia.facility(responses), ia.point_biserial(responses)
                keys = frozenset(c for c, _t, ok in options if ok)
                base = replace(
                    base, facility=facility, upper_lower=ia.upper_lower_index(responses),
                    point_biserial=rpb,
                    choices=tuple(ChoiceStat(c, t, ok, shares.get(c)) for c, t, ok in options),
                    flags=ia.flags(len(responses), facility, rpb,
                                   {} if q.type is QuestionType.TRUEFALSE else shares, keys,
                                   limits))
            out.append(base)
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
            index = self.index
            answers = first_answers(s, index)
            limits, min_group = read_thresholds(s), min_group_size(s)
        return analyse(index, answers, limits, min_group), limits

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
