"""Answers kept on this PC while the shared server cannot be reached, sent when it returns.

One small file per database in the user-data folder: JSON lines, each an answer with the UUID it
will have in the database, appended and fsync'd before the learner is told it is safe. Sending
goes in the order given and stops at the first entry the server cannot take yet; an entry whose
UUID (or whose question in that attempt) is already in the database is dropped, so sending twice
stores nothing twice. The file is rewritten (to a temporary file, fsync'd, then renamed) as
entries leave it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JournalEntry:
    id: str  # the answer's UUID in the database
    staff_id: int
    attempt_id: str
    question_id: str
    response: Any  # the learner's response (JSON: choice ids, text, numbers, pairs)
    answered_at: str  # ISO 8601, the moment it was given on this PC

    def at(self) -> datetime:
        return datetime.fromisoformat(self.answered_at)


def journal_path(folder: Path, url: str) -> Path:
    """The journal for one database (by a hash of its URL without the password)."""
    from sqlalchemy import make_url

    try:
        key = make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - any text names a file all the same
        key = url
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return folder / f"answers-waiting-{digest}.jsonl"


class AnswerJournal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def entries(self) -> list[JournalEntry]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        found = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                found.append(JournalEntry(**json.loads(line)))
            except (ValueError, TypeError):  # a line cut short by a power cut: never sent
                log.warning("skipped an unreadable line in %s", self.path)
        return found

    def __len__(self) -> int:
        return len(self.entries())

    def append(self, entry: JournalEntry) -> None:
        """Written and on disk when this returns."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def send(self, deliver: Callable[[JournalEntry], object]) -> int:
        """Hand each entry, in order, to `deliver` (which stores it, or finds it stored
        already). Stops at the first that raises (the server went away again) and keeps it and
        the rest. Returns how many left the journal."""
        pending = self.entries()
        sent = 0
        try:
            for entry in pending:
                deliver(entry)
                sent += 1
        finally:
            if sent:
                self._keep(pending[sent:])
        return sent

    def _keep(self, rest: list[JournalEntry]) -> None:
        if not rest:
            self.path.unlink(missing_ok=True)
            return
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            for entry in rest:
                handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
