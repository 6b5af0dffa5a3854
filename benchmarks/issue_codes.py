"""How long issuing 初期コード for a whole roster takes (issue 7).

Each code is hashed with scrypt (deliberately slow). Codes use N=2^12 (a PIN or password uses
2^14): 40 random bits, a life of days and one use make that cost ample, and the hashes run in a
small thread pool outside the transaction. Prints the time for N codes (default 1,000) through
the service, then the PDF of notices and the CSV, and, for comparison, one code at the PIN cost.

    python3 benchmarks/issue_codes.py [--staff 1000] [--pdf] [--db PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from dxtrainer.db.models import Department, Staff
from dxtrainer.services.container import open_services
from dxtrainer.services.initial_codes import CODE_COST, write_codes_csv
from dxtrainer.services.records import SYSTEM_USER

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=1000)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF of notices")
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dx-codes-"))
    db = args.db or folder / "codes.sqlite3"
    services = open_services(db, REPO / "tests" / "fixtures" / "content")
    with services.sessions.begin() as s:
        dept = Department(code="bench", name="ベンチ課", active=True)
        s.add(dept)
        s.flush()
        first = 900000 + (s.query(Staff).count())
        people = [Staff(staff_no=str(first + i), name=f"職員 {i}", kana="ショクイン",
                        department_id=dept.id, role="learner", active=True,
                        created_at=datetime.now()) for i in range(args.staff)]
        s.add_all(people)
        s.flush()
        ids = [p.id for p in people]
    started = time.perf_counter()
    rows = services.accounts.issue_codes(SYSTEM_USER, ids)
    issued = time.perf_counter() - started
    print(f"{len(rows)} codes issued in {issued:.1f} s "
          f"({issued / len(rows) * 1000:.1f} ms each; scrypt N={CODE_COST}, r=8, "
          f"{min(4, os.cpu_count() or 1)} threads on {os.cpu_count()} CPUs)")
    started = time.perf_counter()
    write_codes_csv(rows, folder / "codes.csv")
    print(f"CSV written in {time.perf_counter() - started:.2f} s")
    if args.pdf:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from dxtrainer.ui.code_notice_pdf import render_notices_headless

        started = time.perf_counter()
        pages = render_notices_headless(rows, folder / "notices.pdf")
        print(f"PDF of {pages} notices written in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    hashlib.scrypt(b"12345678", salt=os.urandom(16), n=2**14, r=8, p=1, dklen=32)
    print(f"for comparison, one hash at the PIN cost (N=2^14): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
