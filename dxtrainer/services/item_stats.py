"""For trainers: how each question performs (答えた人数・正答率), and reloading edited content
without restarting the app."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.content.loader import load_content
from dxtrainer.db.models import Answer
from dxtrainer.domain.content import ContentIndex, Problem, QuestionType
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.content_sync import sync_content
from dxtrainer.services.organisation import AccessDenied
from dxtrainer.services.records import CurrentUser, Role
from dxtrainer.services.rollups import rebuild

EASY, HARD, ENOUGH = 0.95, 0.4, 20  # flags need at least ENOUGH answers


@dataclass(frozen=True)
class QuestionStat:
    quiz_id: str
    lesson_title: str
    lesson_number: int  # 第n課
    position: int  # 1-based within the quiz
    question_id: str
    prompt: str
    type: QuestionType
    answers: int
    learners: int
    correct_share: float | None

    @property
    def flag(self) -> str:
        """'easy' (almost everyone right), 'hard' (most wrong) or '' — codes for the UI."""
        if self.correct_share is None or self.answers < ENOUGH:
            return ""
        if self.correct_share >= EASY:
            return "easy"
        return "hard" if self.correct_share <= HARD else ""


def require_trainer(user: CurrentUser) -> None:
    if user.role not in (Role.TRAINER, Role.HR_ADMIN):
        raise AccessDenied("trainers and HR admins only")


class ItemStatsService:
    def __init__(self, sessions: sessionmaker[Session], content: ContentService) -> None:
        self._sessions = sessions
        self._content = content

    @property
    def index(self) -> ContentIndex:
        return self._content.index

    def question_stats(self, user: CurrentUser) -> list[QuestionStat]:
        """Every question of the shipped quizzes, in course order, with its answers so far."""
        require_trainer(user)
        with self._sessions() as s:
            counts = {(q, x): (n, right, people) for q, x, n, right, people in s.execute(
                select(Answer.quiz_id, Answer.question_id, func.count(),
                       func.sum(cast(Answer.correct, Integer)),
                       func.count(func.distinct(Answer.staff_id)))
                .group_by(Answer.quiz_id, Answer.question_id))}
        out = []
        for number, lesson in enumerate(self.index.lessons, 1):
            quiz = self.index.quiz_for_lesson(lesson.id)
            if quiz is None:
                continue
            for n, q in enumerate(quiz.questions, 1):
                total, right, people = counts.get((quiz.id, q.id), (0, 0, 0))
                out.append(QuestionStat(quiz.id, lesson.title, number, n, q.id, q.prompt, q.type,
                                        total, people, (right or 0) / total if total else None))
        return out

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
