"""`judge-app init`: create a contest from a contest file; `judge-app contest show|set`: its details."""

from __future__ import annotations

from pathlib import Path

from judge_app.cli.common import actor, db_options, opened


def cmd_init(args) -> int:
    from judge_app.services.contest.attachments import check_contest_sources, register_from_contest
    from judge_app.services.contest.contest_setup import create_contest, read_contest_file
    from judge_app.store.database import shown_location

    contest = read_contest_file(args.file)  # refused before the database is touched
    check_contest_sources(contest, args.file.parent)  # every attachment it names exists
    with opened(args, create=True) as db:
        create_contest(db, contest, actor(args))
        if any(e.attachments for e in contest.entries):
            added = register_from_contest(db, contest, args.file.parent, actor(args))
            print(f"已登记附件 {len(added)} 个 → {added[0].path.parent.parent if added else ''}")
    print(f"已创建比赛 {contest.name}: {len(contest.rounds)} 个轮次, {len(contest.entries)} 个作品, "
          f"{len(contest.judges)} 位评委 → {shown_location(db.location)}")
    return 0


def cmd_contest_show(args) -> int:
    from judge_app.domain.chinese_dates import chinese_date
    from judge_app.domain.contest import HEAD_TITLES
    from judge_app.services.contest.contest_details import LABELS, contest_details, judge_profiles

    with opened(args) as db:
        d = contest_details(db)
        judges = judge_profiles(db)
    for key, label in LABELS.items():
        value = getattr(d, key)
        shown = f"{chinese_date(value)} ({value})" if key == "date" and value else value
        if key == "head_title" and not value:
            shown = f"{HEAD_TITLES[0]} (默认 default)"  # what the screens and the notice print
        print(f"{label}\t{shown}")
    if judges:
        print(f"评委 (judges)\t{len(judges)} 位")
        for j in judges:
            print(f"  {j.code}\t{j.name}\t职称: {j.title or '—'}\t工作单位: {j.works_at or '—'}")
    return 0


def cmd_contest_set(args) -> int:
    from judge_app.services.contest.contest_details import contest_details, update_details

    with opened(args) as db:
        old = contest_details(db)
        new = old.changed(name=args.name, organizer=args.organizer, host_unit=args.host_unit, date=args.date,
                          venue=args.venue, verify_url=args.verify_url, head_title=args.head_title)
        changed = update_details(db, new, actor(args))
    print("已保存比赛信息 (contest details saved)" if changed else "比赛信息没有变化 (nothing changed)")
    return 0


def register(sub) -> None:
    contest = sub.add_parser("contest", help="比赛信息: 名称、主办、承办、日期、地点 (contest details)")
    actions = contest.add_subparsers(dest="action", required=True)
    p = actions.add_parser("show", help="显示比赛信息 (show the contest details)", parents=[db_options()])
    p.set_defaults(handler=cmd_contest_show)
    p = actions.add_parser("set", help="修改比赛信息, 记入审计 (change the details, audited)", parents=[db_options()])
    p.add_argument("--name", help="比赛名称 (contest name)")
    p.add_argument("--organizer", help="主办单位, 证书上的颁发单位 (issuing body)")
    p.add_argument("--host-unit", dest="host_unit", help="承办单位, 可为空 (host unit, optional)")
    p.add_argument("--date", help="比赛日期 YYYY-MM-DD, 证书上的日期 (contest date)")
    p.add_argument("--venue", help="比赛地点 (venue)")
    p.add_argument("--verify-url", dest="verify_url",
                   help="证书验证地址, 如 https://example.org/verify.html; 证书二维码即为 地址#验证码 (verification page)")
    p.add_argument("--head-title", dest="head_title", choices=("主评委", "总裁判长"),
                   help="主评委称谓, 屏幕与文件上统一使用 (the head judge's title)")
    p.set_defaults(handler=cmd_contest_set)

    p = sub.add_parser("init", help="由比赛文件创建比赛 (create a contest from a TOML file)", parents=[db_options()])
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_init)
