"""Learning records for other systems as xAPI 1.0.3 statements (`dxtrainer export-xapi`): one per
answer (answered), lesson completion (completed) and finished quiz (passed / failed), with the actor
as an account (職員番号 under a configurable home page), activity ids built from content ids, and
statement ids derived from our record UUIDs, so exporting or sending again is idempotent.

Course pre/post-test answers are exported like any answer; their quiz results carry the purpose in
the activity id (…/course-test/…), so an LRS report can tell them apart.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dxtrainer.db.meta import set_meta
from dxtrainer.db.models import Answer, Attempt, LessonCompletion, Meta, Staff
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.organisation import log_access, require_hr
from dxtrainer.services.records import CurrentUser

XAPI_VERSION = "1.0.3"
DEFAULT_HOME_PAGE = "https://dxtrainer.invalid"  # set to the organisation's own address
_NAMESPACE = uuid.UUID("6f1d0a52-4c35-4f0e-9a53-1f7d0d3c2b11")  # statement ids: uuid5 in here
VERBS = {name: {"id": f"http://adlnet.gov/expapi/verbs/{name}", "display": {"en-US": name}}
         for name in ("answered", "completed", "passed", "failed")}
_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
_LESSON = "http://adlnet.gov/expapi/activities/lesson"
_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
BATCH = 200


@dataclass(frozen=True)
class SendResult:
    sent: int  # statements the LRS stored now
    already: int  # statements it already had (same id)


def statement_id(kind: str, record_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{record_id}"))


def _timestamp(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.astimezone()  # stored as local time
    return aware.isoformat(timespec="milliseconds")


class XapiService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def home_page(self) -> str:
        with self._sessions() as s:
            row = s.get(Meta, "xapi_home_page")
        return row.value if row else DEFAULT_HOME_PAGE

    def set_home_page(self, user: CurrentUser, url: str) -> None:
        require_hr(user)
        if not url.startswith(("http://", "https://")):
            raise ServiceError("bad-home-page")
        with self._sessions.begin() as s:
            set_meta(s, "xapi_home_page", url.rstrip("/"))
            log_access(s, user, "settings", detail=f"xapi_home_page={url}")

    def statements(self, user: CurrentUser, since: date | None = None) -> list[dict[str, Any]]:
        """Every statement, oldest first. Logged: it names people by 職員番号."""
        require_hr(user)
        home = self.home_page()
        start = datetime.combine(since, datetime.min.time()) if since else datetime.min
        with self._sessions.begin() as s:
            numbers = dict(s.execute(select(Staff.id, Staff.staff_no)).all())
            out = sorted(_all(s, home, numbers, start), key=lambda x: (x["timestamp"], x["id"]))
            log_access(s, user, "export-xapi", detail=f"{len(out)} statements")
        return out

    def fetch(self, url: str, username: str = "", password: str = "",
              timeout: float = 30.0) -> list[dict[str, Any]]:
        """Every statement the LRS holds (following `more` links): to check what landed."""
        headers = _headers(username, password)
        out: list[dict[str, Any]] = []
        base = url.rstrip("/")
        next_url: str | None = base + "/statements"
        while next_url:
            request = urllib.request.Request(next_url, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    page = json.loads(response.read())
            except (urllib.error.URLError, OSError, ValueError) as exc:
                raise ServiceError("lrs-unreachable", url=next_url) from exc
            out.extend(page.get("statements", []))
            more = page.get("more") or ""
            next_url = (base.split("/xAPI")[0] + more if more.startswith("/") else more) or None
        return out

    def send(self, statements: list[dict[str, Any]], url: str, username: str = "",
             password: str = "", timeout: float = 30.0) -> SendResult:
        """POST in batches to `url`/statements; a batch the LRS refuses as a conflict (some ids
        already stored) is sent one by one with PUT, where an existing id counts as already
        there. Raises ServiceError("lrs-failed") with the LRS's status on anything else."""
        endpoint = url.rstrip("/") + "/statements"
        headers = _headers(username, password)
        sent = already = 0
        for start in range(0, len(statements), BATCH):
            batch = statements[start:start + BATCH]
            status, body = _request("POST", endpoint, batch, headers, timeout)
            if status == 200:  # the ids it stored now (an LRS may leave out ones it had)
                stored = len(body) if isinstance(body, list) else len(batch)
                sent += stored
                already += len(batch) - stored
                continue
            if status == 204:  # nothing new
                already += len(batch)
                continue
            if status != 409:
                raise ServiceError("lrs-failed", status=status, url=endpoint)
            for one in batch:
                status, _body = _request("PUT", f"{endpoint}?statementId={one['id']}", one,
                                         headers, timeout)
                if status == 204:
                    sent += 1
                elif status == 409:
                    already += 1
                else:
                    raise ServiceError("lrs-failed", status=status, url=endpoint)
        return SendResult(sent, already)


