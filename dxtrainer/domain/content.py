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
class Question:
    id: str
    type: QuestionType
    prompt: str
    explanation: str
    choices: tuple[Choice, ...] = ()
    answer: bool | None = None  # truefalse only
    line: int = 0

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
    revision: int | None = None  # minor changes within a version

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


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

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((x for x in self.lessons if x.id == lesson_id), None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        return next((x for x in self.quizzes if x.id == quiz_id), None)

    def quiz_for_lesson(self, lesson_id: str) -> Quiz | None:
        return next((x for x in self.quizzes if x.lesson_id == lesson_id), None)

    def term(self, term_id: str) -> GlossaryTerm | None:
        return next((x for x in self.glossary if x.id == term_id), None)
