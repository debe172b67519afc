"""`judge-app scores|votes|direct import`: bring score sheets and vote exports into a round."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from judge_app.cli.common import REFUSED, actor, db_options, open_db, opened


def cmd_scores_import(args) -> int:
    from judge_app.services.scores.score_import import import_scores

    with opened(args) as db:
        r = import_scores(db, args.file, args.round, args.component, actor(args), sheet=args.sheet)
    print(f"{r.source}: 导入 {r.lines} 行评分 (新增 {r.created}, 更改 {r.replaced}, 未变 {r.unchanged}) → {r.round}.{r.component}"
          + (f"; 点评 {r.comments} 条有变化 (comments changed)" if r.comments else ""))
    return 0


def cmd_votes_import(args) -> int:
    from judge_app.services.votes.vote_exclusions import read_exclusions
    from judge_app.services.votes.vote_import import import_votes
    from judge_app.services.votes.vote_report import ImportCancelled

    exclusions = read_exclusions(args.exclude_voters, args.exclude_ips, args.reason)
    db = open_db(args)
    shown = []
    try:
        r = import_votes(db, args.file, args.round, args.component, actor(args), dry_run=args.dry_run,
                         sheet=args.sheet, exclusions=exclusions, progress=_progress_printer(shown))
    except (ImportCancelled, KeyboardInterrupt):
        print(f"\n已取消, 数据库未改变 (cancelled, database unchanged): {args.file}", file=sys.stderr)
        return 130
    finally:
        db.close()
        if shown and sys.stderr.isatty():
            print(file=sys.stderr)
    if args.json:
        print(json.dumps(r.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_vote_report(r)
    if r.problems:
        print("错误 (refused): 此文件导入时会被拒绝 (the import would be refused):", file=sys.stderr)
        for problem in r.problems:
            print(f"  - {problem}", file=sys.stderr)
        return REFUSED
    return 0


def cmd_votes_recount(args) -> int:
    from judge_app.services.votes.vote_records import current_tally, recount

    with opened(args) as db:
        again = recount(db, args.round, args.component)
        stored = current_tally(db, args.round, args.component)
    if again is None:
        print(f"{args.round}.{args.component}: 当前导入不是逐票记录, 无法重新计票 (current import holds no raw records)",
              file=sys.stderr)
        return REFUSED
    codes = sorted(set(again) | set(stored))
    for code in codes:
        mark = "" if again.get(code, 0) == stored.get(code, 0) else "  ≠"
        print(f"  {code}\t{stored.get(code, 0)}\t{again.get(code, 0)}{mark}")
    same = all(again.get(c, 0) == stored.get(c, 0) for c in codes)
    print("重新计票与当前结果一致 (recount matches)" if same else "重新计票与当前结果不一致! (recount differs)")
    return 0 if same else 1


def _progress_printer(shown: list):
    """Progress on stderr: one updating line on a terminal, else a line per report."""
    tty = sys.stderr.isatty()

    def show(p) -> None:
        shown.append(p.rows)
        share = f" ({p.fraction:.0%})" if p.fraction is not None else ""
        line = f"已读取 {p.rows:,} 行{share}, {p.rate:,.0f} 行/秒 (rows read, rows per second)"
        print(("\r" + line) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)

    return show


def _print_vote_report(r) -> None:
    head = "预览 (dry run, 未写入)" if r.dry_run else "已导入 (imported)"
    shape = "逐票记录 (raw records)" if r.shape == "raw" else "汇总票数 (totals)"
    print(f"{head} {r.source}: {shape}, {r.rows} 行 → {r.round}.{r.component}")
    if r.shape == "raw":
        print(f"  计入 {r.rows_counted} 票, 去重 {r.duplicates} (dedup {r.dedup}), 排除 {r.excluded}, 未匹配 {r.unmatched}")
    for code in sorted(r.tally, key=lambda c: (-r.tally[c], c)):
        print(f"  {code}\t{r.tally[code]}\t{r.scores[code]}")
    for flag in r.flags:
        print(f"  ⚑ {flag.message}")
    for warning in r.warnings:
        print(f"  ! {warning}")


def cmd_direct_import(args) -> int:
    from judge_app.services.scores.direct_import import import_direct

    with opened(args) as db:
        r = import_direct(db, args.file, args.round, args.component, actor(args), sheet=args.sheet)
    print(f"{r.source}: 导入 {r.rows} 个分数 (新增 {r.created}, 更改 {r.replaced}, 未变 {r.unchanged}) → {r.round}.{r.component}")
    return 0


def _import_command(sub, name: str, help_text: str, handler, extra: Callable | None = None):
    group = sub.add_parser(name, help=help_text)
    actions = group.add_subparsers(dest="action", required=True, metavar="import")
    p = actions.add_parser("import", help=help_text, parents=[db_options()])
    p.add_argument("file", type=Path, help="CSV 或 XLSX 文件 (CSV or XLSX file)")
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--component", required=True, help="计分部分 key (component key)")
    p.add_argument("--sheet", help="XLSX 工作表名称, 默认第一个 (worksheet name)")
    if extra:
        extra(p)
    p.set_defaults(handler=handler)
    return actions


def _vote_options(p) -> None:
    p.add_argument("--dry-run", action="store_true", help="只检查并预览筛查报告, 不写入 (check and screen only)")
    p.add_argument("--json", action="store_true", help="以 JSON 输出报告 (report as JSON)")
    p.add_argument("--exclude-voters", type=Path, metavar="FILE",
                   help="排除的投票人名单, 每行一个, 可加 ,原因 (voters to exclude, one per line, optional ,reason)")
    p.add_argument("--exclude-ips", type=Path, metavar="FILE",
                   help="排除的 IP 名单, 每行一个, 可加 ,原因 (IP addresses to exclude)")
    p.add_argument("--reason", help="排除原因, 记入审计日志 (reason for the exclusions, for the audit log)")


def register(sub) -> None:
    _import_command(sub, "scores", "导入评委评分表 (import a panel score sheet)", cmd_scores_import)
    votes = _import_command(sub, "votes", "导入网络投票导出 (import a vote export)", cmd_votes_import, _vote_options)
    p = votes.add_parser("recount", parents=[db_options()],
                         help="由保存的逐票记录重新计票并与当前结果核对 (recount stored raw records and compare)")
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--component", required=True, help="计分部分 key (component key)")
    p.set_defaults(handler=cmd_votes_recount)
    _import_command(sub, "direct", "导入直接得分 (import direct 0–100 scores)", cmd_direct_import)
