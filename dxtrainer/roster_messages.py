"""Sentences for the roster import (problems, planned changes, summaries), for GUI and CLI alike.

The records come from dxtrainer.services.roster; they are only read here, so that the UI can use
these functions without importing the database layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dxtrainer.i18n import _

if TYPE_CHECKING:
    from dxtrainer.services.roster import (
        FieldChange,
        ImportPlan,
        ImportResult,
        NewDepartment,
        RosterProblem,
        StaffAddition,
        StaffChange,
        StaffLeaver,
    )


def role_name(role: str) -> str:
    names = {"learner": _("職員"), "manager": _("管理職"), "trainer": _("研修担当"),
             "hr": _("人事")}
    return names.get(str(role), str(role))


def column_name(column: str) -> str:
    names = {"staff_no": _("職員番号"), "name": _("氏名"), "kana": _("フリガナ"),
             "department": _("所属"), "division": _("部"), "section": _("課"), "unit": _("係"),
             "role": _("役割"), "hired_on": _("採用日"), "os_account": _("Windowsアカウント")}
    return names.get(str(column), str(column))


def field_name(roster_field: str) -> str:
    names = {"name": _("氏名"), "kana": _("フリガナ"), "role": _("役割"),
             "department": _("所属"), "hired_on": _("採用日"), "active": _("在職"),
             "os_account": _("Windowsアカウント")}
    return names.get(str(roster_field), str(roster_field))


def _list(items: object) -> str:
    values = items if isinstance(items, list | tuple) else [items]
    return _("、").join(str(v) for v in values)


def _templates() -> dict[str, str]:
    return {
        "file-not-found": _("ファイルが見つかりません。ファイル名と場所を確認してください。"),
        "unsupported-format": _("「{suffix}」のファイルは読み込めません。CSV(.csv)か Excel(.xlsx)で"
                                "保存してください。"),
        "unreadable": _("ファイルを読み込めません({detail})。Excel で開けるか確認し、CSV か .xlsx で"
                        "保存し直してください。"),
        "unreadable-encoding": _("文字コードを判別できません。Excel で「CSV UTF-8(コンマ区切り)」か"
                                 "「CSV(コンマ区切り)」を選んで保存し直してください。"),
        "no-rows": _("名簿に職員の行がありません。"),
        "missing-columns": _("見出しの行に {columns} の列が見つかりません。1 行目に職員番号・氏名・所属"
                             "などの見出しを入れてください。"),
        "no-hr-left": _("この名簿を取り込むと、役割が「人事」の有効な職員が 1 人もいなくなります。"
                        "少なくとも 1 人は役割を「人事」にしてください。"),
        "missing-staff-no": _("職員番号が空欄です。番号を入力して再度取り込んでください。"),
        "duplicate-staff-no": _("職員番号 {staff_no} が {first} 行目と重複しています。"
                                "どちらかの行を直してください。"),
        "missing-name": _("氏名が空欄です。氏名を入力して再度取り込んでください。"),
        "unknown-role": _("役割「{value}」は使えません。空欄(職員)・管理職・研修担当・人事の"
                          "どれかにしてください。"),
        "missing-department": _("所属が空欄です。「総務部 総務課」のように部・課(・係)を"
                                "入力してください。"),
        "department-too-deep": _("所属「{value}」は階層が深すぎます。部・課・係の {depth} 段までに"
                                 "してください。"),
        "ambiguous-department": _("所属「{value}」に当てはまる部署が複数あります({candidates})。"
                                  "「総務部 総務課」のように部から書いてください。"),
        "bad-date": _("採用日「{value}」を日付として読めません。2024/04/01 のように入力してください。"),
    }


def describe_roster_problem(problem: RosterProblem, with_row: bool = True) -> str:
    """「名簿の12行目: 職員番号が空欄です。…」 (without the row part when `with_row` is False)."""
    params = dict(problem.params)
    params.setdefault("path", problem.path)
    if "columns" in params:
        params["columns"] = _list([column_name(c) for c in params["columns"]])  # type: ignore[union-attr]
    if "candidates" in params:
        params["candidates"] = _list(params["candidates"])
    template = _templates().get(problem.code, problem.code)
    try:
        sentence = template.format(**params)
    except (KeyError, IndexError):
        sentence = template
    if with_row and problem.row is not None:
        return _("名簿の{row}行目: {sentence}").format(row=problem.row, sentence=sentence)
    return sentence


def format_roster_problem(problem: RosterProblem) -> str:
    """`file:row: error: sentence` (`file: error: sentence` for the whole file), as editors and
    CI understand."""
    where = problem.path if problem.row is None else f"{problem.path}:{problem.row}"
    return f"{where}: error: {describe_roster_problem(problem, with_row=False)}"


def _value(roster_field: str, value: str) -> str:
    if not value:
        return _("(なし)")
    return role_name(value) if str(roster_field) == "role" else value


def describe_field_change(change: FieldChange) -> str:
    """「所属 市民課 → 総務部 › 総務課」."""
    if str(change.field) == "active":
        return _("無効 → 有効(再登録)")
    return _("{field} {old} → {new}").format(field=field_name(change.field),
                                              old=_value(change.field, change.old),
                                              new=_value(change.field, change.new))


def describe_addition(addition: StaffAddition) -> str:
    return _("追加: {staff_no} {name}({department}、{role})").format(
        staff_no=addition.staff_no, name=addition.name, department=addition.department,
        role=role_name(addition.role))


def describe_change(change: StaffChange) -> str:
    return _("変更: {staff_no} {name}: {details}").format(
        staff_no=change.staff_no, name=change.name,
        details=_("、").join(describe_field_change(c) for c in change.changes))


def describe_leaver(leaver: StaffLeaver) -> str:
    return _("無効化: {staff_no} {name}({department})").format(
        staff_no=leaver.staff_no, name=leaver.name, department=leaver.department or _("(なし)"))


def describe_new_department(department: NewDepartment) -> str:
    return _("新しい所属: {path}").format(path=department.path)


def plan_lines(plan: ImportPlan) -> list[str]:
    """One line per planned change: new departments, additions, changes, leavers."""
    return [*map(describe_new_department, plan.departments_to_create),
            *map(describe_addition, plan.to_add), *map(describe_change, plan.to_change),
            *map(describe_leaver, plan.to_deactivate)]


def plan_summary(plan: ImportPlan) -> str:
    if plan.is_empty and not plan.errors:
        return _("名簿 {rows} 行を確認しました。変更はありません(登録内容と一致しています)。").format(
            rows=plan.rows)
    return _("名簿 {rows} 行: 追加 {added} 人、変更 {changed} 人(うち異動 {transfers} 人)、"
             "無効化 {deactivated} 人、新しい所属 {departments} 件、エラー {errors} 件").format(
        rows=plan.rows, added=len(plan.to_add), changed=len(plan.to_change),
        transfers=sum(1 for c in plan.to_change if c.is_transfer),
        deactivated=len(plan.to_deactivate), departments=len(plan.departments_to_create),
        errors=len(plan.errors))


def result_summary(result: ImportResult) -> str:
    if not result.applied:
        return _("エラーがあるため、名簿を取り込みませんでした。登録内容は変わっていません。")
    return _("名簿を取り込みました: 追加 {added} 人、変更 {changed} 人(うち異動 {transferred} 人、"
             "再登録 {reactivated} 人)、無効化 {deactivated} 人、新しい所属 {departments} 件、"
             "取り込まなかった行 {skipped} 行").format(
        added=result.added, changed=result.changed, transferred=result.transferred,
        reactivated=result.reactivated, deactivated=result.deactivated,
        departments=result.departments_created, skipped=result.skipped_rows)
