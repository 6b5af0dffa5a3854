"""`dxtrainer item-stats`: question statistics as CSV, JSON or Excel, without any person in them."""

from __future__ import annotations

import io
import json
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from dxtrainer.cli import main
from dxtrainer.db.models import Staff
from dxtrainer.services.demo_org import generate
from tests.conftest import SAMPLE_CONTENT


def test_item_stats_json_csv_and_excel_name_nobody(services, db_path, tmp_path, capsys):
    generate(services, staff=40, months=3, today=date(2026, 11, 30), seed=5)
    with services.sessions() as s:
        names = list(s.scalars(select(Staff.name)))
    services.close()
    base = ["--database", str(db_path), "--content", str(SAMPLE_CONTENT)]
    assert main(["item-stats", "--format", "json", *base]) == 0  # no sign-in asked for
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["format"] == "dxtrainer-item-stats/1" and len(data["questions"]) == 4
    q1 = next(q for q in data["questions"] if q["question"] == "q1")
    assert q1["people"] >= 5 and 0 <= q1["facility"] <= 100
    assert sum(c["share"] for c in q1["choices"]) == 100.0  # single choice: one pick each
    assert main(["item-stats", *base]) == 0  # CSV on stdout
    csv_text = capsys.readouterr().out
    assert "【選択肢ごとの選ばれた割合】" in csv_text and "正答率(%)" in csv_text
    target = tmp_path / "items.xlsx"
    assert main(["item-stats", "-o", str(target), *base]) == 0
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == ["問題ごとの統計", "選択肢ごとの選ばれた割合"]
    cells = " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row)
    assert not any(name in out + csv_text + cells for name in names)
    assert main(["item-stats", "--format", "xlsx", *base]) == 2  # Excel needs a file


def test_item_stats_after_an_edit_are_of_the_new_text(services, user, db_path, tmp_path, capsys):
    from tests.services.test_item_stats import answer_all, edited_quiz, trainer

    who = trainer(services)
    answer_all(services, user, q1_right=False)
    edited = edited_quiz(tmp_path, "text: 誤った選択肢その1", "text: 誤った選択肢(改)")
    assert services.publishing.publish(who, edited).publication is not None
    services.close()
    assert main(["item-stats", "--format", "json", "--database", str(db_path)]) == 0
    by_id = {q["question"]: q for q in json.loads(capsys.readouterr().out)["questions"]}
    assert (by_id["q1"]["people"], by_id["q1"]["earlier_people"]) == (0, 1)
    assert (by_id["q3"]["people"], by_id["q3"]["earlier_people"]) == (1, 0)
    assert by_id["q1"]["hash"] != by_id["q3"]["hash"] and len(by_id["q1"]["hash"]) == 64
    assert main(["item-stats", "--database", str(db_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("クイズ,課,問"))
    assert header.endswith("問題のハッシュ,以前の問題文に答えた人(集計外)")
    row = next(line for line in lines if ",q1," in line and "誤答" not in line)
    assert row.split(",")[-2] == by_id["q1"]["hash"][:12] and row.split(",")[-1] == "1"
