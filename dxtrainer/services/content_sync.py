"""Keeps the database's mirror of the content index (ids, versions, categories, hashes) current."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.orm import Session

from dxtrainer.db.models import ContentItem, ContentQuestion, LessonCompletion
from dxtrainer.domain.content import ContentIndex, Problem, Question
from dxtrainer.domain.question_hash import content_hash


def question_hash(question: Question, shown_order: list[str] | None = None) -> str:
    """The question's statistics hash (domain.question_hash.content_hash): the shown order of the
    choices is not part of it (an attempt stores that order separately). `shown_order` is
    accepted for older callers and ignored."""
    del shown_order
    return content_hash(question)


def changed_questions(before: ContentIndex, after: ContentIndex) -> list[Problem]:
    """Questions whose prompt, choices or key differ from `before` while their quiz kept the same
    `version` and `revision`: a silent edit would mix old and new answers in one statistic."""
    problems: list[Problem] = []
    for quiz in after.quizzes:
        old = before.quiz(quiz.id)
        if old is None or (old.version, _revision(old)) != (quiz.version, _revision(quiz)):
            continue
        for question in quiz.questions:
            was = old.question(question.id)
            if was is not None and content_hash(was) != content_hash(question):
                problems.append(Problem(quiz.path, question.line, "error",
                                        "question-changed-without-version",
                                        {"quiz": quiz.id, "id": question.id}))
    return problems


def _revision(item: object) -> int | None:
    value = getattr(item, "revision", None)
    return value if isinstance(value, int) else None


def completion_is_current() -> ColumnElement[bool]:
    """WHERE clause for LessonCompletion rows that count today: of the lesson's current `version`
    in the content mirror, or later (a `version` bump makes older ones 要再受講). A lesson missing
    from the mirror keeps its completions."""
    current = (select(ContentItem.version)
               .where(ContentItem.kind == "lesson",
                      ContentItem.content_id == LessonCompletion.lesson_id)
               .scalar_subquery())
    return LessonCompletion.lesson_version >= func.coalesce(current, 0)


def needs_retake(staff_ids: Collection[int] | None = None,
                 category: str | None = None) -> Select[Any]:
    """(staff id, lesson id) of every 要再受講: the person completed the lesson, but only at a
    `version` older than the current one in the content mirror; optionally only these people
    and one category."""
    newest = select(LessonCompletion.staff_id, LessonCompletion.lesson_id,
                    func.max(LessonCompletion.lesson_version).label("version"))
    if staff_ids is not None:
        newest = newest.where(LessonCompletion.staff_id.in_(list(staff_ids)))
    # Only a lesson past its first version can have older completions: the rest is not read.
    newest = newest.where(LessonCompletion.lesson_id.in_(
        select(ContentItem.content_id).where(ContentItem.kind == "lesson",
                                             ContentItem.version > 1)))
    done = newest.group_by(LessonCompletion.staff_id, LessonCompletion.lesson_id).subquery()
    statement = (select(done.c.staff_id, done.c.lesson_id)
                 .join(ContentItem, (ContentItem.kind == "lesson")
                       & (ContentItem.content_id == done.c.lesson_id))
                 .where(done.c.version < ContentItem.version))
    if category is not None:
        statement = statement.where(ContentItem.category == category)
    return statement


def sync_content(session: Session, index: ContentIndex) -> bool:
    """Mirror the index into content_items/content_questions. True when anything changed."""
    wanted_items, wanted_questions = _wanted(index)
    if _matches(session, wanted_items, wanted_questions):
        return False
    session.execute(delete(ContentItem))
    session.execute(delete(ContentQuestion))
    session.add_all(wanted_items.values())
    session.add_all(wanted_questions.values())
    return True


def mirror_matches(session: Session, index: ContentIndex) -> bool:
    """True when the database's mirror already equals this content (nothing is written)."""
    return _matches(session, *_wanted(index))


def _wanted(index: ContentIndex) -> tuple[dict[str, ContentItem],
                                          dict[tuple[str, str], ContentQuestion]]:
    wanted_items: dict[str, ContentItem] = {}
    for lesson in index.lessons:
        wanted_items[f"lesson:{lesson.id}"] = ContentItem(
            key=f"lesson:{lesson.id}", kind="lesson", content_id=lesson.id,
            version=lesson.version, category=lesson.category.value, hash=lesson.content_hash,
            title=lesson.title, lesson_id=lesson.id)
    wanted_questions: dict[tuple[str, str], ContentQuestion] = {}
    for quiz in index.quizzes:
        quiz_lesson = index.lesson(quiz.lesson_id)
        if quiz_lesson is None:
            continue
        wanted_items[f"quiz:{quiz.id}"] = ContentItem(
            key=f"quiz:{quiz.id}", kind="quiz", content_id=quiz.id, version=quiz.version,
            category=quiz_lesson.category.value, hash=quiz.content_hash, title=quiz_lesson.title,
            lesson_id=quiz_lesson.id)
        for q in quiz.questions:
            wanted_questions[(quiz.id, q.id)] = ContentQuestion(
                quiz_id=quiz.id, question_id=q.id, category=quiz_lesson.category.value,
                hash=question_hash(q))
    return wanted_items, wanted_questions


def _matches(session: Session, wanted_items: dict[str, ContentItem],
             wanted_questions: dict[tuple[str, str], ContentQuestion]) -> bool:
    have_items = {i.key: (i.version, i.hash, i.category, i.title)
                  for i in session.scalars(select(ContentItem))}
    have_questions = {(q.quiz_id, q.question_id): (q.category, q.hash)
                      for q in session.scalars(select(ContentQuestion))}
    same_items = have_items == {k: (i.version, i.hash, i.category, i.title)
                                for k, i in wanted_items.items()}
    same_questions = have_questions == {k: (q.category, q.hash)
                                        for k, q in wanted_questions.items()}
    return same_items and same_questions
