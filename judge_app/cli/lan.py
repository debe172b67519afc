"""`judge-app tokens|lan|signed`: judges' links, the entry on stage, signed score files for USB."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from judge_app.cli.common import REFUSED, actor, db_options, opened


def _base_url(args) -> str:
    if args.url:
        return args.url.rstrip("/")
    from judge_app.services.contest_day.lan_address import lan_address

    return f"http://{args.host or lan_address()}:{args.port}"


def cmd_tokens_issue(args) -> int:
    from judge_app.services.contest_day.lan_access import issue_tokens

    with opened(args) as db:
        issued = issue_tokens(db, args.round, args.judge, actor(args))
    base = _base_url(args)
    links = {t.judge: f"{base}/j/{t.token}" for t in issued}
    for t in issued:
        print(f"{t.judge}\t{t.judge_name}\t{links[t.judge]}")
    if args.qr:
        from judge_app.printing.judge_cards import write_cards

        written = write_cards(links, Path(args.qr), args.round)
        print(f"二维码 (QR codes): {len(written)} 个文件写入 {args.qr}", file=sys.stderr)
    print("链接只显示这一次; 重新签发会使旧链接失效 (links are shown once; reissuing revokes old ones)", file=sys.stderr)
    return 0


def cmd_tokens_cards(args) -> int:
    """One table card (桌签) per seated judge as a PDF; issuing the cards makes new links."""
    from judge_app.printing.judge_cards import write_cards
    from judge_app.services.contest_day.judge_cards import issue_card_pdf

    from judge_app.printing.fonts import MissingGlyphs

    out = Path(args.out)
    try:
        with opened(args) as db:
            cards = issue_card_pdf(db, args.round, args.judge, actor(args), _base_url(args), out)
    except (MissingGlyphs, OSError) as exc:
        reason = exc if isinstance(exc, MissingGlyphs) else f"无法写入 {out} (cannot write): {exc.strerror or exc}"
        print(f"错误 (refused): {reason}", file=sys.stderr)
        print("未签发新链接, 旧链接仍然有效 (no new links issued; the earlier ones still work)", file=sys.stderr)
        return REFUSED
    print(f"已写入 {len(cards)} 张评委卡 (judge cards written): {out}")
    if args.qr:
        written = write_cards({c.judge: c.link for c in cards}, Path(args.qr), args.round)
        print(f"二维码 (QR codes): {len(written)} 个文件写入 {args.qr}", file=sys.stderr)
    print("卡上的链接是新签发的, 旧链接已失效 (the cards carry new links; earlier ones are revoked)", file=sys.stderr)
    return 0


def cmd_tokens_revoke(args) -> int:
    from judge_app.services.contest_day.lan_access import revoke_tokens

    with opened(args) as db:
        n = revoke_tokens(db, args.round, args.judge, actor(args))
    print(f"已停用 {n} 个链接 (revoked {n} links)")
    return 0


def cmd_tokens_list(args) -> int:
    from judge_app.domain.chinese_dates import chinese_datetime
    from judge_app.services.contest_day.lan_access import list_tokens

    with opened(args) as db:
        tokens = list_tokens(db, args.round, args.judge)
    for t in tokens:
        state = f"已停用 {chinese_datetime(t.revoked_at)}" if t.revoked_at else "有效"
        print(f"{t.judge}\t{t.judge_name}\t{t.round}\t签发 {chinese_datetime(t.created_at)}\t{state}")
    return 0


def cmd_lan_current(args) -> int:
    from judge_app.services.contest_day.lan_access import get_current_entry, set_current_entry

    with opened(args) as db:
        if args.entry is not None or args.none:
            set_current_entry(db, args.round, None if args.none else args.entry, actor(args))
        current = get_current_entry(db, args.round)
    print(f"当前上场作品 (on stage): {current or '无 (none)'}")
    return 0


def cmd_lan_close(args) -> int:
    from judge_app.services.contest_day.lan_access import close_entry

    with opened(args) as db:
        changed = close_entry(db, args.round, args.entry, actor(args), closed=not args.reopen)
    what = "重新开放" if args.reopen else "结束评分"
    print(f"{args.entry}: {what}" + ("" if changed else " (无变化, unchanged)"))
    return 0


def cmd_lan_status(args) -> int:
    from judge_app.services.contest_day.lan_scoring import host_view

    from judge_app.services.contest_day.lan_service import ServiceWatch

    with opened(args) as db:
        service = ServiceWatch().running(db)
        view = host_view(db, args.round, service.presence if service else None)
    if args.json:
        doc = view.as_json()
        doc["service"] = service.url if service else None
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    print(f"评分服务 (scoring service): {service.url + ' 运行中 (running)' if service else '未运行 (not running)'}")
    closed = " (已结束评分)" if view.closed else ""
    print(f"当前上场: {view.current or '无'} {view.current_title}{closed}")
    for j in view.judges:
        print(f"  {j.judge}\t{j.name}\t{j.status_text}")
    print(f"待评 (pending): {', '.join(view.pending) or '无'}")
    if view.current:
        print(view.count_text + (" · 全部已提交 (all in)" if view.all_in else ""))
    return 0


def cmd_signed_key(args) -> int:
    from judge_app.services.scores.signed_scores import issue_judge_key

    out = Path(args.out)
    if out.exists() and not args.force:
        print(f"错误 (refused): {out} 已存在, 加 --force 覆盖 (file exists)", file=sys.stderr)
        return REFUSED
    with opened(args) as db:
        key = issue_judge_key(db, args.judge, actor(args))
    out.write_bytes(key)
    out.chmod(0o600)
    print(f"评委 {args.judge} 的私钥已写入 {out}; 请只交给该评委的电脑 (private key written; give it only to this judge's laptop)")
    return 0


def cmd_signed_export(args) -> int:
    from judge_app.services.scores.signed_scores import export_signed

    with opened(args) as db:
        data = export_signed(db, args.round, Path(args.key).read_bytes())
    Path(args.out).write_bytes(data)
    print(f"已导出签名评分文件 (signed score file written): {args.out}")
    return 0


def cmd_signed_import(args) -> int:
    from judge_app.services.scores.signed_scores import import_signed

    path = Path(args.file)
    with opened(args) as db:
        r = import_signed(db, path.read_bytes(), args.round, actor(args), source=path.name)
    print(f"{path.name}: 评委 {r.judge} 的 {r.entries} 个作品评分签名有效, 已导入 (新增 {r.created}, 更改 {r.replaced}, 未变 {r.unchanged})")
    return 0


def _link_options(p) -> None:
    p.add_argument("--url", help="评分服务地址, 如 http://192.168.1.10:8000 (service address for the links)")
    p.add_argument("--host", help="评分服务主机地址, 默认本机局域网地址 (host for the links)")
    p.add_argument("--port", type=int, default=8000, help="评分服务端口 (port for the links)")
    p.add_argument("--qr", help="把每个评委的二维码 PNG/SVG 写入此文件夹 (write a QR code per judge here)")


def register(sub) -> None:
    tokens = sub.add_parser("tokens", help="评委扫码链接 (judges' personal links)")
    actions = tokens.add_subparsers(dest="action", required=True)
    for name, handler, text in (("issue", cmd_tokens_issue, "签发新链接 (issue links)"),
                                ("revoke", cmd_tokens_revoke, "停用链接 (revoke links)"),
                                ("list", cmd_tokens_list, "列出链接 (list links)"),
                                ("cards", cmd_tokens_cards, "打印评委桌签 PDF, 含二维码 (print judge table cards)")):
        p = actions.add_parser(name, parents=[db_options()], help=text)
        p.add_argument("--round", required=True, help="轮次 key (round key)")
        p.add_argument("--judge", help="评委编号, 默认该轮全部评委 (judge code; default every judge of the round)")
        if name in ("issue", "cards"):
            _link_options(p)
        if name == "cards":
            p.add_argument("--out", required=True, help="输出 PDF 文件 (output PDF)")
        p.set_defaults(handler=handler)

    lan = sub.add_parser("lan", help="局域网评分: 当前作品、结束评分、评委状态 (LAN scoring host controls)")
    actions = lan.add_subparsers(dest="action", required=True)
    p = actions.add_parser("current", parents=[db_options()], help="设置或查看当前上场作品 (set or show the entry on stage)")
    p.add_argument("--round", required=True)
    p.add_argument("--entry", help="作品编号 (entry code)")
    p.add_argument("--none", action="store_true", help="台上无作品 (nothing on stage)")
    p.set_defaults(handler=cmd_lan_current)
    p = actions.add_parser("close", parents=[db_options()], help="结束某作品评分, 评委不能再修改 (close an entry)")
    p.add_argument("--round", required=True)
    p.add_argument("--entry", required=True)
    p.add_argument("--reopen", action="store_true", help="重新开放 (reopen)")
    p.set_defaults(handler=cmd_lan_close)
    p = actions.add_parser("status", parents=[db_options()], help="谁已评、谁待评 (who has scored the entry on stage)")
    p.add_argument("--round", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_lan_status)

    signed = sub.add_parser("signed", help="U 盘签名评分文件 (signed score files for USB)")
    actions = signed.add_subparsers(dest="action", required=True)
    p = actions.add_parser("key", parents=[db_options()], help="为评委生成签名密钥 (issue a judge's signing key)")
    p.add_argument("--judge", required=True)
    p.add_argument("--out", required=True, help="私钥文件 (private key file)")
    p.add_argument("--force", action="store_true")
    p.set_defaults(handler=cmd_signed_key)
    p = actions.add_parser("export", parents=[db_options()], help="评委电脑: 导出签名评分文件 (judge laptop: export)")
    p.add_argument("--round", required=True)
    p.add_argument("--key", required=True, help="评委私钥文件 (the judge's key file)")
    p.add_argument("--out", required=True)
    p.set_defaults(handler=cmd_signed_export)
    p = actions.add_parser("import", parents=[db_options()], help="主持人电脑: 校验并导入 (host: verify and import)")
    p.add_argument("file")
    p.add_argument("--round", required=True)
    p.set_defaults(handler=cmd_signed_import)
