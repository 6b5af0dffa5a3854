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
