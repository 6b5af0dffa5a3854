"""`dxtrainer import-quiz` and `export-quiz`: output where asked (stdout by default), every
problem as file:line on stderr, exit codes 0 / 1 (some questions left out) / 2 (unusable input)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dxtrainer import i18n
from dxtrainer.cli import main
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "gift"
GOOD = "::q1::DXの目的はどれですか。{=住民サービスの向上#そのとおりです。~機器の導入#手段です。" \
       "~人員の削減#目的ではありません。####DXは住民サービスを変えることです。}\n"


@pytest.fixture(autouse=True)
def _japanese_afterwards():
    yield
    i18n.install("ja")


def test_clean_bank_goes_to_stdout_and_exits_zero(tmp_path, capsys):
    source = tmp_path / "bank.gift"
    source.write_text(GOOD, encoding="utf-8")
    assert main(["import-quiz", str(source), "--lesson", "dx-basics"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("id: dx-basics\nlesson: dx-basics\n")
    assert "DXの目的はどれですか。" in captured.out
    assert "1 問を取り込みました。取り込めなかった問題: 0 問。" in captured.err


def test_skipped_questions_are_named_by_file_and_line_and_exit_one(tmp_path, capsys):
    output = tmp_path / "features.yaml"
    source = FIXTURES / "features.gift"
    assert main(["import-quiz", str(source), "--lesson", "dx-basics", "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:94: skipped: 記述式(エッセイ)の問題は" in err
    assert f"{source}:100: skipped: 答えの {{ }} の後ろに文が続く穴埋め問題" in err
    assert f"{source}:22: warning: 部分点の答え「半分正しい答え」(50%)は不正解の選択肢に" in err
    assert f"{output}:" in err and "解説がまだ書かれていません" in err  # the validator's word
    assert output.read_text(encoding="utf-8").startswith("id: dx-basics\n")


def test_existing_output_is_kept_unless_forced(tmp_path, capsys):
    source = tmp_path / "bank.gift"
    source.write_text(GOOD, encoding="utf-8")
    output = tmp_path / "out.yaml"
    output.write_text("keep", encoding="utf-8")
    assert main(["import-quiz", str(source), "--lesson", "dx-basics", "-o", str(output)]) == 2
    assert output.read_text(encoding="utf-8") == "keep"
    assert "--force" in capsys.readouterr().err
    assert main(["import-quiz", str(source), "--lesson", "dx-basics", "-o", str(output),
                 "--force"]) == 0
    assert output.read_text(encoding="utf-8").startswith("id: dx-basics")


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00\x00\x81", "説明だけの文。\n".encode()])
def test_unusable_input_exits_two_and_writes_nothing(content, tmp_path, capsys):
    source = tmp_path / "bank.gift"
    source.write_bytes(content)
    output = tmp_path / "out.yaml"
    assert main(["import-quiz", str(source), "--lesson", "dx-basics", "-o", str(output)]) == 2
    assert not output.exists()
    assert "Traceback" not in capsys.readouterr().err


def test_missing_file_and_bad_lesson_id_exit_two(tmp_path, capsys):
    assert main(["import-quiz", str(tmp_path / "none.gift"), "--lesson", "dx-basics"]) == 2
    assert "を読めません" in capsys.readouterr().err
    assert main(["import-quiz", str(FIXTURES / "features.gift"), "--lesson", "DX Basics"]) == 2
    assert "半角英小文字" in capsys.readouterr().err


def test_shift_jis_aiken_is_read_with_a_warning(tmp_path, capsys):
    source = tmp_path / "bank.txt"
    source.write_bytes("職員の研修です。\nA. はい\nB. いいえ\nANSWER: A\n".encode("cp932"))
    assert main(["import-quiz", str(source), "--lesson", "dx-basics"]) == 0
    captured = capsys.readouterr()
    assert "職員の研修です。" in captured.out and "Shift_JIS として読みました" in captured.err


def test_export_gift_reports_ordering_and_reimports(tmp_path, capsys):
    output = tmp_path / "dx-basics.gift"
    assert main(["export-quiz", "dx-basics", "--format", "gift", "-o", str(output),
                 "--content", str(REPO / "content")]) == 1  # q3 is an ordering question
    err = capsys.readouterr().err
    assert "dx-basics.yaml:39: skipped: 問題「q3」(並べ替え)はこの形式では書けないため" in err
    assert main(["import-quiz", str(output), "--lesson", "dx-basics"]) == 0


def test_export_unknown_quiz_exits_two(capsys):
    assert main(["export-quiz", "no-such-quiz", "--format", "aiken",
                 "--content", str(REPO / "content")]) == 2
    assert "no-such-quiz" in capsys.readouterr().err


def test_english_sentences_and_help_through_the_module(tmp_path):
    """Run as the console would: `python -m dxtrainer`, in English."""
    run = subprocess.run(
        [sys.executable, "-m", "dxtrainer", "--lang", "en", "import-quiz",
         str(FIXTURES / "features.gift"), "--lesson", "dx-basics"],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 1
    assert "skipped: " in run.stderr and "essay" in run.stderr.lower()
    assert "記述式" not in run.stderr
    shown = subprocess.run([sys.executable, "-m", "dxtrainer", "--lang", "en", "import-quiz",
                            "--help"], cwd=REPO, capture_output=True, text=True,
                           encoding="utf-8", timeout=120)
    assert "standard output" in shown.stdout


def test_a_lesson_missing_from_the_content_folder_is_named(tmp_path, capsys):
    source = tmp_path / "bank.gift"
    source.write_text(GOOD, encoding="utf-8")
    assert main(["import-quiz", str(source), "--lesson", "no-such-lesson",
                 "--content", str(REPO / "content")]) == 0
    assert "レッスン「no-such-lesson」がありません" in capsys.readouterr().err


def test_export_aiken_writes_single_choice_and_reimports(tmp_path, capsys):
    output = tmp_path / "dx-basics.txt"
    assert main(["export-quiz", "dx-basics", "--format", "aiken", "-o", str(output),
                 "--content", str(REPO / "content")]) == 1  # ordering, multiple, true/false left out
    err = capsys.readouterr().err
    assert "問題「q7」(○×)はこの形式では書けないため" in err and "解説は書き出していません" in err
    assert "ANSWER: C\n" in output.read_text(encoding="utf-8")
    assert main(["import-quiz", str(output), "--lesson", "dx-basics"]) == 0
    assert capsys.readouterr().out.count("type: single") == 6
