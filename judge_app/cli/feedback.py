"""专家点评 commands: `judge-app feedback` (the 专家点评意见 sheet of a round, one page per entry) and
`judge-app commentary` (where the stage's 专家点评 scene goes in each entry's show plan)."""

from __future__ import annotations

import sys
from pathlib import Path

from judge_app.cli.common import REFUSED, actor, db_options, opened


def cmd_feedback(args) -> int:
    from judge_app.services.results.feedback import feedback_pdf

    with opened(args) as db:
        pdf, entries = feedback_pdf(db, args.round, anonymous=args.anonymous, entries=args.entry, scores=args.scores)
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    except OSError as exc:
        print(f"错误 (refused): 无法写入 {out}: {exc.strerror or exc} (cannot write the PDF)", file=sys.stderr)
        return REFUSED
    who = "匿名 评委1…N" if args.anonymous else "署名"
    print(f"专家点评意见 {entries} 件作品 ({who}) → {out}")
    return 0


def cmd_commentary(args) -> int:
    from judge_app.domain.commentary import PLACEMENTS
    from judge_app.services.contest_day.stage_commentary import placement, set_placement

    with opened(args) as db:
        if args.scene is not None:
            changed = set_placement(db, args.round, args.scene, actor(args))
            print(("已设置" if changed else "没有变化") + f": 专家点评环节 {PLACEMENTS[args.scene]} ({args.scene})")
        else:
            where = placement(db, args.round)
            print(f"专家点评环节\t{PLACEMENTS[where]} ({where})")
    return 0


def register(sub) -> None:
    p = sub.add_parser("commentary", help="舞台专家点评环节: 亮分前/亮分后/不安排 (the stage's comment scene)",
                       parents=[db_options()])
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--scene", choices=["before", "after", "off"],
                   help="设置: before 亮分前, after 亮分后, off 不安排; 省略则显示当前设置 (omit to show)")
    p.set_defaults(handler=cmd_commentary)

    p = sub.add_parser("feedback", help="打印专家点评意见, 每件作品一页 (the experts' comments sheet, a page per entry)",
                       parents=[db_options()])
    p.add_argument("--round", required=True, help="轮次 key (round key)")
    p.add_argument("--out", required=True, help="输出 PDF 文件 (output PDF)")
    p.add_argument("--anonymous", action="store_true", help="评委显示为 评委1…N, 不印姓名 (judges as 评委1…N)")
    p.add_argument("--entry", nargs="+", action="extend", metavar="CODE",
                   help="只打印这些作品 (only these entry codes)")
    p.add_argument("--scores", action="store_true", help="同时印出各部分得分与总分 (also print the component scores)")
    p.set_defaults(handler=cmd_feedback)
