"""`judge-app attachments add|list|check`, `judge-app showcase`, `judge-app exhibition`."""

from __future__ import annotations

from pathlib import Path

from judge_app.cli.common import REFUSED, actor, db_options, opened


def cmd_attachments_add(args) -> int:
    from judge_app.services.contest.attachments import add_attachments

    with opened(args) as db:
        added = add_attachments(db, args.code, args.files, actor(args))
    for a in added:
        print(f"已登记 {a.code}: {a.name} → {a.path} (sha256 {a.sha256[:12]}…)")
    if not added:
        print("文件已登记过, 未重复登记 (already registered)")
    return 0


def cmd_attachments_list(args) -> int:
    from judge_app.services.contest.attachments import KIND_NAMES, list_attachments

    with opened(args) as db:
        rows = list_attachments(db, args.code)
    for a in rows:
        print(f"{a.code}\t{KIND_NAMES.get(a.kind, a.kind)}\t{a.name}\t{a.size}\t{a.sha256}\t{a.path}")
    if not rows:
        print("没有登记的附件 (no attachments registered)")
    return 0


def cmd_attachments_check(args) -> int:
    from judge_app.services.contest.attachments import OK, STATE_NAMES, check

    with opened(args) as db:
        rows = check(db, args.code)
    bad = [a for a in rows if a.state != OK]
    for a in bad:
        print(f"{a.code}\t{STATE_NAMES[a.state]}\t{a.name}\t{a.path}")
    print(f"附件 {len(rows)} 个, 正常 {len(rows) - len(bad)} 个, 缺失或已改变 {len(bad)} 个")
    return 1 if bad else 0


def cmd_showcase(args) -> int:
    from judge_app.qt.thumbnails import write_thumbnail
    from judge_app.services.documents.showcase import build_package, parse_awards, read_summaries

    summaries = read_summaries(args.summary) if args.summary else None
    with opened(args) as db:
        package = build_package(db, args.round, args.out, awards=parse_awards(args.awards),
                                show_scores=args.scores, summaries=summaries, comments=args.comments,
                                anonymous_comments=args.anonymous_comments, thumbnailer=write_thumbnail)
    print(f"展示包已生成: {package.out} — 作品 {len(package.works)} 件, 文件 {len(package.files)} 个")
    print(f"  打开 {package.out / 'index.html'}")
    if package.verify_page:
        print(f"  证书验证页 (离线) {package.out / package.verify_page}")
    for a in package.missing:
        print(f"  警告 (warning): {a.code} 的附件 {a.name} 缺失或已改变, 未放入展示包")
    return 0


def cmd_exhibition(args) -> int:
    from judge_app.qt.app import ensure_app
    from judge_app.services.documents.showcase import parse_awards
    from judge_app.stage.exhibition import open_exhibition

    if args.seconds <= 0:
        print("错误 (refused): --seconds 须为正数 (must be positive)")
        return REFUSED
    app = ensure_app()
    with opened(args) as db:
        window = open_exhibition(db, args.round, awards=parse_awards(args.awards), seconds=args.seconds,
                                 qr=args.qr, windowed=args.windowed)
        window.controller.escape.connect(app.quit)
        return app.exec()


def register(sub) -> None:
    p = sub.add_parser("attachments", help="作品附件: 登记、列出、检查 (entry attachments)")
    asub = p.add_subparsers(dest="attachments_command", required=True)
    a = asub.add_parser("add", help="登记附件并复制到数据库旁的文件夹 (register and copy files)", parents=[db_options()])
    a.add_argument("code", help="作品编号 (entry code)")
    a.add_argument("files", nargs="+", type=Path)
    a.set_defaults(handler=cmd_attachments_add)
    a = asub.add_parser("list", help="列出已登记的附件 (list)", parents=[db_options()])
    a.add_argument("code", nargs="?")
    a.set_defaults(handler=cmd_attachments_list)
    a = asub.add_parser("check", help="检查附件是否缺失或被改动 (report missing or changed files; exit 1 if any)",
                        parents=[db_options()])
    a.add_argument("code", nargs="?")
    a.set_defaults(handler=cmd_attachments_check)

    p = sub.add_parser("showcase", help="生成优秀作品展示包 (build the showcase package)", parents=[db_options()])
    p.add_argument("--round", required=True)
    p.add_argument("--out", required=True, type=Path, help="输出文件夹 (output folder; empty or an earlier package)")
    p.add_argument("--awards", help="奖项, 逗号分隔, 如 一等奖,二等奖 (default: every award)")
    p.add_argument("--scores", action="store_true", help="公布得分 (publish the official score)")
    p.add_argument("--summary", type=Path, help="作品简介 TOML 文件: Z03 = \"……\" (summaries by entry code)")
    p.add_argument("--comments", action="store_true",
                   help="附专家点评, 署名含职称与工作单位 (include the experts' comments, named)")
    p.add_argument("--anonymous-comments", dest="anonymous_comments", action="store_true",
                   help="附专家点评, 不署名, 显示为 评委1…N (include the comments, anonymous)")
    p.set_defaults(handler=cmd_showcase)

    p = sub.add_parser("exhibition", help="大厅循环展示获奖作品 (looping exhibition on the stage window)",
                       parents=[db_options()])
    p.add_argument("--round", required=True)
    p.add_argument("--awards", help="奖项, 逗号分隔 (default: every award)")
    p.add_argument("--seconds", type=float, default=12, help="每页秒数 (seconds per slide, default 12)")
    p.add_argument("--qr", action="store_true", help="显示证书验证二维码 (show the certificate's verification QR code)")
    p.add_argument("--windowed", action="store_true", help="在窗口中显示 (in a window even with a projector)")
    p.set_defaults(handler=cmd_exhibition)
