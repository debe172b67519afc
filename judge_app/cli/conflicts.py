"""`judge-app conflicts list|add|remove`: conflicts of interest (回避), scriptable.

`add` is refused while the judge has scores for the entry, unless `--remove-scores` deletes
them in the same audited action.
"""

from __future__ import annotations

from judge_app.cli.common import actor, db_options, opened


def cmd_conflicts(args) -> int:
    from judge_app.services.contest import conflicts

    with opened(args) as db:
        if args.action == "list":
            for judge, entry, kind, reason in conflicts.list_conflicts(db):
                if (args.judge and judge != args.judge) or (args.entry and entry != args.entry):
                    continue
                print(f"{judge}\t{entry}\t{'同单位 unit' if kind == conflicts.SAME_UNIT else '手动 manual'}\t{reason}")
            return 0
        if args.action == "add":
            removed = conflicts.set_conflict(db, args.judge, args.entry, args.reason, actor(args),
                                             remove_scores=args.remove_scores)
            print(f"已设回避: 评委 {args.judge} × 作品 {args.entry} (conflict added)"
                  + (f"; 删除其评分 {removed} 份 (scores removed)" if removed else ""))
            return 0
        conflicts.set_conflict(db, args.judge, args.entry, None, actor(args))
    print(f"已取消回避: 评委 {args.judge} × 作品 {args.entry} (conflict removed)")
    return 0


def register(sub) -> None:
    group = sub.add_parser("conflicts", help="回避: 列出、添加、取消 (conflicts of interest)")
    actions = group.add_subparsers(dest="action", required=True)
    p = actions.add_parser("list", help="列出回避, 含同单位 (list, same-unit included)", parents=[db_options()])
    p.add_argument("--judge")
    p.add_argument("--entry")
    p.set_defaults(handler=cmd_conflicts)
    p = actions.add_parser("add", help="添加手动回避 (add a conflict)", parents=[db_options()])
    p.add_argument("--judge", required=True)
    p.add_argument("--entry", required=True)
    p.add_argument("--reason", required=True, help="原因, 记入审计 (reason, audited)")
    p.add_argument("--remove-scores", action="store_true",
                   help="同时删除该评委对此作品的评分 (also delete the judge's scores for the entry)")
    p.set_defaults(handler=cmd_conflicts)
    p = actions.add_parser("remove", help="取消手动回避 (remove a conflict)", parents=[db_options()])
    p.add_argument("--judge", required=True)
    p.add_argument("--entry", required=True)
    p.set_defaults(handler=cmd_conflicts)
