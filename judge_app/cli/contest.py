"""`judge-app init`: create a contest from a contest file."""

from __future__ import annotations

from pathlib import Path

from judge_app.cli.common import actor, db_options, opened


def cmd_init(args) -> int:
    from judge_app.services.attachments import check_contest_sources, register_from_contest
    from judge_app.services.contest_setup import create_contest, read_contest_file

    contest = read_contest_file(args.file)  # refused before the database is touched
    check_contest_sources(contest, args.file.parent)  # every attachment it names exists
    with opened(args, create=True) as db:
        create_contest(db, contest, actor(args))
        if any(e.attachments for e in contest.entries):
            added = register_from_contest(db, contest, args.file.parent, actor(args))
            print(f"已登记附件 {len(added)} 个 → {added[0].path.parent.parent if added else ''}")
    print(f"已创建比赛 {contest.name}: {len(contest.rounds)} 个轮次, {len(contest.entries)} 个作品, "
          f"{len(contest.judges)} 位评委 → {db.location}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("init", help="由比赛文件创建比赛 (create a contest from a TOML file)", parents=[db_options()])
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_init)
