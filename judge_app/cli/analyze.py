"""`judge-app analyze`: fairness analytics of a round; `judge-app explain`: the 计分说明 PDF."""

from __future__ import annotations

import sys

from judge_app.cli.common import REFUSED, db_options, opened


def cmd_analyze(args) -> int:
    from judge_app.services.results import analysis

    with opened(args) as db:
        result = analysis.analyze_round(db, args.round, args.component, args.k)
    text = analysis.as_json(result) if args.format == "json" else analysis.as_table(result)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_explain(args) -> int:
    from judge_app.printing.explanation_pdf import write_explanations
    from judge_app.services.results.explanation import explanation_sheets

    with opened(args) as db:
        sheets = explanation_sheets(db, args.round, args.entry)
    try:
        pages = write_explanations(sheets, args.out)
    except OSError as exc:
        print(f"错误 (refused): 无法写入 {args.out}: {exc.strerror or exc} (cannot write the PDF)", file=sys.stderr)
        return REFUSED
    print(f"已写出 {args.out}: {pages} 页计分说明 (wrote {pages} explanation pages)")
    return 0


def register(sub) -> None:
    p = sub.add_parser("analyze", help="评分公正性分析 (fairness analytics of a round)", parents=[db_options()])
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--component", help="评委打分部分 key; 默认全部 (panel component; default every panel)")
    p.add_argument("--k", type=float, default=2.0, help="离群阈值: 其他评委的标准差倍数, 默认 2 (outlier threshold in SDs)")
    p.add_argument("--format", choices=["json", "table"], default="table")
    p.set_defaults(handler=cmd_analyze)

    e = sub.add_parser("explain", help="生成计分说明 PDF, 每件作品一页 (per-entry explanation sheet)", parents=[db_options()])
    e.add_argument("--round", required=True, help="轮次 key (round key)")
    e.add_argument("--out", required=True, help="输出 PDF 文件 (output PDF)")
    e.add_argument("--entry", help="只生成这件作品 (only this entry code)")
    e.set_defaults(handler=cmd_explain)
