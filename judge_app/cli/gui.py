"""`judge-app gui [--db PATH]`: open the organizer and clerk workspace."""

from __future__ import annotations

from judge_app.cli.common import db_options


def cmd_gui(args) -> int:
    import os

    from judge_app.gui.app import run

    return run(getattr(args, "db", None) or os.environ.get("JUDGE_APP_DB"), getattr(args, "user", None), args.lang)


def register(sub) -> None:
    p = sub.add_parser("gui", help="打开图形界面工作台 (open the desktop workspace)", parents=[db_options()])
    p.add_argument("--lang", choices=["zh_CN", "en"], help="界面语言 (language; default zh_CN or the last choice)")
    p.set_defaults(handler=cmd_gui)
