"""Builds every service over one database and one content folder (the composition for core)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer import __version__
from dxtrainer.content.loader import load_content
from dxtrainer.db import network_path
from dxtrainer.db.engine import (
    SchemaState,
    make_engine,
    make_sessions,
    may_write,
    migrate,
    schema_state,
    sqlite_path,
    stored_writer_version,
    to_url,
)
from dxtrainer.db.meta import set_meta  # noqa: F401 - the commands import it here
from dxtrainer.db.models import Meta, Staff
from dxtrainer.domain.content import ContentIndex
from dxtrainer.messages import admonition_titles
from dxtrainer.services.accounts import AccountService
from dxtrainer.services.answer_journal import AnswerJournal, journal_path
from dxtrainer.services.assignments import AssignmentService
from dxtrainer.services.backups import startup_backup
from dxtrainer.services.certificates import CertificateService
from dxtrainer.services.content_service import ContentService
from dxtrainer.services.content_sync import mirror_matches, sync_content
from dxtrainer.services.course_tests import CourseTestService
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.failures import opening_error
from dxtrainer.services.item_stats import ItemStatsService
from dxtrainer.services.learning_gain import LearningGainService
from dxtrainer.services.personal_data import PersonalDataService
from dxtrainer.services.progress import ProgressService
from dxtrainer.services.progress_sync import ProgressSyncService
from dxtrainer.services.publishing import (
    PublishingService,
    current_publication,
    folder_files,
    published_folder,
    store_publication,
)
from dxtrainer.services.reporting import ReportingService
from dxtrainer.services.rollups import rebuild
from dxtrainer.services.roster import RosterService
from dxtrainer.services.surveys import SurveyService
from dxtrainer.services.training import TrainingService


@dataclass
class Services:
    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    device_id: str
    is_demo: bool
    backup: Path | None
    content: ContentService
    accounts: AccountService
    training: TrainingService
    progress: ProgressService
    reporting: ReportingService
    assignments: AssignmentService
    roster: RosterService
    items: ItemStatsService
    publishing: PublishingService
    course_tests: CourseTestService
    personal: PersonalDataService
    sync: ProgressSyncService
    certificates: CertificateService
    surveys: SurveyService
    # Opened read-only (this app is older than the database allows to write, or asked so).
    read_only: bool = False
    # A server shared by many PCs (anything but a local SQLite file): start-up never changes it.
    shared: bool = False
    # States worth telling the person about, as codes that screens and commands word
    # (messages.service_error_text): "app-older-than-database", "content-differs-from-database".
    notices: tuple[ServiceError, ...] = ()
    # The publication shown (its number), or None when showing a draft folder (--content) or,
    # on a server nobody has published to yet, the content bundled with the app.
    publication: int | None = None

    def staff_count(self) -> int:
        with self.sessions() as s:
            return len(s.scalars(select(Staff.id).where(Staff.active.is_(True))).all())

    def close(self) -> None:
        self.engine.dispose()


def get_meta(sessions: sessionmaker[Session], key: str) -> str | None:
    with sessions() as s:
        row = s.get(Meta, key)
        return row.value if row else None


def open_services(database: str | Path, content_dir: str | Path | None = None, *,
                  read_only: bool = False) -> Services:
    """Open the database, load the content, build the services.

    Which content: with `content_dir` None, the organisation's published content (the newest
    publication, from this PC's local copy; services/publishing.py). A database that has none yet
    is seeded with the content bundled with the app as publication 1 when this open may write to
    it (a new database, or this PC's own file); a shared server nobody has published to shows
    the bundled content without writing. A `content_dir` is a draft previewed on this PC (the
    `--content` option): it is shown instead of the published content, and a new database is
    seeded with it.

    A local SQLite file is this PC's own: it is migrated (after a backup) and its content mirror
    and roll-ups follow this PC's content, as they always have. A shared server is never changed
    by opening it: a schema behind this app raises ServiceError("database-needs-upgrade") (HR runs
    `dxtrainer upgrade-database`), a content mirror that differs from this PC's content is left
    as it is (this PC shows its own and reports it in `notices`), and when the database needs a
    newer app to write to it, it opens read-only. Only a database with no tables at all gets its
    schema and content mirror at once, on either engine: that changes nobody's data. Raises
    ServiceError with a `database-…` code saying why a database cannot be opened (db/probe.py).
    """
    url = to_url(database)
    try:
        return _open_services(url, content_dir, read_only)
    except Exception as exc:
        error = opening_error(exc, url)
        if error is exc:
            raise
        raise error from exc


def _open_services(url: str, content_dir: str | Path | None, read_only: bool) -> Services:
    shared = sqlite_path(url) is None
    engine = make_engine(url, read_only=read_only)
    try:
        created = schema_state(engine) == SchemaState.EMPTY
        backup, must_read_only, notices = _prepare_schema(engine, url, shared=shared,
                                                          read_only=read_only)
        if must_read_only and not read_only:  # nothing can be written through it by mistake
            engine.dispose()
            engine = make_engine(url, read_only=True)
            read_only = True
        if not read_only:
            startup_backup(engine)  # at most once a day, checked and rotated (services/backups.py)
        sessions = make_sessions(engine)
        writable = not read_only and (created or not shared)
        index, publication = _content(sessions, content_dir, seed=writable)
        device, mirror_current = _sync(sessions, index, write=writable)
    except BaseException:
        engine.dispose()
        raise
    if not mirror_current:
        notices.append(ServiceError("content-differs-from-database",
                                    database=_label(url)))
    local_file = sqlite_path(url)
    if local_file is not None and network_path.on_network_drive(local_file):
        # SQLite's locking cannot be trusted there (docs/deployment.md): said, logged, not fatal
        logging.getLogger(__name__).warning("the SQLite database %s is on a network drive",
                                            local_file)
        notices.append(ServiceError("database-on-network-drive", database=_label(url)))
    content = ContentService(index, admonition_titles())
    assignments = AssignmentService(sessions, lambda: content.index)
    services = Services(
        engine=engine, sessions=sessions, url=url, device_id=device,
        is_demo=get_meta(sessions, "demo") == "1", backup=backup, content=content,
        accounts=AccountService(sessions),
        training=TrainingService(sessions, content, device, journal=_journal(url, shared,
                                                                             read_only)),
        progress=ProgressService(sessions, lambda: content.index),
        reporting=ReportingService(sessions, lambda: content.index, assignments,
                                   LearningGainService(sessions, lambda: content.index)),
        assignments=assignments,
        roster=RosterService(sessions),
        items=ItemStatsService(sessions, content),
        publishing=PublishingService(sessions),
        course_tests=CourseTestService(sessions, content, device),
        personal=PersonalDataService(sessions),
        sync=ProgressSyncService(sessions, device),
        certificates=CertificateService(sessions, lambda: content.index, device),
        surveys=SurveyService(sessions, lambda: content.index),
        publication=publication,
        read_only=read_only, shared=shared, notices=tuple(notices),
    )

    def shown(index: ContentIndex, number: int) -> None:  # this PC shows what it published
        content.replace(index)
        services.publication = number

    services.publishing.on_published = shown
    return services


def _content(sessions: sessionmaker[Session], draft: str | Path | None, *,
             seed: bool) -> tuple[ContentIndex, int | None]:
    """(the content to show, its publication number or None for a draft or unpublished content).
    With `seed`, a database without any publication gets this content as publication 1."""
    from dxtrainer import paths

    with sessions() as s:
        current = current_publication(s)
        folder = published_folder(s) if current is not None and draft is None else None
    if folder is not None and current is not None:
        return load_content(folder), current.number
    root = Path(draft) if draft is not None else paths.content_dir()
    index = load_content(root)
    if current is None and seed and not any(p.severity == "error" for p in index.problems):
        try:
            files = folder_files(root)
        except OSError:
            return index, None  # shown all the same; published once it can be read
        with sessions.begin() as s:
            row = store_publication(s, files, index, user=None, source=str(root.resolve()))
            number = row.number
        return index, (number if draft is None else None)
    return index, None


def _journal(url: str, shared: bool, read_only: bool) -> AnswerJournal | None:
    """Where answers wait on this PC while a shared server is unreachable."""
    if not shared or read_only:
        return None
    from dxtrainer import paths

    return AnswerJournal(journal_path(paths.data_dir(), url))


def _label(url: str) -> str:
    from dxtrainer.paths import database_label

    return database_label(url)


def _prepare_schema(engine: Engine, url: str, *, shared: bool,
                    read_only: bool) -> tuple[Path | None, bool, list[ServiceError]]:
    """(backup taken, read-only after all, notices): the start-up rules for the schema."""
    state = schema_state(engine)
    notices: list[ServiceError] = []
    if state == SchemaState.EMPTY:
        if read_only:  # nothing to look at, and nothing may be made
            raise ServiceError("database-empty", database=_label(url))
        return migrate(engine), False, notices
    if state == SchemaState.BEHIND:
        if shared or read_only:
            raise ServiceError("database-needs-upgrade", database=_label(url))
        return migrate(engine), False, notices  # this PC's own file: backed up, then migrated
    required = stored_writer_version(engine)
    if not may_write(__version__, required):
        notices.append(ServiceError("app-older-than-database", database=_label(url),
                                    version=__version__, required=required))
        read_only = True
    return None, read_only, notices


def _sync(sessions: sessionmaker[Session], index: ContentIndex, *,
          write: bool) -> tuple[str, bool]:
    """(device id, whether the database's content mirror equals this content). Only with
    `write` (a local file opened for writing) are the mirror and the roll-ups brought in line;
    otherwise nothing is written and a device id missing from the database is made up for this
    session."""
    if not write:
        with sessions() as s:
            row = s.get(Meta, "device_id")
            return (row.value if row else str(uuid.uuid4())), mirror_matches(s, index)
    with sessions.begin() as s:
        device_id = s.get(Meta, "device_id")
        if device_id is None:
            device_id = Meta(key="device_id", value=str(uuid.uuid4()))
            s.add(device_id)
        if sync_content(s, index):
            s.flush()
            rebuild(s)
        return device_id.value, True
