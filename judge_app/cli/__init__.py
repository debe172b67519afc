"""The `judge-app` command: a thin front end over the services.

Each module of this package registers its commands. Exit status 0 on success, 2 when an input
or request is refused (the database is unchanged), with the reasons on stderr naming the file,
row and reason.
"""

from __future__ import annotations

import argparse
import sys

from judge_app import __version__
from judge_app.cli import (
    analyze, campaign, conflicts, contest, demo, feedback, gui, imports, integrity, keys, lan, printing, results, serve,
    seats, showcase, stage,
)
from judge_app.cli.common import REFUSED, safe_output_streams

COMMAND_MODULES = (contest, imports, results, demo, gui, stage, printing, integrity, analyze, serve, lan, showcase, campaign,
                   keys, conflicts, seats, feedback)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="judge-app", description="比赛评分系统 judge_app: 精确计分、投票导入、排名与奖项")
    parser.add_argument("--version", action="version", version=f"judge-app {__version__}")
    parser.add_argument("--db", help="比赛数据库文件 (database file; default $JUDGE_APP_DB or the user data directory)")
    parser.add_argument("--user", help="操作人, 记入审计日志 (who is acting, for the audit log; default: login name)")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    safe_output_streams()
    args = build_parser().parse_args(argv)  # --version and --help end here, before the heavy imports

    from judge_app.domain.contest_file import ContestFileError
    from judge_app.errors import KnownError
    from judge_app.sheets.problems import InputRefused

    try:
        return args.handler(args)
    except ContestFileError as exc:
        print(f"错误 (refused): 比赛文件 {exc.source} 有 {len(exc.problems)} 处问题, 未写入任何内容:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {exc.source}: {problem}", file=sys.stderr)
        return REFUSED
    except InputRefused as exc:
        print("错误 (refused): 导入被拒绝, 数据库未改变 (import refused, database unchanged):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return REFUSED
    except KnownError as exc:  # ServiceError, DatabaseError (disk full, read-only, locked, damaged …)
        print(f"错误 (refused): {exc}", file=sys.stderr)
        return REFUSED


if __name__ == "__main__":
    sys.exit(main())
