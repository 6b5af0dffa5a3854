"""Turns the codes that core code returns into sentences (one place for GUI and command line)."""

from __future__ import annotations

from dxtrainer import i18n, paths
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
    return i18n.month_year(period.start)


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
        "missing-checked": _("checked(内容を確かめた年月)がありません。統計・期限・制度の記述を確かめた年月を"
                             "「checked: 2026-11」のように書いてください。"),
        "bad-checked": _("checked「{value}」は読み取れません。「checked: 2026-11」のように年と月(YYYY-MM)で"
                         "書いてください。"),
        "checked-in-future": _("checked「{value}」が今日({today})より後の年月です。内容を確かめた年月を"
                               "書いてください。"),
        "checked-stale": _("内容を確かめてから {months} か月たっています(checked: {value})。{limit} か月を"
                           "過ぎたので、統計・期限・制度の記述を確かめ直し、checked を更新してください。"),
        "duplicate-lesson-id": _("レッスン ID「{id}」は {other} でも使われています。ID を変えてください。"),
        "unknown-prerequisite": _("prerequisites のレッスン「{id}」が見つかりません。ID を確認してください。"),
        "prerequisite-cycle": _("レッスン「{id}」の prerequisites がたどると自分に戻ります(循環)。順序を見直してください。"),
        "remote-image": _("インターネット上の画像「{target}」は表示できません。content/lessons/images/ に置いてください。"),
        "html-removed-tag": _("HTML の <{tag}> は表示されません(安全のため取り除かれます)。Markdown で書いてください。"),
        "html-event-handler": _("<{tag}> の {attribute} 属性(スクリプトを動かすもの)は取り除かれます。"),
        "javascript-link": _("javascript: のリンク「{target}」は取り除かれます。lesson:ID などのリンクにしてください。"),
        "html-remote-image": _("インターネット上の画像「{target}」は表示されません。content/lessons/images/ に置いてください。"),
        "html-removed-link": _("リンク「{target}」は取り除かれます。lesson:ID、glossary:ID、または http(s) のアドレスにしてください。"),
        "external-link": _("本文にアプリの外へ出るリンク「{target}」があります。庁内ネットワークからは開けないことがあります。読む人は確認の後にブラウザで開きます。参考資料なら sources: に書くこともできます。"),
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
        "explanation-todo": _("問題「{id}」: 解説がまだ書かれていません(TODO のままです)。答えの理由がわかる解説を書いてください。"),
        "wrong-choice-unexplained": _("問題「{id}」: 不正解の選択肢「{choice}」に explanation(なぜ違うか)がありません。"),
        "answers-not-text": _("問題「{id}」: {field} は文字の一覧(例: [DX, デジタル])で書いてください。"),
        "short-no-answers": _("問題「{id}」: 記述問題には正解の一覧 answers が必要です。"),
        "short-duplicate-answer": _("問題「{id}」: 正解「{answer}」は「{same}」と同じ答えとして扱われます"
                                    "(全角・半角、大文字・小文字、ひらがな・カタカナ、空白は区別しません)。"
                                    "どちらかを消してください。"),
        "numeric-no-answer": _("問題「{id}」: 数値問題には answer(と tolerance)か、min と max が必要です。"),
        "numeric-answer-and-range": _("問題「{id}」: answer と min / max は同時に書けません。どちらかにしてください。"),
        "numeric-not-number": _("問題「{id}」: {field}「{value}」は数として読めません。"),
        "numeric-bad-tolerance": _("問題「{id}」: tolerance「{value}」は 0 以上の数にしてください。"),
        "numeric-tolerance-without-answer": _("問題「{id}」: tolerance は answer と一緒に使います。"
                                              "min / max には書かないでください。"),
        "numeric-half-range": _("問題「{id}」: 範囲で書くときは min と max の両方が必要です({missing} がありません)。"),
        "numeric-bad-range": _("問題「{id}」: min「{min}」が max「{max}」より大きくなっています。"),
        "matching-too-few": _("問題「{id}」: 組み合わせ問題には pairs(left と right の組)が {minimum} つ以上必要です。"),
        "pair-not-mapping": _("問題「{id}」: pairs の各行は left と right の両方を書いてください。"),
        "matching-duplicate-left": _("問題「{id}」: 左側の項目「{left}」が {first_line} 行目と重複しています。"),
        "matching-distractor-is-answer": _("問題「{id}」: distractors の「{text}」は、どれかの項目の正解と同じです。"
                                           "正解にならない答えだけを書いてください。"),
        "matching-duplicate-distractor": _("問題「{id}」: distractors に「{text}」が 2 回あります。"),
        "no-correct-choice": _("問題「{id}」: 正解の選択肢(correct: true)がありません。"),
        "single-many-correct": _("問題「{id}」: single(択一)なのに正解が {count} つあります。1 つにするか type: multiple にしてください。"),
        "too-few-choices": _("問題「{id}」: 選択肢が 2 つ以上必要です。"),
        "multiple-few-distractors": _("問題「{id}」: 複数選択の問題なのに、誤りの選択肢が {count} つしか"
                                      "ありません。もっともらしい誤りの選択肢を {minimum} つ以上にしてください。"),
        "keys-at-one-position": _("shuffle: false なのに、択一問題 {total} 問のうち {count} 問で正解が "
                                  "{position} 番目の選択肢です。正解の位置をばらつかせるか、shuffle: true に"
                                  "してください。"),
        "similar-prompt": _("問題「{id}」の問題文が {other}(問題「{other_id}」)とほとんど同じです(類似度 "
                            "{percent}%)。同じ事柄を何度も問わないよう、どちらかを別の内容にしてください。"),
        "duplicate-quiz-id": _("クイズ ID「{id}」は {other} でも使われています。"),
        "quiz-unknown-lesson": _("lesson「{lesson}」というレッスンがありません。"),
        "form-without-course": _("form は事前・事後テストの書き方です。course(コース ID)も書いてください。"),
        "course-test-with-lesson": _("事前・事後テスト(course のあるクイズ)には lesson を書きません。どちらか一方にしてください。"),
        "bad-form": _("form「{value}」は使えません。次のどれかにしてください: {allowed}"),
        "courses-no-list": _("courses.yaml には「courses:」の下にコースの一覧を書いてください。"),
        "course-not-mapping": _("コースは id・title・max_minutes・lessons・tests を持つ項目で書いてください。"),
        "duplicate-course-id": _("コース ID「{id}」は {first_line} 行目でも使われています。"),
        "course-unknown-lesson": _("コース「{course}」のレッスン「{lesson}」が見つからないか、内容に誤りがあります。このコースは直るまで使えません。"),
        "course-lesson-uncounted": _("コース「{course}」のレッスン「{lesson}」に誤りがあるため、直るまでこのコースは使えません。"),
        "course-lesson-twice": _("コース「{course}」に同じレッスンが 2 回入っています。"),
        "course-unknown-test": _("コース「{course}」のテスト「{test}」が見つからないか、内容に誤りがあります。このコースは直るまで使えません。"),
        "course-test-other-course": _("テスト「{test}」はコース「{other}」のものです(コース「{course}」に書かれています)。"),
        "course-needs-two-forms": _("コース「{course}」には、form が {forms} の 2 つのテストを 1 つずつ指定してください。"),
        "course-too-long": _("コース「{course}」のレッスンの目安時間は合計 {minutes} 分で、上限の {limit} 分を超えています。"),
        "course-test-unknown-course": _("テスト「{test}」のコース「{course}」は courses.yaml にありません。"),
        "second-quiz-for-lesson": _("レッスン「{lesson}」のクイズは {other} に既にあります。1 レッスン 1 クイズです。"),
        "glossary-no-terms": _("用語集には terms: の一覧が必要です。"),
        "term-not-mapping": _("用語は id・term・definition を持つ形で書いてください。"),
        "duplicate-term-id": _("用語 ID「{id}」が {first_line} 行目と重複しています。"),
        "unknown-related-term": _("用語「{id}」の related にある「{related}」が用語集にありません。"),
        "no-content-folder": _("教材フォルダが見つかりません。--content でフォルダを指定してください。"),
        "question-changed-without-version": _(
            "クイズ「{quiz}」の問題「{id}」の問題文・選択肢・正解が、公開中の教材から変わっていますが、"
            "version も revision も同じです。統計を分けるため、クイズの revision(小さな修正)か "
            "version(大きな変更)を 1 つ上げてから公開してください。"),
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
        "setup-content-invalid": _("準備用ファイルの教材に誤りが {count} 件あり、教材は公開していません"
                                   "(名簿と必修研修は取り込みました)。書き出し元で教材を検査してください。"),
        "bad-home-page": _("ホームページは http:// か https:// で始まるアドレスで指定してください。"),
        "lrs-failed": _("LRS({url})が受け付けませんでした(HTTP {status})。送り先のアドレスと、"
                        "ユーザー名・パスワードを確かめてください。"),
        "lrs-unreachable": _("LRS({url})につながりません。アドレスとネットワークを確かめてください。"),
        "bundle-unreadable": _("このファイルは学習記録の書き出しファイルとして読めません(途中で切れているか、"
                               "別のファイルです)。何も取り込んでいません。書き出し元でもう一度書き出してください。"),
        "bundle-wrong-format": _("このファイルは DX Trainer の学習記録の書き出しファイルではありません(形式: {found})。"
                                 "何も取り込んでいません。"),
        "bundle-wrong-schema": _("このファイルはデータベースの版が違う DX Trainer で書き出されました(ファイル: {found}、"
                                 "このデータベース: {expected})。両方を同じ版に更新してから書き出し直してください。"
                                 "何も取り込んでいません。"),
        "bundle-altered": _("このファイルは書き出した後に変更されたか、一部が欠けています(内容の検査値が合いません)。"
                            "何も取り込んでいません。書き出し元でもう一度書き出してください。"),
        "unknown-staff-no": _("職員番号「{staff_no}」の職員は登録されていません。番号を確かめてください。"),
        "bad-retention-years": _("保存期間は 1〜100 年の整数で指定してください。"),
        "no-staff-selected": _("初期コードを発行する職員を選んでください。"),
        "staff-not-found": _("選んだ職員のうち {count} 人が見つからないか、無効になっています。"
                             "一覧を更新して選び直してください。"),
        "bad-password": _("パスワードは英字と数字を含む 8 文字以上にしてください。"),
        "missing-field": _("職員番号と氏名を入力してください。"),
        "duplicate-staff-no": _("その職員番号は既に登録されています。"),
        "bad-code-days": _("初期コードの有効日数は 1〜{maximum} 日で指定してください。"),
        "database-on-network-drive": _(
            "データベース「{database}」は、ネットワークドライブ(共有フォルダー)の上にあります。SQLite の"
            "ファイルを複数の PC から共有すると、記録が失われたりファイルが壊れたりするおそれがあります。"
            "この PC のドライブに置くか、複数の PC で使うときは PostgreSQL のサーバーを使ってください"
            "(配備の手引き docs/deployment.md)。"),
        "database-needs-upgrade": _(
            "データベース「{database}」は、このアプリより前の版の形式のままです。共有のデータベースは"
            "開くだけでは更新しません。人事担当者が dxtrainer upgrade-database で更新してから、"
            "もう一度開いてください。"),
        "app-older-than-database": _(
            "このアプリ(版 {version})は、データベース「{database}」に書き込むには古いため、見るだけの"
            "状態で開きました。記録を残すには、アプリを版 {required} 以降に更新してください。"),
        "database-newer-than-app": _(
            "データベース「{database}」は、このアプリより新しい版で更新されています。このアプリでは更新"
            "できません。アプリを新しい版にしてから実行してください。"),
        "content-differs-from-database": _(
            "このPCの教材は、データベース「{database}」に登録されている教材と異なります。このPCの教材で"
            "表示しますが、共有の登録内容は変えていません。揃えるには、このPCの教材を更新するか、"
            "人事担当者が dxtrainer upgrade-database で登録し直してください。"),
        "demo-holds-real-staff": _(
            "データベース「{database}」には実在の職員が登録されているため、デモ用の組織を作りません"
            "(作り直しもしません)。デモは、空のデータベースか、--database を付けずに試してください。"),
        "database-empty": _(
            "データベース「{database}」にはまだ何も登録されていません。見るだけの状態では開けないため、"
            "書き込める場所のデータベースを指定してください。"),
        "database-opened-read-only": _(
            "データベース「{database}」は見るだけの状態で開いているため、変更できません。"),
        # Backups and restores (services/backups.py)
        "backup-server-database": _(
            "共有サーバー(PostgreSQL)のデータベースは、このアプリではバックアップ・復元しません。"
            "サーバーの管理者が pg_dump で取得し、pg_restore で戻してください。"),
        "backup-no-database": _("データベース {path} が見つかりません。--database でファイルを"
                                "指定してください。"),
        "backup-failed": _("{path} のバックアップを作れませんでした。保存先のフォルダの空き容量と"
                           "書き込み権限を確かめてください。データベースは変更していません。"),
        "backup-bad-output": _("{path} には保存できません。使用中のデータベースやフォルダではない、"
                               "新しいファイル名を -o で指定してください。"),
        "backup-missing": _("バックアップのファイル {path} が見つかりません。"),
        "backup-is-live": _("{path} は使用中のデータベースそのものです。バックアップのファイルを"
                            "指定してください。"),
        "backup-damaged": _("{path} は壊れているため復元に使えません。別のバックアップを選んで"
                            "ください。"),
        "backup-not-ours": _("{path} は DX Trainer のデータベースではないため、復元に使えません。"),
        "backup-newer": _("{path} は新しい版のアプリで作られたデータベースです。アプリを更新してから"
                          "復元してください。"),
        "backup-none": _("復元に使えるバックアップがありません。"),
        "restore-failed": _("データベース {path} を復元できませんでした。元の内容は {copy} に"
                            "残してあります。情報システム担当者に連絡してください。"),
        "internal": _("予期しない問題が起きました。もう一度操作してください。続くときは、記録ファイル "
                      "{log} を添えて情報システム担当者に連絡してください。"),
        "assignment-incomplete": _("研修名を入力し、レッスンを 1 つ以上選んでください。"),
        "course-not-found": _(
            "このコースは見つかりません。研修担当者がコースを変更した可能性があります。ホームを開き直してください。"),
        "course-pre-test-taken": _("事前テストはもう受けています。事前テストは 1 回だけ受けられます。"),
        "course-post-test-not-open": _(
            "事後テストは、コースのレッスンをすべて修了すると受けられます。"),
        "assignment-not-found": _(
            "この必修研修は見つかりません。ほかの担当者が取り下げた可能性があります。一覧を開き直してください。"),
        "lesson-not-found": _(
            "レッスン「{lesson}」が見つかりません。教材が更新された可能性があります。ホームから選び直してください。"),
        # Opening a database (db/probe.py): each cause its own sentence and next step.
        "database-read-only": _(
            "データベース「{database}」は、ファイルかフォルダーに書き込む権限がないため、記録を保存"
            "できません。ファイルは壊れていません。書き込めるフォルダーに置くか、情報システム担当者に"
            "権限を確かめてもらってください。"),
        "database-no-access": _(
            "データベース「{database}」を読む権限がありません。情報システム担当者にファイルの権限を"
            "確かめてもらってください。"),
        "database-missing": _(
            "データベース「{database}」が見つかりません。ファイルの場所、またはサーバー上のデータベース名を"
            "確かめてください。"),
        "database-locked": _(
            "データベース「{database}」は、ほかのプログラムが使っているため開けません。ほかの "
            "DX Trainer や、このファイルを開いているソフトを閉じてから、もう一度お試しください。"),
        "database-unreachable": _(
            "データベースサーバー「{database}」に接続できません。ネットワークにつながっているか、"
            "サーバーが動いているかを確かめて、もう一度お試しください。続くときは情報システム担当者に"
            "連絡してください。"),
        "database-login-refused": _(
            "データベースサーバー「{database}」がログインを受け付けませんでした。接続に使うユーザー名と"
            "パスワードを情報システム担当者に確かめてもらってください。"),
        "database-too-new": _(
            "データベース「{database}」は、このアプリより新しい版の DX Trainer で作られています。"
            "このアプリを新しい版に更新してください。データベースは変更していません。"),
        "database-not-ours": _(
            "「{database}」は DX Trainer のデータベースではありません。開くファイル(--database)"
            "またはサーバー上のデータベース名を確かめてください。このファイルは変更していません。"),
        "database-damaged": _(
            "データベース「{database}」のファイルが壊れています(SQLite の検査で異常が見つかりました)。"
            "バックアップから戻すか、壊れたファイルを別の名前で残して新しく始めてください。"),
        # The same causes met while working with a database that opened fine.
        "database-busy": _(
            "ほかの端末がデータベースを使っているため、保存できませんでした。少し待ってから、"
            "もう一度操作してください。"),
        "database-read-only-session": _(
            "データベースを読み取り専用で開いているため、この操作はできません。記録するには、書き込める"
            "データベースで開き直してください。"),
        "roles-need-postgresql": _(
            "ロールの設定は PostgreSQL のデータベースにだけ行えます。--database で共有サーバーの URL を"
            "指定してください。"),
        "roles-name-privileged": _(
            "ロール「{role}」はデータベースの所有者か管理者のロールなので、権限を設定し直せません。"
            "--learner-role と --admin-role には、職員の PC と人事の作業用の別の名前を指定して"
            "ください。"),
        "database-connection-lost": _(
            "データベースサーバーとの接続が切れました。ネットワークを確かめて、もう一度操作してください。"),
        "publication-not-found": _(
            "公開番号 {number} の教材はありません(公開は 1〜{last} 番です)。"
            "publish-content --list で確かめてください。"),
        "content-unreadable": _("教材フォルダ {folder} のファイルを読めません。フォルダの場所と権限を"
                                "確かめてください。"),
        # 修了証 and 研修アンケート (services/certificates.py, services/surveys.py)
        "certificate-not-found": _("この修了証は見つかりません。一覧を開き直してください。"),
        "certificate-revoked": _("この修了証は既に取り消されています。"),
        "revoke-needs-reason": _("取り消す理由を入力してください。"),
        "survey-not-open": _("このコースのアンケートは、コースを修了すると回答できます。"),
        "survey-answered": _("このコースのアンケートには、既に回答(または「回答しない」を選択)済みです。"),
        "survey-bad-level": _("満足度と役立ち度は 1〜5 から選んでください。"),
    }


