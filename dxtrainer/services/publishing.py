"""Published content: the organisation's one version of the lessons and quizzes, kept in the database.

「公開」 (教材) and `dxtrainer publish-content DIR` validate a folder and, when it has no errors,
store its files in the database as a new publication (bytes once per file hash, who, when, from
where). Every PC opening that database shows the newest publication, read from a local copy in
the user-data folder named after the publication's hash (so start-up reads files, not blobs).
Earlier publications stay: a rollback publishes an earlier one's files again as a new one.
Publishing is the one place where the content mirror and the roll-ups of a shared server change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.content.loader import load_content
from dxtrainer.db.models import ContentBlob, ContentFile, ContentPublication
from dxtrainer.db.transactions import lock_organisation
from dxtrainer.db.upsert import dialect_insert
from dxtrainer.domain.content import ContentIndex, Problem
from dxtrainer.services.content_sync import changed_questions, sync_content
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.item_stats import require_trainer
from dxtrainer.services.records import CurrentUser
from dxtrainer.services.rollups import rebuild


@dataclass(frozen=True)
class Publication:
    number: int
    hash: str
    published_at: datetime
    publisher: str
    source: str
    restored_from: int | None
    lessons: int
    quizzes: int
    questions: int


@dataclass(frozen=True)
class PublishResult:
    """`publication` is None when nothing was published: then `problems` holds the errors (and
    silent edits) that stopped it, or `unchanged` says the folder equals the current one."""

    publication: Publication | None
    problems: tuple[Problem, ...] = ()
    unchanged: bool = False


def folder_files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (hidden files and folders left out), by relative path with "/"."""
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def files_hash(hashes: dict[str, str]) -> str:
    """One hash for a set of files: their paths and contents, in path order."""
    digest = hashlib.sha256()
    for path in sorted(hashes):
        digest.update(f"{path}\0{hashes[path]}\n".encode())
    return digest.hexdigest()


def current_publication(session: Session) -> ContentPublication | None:
    return session.scalars(select(ContentPublication)
                           .order_by(ContentPublication.number.desc()).limit(1)).first()


def cache_root() -> Path:
    from dxtrainer import paths

    return paths.data_dir() / "published"


def published_folder(session: Session, root: Path | None = None) -> Path | None:
    """The local copy of the newest publication (written from the database when this PC has none
    yet), or None when the database has no publication."""
    current = current_publication(session)
    if current is None:
        return None
    return _cached(session, current.number, current.hash, root or cache_root())


def _cached(session: Session, number: int, digest: str, root: Path) -> Path:
    folder = root / digest
    if folder.is_dir():
        return folder
    rows = session.execute(select(ContentFile.path, ContentBlob.data)
                           .join(ContentBlob, ContentBlob.sha256 == ContentFile.sha256)
                           .where(ContentFile.publication == number)).all()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{digest[:12]}-", dir=root))
    try:
        for path, data in rows:
            target = staging.joinpath(*path.split("/"))
            if staging.resolve() not in target.resolve().parents:
                continue  # a path that would leave the folder is never written
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            os.replace(staging, folder)  # whole or not at all; another process may have won
        except OSError:
            if not folder.is_dir():
                raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def store_publication(session: Session, files: dict[str, bytes], index: ContentIndex, *,
                      user: CurrentUser | None, source: str,
                      restored_from: int | None = None) -> ContentPublication:
    """Add a publication of `files` (already validated as `index`), then bring the content
    mirror and the roll-ups in line with it, in the caller's transaction."""
    hashes = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    dialect = session.get_bind().dialect.name
    insert = dialect_insert(dialect)
    blobs = [{"sha256": digest, "data": files[path]} for path, digest in hashes.items()]
    if blobs:  # the same bytes may be stored already (or by another PC right now)
        session.execute(insert(ContentBlob).on_conflict_do_nothing(
            index_elements=["sha256"]), blobs)
    row = ContentPublication(
        hash=files_hash(hashes), published_at=datetime.now(),
        published_by=user.staff_id if user and user.staff_id else None,
        publisher=user.name if user else "", source=source[:500], restored_from=restored_from,
        lessons=len(index.lessons), quizzes=len(index.quizzes),
        questions=sum(len(q.questions) for q in index.quizzes))
    session.add(row)
    session.flush()
    session.add_all(ContentFile(publication=row.number, path=path, sha256=digest)
                    for path, digest in hashes.items())
    if sync_content(session, index):
        session.flush()
        rebuild(session)
    return row


def as_publication(row: ContentPublication) -> Publication:
    return Publication(row.number, row.hash, row.published_at, row.publisher, row.source,
                       row.restored_from, row.lessons, row.quizzes, row.questions)


class PublishingService:
    """Publish, list and roll back (trainers and HR admins). `on_published` gets the new index and
    publication number so that this PC shows what it just published without a restart."""

    def __init__(self, sessions: sessionmaker[Session],
                 on_published: Callable[[ContentIndex, int], None] | None = None,
                 cache: Path | None = None) -> None:
        self._sessions = sessions
        self.on_published = on_published
        self._cache = cache

    def publications(self) -> list[Publication]:
        with self._sessions() as s:
            rows = s.scalars(select(ContentPublication)
                             .order_by(ContentPublication.number.desc())).all()
            return [as_publication(r) for r in rows]

    def current(self) -> Publication | None:
        with self._sessions() as s:
            row = current_publication(s)
            return as_publication(row) if row else None

    def publish(self, user: CurrentUser, folder: str | Path) -> PublishResult:
        """Validate `folder` and publish it when it has no errors and no question was edited
        without a new `version` or `revision` (those come back as problems, nothing stored)."""
        require_trainer(user)
        root = Path(folder)
        index = load_content(root)
        errors = [p for p in index.problems if p.severity == "error"]
        if errors or not root.is_dir():
            return PublishResult(None, tuple(errors))
        try:
            files = folder_files(root)
        except OSError as exc:
            raise ServiceError("content-unreadable", folder=str(root)) from exc
        with self._sessions.begin() as s:
            lock_organisation(s)  # the same files published on two PCs at once: stored once
            current = current_publication(s)
            if current is not None:
                digest = files_hash({p: hashlib.sha256(d).hexdigest() for p, d in files.items()})
                if digest == current.hash:
                    return PublishResult(as_publication(current), unchanged=True)
                before = load_content(_cached(s, current.number, current.hash,
                                              self._cache or cache_root()))
                silent = changed_questions(before, index)
                if silent:
                    return PublishResult(None, tuple(silent))
            row = store_publication(s, files, index, user=user, source=str(root.resolve()))
            published = as_publication(row)
        if self.on_published:
            self.on_published(index, published.number)
        return PublishResult(published)

    def rollback(self, user: CurrentUser, number: int) -> Publication:
        """Publish the files of publication `number` again, as the newest publication."""
        require_trainer(user)
        with self._sessions.begin() as s:
            lock_organisation(s)
            old = s.get(ContentPublication, number)
            if old is None:
                last = s.scalar(select(func.max(ContentPublication.number)))
                raise ServiceError("publication-not-found", number=number, last=last or 0)
            folder = _cached(s, old.number, old.hash, self._cache or cache_root())
            index = load_content(folder)
            files = folder_files(folder)
            row = store_publication(s, files, index, user=user, source=old.source,
                                    restored_from=old.number)
            published = as_publication(row)
        if self.on_published:
            self.on_published(index, published.number)
        return published
