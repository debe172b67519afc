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

    try:
        return args.handler(args)
    except Exception as exc:
        status = refused(exc)
        if status is None:
            raise
        return status


def _loaded(module: str, name: str):
    """A refusal class if its module is loaded — if it is not, no exception can be one of its
    instances, so checking never imports anything (a command that reads through the light path,
    store.light_read, never imports SQLAlchemy)."""
    found = sys.modules.get(module)
    return getattr(found, name, None) if found is not None else None


def refused(exc: Exception) -> int | None:
    """Exit status 2 with the reasons on stderr for a refusal; None for anything else."""
    contest_file_error = _loaded("judge_app.domain.contest_file", "ContestFileError")
    if contest_file_error and isinstance(exc, contest_file_error):
        print(f"错误 (refused): 比赛文件 {exc.source} 有 {len(exc.problems)} 处问题, 未写入任何内容:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {exc.source}: {problem}", file=sys.stderr)
        return REFUSED
    input_refused = _loaded("judge_app.table_files.problems", "InputRefused")
    if input_refused and isinstance(exc, input_refused):
        print("错误 (refused): 导入被拒绝, 数据库未改变 (import refused, database unchanged):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return REFUSED
    from judge_app.errors import KnownError  # imports nothing itself

    if isinstance(exc, KnownError):  # ServiceError, DatabaseError (disk full, read-only, locked, damaged …)
        print(f"错误 (refused): {exc}", file=sys.stderr)
        return REFUSED
    return None


if __name__ == "__main__":
    sys.exit(main())