def service_error_text(code: str, **detail: object) -> str:
    """The sentence for a ServiceError code (unknown codes get the general apology)."""
    templates = _service_error_templates()
    template = templates.get(code, templates["internal"])
    values = {"log": paths.log_file(), "database": "", **detail}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template.replace("{log}", str(values["log"]))



def access_action_name(action: str) -> str:
    """The access log's action codes, in words (an unknown code is shown as it is)."""
    names = {
        "staff-list": _("職員一覧を表示"), "outstanding-list": _("未修了者一覧を表示"),
        "issue-code": _("初期コードを発行"), "code-used": _("初期コードを使用"),
        "code-expired": _("初期コードが期限切れ"), "reset-credential": _("PIN・パスワードをリセット"),
        "sign-in-settings": _("サインインの設定を変更"), "settings": _("設定を変更"),
        "roster-import": _("職員名簿を取り込み"), "upgrade-database": _("データベースを更新"),
        "demo-replace": _("デモデータを作り直し"), "export-person": _("個人の記録を書き出し(開示請求)"),
        "read-access-log": _("アクセス記録を閲覧"), "retention-setting": _("保存期間を変更"),
        "anonymise": _("退職者を匿名化"),
        "check-certificate": _("修了証の確認コードを照会"),
        "list-certificates": _("修了証の一覧を表示"),
        "export-certificates": _("修了証の一覧を書き出し"),
        "revoke-certificate": _("修了証を取り消し"),
        "export-survey-comments": _("アンケートのコメントを書き出し"),
        "export-progress": _("学習記録を書き出し"), "import-progress": _("学習記録を取り込み"),
        "export-setup": _("名簿と教材を書き出し(オフライン PC 用)"),
        "import-setup": _("名簿と教材を取り込み(オフライン PC 用)"),
        "export-xapi": _("学習記録を xAPI で書き出し"),
        "setup-postgres-roles": _("データベースの権限を設定"),
    }
    return names.get(action, action)


def record_kind_name(kind: str) -> str:
    """The record kinds of a progress bundle (services/progress_sync.py), in words."""
    names = {
        "attempts": _("クイズの受験"), "answers": _("回答"), "lesson_visits": _("レッスンの閲覧"),
        "lesson_completions": _("レッスンの修了"), "review_answers": _("復習の回答"),
        "review_cards": _("復習の予定"), "certificates": _("修了証"),
        "survey_marks": _("アンケートの回答済み記録"), "survey_responses": _("アンケートの回答(匿名)"),
    }
    return names.get(kind, kind)
