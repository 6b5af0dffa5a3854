"""Turns the codes that core code returns into sentences (one place for GUI and command line)."""

from __future__ import annotations

from dxtrainer import i18n
from dxtrainer.domain.content import Category, Problem
from dxtrainer.domain.periods import Period, PeriodKind, fiscal_year, period_label
from dxtrainer.i18n import _


def category_name(category: Category | str) -> str:
    names = {
        Category.MINDSET: _("マインド・スタンス"),
        Category.WHY: _("Why(DXの背景)"),
        Category.WHAT_DATA: _("What(データ)"),
        Category.WHAT_TECH: _("What(デジタル技術)"),
        Category.HOW_USE: _("How(活用)"),
        Category.HOW_CAUTION: _("How(留意点)"),
    }
    return names.get(Category(category), str(category))


def period_text(period: Period) -> str:
    """令和8年度 / 令和8年度 第1四半期 / 令和8年4月 in Japanese; FY2026, FY2026 Q1 or April 2026
    in English (the exports for meetings keep 令和 either way)."""
    if i18n.current() == "ja":
        return period_label(period)
    fy = fiscal_year(period.start)
    if period.kind is PeriodKind.FISCAL_YEAR:
        return f"FY{fy}"
    if period.kind is PeriodKind.QUARTER:
        return f"FY{fy} Q{(period.start.month - 4) % 12 // 3 + 1}"
    return period.start.strftime("%B %Y")


def admonition_titles() -> dict[str, str]:
    return {"point": _("ポイント"), "caution": _("注意"), "example": _("事例")}


