"""The `judge-app` command: a thin front end over the services.

Exit status 0 on success, 2 when an input or request is refused (the database is unchanged),
with the reasons on stderr naming the file, row and reason.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from judge_app import __version__

REFUSED = 2


def _actor(args) -> str:
    if args.user:
        return args.user
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _open(args, create: bool = False):
    from judge_app.store.database import open_database, resolve_location

    return open_database(resolve_location(args.db), create=create)


def cmd_init(args) -> int:
    from judge_app.services.contest_setup import create_contest, read_contest_file

    contest = read_contest_file(args.file)  # refused before the database is touched
    db = _open(args, create=True)
    try:
        create_contest(db, contest, _actor(args))
    finally:
        db.close()
    print(f"已创建比赛 {contest.name}: {len(contest.rounds)} 个轮次, {len(contest.entries)} 个作品, "
          f"{len(contest.judges)} 位评委 → {db.location}")
    return 0


def cmd_scores_import(args) -> int:
    from judge_app.services.score_import import import_scores

    db = _open(args)
    try:
        r = import_scores(db, args.file, args.round, args.component, _actor(args), sheet=args.sheet)
    finally:
        db.close()
    print(f"{r.source}: 导入 {r.lines} 行评分 (新增 {r.created}, 更改 {r.replaced}, 未变 {r.unchanged}) → {r.round}.{r.component}")
    return 0


def cmd_votes_import(args) -> int:
    from judge_app.services.vote_import import import_votes

    db = _open(args)
    try:
        r = import_votes(db, args.file, args.round, args.component, _actor(args), dry_run=args.dry_run, sheet=args.sheet)
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

    db = _open(args)
    try:
        r = import_direct(db, args.file, args.round, args.component, _actor(args), sheet=args.sheet)
    finally:
        db.close()
    print(f"{r.source}: 导入 {r.rows} 个分数 (新增 {r.created}, 更改 {r.replaced}, 未变 {r.unchanged}) → {r.round}.{r.component}")
    return 0


def cmd_rank(args) -> int:
    from judge_app.services import result_formats
    from judge_app.services.standings import round_report

    db = _open(args)
    try:
        report = round_report(db, args.round)
    finally:
        db.close()
    render: dict[str, Callable] = {
        "json": result_formats.as_json, "csv": result_formats.as_csv, "table": result_formats.as_table,
    }
    text = render[args.format](report)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_demo(args) -> int:
    from judge_app.services.demo import load_demo
    from judge_app.store.database import resolve_location

    location = resolve_location(args.db)
    summary = load_demo(location, _actor(args), replace=args.replace)
    print(summary)
    print(f"查看排名: judge-app --db {location} rank --round final --format table")
    return 0


def _import_parser(sub, name: str, help_text: str, handler, extra: Callable | None = None) -> None:
    group = sub.add_parser(name, help=help_text)
    actions = group.add_subparsers(dest="action", required=True, metavar="import")
    p = actions.add_parser("import", help=help_text, parents=[_db_parent()])
    p.add_argument("file", type=Path, help="CSV 或 XLSX 文件 (CSV or XLSX file)")
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--component", required=True, help="计分部分 key (component key)")
    p.add_argument("--sheet", help="XLSX 工作表名称, 默认第一个 (worksheet name)")
    if extra:
        extra(p)
    p.set_defaults(handler=handler)


def _db_parent() -> argparse.ArgumentParser:
    """`--db` and `--user` accepted after the command too (`judge-app demo --db PATH`)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="judge-app", description="比赛评分系统 judge_app: 精确计分、投票导入、排名与奖项")
    parser.add_argument("--version", action="version", version=f"judge-app {__version__}")
    parser.add_argument("--db", help="比赛数据库文件 (database file; default $JUDGE_APP_DB or the user data directory)")
    parser.add_argument("--user", help="操作人, 记入审计日志 (who is acting, for the audit log; default: login name)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="由比赛文件创建比赛 (create a contest from a TOML file)", parents=[_db_parent()])
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_init)

    _import_parser(sub, "scores", "导入评委评分表 (import a panel score sheet)", cmd_scores_import)

    def vote_options(p):
        p.add_argument("--dry-run", action="store_true", help="只检查并预览, 不写入 (check and preview only)")
        p.add_argument("--json", action="store_true", help="以 JSON 输出报告 (report as JSON)")

    _import_parser(sub, "votes", "导入网络投票导出 (import a vote export)", cmd_votes_import, vote_options)
    _import_parser(sub, "direct", "导入直接得分 (import direct 0–100 scores)", cmd_direct_import)

    p = sub.add_parser("rank", help="计算并输出排名 (compute the ranking)", parents=[_db_parent()])
    p.add_argument("--round", required=True)
    p.add_argument("--format", choices=["json", "table", "csv"], default="table")
    p.set_defaults(handler=cmd_rank)

    p = sub.add_parser("demo", help="载入演示比赛 (load the demo contest)", parents=[_db_parent()])
    p.add_argument("--replace", action="store_true", help="覆盖已有的数据库文件 (overwrite an existing file)")
    p.set_defaults(handler=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    from judge_app.domain.contest_file import ContestFileError
    from judge_app.services.contest_access import ServiceError
    from judge_app.sheets.problems import InputRefused
    from judge_app.store.database import DatabaseError

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ContestFileError as exc:
        print(f"错误 (refused): 比赛文件 {exc.source} 有 {len(exc.problems)} 处问题, 未写入任何内容:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {exc.source}: {problem}", file=sys.stderr)
        return REFUSED
    except InputRefused as exc:
        print(f"错误 (refused): 导入被拒绝, 数据库未改变 (import refused, database unchanged):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return REFUSED
    except (ServiceError, DatabaseError) as exc:
        print(f"错误 (refused): {exc}", file=sys.stderr)
        return REFUSED


if __name__ == "__main__":
    sys.exit(main())
