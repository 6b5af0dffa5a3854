"""Frozen records for lessons, quizzes and glossary terms, as loaded from the content files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    """The six DSS-L (DXリテラシー標準) categories; every lesson has exactly one."""

    MINDSET = "mindset"
    WHY = "why"
    WHAT_DATA = "what-data"
    WHAT_TECH = "what-tech"
    HOW_USE = "how-use"
    HOW_CAUTION = "how-caution"


CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    ORDERING = "ordering"
    SHORT = "short"  # typed text, compared after folding (scoring.fold_text)
    NUMERIC = "numeric"  # a number within a tolerance or a range
    MATCHING = "matching"  # each left item paired with one right answer from a drop-down


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    date: str
    url: str = ""


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    version: int
    category: Category
    minutes: int
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]
    sources: tuple[Source, ...]
    body: str
    path: str
    order: int = 0
    body_line: int = 1
    content_hash: str = ""
    checked: date | None = None  # the month its facts were last checked (day 1); None if unknown
    revision: int | None = None  # minor changes within a version (completion is kept)


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool = False
    explanation: str = ""


@dataclass(frozen=True)
class Pair:
    """One row of a matching question: the left item and its right answer."""

    left: str
    right: str


@dataclass(frozen=True)
class NumericKey:
    """The accepted numbers of a numeric question: low <= x <= high. `value` and `tolerance`
    are kept when the author wrote `answer:` (± tolerance) rather than `min:` / `max:`."""

    low: float
    high: float
    value: float | None = None
    tolerance: float | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    prompt: str
    explanation: str
    choices: tuple[Choice, ...] = ()
    answer: bool | None = None  # truefalse only
    line: int = 0
    accepted: tuple[str, ...] = ()  # short: the accepted answers as written
    numeric: NumericKey | None = None  # numeric only
    pairs: tuple[Pair, ...] = ()  # matching only
    distractors: tuple[str, ...] = ()  # matching: extra right-hand answers that fit no item
    category: Category | None = None  # course test questions: the DSS-L category each one checks

    @property
    def options(self) -> tuple[str, ...]:
        """Matching: every right-hand answer offered (each once), then the distractors."""
        return tuple(dict.fromkeys([p.right for p in self.pairs] + list(self.distractors)))

    def answer_key(self) -> object:
        """What makes a short, numeric or matching answer right (None for the choice types),
        for hashing a question's content."""
        if self.type is QuestionType.SHORT:
            return list(self.accepted)
        if self.type is QuestionType.NUMERIC and self.numeric is not None:
            return [self.numeric.low, self.numeric.high]
        if self.type is QuestionType.MATCHING:
            return {"pairs": [[p.left, p.right] for p in self.pairs],
                    "distractors": sorted(self.distractors)}
        return None

    @property
    def correct_ids(self) -> frozenset[str]:
        """Choice ids that make up the right answer (ordering: every item)."""
        return frozenset(c.id for c in self.choices if c.correct)

    @property
    def correct_order(self) -> tuple[str, ...]:
        """For ordering questions, the item ids in the right order."""
        return tuple(c.id for c in self.choices)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Quiz:
    id: str
    lesson_id: str
    version: int
    pass_mark: float
    shuffle: bool
    questions: tuple[Question, ...]
    path: str
    content_hash: str = ""
    skipped: tuple[str, ...] = ()  # questions left out because their content is broken
    revision: int | None = None  # minor changes within a version
    # A course's 事前/事後テスト form (`course:` and `form:` instead of `lesson:`; lesson_id is "").
    course_id: str | None = None
    form: str | None = None  # "a" | "b"

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Course:
    """An ordered list of lessons HR can assign as one 必修研修, with two parallel test forms
    (one taken as 事前テスト, the other as 事後テスト)."""

    id: str
    title: str
    audience: str
    max_minutes: int
    lesson_ids: tuple[str, ...]
    test_ids: tuple[str, ...]  # the forms, "a" first
    path: str
    line: int = 1


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    reading: str = ""
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file. `code` is turned into a sentence by dxtrainer.messages."""

    path: str
    line: int
    severity: str  # "error" | "warning"
    code: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class ContentIndex:
    """Everything loaded from one content folder, plus what was wrong with it."""

    root: str
    lessons: tuple[Lesson, ...]
    quizzes: tuple[Quiz, ...]
    glossary: tuple[GlossaryTerm, ...]
    problems: tuple[Problem, ...]
    # Lessons with a bad field (e.g. an unknown category): readable, but counted in no statistic,
    # offered in no 必修研修 and without their quiz until a trainer fixes them.
    uncounted: tuple[Lesson, ...] = ()
    courses: tuple[Course, ...] = ()
    course_tests: tuple[Quiz, ...] = ()  # course test forms; never among `quizzes`

    def lesson(self, lesson_id: str) -> Lesson | None:
        """A lesson that counts (statistics, 必修研修, quizzes)."""
        return next((x for x in self.lessons if x.id == lesson_id), None)

    def readable_lesson(self, lesson_id: str) -> Lesson | None:
        """Any lesson a learner may read, counted or not."""
        return self.lesson(lesson_id) or next(
            (x for x in self.uncounted if x.id == lesson_id), None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        return next((x for x in self.quizzes if x.id == quiz_id), None)

    def quiz_for_lesson(self, lesson_id: str) -> Quiz | None:
        return next((x for x in self.quizzes if x.lesson_id == lesson_id), None)

    def course(self, course_id: str) -> Course | None:
        return next((x for x in self.courses if x.id == course_id), None)

    def course_test(self, quiz_id: str) -> Quiz | None:
        return next((x for x in self.course_tests if x.id == quiz_id), None)

    def term(self, term_id: str) -> GlossaryTerm | None:
        return next((x for x in self.glossary if x.id == term_id), None)
