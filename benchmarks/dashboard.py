"""Dashboard benchmark at organisation scale (issue 4).

Builds (or reuses) a demo database of 10,000 staff and about 2,000,000 answers with the demo
generator, then in one run measures:
  (a) the organisation dashboard's data through the service layer (roll-ups), and
  (b) the same figures from the best plain SQL over the raw answer rows, with indexes;
checks that they agree, and prints both medians and the ratio. Targets: (a) <= 50 ms median,
(a) >= 20x faster than (b). It also prints the p99 of one answer commit with the roll-ups,
against the same commit without them.

With --concurrent it instead runs the concurrent-writers benchmark of issue 7 (benchmarks/
writers.py): N processes answering for T seconds on SQLite and, when a URL is given, PostgreSQL.

    python3 benchmarks/dashboard.py [--staff 10000] [--months 24] [--review 6] [--db PATH]
    python3 benchmarks/dashboard.py --concurrent [--writers 4] [--seconds 20] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from dxtrainer import paths
from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.services import rollups
from dxtrainer.services.container import open_services
from dxtrainer.services.demo_org import generate
from dxtrainer.services.organisation import load_tree
from dxtrainer.services.records import SYSTEM_USER, CurrentUser, Role

INDEXES = [
    "CREATE INDEX IF NOT EXISTS bx_answers_time ON answers (answered_at, staff_id, department_id)",
    "CREATE INDEX IF NOT EXISTS bx_answers_latest ON answers "
    "(staff_id, quiz_id, question_id, answered_at, correct)",
    "CREATE INDEX IF NOT EXISTS bx_attempts_time ON attempts (finished_at, staff_id, quiz_id, score)",
]


def build(db: Path, staff: int, months: int, review: float) -> None:
    if db.exists():
        return
    print(f"building {db} ({staff} staff, {months} months) … this takes a few minutes",
          flush=True)
    started = time.perf_counter()
    services = open_services(db, paths.content_dir())
    counts = generate(services, staff=staff, months=months, review=review)
    services.close()
    print(f"built in {time.perf_counter() - started:.0f} s: {counts}", flush=True)


def plain_sql(conn, period, today: date, index) -> dict:  # noqa: ANN001
    """The dashboard's organisation figures straight from answers, attempts and completions."""
    start, end = period.start.isoformat(), period.end.isoformat()
    as_of = min(period.end - timedelta(days=1), today).isoformat()
    staff_now = dict(conn.execute(text(
        "SELECT m.department_id, COUNT(*) FROM memberships m JOIN staff s ON s.id = m.staff_id "
        "WHERE m.valid_from <= :d AND (m.valid_to IS NULL OR m.valid_to > :d) "
        "AND (s.left_on IS NULL OR s.left_on > :d) GROUP BY m.department_id"),
        {"d": as_of}).all())
    participants = dict(conn.execute(text(
        "SELECT department_id, COUNT(DISTINCT staff_id) FROM answers "
        "WHERE answered_at >= :a AND answered_at < :b GROUP BY department_id"),
        {"a": start, "b": end}).all())
    best = conn.execute(text(
        "SELECT department_id, SUM(best), COUNT(*) FROM ("
        " SELECT staff_id, quiz_id, MIN(department_id) AS department_id, MAX(score) AS best"
        " FROM attempts WHERE finished_at >= :a AND finished_at < :b"
        " AND purpose IS NULL"  # a course's 事前・事後テスト are not in Average score (issue 11)
        " GROUP BY staff_id, quiz_id) GROUP BY department_id"), {"a": start, "b": end}).all()
    mastery = conn.execute(text(
        "SELECT s.department_id, ci.category, SUM(x.correct) FROM ("
        " SELECT staff_id, quiz_id, question_id, correct, ROW_NUMBER() OVER ("
        "  PARTITION BY staff_id, quiz_id, question_id ORDER BY answered_at DESC) AS n"
        " FROM answers) x"
        " JOIN staff s ON s.id = x.staff_id AND s.active"
        " JOIN content_questions ci ON ci.quiz_id = x.quiz_id AND ci.question_id = x.question_id"
        " WHERE x.n = 1 GROUP BY s.department_id, ci.category")).all()
    completed = conn.execute(text(
        "SELECT s.department_id, COUNT(*) FROM (SELECT DISTINCT staff_id, lesson_id"
        " FROM lesson_completions) c JOIN staff s ON s.id = c.staff_id AND s.active"
        " GROUP BY s.department_id")).all()
    return {"staff": staff_now, "participants": participants, "best": best,
            "mastery": mastery, "completed": completed}


def combine(raw: dict, tree, index) -> dict:  # noqa: ANN001
    """Fold the plain-SQL rows into the organisation KPIs and the 部-level rows."""
    top = {}
    for dept in tree.nodes:
        cursor = dept
        while tree.nodes[cursor].parent_id is not None:
            cursor = tree.nodes[cursor].parent_id
        top[dept] = cursor
    staff = sum(raw["staff"].values())
    lessons = len(index.lessons)
    by_top: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
    for d, n in raw["staff"].items():
        by_top[top[d]][0] += n
    for d, n in raw["participants"].items():
        by_top[top[d]][1] += n
    for d, total, n in raw["best"]:
        by_top[top[d]][2] += total
        by_top[top[d]][3] += n
    return {
        "participation": sum(raw["participants"].values()) / staff,
        "average": sum(t for _d, t, _n in raw["best"]) / sum(n for _d, _t, n in raw["best"]),
        "completion": sum(n for _d, n in raw["completed"]) / (staff * lessons),
        "departments": {tree.nodes[t].name: (v[1] / v[0] if v[0] else None,
                                             v[2] / v[3] if v[3] else None)
                        for t, v in by_top.items()},
    }


