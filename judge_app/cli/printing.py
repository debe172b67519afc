"""`judge-app certificates | sheets | notice | verify | cert-key | cert-register`: printed documents."""

from __future__ import annotations

import atexit
import gc
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from judge_app.cli.common import REFUSED, actor, db_options, opened

NOT_GENUINE = 1


def _write(path: str, data: bytes) -> None:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


@contextmanager
def _batch_without_cycle_collector():
    """A one-shot batch (500 certificates) creates hundreds of thousands of objects and almost no
    garbage cycles, yet Python's cycle collector ran ≈500 times over the whole heap (SQLAlchemy,
    the tables, the fonts' maps), and once more over all of it when the process ends: together
    ≈25 % of the command. Off while the batch runs (reference counting frees everything else as
    usual), on again afterwards; at exit the heap is left to the operating system."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()  # with unfreeze: what the batch left joins the oldest generation unscanned, instead of
            gc.unfreeze()  # one collection over all of it (the imports included) at the next allocation
            gc.enable()
        if not _EXIT_HOOK:
            atexit.register(gc.freeze)  # runs before the interpreter's last collection, which then skips it all
            _EXIT_HOOK.append(gc.freeze)


_EXIT_HOOK: list = []


def cmd_certificates(args) -> int:
    with _batch_without_cycle_collector():
        return _certificates(args)


def _certificates(args) -> int:
    from judge_app.services.documents.certificates import IssueOptions, issue_certificates

    issue_on = None
    if args.date:
        try:
            issue_on = date.fromisoformat(args.date)
        except ValueError:
            print(f"错误 (refused): --date 须为 YYYY-MM-DD, 现为 {args.date!r} (bad date)", file=sys.stderr)
            return REFUSED
    options = IssueOptions(per_member=args.per_member, template=args.template, serial_pattern=args.serial_pattern,
                           issue_date=issue_on, entries=tuple(args.entry or ()), awards=tuple(args.award or ()),
                           proof=args.proof, reissue=args.reissue, reason=args.reason or "",
                           seal_image=args.seal_image or "")
    if args.reason and not args.reissue:
        print("错误 (refused): --reason 只与 --reissue 一起使用 (--reason goes with --reissue)", file=sys.stderr)
        return REFUSED
    with opened(args) as db:
        batch = issue_certificates(db, args.round, "" if args.proof else actor(args), options=options)
    _write(args.out, batch.pdf)
    if batch.proof:
        print(f"证书试印样张 {len(batch.certificates)} 张 → {args.out} (模板 {batch.template}; 未编号, 未登记)")
        return 0
    print(f"证书 {len(batch.certificates)} 张 → {args.out} (模板 {batch.template}; "
          f"新发 {batch.new}, 重印 {batch.reprints}, 补发 {batch.reissues})")
    first, last = batch.certificates[0], batch.certificates[-1]
    print(f"  编号 {first.serial} … {last.serial}")
    return 0


def cmd_sheets(args) -> int:
    from judge_app.services.documents.print_documents import score_sheets_pdf

    with opened(args) as db:
        pdf, judges = score_sheets_pdf(db, args.round, args.component, blank=args.blank, judges=args.judge)
    _write(args.out, pdf)
    kind = "空白" if args.blank else "已填"
    print(f"评分表 ({kind}) {judges} 位评委 → {args.out}")
    return 0


def cmd_notice(args) -> int:
    from judge_app.services.documents.print_documents import NoticeOptions, notice_pdf

    start, end = args.period or ("", "")
    options = NoticeOptions(draft=args.draft, period_start=start, period_end=end, contact=(args.contact or "").strip())
    with opened(args) as db:
        pdf, digest = notice_pdf(db, args.round, options)
    _write(args.out, pdf)
    kind = "成绩公示表校对稿 (draft, not for posting)" if args.draft else "成绩公示表"
    print(f"{kind} → {args.out} (结果摘要 results hash {digest})")
    return 0


def cmd_verify(args) -> int:
    from judge_app.services.documents.certificate_signing import read_public_key
    from judge_app.services.documents.certificates import check_payload, verify_in_database

    if args.public_key:
        verdict = check_payload(args.payload, [read_public_key(Path(args.public_key))])
    else:
        with opened(args) as db:
            verdict = verify_in_database(db, args.payload)
    print(verdict.message)
    if verdict.record is not None and verdict.status in ("valid", "revoked"):  # a forged record is not shown as fact
        for label, value in verdict.details():
            if value:
                print(f"  {label}: {value}")
    if verdict.note:
        print(f"  注意 (note): {verdict.note}")
    return 0 if verdict.genuine else NOT_GENUINE


def cmd_cert_key(args) -> int:
    from judge_app.services.documents.certificates import contest_public_key

    with opened(args) as db:
        key = contest_public_key(db)
    _write(args.out, key.to_json().encode("utf-8"))
    print(f"公钥 (key id {key.key_id.hex()}) → {args.out}")
    return 0


def cmd_cert_register(args) -> int:
    from judge_app.services.documents.certificates import export_register_xlsx

    with opened(args) as db:
        n = export_register_xlsx(db, Path(args.out))
    print(f"证书登记簿 {n} 条 → {args.out}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("certificates", help="签发并打印获奖证书 (issue and print award certificates)",
                       parents=[db_options()])
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--out", required=True, help="输出 PDF (output PDF)")
    p.add_argument("--per-member", action="store_true", help="每位成员一张 (one per team member)")
    p.add_argument("--template", help="模板名 (formal, plain) 或模板文件 (template name or file; default formal)")
    p.add_argument("--serial-pattern", help="编号格式, 如 '东直工证〔{year}〕{seq:03d}号' (serial pattern)")
    p.add_argument("--date", help="证书日期 YYYY-MM-DD (default: the contest date)")
    p.add_argument("--entry", action="append", help="只打印这些作品 (only these entry codes; repeatable)")
    p.add_argument("--award", action="append", help="只打印这些奖项, 如 一等奖 (only these award tiers; repeatable)")
    p.add_argument("--proof", action="store_true",
                   help="试印: 带 样张 水印, 不编号, 不登记, 签署前也可 (a watermarked proof run; nothing recorded)")
    p.add_argument("--reissue", action="store_true",
                   help="补发: 原证书遗失时, 同一编号重新出具并标明 补发 (replacement for a lost certificate)")
    p.add_argument("--reason", help="补发原因, 与 --reissue 同用 (why it is reissued)")
    p.add_argument("--seal-image", dest="seal_image",
                   help="透明背景 PNG 印章图片, 印在模板的印章位置, 供电子版 (seal image for electronic copies)")
    p.set_defaults(handler=cmd_certificates)

    p = sub.add_parser("sheets", help="打印评分表 (print score sheets per judge)", parents=[db_options()])
    p.add_argument("--round", required=True)
    p.add_argument("--component", required=True, help="评委打分部分 key (panel component key)")
    p.add_argument("--out", required=True)
    p.add_argument("--blank", action="store_true", help="空白表, 供纸笔评分 (blank sheets for paper scoring)")
    p.add_argument("--judge", action="append", help="只打印这些评委 (only these judge codes; repeatable)")
    p.set_defaults(handler=cmd_sheets)

    p = sub.add_parser("notice", help="打印成绩公示表 (print the results notice)", parents=[db_options()])
    p.add_argument("--round", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--draft", action="store_true",
                   help="校对稿: 签署前供核对, 带水印, 不得张贴 (a watermarked draft, before sign-off)")
    p.add_argument("--period", nargs=2, metavar=("START", "END"), help="公示期 YYYY-MM-DD YYYY-MM-DD (notice period)")
    p.add_argument("--contact", help="异议联系, 如 \"市招商办 电话 0571-12345678\" (whom to contact with an objection)")
    p.set_defaults(handler=cmd_notice)

    p = sub.add_parser("verify", help="验证证书二维码 (verify a certificate's QR payload)", parents=[db_options()])
    p.add_argument("payload", help="二维码内容 (the scanned text)")
    p.add_argument("--public-key", help="用导出的公钥文件验证, 无需数据库 (verify with an exported key file)")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("cert-key", help="导出证书验证公钥 (export the public key)", parents=[db_options()])
    p.add_argument("--out", required=True, help="输出 JSON 文件 (output file)")
    p.set_defaults(handler=cmd_cert_key)

    p = sub.add_parser("cert-register", help="导出证书登记簿 XLSX (export the register of issued certificates)",
                       parents=[db_options()])
    p.add_argument("--out", required=True, help="输出 XLSX 文件 (output file)")
    p.set_defaults(handler=cmd_cert_register)
