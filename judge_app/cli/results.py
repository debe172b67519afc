"""`judge-app rank`: the official ranking of a round as JSON, CSV or a table; `--xlsx FILE` also
saves it as an Excel workbook with the experts' comments (专家点评) on a second sheet."""

from __future__ import annotations

import sys

from judge_app.cli.common import REFUSED, db_options, opened


def _light_rank(args):
    """(report, seal check) from the light read path, or None: take the full path."""
    from judge_app.store import light_read

    conn = light_read.connect(light_read.resolve_location(args.db))
    if conn is None:
        return None
    try:
        from judge_app.services.results.light_reads import rank

        return rank(conn, args.round)
    finally:
        conn.close()


def cmd_rank(args) -> int:
    from judge_app.services.results import result_formats

    # a sound SQLite file at the current schema: answered without SQLAlchemy (--xlsx reads comments: full path)
    found = None if args.xlsx else _light_rank(args)
    comments: dict = {}
    if found is not None:
        report, sealed = found
    else:
        from judge_app.services.scores.score_entry import round_comments
        from judge_app.services.results.seal import check
        from judge_app.services.results.standings import round_report

        with opened(args) as db:
            report = round_report(db, args.round, detail=bool(args.xlsx))
            sealed = check(db, args.round, report.result)  # the printed result is the one compared
            comments = round_comments(db, args.round) if args.xlsx else {}
    render = {"json": result_formats.as_json, "csv": result_formats.as_csv, "table": result_formats.as_table}
    text = render[args.format](report)
    if sealed.broken:
        print(f"警告 (WARNING): {sealed.message()}", file=sys.stderr)
        text = _mark_broken(text, args.format, sealed)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if args.xlsx:
        return _save_xlsx(args, report, sealed, comments)
    return 0


def _save_xlsx(args, report, sealed, comments) -> int:
    from judge_app.services.results.result_export import write_xlsx

    if sealed.broken:
        print(f"错误 (refused): 未导出 {args.xlsx} (not exported): {sealed.message()}", file=sys.stderr)
        return REFUSED
    try:
        from judge_app.services.scores.score_details import score_details

        with opened(args) as db:
            details = score_details(db, report)
        write_xlsx(report, args.xlsx, comments, details)
    except OSError as exc:
        print(f"错误 (refused): 无法写入 {args.xlsx}: {exc.strerror or exc} (cannot write the file)", file=sys.stderr)
        return REFUSED
    count = sum(1 for panel in comments.values() for text in panel.values() if text.strip())
    print(f"已导出 {args.xlsx} (排名, 评分明细, 专家点评 {count} 条)", file=sys.stderr)
    return 0


BROKEN_MARK = "!! 封印不符: 此结果与签署时不同, 不是正式结果 (SEAL BROKEN: not the signed-off result)"


def _mark_broken(text: str, fmt: str, sealed) -> str:
    """The output marked as not the signed-off result: a first line (table, csv) or a `seal` field (json)."""
    if fmt == "json":
        import json

        data = json.loads(text)
        data["seal"] = {"status": sealed.status, "digest": sealed.digest, "problem": sealed.problem}
        return json.dumps(data, ensure_ascii=False, indent=2)
    return f"# {BROKEN_MARK}\n{text}" if fmt == "csv" else f"{BROKEN_MARK}\n{text}"


def register(sub) -> None:
    p = sub.add_parser("rank", help="计算并输出排名 (compute the ranking)", parents=[db_options()])
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--format", choices=["json", "table", "csv"], default="table")
    p.add_argument("--xlsx", metavar="FILE",
                   help="同时导出 Excel: 排名表、评分明细 (每位评委×作品×评分项, 标明去掉的分) 和专家点评 (also save an XLSX)")
    p.set_defaults(handler=cmd_rank)
