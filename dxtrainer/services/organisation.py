"""The organisation: the department tree (部 › 課 › 係), memberships over time, and who may see
which part of it. Access is enforced here, in the services, not only by hiding buttons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dxtrainer.db.models import AccessLog, Department, Membership, Staff
from dxtrainer.services import period_rollups
from dxtrainer.services.errors import ServiceError
from dxtrainer.services.records import CurrentUser, Role


class AccessDenied(ServiceError):
    """The signed-in person's role does not allow this (code "access-denied")."""

    def __init__(self, reason: str = "") -> None:
        super().__init__("access-denied", reason=reason)


@dataclass(frozen=True)
class DepartmentNode:
    id: int
    code: str
    name: str
    parent_id: int | None
    level: int
    active: bool


@dataclass(frozen=True)
class Tree:
    nodes: dict[int, DepartmentNode]
    children: dict[int | None, tuple[int, ...]]

    def subtree(self, root: int | None) -> list[int]:
        """`root` and every department below it (None: the whole organisation)."""
        out: list[int] = [] if root is None else [root]
        todo = list(self.children.get(root, ()))
        while todo:
            node = todo.pop()
            out.append(node)
            todo.extend(self.children.get(node, ()))
        return out

    def path(self, department_id: int) -> str:
        """「総務部 › 情報政策課」."""
        names = []
        cursor: int | None = department_id
        while cursor is not None and cursor in self.nodes:
            names.append(self.nodes[cursor].name)
            cursor = self.nodes[cursor].parent_id
        return " › ".join(reversed(names))


def load_tree(session: Session) -> Tree:
    nodes = {d.id: DepartmentNode(d.id, d.code, d.name, d.parent_id, d.level, d.active)
             for d in session.scalars(select(Department))}
    children: dict[int | None, list[int]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.code):
        children[node.parent_id].append(node.id)
    return Tree(nodes, {k: tuple(v) for k, v in children.items()})


def staff_department(session: Session, staff_id: int) -> int | None:
    staff = session.get(Staff, staff_id)
    return staff.department_id if staff else None


def allowed_root(session: Session, user: CurrentUser, wanted: int | None) -> int | None:
    """The department whose subtree `user` may see, given the one asked for.

    HR admins see everything; a manager sees their own department subtree only; learners and
    trainers see no aggregates. Raises AccessDenied.
    """
    if user.role is Role.HR_ADMIN:
        return wanted
    if user.role is Role.MANAGER:
        own = staff_department(session, user.staff_id)
        if own is None:
            raise AccessDenied("manager without a department")
        if wanted is None:
            return own
        if wanted in load_tree(session).subtree(own):
            return wanted
        raise AccessDenied("outside the manager's department")
    raise AccessDenied("this role has no access to aggregates")


def require_hr(user: CurrentUser) -> None:
    if user.role is not Role.HR_ADMIN:
        raise AccessDenied("HR admins only")


def log_access(session: Session, user: CurrentUser, action: str, *, staff_id: int | None = None,
               department_id: int | None = None, detail: str = "") -> None:
    session.add(AccessLog(at=datetime.now(), actor_id=user.staff_id or None, action=action,
                          target_staff_id=staff_id, department_id=department_id, detail=detail))


def transfer(session: Session, staff_id: int, department_id: int | None, on: date) -> None:
    """Move a person: close the current membership, open a new one. Past answers keep the
    department they were given in; mastery by department follows the person."""
    staff = session.get(Staff, staff_id)
    if staff is None or staff.department_id == department_id:
        return
    for m in session.scalars(select(Membership).where(Membership.staff_id == staff_id,
                                                      Membership.valid_to.is_(None))):
        m.valid_to = on
    if department_id is not None:
        session.add(Membership(staff_id=staff_id, department_id=department_id, valid_from=on,
                               valid_to=None))
    staff.department_id = department_id


def after_transfers(session: Session, today: date | None = None) -> None:
    """Re-attribute current-state roll-ups (mastery, completion by department), and retire the
    departments that nobody belongs to any more (renamed, merged or abolished in April). They
    stay in the table, so past answers keep their department."""
    session.flush()
    period_rollups.rebuild_dept_category(session)
    today = today or date.today()
    tree = load_tree(session)
    staffed = set(session.scalars(select(Staff.department_id).where(
        Staff.active.is_(True), Staff.department_id.is_not(None))))
    for dept in session.scalars(select(Department).where(Department.active.is_(True))):
        if not staffed.intersection(tree.subtree(dept.id)):
            dept.active = False
            dept.valid_to = today
