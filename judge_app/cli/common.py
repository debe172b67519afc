"""What every `judge-app` command shares: the database option, the acting user, opening the database."""

from __future__ import annotations

import argparse
import getpass

REFUSED = 2


def actor(args) -> str:
    """Who is acting, for the audit log: `--user`, else the login name."""
    if getattr(args, "user", None):
        return args.user
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def open_db(args, create: bool = False):
    from judge_app.store.database import open_database, resolve_location

    return open_database(resolve_location(args.db), create=create)


def db_options() -> argparse.ArgumentParser:
    """A parent parser so `--db` and `--user` are accepted after the command too (`judge-app demo --db PATH`)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument("--user", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p