def _headers(username: str, password: str) -> dict[str, str]:
    headers = {"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"}
    if username:
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return headers


def _request(method: str, url: str, body: object, headers: dict[str, str],
             timeout: float) -> tuple[int, object]:
    """(HTTP status, the JSON answer or None)."""
    request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode(),
                                     headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read()
            try:
                return int(response.status), json.loads(raw) if raw else None
            except ValueError:
                return int(response.status), None
    except urllib.error.HTTPError as exc:
        return int(exc.code), None
    except (urllib.error.URLError, OSError) as exc:
        raise ServiceError("lrs-unreachable", url=url) from exc


def _actor(home: str, staff_no: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": home, "name": staff_no}}


def _all(s: Session, home: str, numbers: dict[int, str], start: datetime
         ) -> Iterator[dict[str, Any]]:
    for answer in s.scalars(select(Answer).where(Answer.answered_at >= start)):
        yield {
            "id": statement_id("answer", answer.id), "actor": _actor(home, numbers[answer.staff_id]),
            "verb": VERBS["answered"],
            "object": {"objectType": "Activity",
                       "id": f"{home}/quiz/{answer.quiz_id}/question/{answer.question_id}",
                       "definition": {"type": _INTERACTION}},
            "result": {"success": bool(answer.correct),
                       "score": {"scaled": 1.0 if answer.correct else 0.0}},
            "context": {"registration": answer.attempt_id},
            "timestamp": _timestamp(answer.answered_at)}
    for done in s.scalars(select(LessonCompletion)
                          .where(LessonCompletion.completed_at >= start)):
        yield {
            "id": statement_id("completion", done.id), "actor": _actor(home, numbers[done.staff_id]),
            "verb": VERBS["completed"],
            "object": {"objectType": "Activity",
                       "id": f"{home}/lesson/{done.lesson_id}/v{done.lesson_version}",
                       "definition": {"type": _LESSON}},
            "result": {"completion": True},
            "timestamp": _timestamp(done.completed_at)}
    for attempt in s.scalars(select(Attempt).where(Attempt.finished_at.is_not(None),
                                                   Attempt.finished_at >= start)):
        kind = f"course-test/{attempt.course_id}/{attempt.purpose}" if attempt.purpose \
            else "quiz"
        finished = attempt.finished_at or attempt.started_at
        yield {
            "id": statement_id("result", attempt.id),
            "actor": _actor(home, numbers[attempt.staff_id]),
            "verb": VERBS["passed" if attempt.passed else "failed"],
            "object": {"objectType": "Activity",
                       "id": f"{home}/{kind}/{attempt.quiz_id}/v{attempt.quiz_version}",
                       "definition": {"type": _ASSESSMENT}},
            "result": {"success": bool(attempt.passed), "completion": True,
                       "score": {"raw": attempt.correct_count, "min": 0,
                                 "max": attempt.question_count,
                                 "scaled": round(attempt.score or 0.0, 4)}},
            "context": {"registration": attempt.id},
            "timestamp": _timestamp(finished)}
