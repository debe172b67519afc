"""`judge-app rank`: the official ranking of a round as JSON, CSV or a table."""

from __future__ import annotations

import sys

from judge_app.cli.common import db_options, opened


def cmd_rank(args) -> int:
    from judge_app.services import result_formats
    from judge_app.services.standings import round_report

    with opened(args) as db:
        report = round_report(db, args.round)
    render = {"json": result_formats.as_json, "csv": result_formats.as_csv, "table": result_formats.as_table}
    text = render[args.format](report)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def register(sub) -> None:
    p = sub.add_parser("rank", help="计算并输出排名 (compute the ranking)", parents=[db_options()])
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--format", choices=["json", "table", "csv"], default="table")
    p.set_defaults(handler=cmd_rank)
