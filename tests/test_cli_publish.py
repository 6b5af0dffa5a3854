"""`dxtrainer publish-content`: a trainer (or HR admin) publishes, lists and rolls back; learners
and folders with errors publish nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from dxtrainer.cli import main
from dxtrainer.services.container import open_services
from tests.conftest import SAMPLE_CONTENT
from tests.hr_signin import add_hr_admin, credentials_file


def test_a_trainer_publishes_lists_and_rolls_back(tmp_path, capsys):
    db = str(tmp_path / "org.sqlite3")
    add_hr_admin(db, staff_no="7000", password="kenshu2026pass", role="trainer")
    signed = ["--database", db, "--credentials",
              str(credentials_file(tmp_path, "7000", "kenshu2026pass"))]
    root = tmp_path / "draft"
    shutil.copytree(SAMPLE_CONTENT, root)
    lesson = root / "lessons" / "sample-basics.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1),
                      encoding="utf-8")
    capsys.readouterr()

    assert main(["publish-content", str(root), *signed]) == 0
    assert "公開番号 2" in capsys.readouterr().out
    assert main(["publish-content", "--list", "--database", db]) == 0  # no sign-in to look
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("2. ") and "(公開中)" in listed[0] and "人事 太郎" in listed[0]
    assert listed[1].startswith("1. ")
    assert main(["publish-content", "--rollback", "1", *signed]) == 0
    assert "公開番号 3" in capsys.readouterr().out
    services = open_services(db)
    try:
        assert services.publication == 3
        assert services.content.index.lesson("sample-basics").version == 1
    finally:
        services.close()
    assert main(["publish-content", "--rollback", "8", *signed]) == 1
    assert "公開番号 8 の教材はありません" in capsys.readouterr().err


def test_learners_and_folders_with_errors_publish_nothing(tmp_path, capsys):
    db = str(tmp_path / "org.sqlite3")
    add_hr_admin(db, staff_no="7001", password="gakushu2026pass", role="learner")
    add_hr_admin(db)  # an HR admin may publish too
    learner = credentials_file(tmp_path, "7001", "gakushu2026pass", name="learner.txt")
    hr = credentials_file(tmp_path)
    assert main(["publish-content", str(SAMPLE_CONTENT), "--database", db,
                 "--credentials", str(learner)]) == 1
    assert "研修担当者か人事担当者だけ" in capsys.readouterr().err
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE_CONTENT, broken)
    lesson = broken / "lessons" / "sample-basics.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "category: mindset", "category: nonsense", 1), encoding="utf-8")
    assert main(["publish-content", str(broken), "--database", db,
                 "--credentials", str(hr)]) == 1
    err = capsys.readouterr().err
    assert f"{lesson}:" in err and "公開しませんでした" in err
    assert main(["publish-content", str(SAMPLE_CONTENT), "--database", db,
                 "--credentials", str(hr)]) == 0
    assert "同じ内容" in capsys.readouterr().out  # the seed was this very folder
    assert main(["publish-content", "--list", "--database", db]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_without_content_option_the_app_shows_the_published_content(tmp_path):
    """--content is a draft preview on this PC; without it, the newest publication is shown."""
    db = str(tmp_path / "org.sqlite3")
    services = open_services(db, SAMPLE_CONTENT)
    services.close()
    draft = Path(tmp_path / "draft")
    shutil.copytree(SAMPLE_CONTENT, draft)
    lesson = draft / "lessons" / "sample-basics.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: ", "title: 下書き ", 1),
                      encoding="utf-8")
    preview = open_services(db, draft)
    try:
        assert preview.publication is None
        assert preview.content.index.lesson("sample-basics").title.startswith("下書き ")
    finally:
        preview.close()
    published = open_services(db)
    try:
        assert published.publication == 1
        assert not published.content.index.lesson("sample-basics").title.startswith("下書き")
    finally:
        published.close()
