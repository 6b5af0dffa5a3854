"""`dxtrainer verify-certificate CODE`: anyone, read-only, forgiving how the code is typed;
says whose certificate it is and whether it was revoked; an unknown code exits 1."""

from __future__ import annotations

import subprocess
import sys

from dxtrainer.cli import main
from tests.conftest import REPO, SAMPLE_CONTENT
from tests.services.course_helpers import add_department, add_person, complete_course


def test_verify_certificate_says_whose_it_is_and_whether_revoked(services, db_path, capsys):
    city = add_department(services, "c1", "市民課")
    learner = add_person(services, "2001", city, name="山田 花子")
    hr = add_person(services, "2003", None, role="hr")
    complete_course(services, learner.staff_id)
    [cert] = services.certificates.issue_due(learner)
    base = ["--database", str(db_path), "--content", str(SAMPLE_CONTENT)]
    typed = cert.code.lower().replace("-", "")
    assert main(["verify-certificate", typed, *base]) == 0  # no sign-in asked for
    out = capsys.readouterr().out
    assert "この修了証は有効です。" in out and "山田 花子" in out and "市民課" in out
    assert "テスト用コース" in out and cert.code in out
    services.certificates.revoke(hr, cert.id, "記録の誤り")
    fullwidth = cert.code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert main(["verify-certificate", fullwidth, *base]) == 3
    out = capsys.readouterr().out
    assert "取り消されています" in out and "記録の誤り" in out
    assert main(["verify-certificate", "ABCD-EFGH-JKLM", *base]) == 1
    assert "見つかりません" in capsys.readouterr().out
    services.close()


def test_verify_certificate_from_the_command_line_never_writes(db_path, tmp_path):
    from dxtrainer.services.container import open_services

    open_services(db_path, SAMPLE_CONTENT).close()
    before = db_path.read_bytes()
    done = subprocess.run([sys.executable, "-m", "dxtrainer", "verify-certificate", "XXXX",
                           "--database", str(db_path), "--content", str(SAMPLE_CONTENT)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "見つかりません" in done.stdout and "Traceback" not in done.stderr
    assert db_path.read_bytes() == before
