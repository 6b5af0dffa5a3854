"""Frozen records that services return to the UI and the command line (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum, auto

from dxtrainer.domain.content import Category, NumericKey, Pair, Question, QuestionType
from dxtrainer.domain.progress import LessonStatus
from dxtrainer.domain.scoring import Response


class Role(StrEnum):
    LEARNER = "learner"
    MANAGER = "manager"
    TRAINER = "trainer"
    HR_ADMIN = "hr"


class Changes(Enum):
    """What a mutation changed, so that screens showing that data can mark themselves stale."""

    ANSWERS = auto()
    PROGRESS = auto()
    LESSONS = auto()


@dataclass(frozen=True)
class StaffSummary:
    id: int
    staff_no: str
    name: str
    kana: str
    department: str
    has_credential: bool
    role: Role = Role.LEARNER
    locked_until: datetime | None = None  # set while 5 failures keep the account locked


@dataclass(frozen=True)
class StaffAdminRow:
    id: int
    staff_no: str
    name: str
    kana: str
    department: str
    role: Role
    active: bool
    has_credential: bool
    locked: bool
    has_code: bool = False  # an unused 初期コード is waiting (perhaps expired)
    code_expires_at: datetime | None = None  # None with has_code: the demo's, never expiring

    def needs_code(self, now: datetime | None = None) -> bool:
        """Active, without a PIN or password, and with no code that still works."""
        now = now or datetime.now()
        return self.active and not self.has_credential and (not self.has_code or (
            self.code_expires_at is not None and self.code_expires_at <= now))


@dataclass(frozen=True)
class CurrentUser:
    staff_id: int
    staff_no: str
    name: str
    department: str
    role: Role


# The command line acts for the organisation (HR automation, scheduled reports).
SYSTEM_USER = CurrentUser(0, "", "system", "", Role.HR_ADMIN)


class SignInStatus(StrEnum):
    OK = "ok"
    NEEDS_SECRET = "needs-secret"  # ask for the PIN or password (see AccountService.next_step)
    NEEDS_CODE = "needs-code"  # no PIN or password yet: the 初期コード from HR, then one's own
    NO_CODE = "no-code"  # no PIN or password and no code issued: ask HR
    CODE_EXPIRED = "code-expired"
    WRONG = "wrong"
    LOCKED = "locked"
    UNKNOWN = "unknown"
    INACTIVE = "inactive"
    BAD_NEW_PIN = "bad-new-pin"


@dataclass(frozen=True)
class SignInResult:
    status: SignInStatus
    user: CurrentUser | None = None
    locked_until: datetime | None = None
    attempts_left: int = 0


@dataclass(frozen=True)
class LessonCard:
    id: str
    title: str
    category: Category
    minutes: int
    status: LessonStatus
    best_score: float | None
    has_quiz: bool
    order: int
    quiz_id: str | None = None
    quiz_answered: int = 0  # answers in an unfinished attempt (0 when none is open)
    quiz_questions: int = 0  # questions in that attempt
    counted: bool = True  # False: a bad field keeps it out of statistics until fixed

    @property
    def quiz_in_progress(self) -> bool:
        return 0 < self.quiz_answered < self.quiz_questions


@dataclass(frozen=True)
class ReviewItem:
    """A question due for 復習 today (spaced review; first due when last answered wrong)."""

    quiz_id: str
    lesson_id: str
    lesson_title: str
    question: Question
    answered_at: datetime
    last_response: Response | None = None  # what the learner answered last time
    last_correct: bool = False
    due: datetime | None = None


@dataclass(frozen=True)
class ReviewResult:
    """A review answer: its feedback, when the question comes back, what changed."""

    feedback: Feedback
    due: datetime
    changes: frozenset[Changes]


@dataclass(frozen=True)
class HomeView:
    name: str
    lessons: tuple[LessonCard, ...]
    completed: int
    total: int
    next_lesson: LessonCard | None
    review_count: int = 0
    started: bool = False  # anything opened yet: 「続きから」 rather than 「はじめる」
    needs_retake: int = 0  # lessons 要再受講 (not in `completed`: a version bump sent them back)


@dataclass(frozen=True)
class TocItem:
    anchor: str
    title: str
    level: int


@dataclass(frozen=True)
class LessonView:
    id: str
    title: str
    category: Category
    minutes: int
    objectives: tuple[str, ...]
    html: str
    toc: tuple[TocItem, ...]
    previous_id: str | None
    next_id: str | None
    quiz_id: str | None
    read: bool
    completed: bool
    position: int
    count: int
    checked: date | None = None  # the month the lesson's facts were last checked
    counted: bool = True  # False: a bad field keeps it out of statistics and 必修 until fixed


@dataclass(frozen=True)
class ChoiceView:
    id: str
    text: str


@dataclass(frozen=True)
class Feedback:
    question_id: str
    correct: bool
    response: Response
    correct_ids: tuple[str, ...]
    correct_answer: bool | None
    explanation: str
    choice_explanations: dict[str, str] = field(default_factory=dict)
    accepted: tuple[str, ...] = ()  # short: the accepted answers
    numeric: NumericKey | None = None  # numeric: the accepted numbers
    pairs: tuple[Pair, ...] = ()  # matching: the right pairs


@dataclass(frozen=True)
class QuestionView:
    id: str
    type: QuestionType
    prompt: str
    choices: tuple[ChoiceView, ...]  # in the order shown in this attempt
    lefts: tuple[str, ...] = ()  # matching: the items to pair, in the author's order
    options: tuple[str, ...] = ()  # matching: the answers offered, in the order shown


@dataclass(frozen=True)
class AttemptView:
    id: str
    quiz_id: str
    lesson_id: str
    lesson_title: str
    pass_mark: float
    questions: tuple[QuestionView, ...]
    feedback: dict[str, Feedback]
    finished: bool
    flags: frozenset[str] = frozenset()
    skipped: int = 0  # questions left out because their content is broken (not scored)
    purpose: str | None = None  # a course's 事前テスト "pre" / 事後テスト "post"; None: lesson quiz

    @property
    def unanswered(self) -> tuple[int, ...]:
        """Positions (0-based) of the questions not answered yet."""
        return tuple(i for i, q in enumerate(self.questions) if q.id not in self.feedback)

    @property
    def current_index(self) -> int:
        """The first question not yet answered (len(questions) when all are answered)."""
        for i, q in enumerate(self.questions):
            if q.id not in self.feedback:
                return i
        return len(self.questions)


@dataclass(frozen=True)
class QuizResult:
    attempt_id: str
    quiz_id: str
    lesson_id: str
    correct: int
    total: int
    score: float
    passed: bool
    pass_mark: float
    lesson_completed: bool
    purpose: str | None = None  # a course test ("pre" / "post"); lesson_id is then ""
    course_id: str | None = None
    course_completed: bool = False  # a passed 事後テスト that completes the course


@dataclass(frozen=True)
class SubmitResult:
    feedback: Feedback
    result: QuizResult | None
    changes: frozenset[Changes]
    # The server could not be reached: the answer waits in this PC's journal and is sent when it
    # returns (services/answer_journal.py). The quiz's result comes once it has been sent.
    kept_on_pc: bool = False


@dataclass(frozen=True)
class FinishResult:
    """An attempt finished from the summary page (unanswered questions score 0)."""

    result: QuizResult
    changes: frozenset[Changes]


@dataclass(frozen=True)
class CategoryProgress:
    category: Category
    lessons_completed: int
    lessons: int
    mastered: int
    questions: int

    @property
    def completion(self) -> float:
        return self.lessons_completed / self.lessons if self.lessons else 0.0

    @property
    def mastery(self) -> float:
        return self.mastered / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class AttemptRow:
    attempt_id: str
    quiz_id: str
    lesson_title: str
    started_at: datetime
    finished_at: datetime | None
    correct: int
    total: int
    score: float | None
    passed: bool | None


@dataclass(frozen=True)
class ProgressView:
    categories: tuple[CategoryProgress, ...]
    attempts: tuple[AttemptRow, ...]
