"""`dxtrainer import-roster`: preview lines, apply, refusals and exit codes, never a traceback."""

from __future__ import annotations

from pathlib import Path

from dxtrainer.cli import main
from tests.conftest import REPO, SAMPLE_CONTENT
from tests.hr_signin import add_hr_admin, as_hr

GOOD = ["職員番号,氏名,フリガナ,所属,役割",
        "1001,山田 花子,やまだ はなこ,総務部 総務課,",
        "1002,佐藤 一郎,サトウ イチロウ,市民部 市民課,管理職"]


def csv_file(tmp_path: Path, lines: list[str], name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    return path


def run(tmp_path: Path, *args: str) -> int:
    """import-roster on tmp_path/db.sqlite3; with --apply, signed in as HR (the HR admin is
    9000, outside these rosters' departments; a full sync keeps them by listing them)."""
    db = tmp_path / "db.sqlite3"
    sign_in = as_hr(tmp_path, db) if "--apply" in args else []
    return main(["import-roster", *args, "--database", str(db), "--content", str(SAMPLE_CONTENT),
                 *sign_in])


def test_preview_prints_each_change_and_writes_nothing(tmp_path, capsys):
    path = csv_file(tmp_path, GOOD)
    assert run(tmp_path, str(path)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "新しい所属: 総務部", "新しい所属: 総務部 › 総務課", "新しい所属: 市民部",
        "新しい所属: 市民部 › 市民課", "追加: 1001 山田 花子(総務部 › 総務課、職員)",
        "追加: 1002 佐藤 一郎(市民部 › 市民課、管理職)"]
    assert out[6] == ("名簿 2 行: 追加 2 人、変更 0 人(うち異動 0 人)、無効化 0 人、"
                      "新しい所属 4 件、エラー 0 件")
    assert "--apply" in out[7]
    assert run(tmp_path, str(path)) == 0  # still all new: the preview wrote nothing
    assert "追加 2 人" in capsys.readouterr().out


def test_apply_then_a_transfer_and_a_full_sync(tmp_path, capsys):
    path = csv_file(tmp_path, GOOD)
    assert run(tmp_path, str(path), "--apply") == 0
    assert "名簿を取り込みました: 追加 2 人" in capsys.readouterr().out
    assert run(tmp_path, str(path)) == 0
    assert capsys.readouterr().out.strip() == (
        "名簿 2 行を確認しました。変更はありません(登録内容と一致しています)。")

    moved = csv_file(tmp_path, [GOOD[0], "1001,山田 花子,ヤマダ ハナコ,市民部 市民課,",
                                "9000,人事 太郎,ジンジ タロウ,市民部 市民課,人事"], "april.csv")
    assert run(tmp_path, str(moved), "--full-sync") == 0
    out = capsys.readouterr().out.splitlines()
    assert "変更: 1001 山田 花子: 所属 総務部 › 総務課 → 市民部 › 市民課" in out
    assert "無効化: 1002 佐藤 一郎(市民部 › 市民課)" in out
    assert run(tmp_path, str(moved), "--full-sync", "--apply") == 0
    assert "無効化 1 人" in capsys.readouterr().out
    assert run(tmp_path, str(moved), "--full-sync") == 0
    assert "変更はありません" in capsys.readouterr().out


def test_row_errors_exit_one_and_apply_refuses_unless_allowed(tmp_path, capsys):
    path = csv_file(tmp_path, [*GOOD, ",名無し 太郎,,総務部 総務課,", "1004,鈴木 次郎,,総務部,社長"])
    assert run(tmp_path, str(path)) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:4: error: 職員番号が空欄です。番号を入力して再度取り込んでください。" in out
    assert any(line.startswith(f"{path}:5: error: 役割「社長」") for line in out)

    assert run(tmp_path, str(path), "--apply") == 1
    out = capsys.readouterr().out
    assert "取り込みませんでした" in out and "--allow-errors" in out
    assert run(tmp_path, str(csv_file(tmp_path, GOOD, "good.csv"))) == 0
    assert "追加 2 人" in capsys.readouterr().out  # nothing was written

    assert run(tmp_path, str(path), "--apply", "--allow-errors") == 0
    assert "取り込まなかった行 2 行" in capsys.readouterr().out


def test_bad_files_give_a_sentence_and_exit_two(tmp_path, capsys):
    missing = tmp_path / "nope.csv"
    assert run(tmp_path, str(missing)) == 2
    err = capsys.readouterr().err
    assert f"{missing}: error: ファイルが見つかりません。" in err and "Traceback" not in err
    garbage = tmp_path / "roster.xlsx"
    garbage.write_bytes(b"\x00garbage" * 50)
    assert main(["import-roster", str(garbage), "--apply", "--database",
                 str(tmp_path / "db.sqlite3")]) == 2  # refused before any sign-in
    assert "ファイルを読み込めません" in capsys.readouterr().err
    no_header = csv_file(tmp_path, ["a,b,c", "1,2,3"], "plain.csv")
    assert run(tmp_path, str(no_header)) == 2
    assert "職員番号、氏名、所属 の列が見つかりません" in capsys.readouterr().err
    assert not (tmp_path / "db.sqlite3").exists()  # the database was never opened


def test_the_shipped_sample_roster_reads_cleanly(tmp_path, capsys):
    assert run(tmp_path, str(REPO / "docs/samples/roster-sample.csv")) == 0
    assert "追加 10 人" in capsys.readouterr().out


def test_a_command_line_import_is_logged_under_the_hr_admin_who_signed_in(tmp_path):
    from sqlalchemy import select

    from dxtrainer.cli import main
    from dxtrainer.db.models import AccessLog
    from dxtrainer.services.container import open_services
    from tests.conftest import SAMPLE_CONTENT

    roster = tmp_path / "r.csv"
    roster.write_text("職員番号,氏名,所属\n1,山田 花子,総務部 総務課\n", encoding="utf-8-sig")
    db = tmp_path / "x.sqlite3"
    assert main(["import-roster", str(roster), "--apply", "--database", str(db),
                 "--content", str(SAMPLE_CONTENT), *as_hr(tmp_path, db)]) == 0
    services = open_services(db, SAMPLE_CONTENT)
    with services.sessions() as s:
        [entry] = s.scalars(select(AccessLog)).all()
    services.close()
    assert entry.actor_id == add_hr_admin(db) and entry.action == "roster-import"
    assert "r.csv" in entry.detail