def _problem_templates() -> dict[str, str]:
    return {
        "unreadable": _("ファイルを開けません({detail})。"),
        "not-utf8": _("文字コードが UTF-8 ではありません。UTF-8 で保存し直してください。"),
        "no-front-matter": _("先頭に --- で囲んだフロントマター(id や title)がありません。"),
        "front-matter-unclosed": _("フロントマターを閉じる --- の行がありません。"),
        "front-matter-not-mapping": _("フロントマターは「項目: 値」の形で書いてください。"),
        "bad-yaml": _("YAML の書き方に誤りがあります({detail})。字下げや「:」の後の空白を確認してください。"),
        "missing-field": _("「{field}」がありません。必ず書いてください。"),
        "not-text": _("「{field}」は文字で書いてください。"),
        "not-text-list": _("「{field}」は文字の一覧(- で始まる行)で書いてください。"),
        "not-integer": _("「{field}」は {minimum} 以上の整数で書いてください。"),
        "not-boolean": _("「{field}」は true か false で書いてください。"),
        "bad-id": _("「{field}」の値「{value}」は使えません。半角英小文字・数字・ハイフンだけで書いてください。"),
        "id-not-filename": _("id「{id}」がファイル名「{stem}」と違います。そろえると探しやすくなります。"),
        "bad-category": _("category「{value}」は使えません。次のどれかにしてください: {allowed}"),
        "sources-not-list": _("sources は、title・publisher・date を持つ項目の一覧で書いてください。"),
        "empty-body": _("本文がありません。"),
        "duplicate-lesson-id": _("レッスン ID「{id}」は {other} でも使われています。ID を変えてください。"),
        "unknown-prerequisite": _("prerequisites のレッスン「{id}」が見つかりません。ID を確認してください。"),
        "prerequisite-cycle": _("レッスン「{id}」の prerequisites がたどると自分に戻ります(循環)。順序を見直してください。"),
        "remote-image": _("インターネット上の画像「{target}」は表示できません。content/lessons/images/ に置いてください。"),
        "unknown-lesson-link": _("リンク先のレッスン「{target}」が見つかりません。"),
        "unknown-glossary-link": _("用語集に「{target}」がありません。glossary.yaml に追加するか、ID を直してください。"),
        "bad-link": _("リンク「{target}」は使えません。lesson:ID、glossary:ID、または http(s) のアドレスにしてください。"),
        "bad-image-path": _("画像「{target}」は content/lessons/ の中の画像ファイル(PNG・JPEG・GIF・SVG)にしてください。"),
        "missing-image": _("画像ファイル「{target}」が見つかりません。"),
        "quiz-not-mapping": _("クイズは id・lesson・questions を持つ形で書いてください。"),
        "bad-pass-mark": _("pass_mark「{value}」は 0 より大きく 1 以下の数(例: 0.8)にしてください。"),
        "no-questions": _("questions に問題が 1 つもありません。"),
        "question-not-mapping": _("問題は id・type・prompt などを持つ形で書いてください。"),
        "duplicate-question-id": _("問題 ID「{id}」が {first_line} 行目と重複しています。"),
        "bad-question-type": _("type「{value}」は使えません。次のどれかにしてください: {allowed}"),
        "truefalse-answer": _("問題「{id}」: ○×問題には answer: true か answer: false が必要です。"),
        "ordering-too-few": _("問題「{id}」: 並べ替え問題には items が 2 つ以上必要です。"),
        "no-choices": _("問題「{id}」: {field} がありません。"),
        "choice-not-mapping": _("問題「{id}」: 選択肢は id と text を持つ形で書いてください。"),
        "duplicate-choice-id": _("問題「{id}」: 選択肢 ID「{choice}」が重複しています。"),
        "wrong-choice-unexplained": _("問題「{id}」: 不正解の選択肢「{choice}」に explanation(なぜ違うか)がありません。"),
        "no-correct-choice": _("問題「{id}」: 正解の選択肢(correct: true)がありません。"),
        "single-many-correct": _("問題「{id}」: single(択一)なのに正解が {count} つあります。1 つにするか type: multiple にしてください。"),
        "too-few-choices": _("問題「{id}」: 選択肢が 2 つ以上必要です。"),
        "duplicate-quiz-id": _("クイズ ID「{id}」は {other} でも使われています。"),
        "quiz-unknown-lesson": _("lesson「{lesson}」というレッスンがありません。"),
        "second-quiz-for-lesson": _("レッスン「{lesson}」のクイズは {other} に既にあります。1 レッスン 1 クイズです。"),
        "glossary-no-terms": _("用語集には terms: の一覧が必要です。"),
        "term-not-mapping": _("用語は id・term・definition を持つ形で書いてください。"),
        "duplicate-term-id": _("用語 ID「{id}」が {first_line} 行目と重複しています。"),
        "unknown-related-term": _("用語「{id}」の related にある「{related}」が用語集にありません。"),
        "no-content-folder": _("教材フォルダが見つかりません。--content でフォルダを指定してください。"),
    }


def describe_problem(problem: Problem) -> str:
    template = _problem_templates().get(problem.code, problem.code)
    try:
        return template.format(**problem.params)
    except (KeyError, IndexError):
        return template


def format_problem(problem: Problem) -> str:
    """`file:line: error|warning: message`, the form editors and CI understand."""
    return f"{problem.path}:{problem.line}: {problem.severity}: {describe_problem(problem)}"


def _service_error_templates() -> dict[str, str]:
    return {
        "access-denied": _("この操作を行う権限がありません。"),
        "database-busy": _("データベースが混み合っているため、記録できませんでした。少し待ってから、"
                           "もう一度操作してください。"),
        "internal": _("予期しない問題が起きました。もう一度操作してください。続くときは、記録ファイル "
                      "{log} を添えて情報システム担当者に連絡してください。"),
    }


def service_error_text(code: str, **detail: object) -> str:
    """The sentence for a ServiceError code (unknown codes get the general apology)."""
    templates = _service_error_templates()
    template = templates.get(code, templates["internal"])
    try:
        return template.format(**detail)
    except (KeyError, IndexError):
        return template.replace("{log}", str(detail.get("log", "")))