def median_ms(fn, runs: int) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def commit_p99(services, runs: int) -> tuple[float, float]:  # noqa: ANN001
    """p99 of submit_answer with the roll-ups and with them switched off, interleaved."""
    import writers

    with services.engine.connect() as conn:
        staff_id = conn.execute(text("SELECT id FROM staff WHERE role='learner' LIMIT 1")).scalar()
    user = CurrentUser(staff_id, "", "", "", Role.LEARNER)
    quiz = services.content.index.quizzes[0]
    real = rollups.PersonRollups
    timings: dict[bool, list[float]] = {True: [], False: []}
    try:
        for i in range(runs):
            with_rollups = i % 2 == 0
            rollups.PersonRollups = real if with_rollups else writers._NoRollups
            attempt = services.training.new_attempt(user, quiz.id)
            q = attempt.questions[0]
            started = time.perf_counter()
            services.training.submit_answer(user, attempt.id, q.id,
                                            [q.choices[0].id] if q.choices else True)
            timings[with_rollups].append((time.perf_counter() - started) * 1000)
    finally:
        rollups.PersonRollups = real

    def p99(values: list[float]) -> float:
        return sorted(values)[max(0, int(len(values) * 0.99) - 1)]

    return p99(timings[True]), p99(timings[False])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--review", type=float, default=6.0)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--concurrent", action="store_true",
                        help="run the concurrent-writers benchmark instead")
    parser.add_argument("--writers", type=int, default=4, help="writer processes (--concurrent)")
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="seconds each phase runs (--concurrent)")
    parser.add_argument("--postgres", default=os.environ.get("DXTRAINER_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL for --concurrent (a scratch schema is made and "
                             "dropped in it); default DXTRAINER_TEST_POSTGRES_URL")
    args = parser.parse_args()
    if args.concurrent:
        import writers

        return writers.run(args.writers, args.seconds, args.postgres)
    db = args.db or Path(os.environ.get("TMPDIR", "/tmp")) / (
        f"dxtrainer-bench-{args.staff}-{args.months}-{args.review:g}.sqlite3")
    build(db, args.staff, args.months, args.review)
    services = open_services(db, paths.content_dir())
    with services.engine.begin() as conn:
        for statement in INDEXES:
            conn.execute(text(statement))
        conn.execute(text("ANALYZE"))
        answers = conn.execute(text("SELECT COUNT(*) FROM answers")).scalar()
    today = date.today()
    period = period_of(PeriodKind.FISCAL_YEAR, today)
    reporting = services.reporting
    with services.sessions() as s:
        tree = load_tree(s)
    index = services.content.index
    print(f"database: {db} — {answers:,} answers; period {period.key}", flush=True)

    service_ms, board = median_ms(lambda: reporting.dashboard(SYSTEM_USER, period, today=today),
                                  args.runs)
    with services.engine.connect() as conn:
        sql_ms, raw = median_ms(lambda: plain_sql(conn, period, today, index),
                                max(3, args.runs // 5))
    figures = combine(raw, tree, index)
    problems = []
    for name, ours in (("participation", board.participation.value),
                       ("average score", board.average_score.value),
                       ("completion", board.completion.value)):
        theirs = figures[name.split()[0]]
        if ours is None or abs(ours - theirs) > 1e-9:
            problems.append(f"{name}: service {ours} vs SQL {theirs}")
    for row in board.departments:
        if row.suppressed:
            continue
        p, a = figures["departments"].get(row.name, (None, None))
        if p is None or abs(row.participation - p) > 1e-9 or (
                a is not None and abs(row.average_score - a) > 1e-9):
            problems.append(f"{row.name}: service {row.participation}/{row.average_score} "
                            f"vs SQL {p}/{a}")
    print(f"(a) dashboard via services (roll-ups): median {service_ms:8.1f} ms")
    print(f"(b) same figures by plain SQL        : median {sql_ms:8.1f} ms")
    print(f"ratio (b)/(a): {sql_ms / service_ms:.0f}x   (targets: (a) <= 50 ms, ratio >= 20x)")
    for course in index.courses[:1]:  # the course filter reads per-person rows and the answers
        course_ms, _board = median_ms(lambda c=course: reporting.dashboard(
            SYSTEM_USER, period, today=today, course_id=c.id), max(3, args.runs // 3))
        print(f"(c) filtered by course {course.id!r}: median {course_ms:8.1f} ms "
              f"({course_ms / service_ms:.1f}x (a))")
    print("figures agree" if not problems else "FIGURES DIFFER:\n  " + "\n  ".join(problems))
    with_p99, without_p99 = commit_p99(services, 200)
    print(f"answer commit p99: {with_p99:.1f} ms with roll-ups, {without_p99:.1f} ms without "
          f"({with_p99 / without_p99:.1f}x)")
    services.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
