"""`judge-app demo`: load the demo contest into a database."""

from __future__ import annotations

from judge_app.cli.common import actor, db_options


def cmd_demo(args) -> int:
    from judge_app.services.contest.demo import load_demo
    from judge_app.store.database import resolve_location

    location = resolve_location(args.db)
    print(load_demo(location, actor(args), replace=args.replace))
    print(f"查看排名: judge-app --db {location} rank --round final --format table")
    return 0


def register(sub) -> None:
    p = sub.add_parser("demo", help="载入演示比赛 (load the demo contest)", parents=[db_options()])
    p.add_argument("--replace", action="store_true", help="覆盖已有的数据库文件 (overwrite an existing file)")
    p.set_defaults(handler=cmd_demo)
