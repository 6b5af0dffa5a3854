"""Qt models over row dataclasses: consistent for Qt (qtmodeltester), fast sort and search."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from dxtrainer.services.records import Role, StaffSummary
from dxtrainer.ui.models.row_table_model import Column, RowFilterModel, RowTableModel
from dxtrainer.ui.models.staff_model import StaffFilterModel, StaffListModel


@dataclass(frozen=True)
class Row:
    name: str
    kana: str
    score: float | None


def table() -> RowTableModel:
    model = RowTableModel([Column("氏名", lambda r: r.name), Column("フリガナ", lambda r: r.kana),
                           Column("得点", lambda r: "—" if r.score is None else f"{r.score}",
                                  lambda r: r.score, True)])
    model.set_rows([Row("山田", "ヤマダ", 0.5), Row("佐藤", "サトウ", None), Row("鈴木", "スズキ", 0.9)])
    return model


def test_row_table_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(table())


def test_sorting_puts_missing_values_last_and_survives_a_refresh():
    model = table()
    proxy = RowFilterModel()
    proxy.setSourceModel(model)
    proxy.sort(2, Qt.SortOrder.AscendingOrder)
    assert [model.row(i).name for i in range(3)] == ["山田", "鈴木", "佐藤"]
    model.set_rows([Row("高橋", "タカハシ", 0.1), *[model.row(i) for i in range(3)]])
    assert [model.row(i).name for i in range(4)] == ["高橋", "山田", "鈴木", "佐藤"]


def test_search_folds_hiragana_and_width():
    model = table()
    proxy = RowFilterModel()
    proxy.setSourceModel(model)
    proxy.set_query("やまだ")
    assert proxy.rowCount() == 1
    proxy.set_query("ｽｽﾞｷ")  # half-width katakana typed on an old keyboard
    assert proxy.rowCount() == 1
    proxy.set_query("")
    assert proxy.rowCount() == 3


def test_staff_list_model(qtmodeltester):
    model = StaffListModel()
    model.set_rows([StaffSummary(1, "1001", "山田 花子", "ヤマダ ハナコ", "市民課", True, Role.LEARNER),
                    StaffSummary(2, "1002", "山田 花子", "ヤマダ ハナコ", "税務課", False)])
    qtmodeltester.check(model)
    proxy = StaffFilterModel()
    proxy.setSourceModel(model)
    proxy.set_query("ぜいむ")
    assert proxy.rowCount() == 0  # 所属 is matched as written (税務課), not by reading
    proxy.set_query("税務")
    assert proxy.rowCount() == 1
    assert "税務課" in proxy.index(0, 0).data()  # namesakes are told apart by 所属
