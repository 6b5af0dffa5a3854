"""Typed SQLAlchemy 2 models. Content lives in files; these rows refer to it by id and version.

One module an area; every model is imported here, so that `from dxtrainer.db.models import X`
works and Base.metadata (Alembic's target) holds every table."""

from __future__ import annotations

from dxtrainer.db.models.base import (
    NAMING,
    Base,
    Meta,
)
from dxtrainer.db.models.content import (
    ContentBlob,
    ContentFile,
    ContentItem,
    ContentPublication,
    ContentQuestion,
)
from dxtrainer.db.models.courses import (
    Certificate,
    SurveyMark,
    SurveyResponse,
)
from dxtrainer.db.models.learning import (
    Answer,
    Attempt,
    LessonCompletion,
    LessonVisit,
    ReviewAnswer,
    ReviewCard,
)
from dxtrainer.db.models.organisation import (
    AccessLog,
    Assignment,
    Department,
    Membership,
    Staff,
)
from dxtrainer.db.models.rollups import (
    DeptCategory,
    DeptPeriod,
    PersonCategoryRollup,
    PersonPeriod,
    PersonQuestionState,
    PersonQuizBest,
    PersonQuizPeriodBest,
)

__all__ = [
    "AccessLog",
    "Answer",
    "Assignment",
    "Attempt",
    "Base",
    "Certificate",
    "ContentBlob",
    "ContentFile",
    "ContentItem",
    "ContentPublication",
    "ContentQuestion",
    "Department",
    "DeptCategory",
    "DeptPeriod",
    "LessonCompletion",
    "LessonVisit",
    "Membership",
    "Meta",
    "NAMING",
    "PersonCategoryRollup",
    "PersonPeriod",
    "PersonQuestionState",
    "PersonQuizBest",
    "PersonQuizPeriodBest",
    "ReviewAnswer",
    "ReviewCard",
    "Staff",
    "SurveyMark",
    "SurveyResponse",
]
