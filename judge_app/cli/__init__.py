"""The `judge-app` command: a thin front end over the services.

Each module of this package registers its commands. Exit status 0 on success, 2 when an input
or request is refused (the database is unchanged), with the reasons on stderr naming the file,
row and reason.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from judge_app import __version__
from judge_app.cli.common import REFUSED, Parser, safe_output_streams

# Each command module of this package, in the order `judge-app --help` lists them, with the
# commands it registers (a test compares this with what the modules register): a command line
# naming one of them builds the parser of that command alone, which is most of the start-up of a
# short command such as `judge-app lock --list` (about 130 sub-parsers otherwise).
COMMANDS = {
    "contest": ("contest", "init"),
    "roster": ("roster",),
    "imports": ("scores", "votes", "direct"),
    "results": ("rank",),
    "demo": ("demo",),
    "gui": ("gui",),
    "stage": ("stage",),
    "printing": ("certificates", "sheets", "notice", "verify", "cert-key", "cert-register"),
    "integrity": ("audit", "lock", "unlock", "signoff", "users", "backup", "restore"),
    "analyze": ("analyze", "explain"),
    "serve": ("serve",),
    "lan": ("tokens", "lan", "signed"),
    "showcase": ("attachments", "showcase", "exhibition"),
    "campaign": ("campaign",),
    "keys": ("keys",),
    "conflicts": ("conflicts",),
    "seats": ("seats",),
    "feedback": ("commentary", "feedback"),
}
MODULE_OF = {command: module for module, commands in COMMANDS.items() for command in commands}


ONLY_VERSION = ""  # `judge-app --version`: no command is needed to answer


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `judge-app` parser: with every command, or (`command`, from `named_command`) with that
    one alone — the same parse of a command line that names it, its help and errors included."""
    parser = Parser(prog="judge-app", description="比赛评分系统 judge_app: 精确计分、投票导入、排名与奖项")
    parser.add_argument("--version", action="version", version=f"judge-app {__version__}")
    parser.add_argument("--db", help="比赛数据库文件 (database file; default $JUDGE_APP_DB or the user data directory)")
    parser.add_argument("--user", help="操作人, 记入审计日志 (who is acting, for the audit log; default: login name)")
    sub = parser.add_subparsers(dest="command", required=True)
    if command is None:
        names = list(COMMANDS)
    else:
        names = [MODULE_OF[command]] if command else []
        sub = _Only(sub, command)
    for name in names:
        importlib.import_module(f"judge_app.cli.{name}").register(sub)
    return parser


class _NotRead(Exception):
    pass


class _Scout(Parser):
    """Reads a command line as the main parser does (the same options, abbreviations and command
    word) but acts on nothing: no help, no version, no error printed."""

    def error(self, message):
        raise _NotRead(message)


def _scout() -> _Scout:
    scout = _Scout(prog="judge-app", add_help=False)
    scout.add_argument("-h", "--help", action="store_true")
    scout.add_argument("--version", action="store_true")
    scout.add_argument("--db")
    scout.add_argument("--user")
    scout.add_argument("rest", nargs=argparse.REMAINDER)  # the command and its arguments
    return scout


def named_command(argv: list[str]) -> str | None:
    """The one command a command line needs built (ONLY_VERSION for `--version`), or None when it
    needs the whole parser: no command, an unknown one, `--help` or an error before the command
    (the whole parser then prints the help or the error exactly as always)."""
    try:
        found, extra = _scout().parse_known_args(argv)
    except _NotRead:
        return None
    if found.help or extra:
        return None
    if found.version:
        return ONLY_VERSION
    return found.rest[0] if found.rest and found.rest[0] in MODULE_OF else None


class _Sink:
    """Takes every call a command module makes on a parser it does not need, and does nothing."""

    def __getattr__(self, _name):
        return self

    def __call__(self, *_args, **_kwargs):
        return self


class _Only:
    """The sub-parsers action as one command module sees it: only `command` is really added."""

    def __init__(self, sub, command: str):
        self._sub, self._command = sub, command

    def add_parser(self, name, **options):
        return self._sub.add_parser(name, **options) if name == self._command else _Sink()


def main(argv: list[str] | None = None) -> int:
    safe_output_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(named_command(argv)).parse_args(argv)  # --version and --help end here, before the heavy imports

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
