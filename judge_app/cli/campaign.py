"""`judge-app campaign summary|recommend CAMPAIGN.toml`: the year's campaign across contest files.

The contest files are only read. A refusal (a missing, unreadable or newer-version contest file,
a duplicate contest, an unknown award or non-numeric value in [points], an unsigned round without
--include-unsigned) exits 2 naming the file and the problem, and writes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    tmp.replace(path)


def cmd_summary(args) -> int:
    from judge_app.services.year import campaign, campaign_documents
    from judge_app.services.contest.contest_access import ServiceError

    if args.format in ("xlsx", "pdf") and not args.out:
        raise ServiceError(f"--format {args.format} 需要 --out FILE (an output file is needed)")
    loaded = campaign.load(args.campaign, include_unsigned=args.include_unsigned)
    for note in campaign.near_duplicate_notes(loaded.summary):
        print(f"提示 (note): {note}", file=sys.stderr)
    if args.format == "xlsx":
        out = Path(args.out)
        tmp = out.with_name(f".{out.name}.part.xlsx")
        campaign_documents.summary_xlsx(loaded, tmp)
        tmp.replace(out)
    elif args.format == "pdf":
        _write_atomic(Path(args.out), campaign_documents.summary_pdf(loaded))
    else:
        text = campaign.as_json(loaded.summary) if args.format == "json" else campaign.as_table(loaded.summary)
        if args.out:
            _write_atomic(Path(args.out), text.encode("utf-8"))
        else:
            sys.stdout.write(text)
            return 0
    print(f"已写入 {args.out} (written): {len(loaded.summary.units)} 个单位, {len(loaded.contests)} 项比赛")
    return 0


def cmd_recommend(args) -> int:
    from judge_app.services.year import campaign, campaign_documents

    loaded = campaign.load(args.campaign, include_unsigned=args.include_unsigned, with_attachments=True)
    package = campaign_documents.build_recommendation(loaded, args.top, Path(args.out))
    print(f"已生成推选材料 {package.folder} (written): 作品 {len(package.picked)} 件, 附件 {len(package.files)} 个 (SHA-256 已核对)")
    for n, r in enumerate(package.picked, 1):
        print(f"  {n}. {r.entry.unit}\t{r.entry.title}\t{r.contest.name}\t{r.entry.award}\t{r.entry.total}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("campaign", help="年度活动: 跨比赛按单位汇总、推选 (the year's campaign across contests)")
    group = p.add_subparsers(dest="campaign_command", required=True)
    s = group.add_parser("summary", help="各单位在各比赛的成绩与积分 (units' results across contests)")
    s.add_argument("campaign", help="年度活动文件 CAMPAIGN.toml")
    s.add_argument("--format", choices=["json", "table", "xlsx", "pdf"], default="table")
    s.add_argument("--out", help="输出文件 (output file; xlsx and pdf need it)")
    s.add_argument("--include-unsigned", action="store_true", help="汇总未签署的比赛并标记未签署 (include unsigned rounds)")
    s.set_defaults(handler=cmd_summary)
    r = group.add_parser("recommend", help="推选名单: 推荐表与作品附件 (the 推选 list and package)")
    r.add_argument("campaign", help="年度活动文件 CAMPAIGN.toml")
    r.add_argument("--top", type=int, required=True, help="推选作品数 (how many works)")
    r.add_argument("--out", required=True, help="输出文件夹, 须不存在或为空 (output folder: new or empty)")
    r.add_argument("--include-unsigned", action="store_true", help="包括未签署的比赛 (include unsigned rounds)")
    r.set_defaults(handler=cmd_recommend)
