"""`judge-app roster preview|import|advance`: the entries' and judges' lists, scriptable.

The same use cases as the workspace's 导入名单 dialog: `preview` shows the header found, which
column each field will come from and the first rows; `import` applies that mapping, with
`--map FIELD=COLUMN` overriding a suggestion (a header's text, a column number or letter, `-` for
none). The whole list is checked before anything is written; a refusal names file, row and reason.
"""

from __future__ import annotations

from judge_app.cli.common import actor, db_options, opened

KINDS = {"entries": "作品名单", "judges": "评委名单"}


def _chosen(pairs: list[str] | None) -> dict[str, str]:
    from judge_app.services.contest.contest_access import ServiceError

    chosen = {}
    for pair in pairs or ():
        field, sep, column = pair.partition("=")
        if not sep or not field.strip():
            raise ServiceError(f"--map 应写作 字段=列名, 如 unit=申报单位, 而不是 {pair!r} (write FIELD=COLUMN)")
        chosen[field.strip()] = column
    return chosen


def _mapping_lines(preview, kind: str, mapping: dict[str, int | None]) -> list[str]:
    from judge_app.services.contest.roster import FIELDS

    lines = []
    for field, (label, required, _) in FIELDS[kind].items():
        index = mapping.get(field)
        column = f"第 {index + 1} 列 “{preview.columns[index]}”" if index is not None else "(未指定)"
        lines.append(f"  {label}\t{field}\t{column}{'' if index is not None or not required else '  ← 必填'}")
    return lines


def cmd_roster(args) -> int:
    import sys

    from judge_app.services.contest import roster

    if args.action == "advance":
        codes = [c.strip() for c in args.entries.split(",") if c.strip()] if args.entries else None
        with opened(args) as db:
            moved = roster.advance(db, args.from_round, args.to_round, actor(args), top=args.top, codes=codes)
        print(f"晋级 {moved.from_round} → {moved.to_round}: 新加入 {len(moved.added)} 件"
              + (f" ({', '.join(moved.added)})" if moved.added else "") + " (advanced)")
        return 0
    kind = roster.ENTRIES if args.kind == "entries" else roster.JUDGES
    preview = roster.preview_roster(args.file, kind, args.sheet)
    mapping = roster.column_mapping(preview, kind, _chosen(args.map))
    for warning in roster.mapping_warnings(kind, mapping):
        print(f"注意: {warning}", file=sys.stderr)
    if args.action == "preview":
        print(f"{preview.source}: 第 {preview.header_row} 行为表头"
              + (f", 编码 {preview.encoding}" if preview.encoding else ""))
        print("\n".join(_mapping_lines(preview, kind, mapping)))
        print(f"前 {len(preview.rows)} 行:")
        for row in preview.rows:
            print("  " + "\t".join(row))
        return 0
    with opened(args) as db:
        created, updated = roster.import_roster(db, args.file, kind, mapping, actor(args), sheet=args.sheet,
                                                remove_scores=args.remove_scores)
    print(f"已导入{KINDS[args.kind]}: 新增 {created}, 更新 {updated} (created {created}, updated {updated})")
    return 0


def register(sub) -> None:
    group = sub.add_parser("roster", help="名单: 预览、导入作品或评委名单, 晋级 (entries' and judges' lists)")
    actions = group.add_subparsers(dest="action", required=True)
    for action, text in (("preview", "预览名单与列对应, 不写入 (preview the list and the column mapping)"),
                         ("import", "导入名单, 整表校验后一次写入 (import the list, all or nothing)")):
        p = actions.add_parser(action, help=text, parents=[db_options()])
        p.add_argument("kind", choices=sorted(KINDS), help="entries 作品 / judges 评委")
        p.add_argument("file", help="Excel 或 CSV 文件 (XLSX/XLS/CSV)")
        p.add_argument("--sheet", help="工作表名称, 默认第一张 (sheet name)")
        p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                       help="指定某字段取哪一列: 表头文字、列号或列字母, '-' 表示不取; 可重复 "
                            "(e.g. --map unit=申报单位 --map members=C)")
        if action == "import":
            p.add_argument("--remove-scores", action="store_true",
                           help="评委名单移出评审组时同时删除其评分, 记入审计 (also delete the scores of removed seats)")
        p.set_defaults(handler=cmd_roster)
    p = actions.add_parser("advance", help="晋级: 本轮前 N 名或指定作品进入下一轮 (advance entries)",
                           parents=[db_options()])
    p.add_argument("--from", dest="from_round", required=True, help="本轮 (from round)")
    p.add_argument("--to", dest="to_round", required=True, help="下一轮 (into round)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--top", type=int, help="前 N 名, 并列同进 (top N, ties included)")
    which.add_argument("--entries", help="作品编号, 逗号分隔 (entry codes, comma-separated)")
    p.set_defaults(handler=cmd_roster)
