"""What every `judge-app` command shares: the database option, the acting user, opening the database."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from functools import cache
from pathlib import Path

REFUSED = 2


def terminal_columns() -> int:
    """The terminal width as `shutil.get_terminal_size().columns` gives it ($COLUMNS, else the
    terminal's, else 80), without importing shutil (which loads zlib, bz2 and lzma)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, to the same width. argparse makes one for every option it adds (to
    check the option's metavar), and its own imports shutil for the width: a short command needs none."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position,
                         terminal_columns() - 2 if width is None else width)


class Parser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` laying out with `HelpFormatter`; its sub-parsers are Parsers too."""

    def __init__(self, *args, formatter_class=HelpFormatter, **options):
        super().__init__(*args, formatter_class=formatter_class, **options)


def actor(args) -> str:
    """Who is acting, for the audit log: `--user`, else the login name.

    Once the database has an administrator account (see judge_app.services.integrity.users), the user
    must be given with `--user` and is authenticated here: the password comes from
    $JUDGE_APP_PASSWORD (for scripts) or is asked for on the terminal. Asked once per command.
    """
    cached = getattr(args, "_actor", None)
    if cached:
        return cached
    name = getattr(args, "user", None)
    if not name:
        import getpass  # here: it loads the terminal module, which a command that acts for no one never needs

        try:
            name = getpass.getuser()
        except (OSError, KeyError, ImportError):  # no login name in the environment or the password database
            name = "unknown"
    name = _authenticate(args, name)
    args._actor = name
    return name


def _authenticate(args, name: str) -> str:
    from judge_app.services.contest.contest_access import ServiceError
    from judge_app.services.integrity.users import PASSWORD_ENV, authenticate, is_enforcing
    from judge_app.store.database import open_database, resolve_location

    location = resolve_location(getattr(args, "db", None))
    if "://" not in location and not Path(location).expanduser().exists():
        return name  # a new database has no accounts yet
    db = open_database(location, create=False)
    try:
        if not is_enforcing(db):
            return name
        if not getattr(args, "user", None):
            raise ServiceError("此数据库已启用账户, 请用 --user 指定用户名 (accounts are enabled: give --user NAME)")
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            if not sys.stdin.isatty():
                raise ServiceError(f"需要 {name} 的密码: 请在终端运行, 或设置环境变量 {PASSWORD_ENV} (password needed)")
            import getpass

            password = getpass.getpass(f"{name} 的密码 (password): ")
        return authenticate(db, name, password).name
    finally:
        db.close()


def open_db(args, create: bool = False):
    from judge_app.store.database import open_database, resolve_location

    return open_database(resolve_location(args.db), create=create)


@contextmanager
def opened(args, create: bool = False):
    """`with opened(args) as db:` — the command's database, closed however the command ends."""
    db = open_db(args, create)
    try:
        yield db
    finally:
        db.close()


def safe_output_streams() -> None:
    """Printing never fails: stdout and stderr write UTF-8, or the encoding named by
    $PYTHONIOENCODING (e.g. `gbk` for a Windows console or a tool that reads GBK; honoured by the
    packaged app too, which ignores PYTHON* variables itself), and a character that encoding
    lacks (a rare name character outside GBK, an undecodable file name) prints as `?`."""
    encoding = (os.environ.get("PYTHONIOENCODING") or "").split(":")[0].strip() or "utf-8"
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding=encoding, errors="replace")
            except LookupError:  # an unknown encoding name
                stream.reconfigure(encoding="utf-8", errors="replace")


@cache
def db_options() -> argparse.ArgumentParser:
    """A parent parser so `--db` and `--user` are accepted after the command too (`judge-app demo --db PATH`).
    One for every command (a parent is only copied from)."""
    p = Parser(add_help=False)
    p.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p
