"""The content as the database knows it: the mirror of the content index that reports join on,
and the organisation's published content (publications, their files and the files' bytes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from dxtrainer.db.models.base import Base


class ContentItem(Base):
    """Mirror of the content index, so that reports can join progress to categories."""

    __tablename__ = "content_items"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "lesson:<id>" / "quiz:<id>"
    kind: Mapped[str] = mapped_column(String(16))
    content_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    revision: Mapped[int | None]
    category: Mapped[str] = mapped_column(String(32))
    hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300), default="")
    lesson_id: Mapped[str | None] = mapped_column(String(100))


class ContentQuestion(Base):
    __tablename__ = "content_questions"
    quiz_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    hash: Mapped[str] = mapped_column(String(64))


class ContentPublication(Base):
    """One publication of the organisation's content (「公開」): every PC on this database shows the
    newest. Earlier ones are kept; a rollback publishes an earlier one's files again as a new one."""

    __tablename__ = "content_publications"
    number: Mapped[int] = mapped_column(primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))  # of the file list (paths and their sha256)
    published_at: Mapped[datetime]
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: seeding
    publisher: Mapped[str] = mapped_column(String(200), default="")  # name, kept if staff go
    source: Mapped[str] = mapped_column(String(500), default="")  # the folder it came from
    restored_from: Mapped[int | None]  # a rollback: the publication whose files these are
    lessons: Mapped[int] = mapped_column(default=0)
    quizzes: Mapped[int] = mapped_column(default=0)
    questions: Mapped[int] = mapped_column(default=0)


class ContentBlob(Base):
    """A published file's bytes, stored once however many publications hold it."""

    __tablename__ = "content_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ContentFile(Base):
    __tablename__ = "content_files"
    publication: Mapped[int] = mapped_column(ForeignKey("content_publications.number"),
                                             primary_key=True)
    path: Mapped[str] = mapped_column(String(300), primary_key=True)  # relative, with "/"
    sha256: Mapped[str] = mapped_column(ForeignKey("content_blobs.sha256"))
