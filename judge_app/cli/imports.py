"""`judge-app scores|votes|direct import`: bring score sheets and vote exports into a round."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from judge_app.cli.common import actor, db_options, open_db


def cmd_scores_import(args) -> int:
    from judge_app.services.score_import import import_scores

    db = open_db(args)
    try:
        r = import_scores(db, args.file, args.round, args.component, actor(args), sheet=args.sheet)
    finally:
        db.close()
    print(f"{r.source}: 导入 {r.lines} 行评分 (新增 {r.created}, 更改 {r.replaced}, 未变 {r.unchanged}) → {r.round}.{r.component}")
    return 0


def cmd_votes_import(args) -> int:
    from judge_app.services.vote_import import import_votes

    db = open_db(args)
    try:
        r = import_votes(db, args.file, args.round, args.component, actor(args), dry_run=args.dry_run, sheet=args.sheet)
    finally:
        db.close()
    if args.json:
        print(json.dumps({
            "source": r.source, "round": r.round, "component": r.component, "dry_run": r.dry_run, "rows": r.rows,
            "tally": r.tally, "scores": {k: str(v) for k, v in r.scores.items()}, "previous": r.previous,
        }, ensure_ascii=False, indent=2))
        return 0
    head = "预览 (dry run, 未写入)" if r.dry_run else "已导入"
    print(f"{head} {r.source}: {r.rows} 行 → {r.round}.{r.component}")
    for code in sorted(r.tally, key=lambda c: (-r.tally[c], c)):
        print(f"  {code}\t{r.tally[code]}\t{r.scores[code]}")
    return 0


def cmd_direct_import(args) -> int:
    from judge_app.services.direct_import import import_direct

    db = open_db(args)
    try:
        r = import_direct(db, args.file, args.round, args.component, actor(args), sheet=args.sheet)
    finally:
        db.close()
    print(f"{r.source}: 导入 {r.rows} 个分数 (新增 {r.created}, 更改 {r.replaced}, 未变 {r.unchanged}) → {r.round}.{r.component}")
    return 0


def _import_command(sub, name: str, help_text: str, handler, extra: Callable | None = None) -> None:
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


def _vote_options(p) -> None:
    p.add_argument("--dry-run", action="store_true", help="只检查并预览, 不写入 (check and preview only)")
    p.add_argument("--json", action="store_true", help="以 JSON 输出报告 (report as JSON)")


def register(sub) -> None:
    _import_command(sub, "scores", "导入评委评分表 (import a panel score sheet)", cmd_scores_import)
    _import_command(sub, "votes", "导入网络投票导出 (import a vote export)", cmd_votes_import, _vote_options)
    _import_command(sub, "direct", "导入直接得分 (import direct 0–100 scores)", cmd_direct_import)
