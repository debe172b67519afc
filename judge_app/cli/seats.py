"""`judge-app seats list|add|remove`: which judge sits on which panel, scriptable.

`remove` is refused while the judge has scores in that panel, unless `--remove-scores` deletes
them in the same audited action (as `conflicts add --remove-scores`).
"""

from __future__ import annotations

from judge_app.cli.common import actor, db_options, opened


def cmd_seats(args) -> int:
    from judge_app.services.contest import roster
    from judge_app.services.contest.workspace_files import current_contest

    with opened(args) as db:
        if args.action == "list":
            contest = current_contest(db)
            for judge in contest.judges if contest else ():
                for panel in judge.panels:
                    if (not args.judge or judge.code == args.judge) and (not args.panel or panel == args.panel):
                        print(f"{judge.code}\t{judge.name}\t{panel}")
            return 0
        seated = args.action == "add"
        removed = roster.set_seat(db, args.judge, args.panel, seated, actor(args),
                                  remove_scores=getattr(args, "remove_scores", False))
    print(f"已{'加入' if seated else '移出'}评审组: 评委 {args.judge} · {args.panel} "
          f"({'seated' if seated else 'seat removed'})" + (f"; 删除其评分 {removed} 份 (scores removed)" if removed else ""))
    return 0


def register(sub) -> None:
    group = sub.add_parser("seats", help="评审组席位: 列出、加入、移出 (judges' panel seats)")
    actions = group.add_subparsers(dest="action", required=True)
    p = actions.add_parser("list", help="列出席位 (list: judge, name, panel)", parents=[db_options()])
    p.add_argument("--judge")
    p.add_argument("--panel", help="评审组, 如 final.expert (panel)")
    p.set_defaults(handler=cmd_seats)
    p = actions.add_parser("add", help="加入评审组 (seat a judge on a panel)", parents=[db_options()])
    p.add_argument("--judge", required=True)
    p.add_argument("--panel", required=True, help="评审组, 如 final.expert (panel)")
    p.set_defaults(handler=cmd_seats)
    p = actions.add_parser("remove", help="移出评审组 (take a judge off a panel)", parents=[db_options()])
    p.add_argument("--judge", required=True)
    p.add_argument("--panel", required=True, help="评审组, 如 final.expert (panel)")
    p.add_argument("--remove-scores", action="store_true",
                   help="同时删除该评委在该组的评分, 记入审计 (also delete the judge's scores in the panel, audited)")
    p.set_defaults(handler=cmd_seats)
