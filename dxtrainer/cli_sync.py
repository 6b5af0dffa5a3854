"""`export-progress` / `import-progress`: learning records carried between databases (an offline PC
and the central server) as one checked file. HR sign-in for both; each use logged."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dxtrainer.i18n import _


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from dxtrainer.cli_signin import add_credentials_option, guard_command

    p = sub.add_parser("export-progress", parents=[common], help=_(
        "学習記録(回答・修了・復習・修了証など)を 1 つのファイルに書き出す(人事担当者のみ)"))
    p.add_argument("--since", metavar="YYYY-MM-DD", help=_("この日以降の記録だけ"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("書き出すファイル"))
    add_credentials_option(p)
    guard_command("export-progress")

    p = sub.add_parser("export-setup", parents=[common], help=_(
        "オフラインの PC を準備するため、名簿・必修研修・公開中の教材を 1 つのファイルに書き出す(人事担当者のみ)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("書き出すファイル"))
    add_credentials_option(p)
    guard_command("export-setup")

    p = sub.add_parser("import-setup", parents=[common], help=_(
        "export-setup のファイルで、この PC の名簿・必修研修・教材をそろえる(人事担当者のみ)"))
    p.add_argument("file", metavar="FILE", help=_("取り込むファイル"))
    add_credentials_option(p)
    guard_command("import-setup")

    p = sub.add_parser("sync-status", parents=[common], help=_(
        "この PC の最後の書き出しと、PC・所属ごとの最新の記録を表示する(人事担当者のみ)"))
    add_credentials_option(p)
    guard_command("sync-status")

    p = sub.add_parser("import-progress", parents=[common], help=_(
        "export-progress のファイルを取り込む。--apply なしでは内訳を表示するだけ(人事担当者のみ)"))
    p.add_argument("file", metavar="FILE", help=_("取り込むファイル"))
    p.add_argument("--apply", action="store_true", help=_("内訳を確かめたうえで実際に取り込む"))
    add_credentials_option(p)
    guard_command("import-progress")


def cmd_export_progress(args: argparse.Namespace) -> int:
    from dxtrainer.cli import export_since
    from dxtrainer.services.progress_sync import ProgressSyncService

    done = export_since(args, lambda services, since: ProgressSyncService(
        services.sessions, services.device_id).export(args.actor, since))
    if done is None:
        return 2
    output, data = done
    output.write_bytes(data)
    print(_("学習記録を書き出しました: {path}").format(path=output))
    return 0


def cmd_import_progress(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _err, _open
    from dxtrainer.services.progress_sync import ProgressSyncService

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        _err(_("{path} を読めません({detail})。").format(path=path, detail=exc.strerror or exc))
        return 2
    services = _open(args, writes=args.apply)
    try:
        sync = ProgressSyncService(services.sessions, services.device_id)
        result = sync.apply(args.actor, data) if args.apply else sync.preview(args.actor, data)
    finally:
        services.close()
    print(summary(result, applied=args.apply))
    return 1 if result.conflicts else 0


def summary(result, *, applied: bool) -> str:  # noqa: ANN001 (ImportPreview)
    from dxtrainer.messages import record_kind_name

    lines = [_("書き出し元の PC: {device}(書き出し {at})").format(
        device=result.manifest.get("device", "?"), at=result.manifest.get("exported_at", "?"))]
    for kind in sorted(set(result.new) | set(result.present) | set(result.updated)):
        lines.append(_("  {kind}: 新規 {new} 件、取り込み済み {present} 件、更新 {updated} 件").format(
            kind=record_kind_name(kind), new=result.new[kind], present=result.present[kind],
            updated=result.updated[kind]))
    if result.conflicts:
        lines.append(_("内容が食い違うため取り込まない記録 {n} 件:").format(n=len(result.conflicts)))
        lines += [f"  {kind} {rid}" for kind, rid in result.conflicts[:50]]
    if result.unknown_staff:
        lines.append(_("このデータベースにいない職員の記録は取り込みません。職員名簿を取り込んでから、もう一度"
                       "取り込んでください: {numbers}").format(
            numbers="、".join(sorted(result.unknown_staff)[:50])))
    lines.append(_("取り込みました。") if applied else
                 _("まだ取り込んでいません。内訳を確かめて、--apply を付けて実行してください。"))
    return "\n".join(lines)


def cmd_sync_status(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _open
    from dxtrainer.i18n import format_datetime
    from dxtrainer.services.progress_sync import ProgressSyncService

    services = _open(args, writes=False)
    try:
        sync = ProgressSyncService(services.sessions, services.device_id)
        last, arrivals = sync.last_export(), sync.arrivals(args.actor)
    finally:
        services.close()
    print(_("この PC の最後の書き出し: {at}").format(
        at=format_datetime(last) if last else _("まだありません")))
    print(_("PC・所属ごとの最新の回答:"))
    for a in arrivals:
        print(f"  {a.device_id[:8]}  {a.department or '—'}  {format_datetime(a.latest)}  "
              + _("{n} 件").format(n=a.answers))
    return 0


def cmd_export_setup(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _open, _refuse_output_or_database
    from dxtrainer.services.setup_bundle import SetupBundleService

    output = Path(args.output)
    if _refuse_output_or_database(args, output):
        return 2
    services = _open(args)
    try:
        data = SetupBundleService(services.sessions, services.publishing).export(args.actor)
    finally:
        services.close()
    output.write_bytes(data)
    print(_("オフライン PC の準備用ファイルを書き出しました: {path}(PIN・パスワード・初期コードは含みません)")
          .format(path=output))
    return 0


def cmd_import_setup(args: argparse.Namespace) -> int:
    from dxtrainer.cli import _err, _open
    from dxtrainer.services.setup_bundle import SetupBundleService

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        _err(_("{path} を読めません({detail})。").format(path=path, detail=exc.strerror or exc))
        return 2
    services = _open(args)
    try:
        result = SetupBundleService(services.sessions, services.publishing).apply(args.actor,
                                                                                  data)
    finally:
        services.close()
    print(_("取り込みました: 所属 {d}、職員 新規 {a} 人・更新 {u} 人、必修研修 {n} 件。").format(
        d=result.departments, a=result.staff_added, u=result.staff_updated, n=result.assignments))
    if result.publication is not None:
        print(_("教材を公開しました(公開番号 {n})。").format(n=result.publication))
    print(_("職員の初期コードは、この PC の人事担当者が発行してください。"))
    return 0


HANDLERS = {"sync-status": cmd_sync_status, "export-setup": cmd_export_setup,
            "import-setup": cmd_import_setup, "export-progress": cmd_export_progress, "import-progress": cmd_import_progress}
