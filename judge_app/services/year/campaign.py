"""Use case: the year's campaign — read every contest file it lists, read-only, and bring their
official results together by unit (`summary`) or as the 推选 list (`recommendations`).

Each contest's result is `standings.round_report` of its chosen round (default the last); whether
that round is signed off is asked of `locks.current_signoff`. A contest whose round is not signed
off is refused unless `include_unsigned`, and then marked 未签署. Everything is checked before
anything is returned, so a refusal (ServiceError naming the file and the problem) leaves nothing
half-done; the contest files are opened read-only (`store.read_only`) and never changed.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from judge_app.domain.nesting import nesting_problem
from judge_app.domain import campaign as dc
from judge_app.services.contest import attachments as att
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.results.locks import current_signoff
from judge_app.services.results.standings import round_report
from judge_app.store.database import DatabaseError
from judge_app.store.read_only import open_read_only


class CampaignRefused(ServiceError):
    """The campaign (or one of its contest files) is refused; nothing was written."""

    def __init__(self, problems: list[str]):
        super().__init__("年度活动被拒绝, 未写入任何内容 (campaign refused, nothing written):\n"
                         + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Loaded:
    path: Path
    summary: dc.Summary
    attachments: dict[str, dict[str, list[att.Attachment]]] = field(default_factory=dict)  # contest → code → files

    @property
    def contests(self) -> tuple[dc.ContestResult, ...]:
        return self.summary.contests


def read_campaign_file(path: str | Path) -> dc.CampaignDef:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        if nested := nesting_problem(text):
            raise CampaignRefused([f"{path}: {nested}"])
        data = tomllib.loads(text, parse_float=Decimal)
    except FileNotFoundError:
        raise CampaignRefused([f"{path}: 年度活动文件不存在 (campaign file not found)"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CampaignRefused([f"{path}: 无法读取 ({exc}) (cannot read the campaign file)"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise CampaignRefused([f"{path}: 不是有效的 TOML: {exc} (not valid TOML)"]) from None
    try:
        return dc.parse_campaign(data, str(path))
    except dc.CampaignError as exc:
        raise CampaignRefused([f"{path}: {p}" for p in exc.problems]) from None


def _contest_result(file: str, path: Path, ref: dc.ContestRef, include_unsigned: bool,
                    with_attachments: bool) -> tuple[dc.ContestResult, dict[str, list[att.Attachment]]]:
    db = open_read_only(path)
    try:
        try:
            report = round_report(db, ref.round, detail=False)  # None: the last round, the official result
        except ServiceError as exc:
            raise ServiceError(f"{path}: {exc}") from None
        round_ = report.result.round
        signed = current_signoff(db, round_.key) is not None
        if not signed and not include_unsigned:
            raise ServiceError(f"{path}: {report.contest.name} · {round_.name} ({round_.key}) 尚未签署; "
                               f"加 --include-unsigned 可汇总并标记 {dc.UNSIGNED} (the round is not signed off)")
        entries = []
        by_code = {e.code: e for e in report.contest.entries}
        for s in report.result.standings:
            e = by_code[s.code]
            entries.append(dc.EntryResult(e.code, e.title, e.unit, tuple(e.members), s.rank, s.award, s.total))
        files = att.by_entry(db) if with_attachments else {}
    finally:
        db.close()
    result = dc.ContestResult(file, report.contest.name, round_.key, round_.name, signed,
                              tuple(t.name for t in round_.awards), tuple(entries))
    return result, files


def load(path: str | Path, *, include_unsigned: bool = False, with_attachments: bool = False) -> Loaded:
    """Every contest of the campaign at `path`, checked; CampaignRefused lists every problem found."""
    path = Path(path)
    campaign = read_campaign_file(path)
    problems: list[str] = []
    results: list[dc.ContestResult] = []
    files: dict[str, dict[str, list[att.Attachment]]] = {}
    seen_paths: dict[Path, str] = {}
    seen_names: dict[str, str] = {}
    for ref in campaign.contests:
        target = (path.parent / ref.file).expanduser().resolve()
        if target in seen_paths:
            problems.append(f"{path}: 比赛文件 {ref.file} 重复列出 (duplicate contest: {seen_paths[target]})")
            continue
        seen_paths[target] = ref.file
        try:
            result, attached = _contest_result(ref.file, target, ref, include_unsigned, with_attachments)
        except (ServiceError, DatabaseError) as exc:
            text = str(exc)
            problems.append(text if str(target) in text else f"{target}: {text}")
            continue
        if result.name in seen_names:
            problems.append(f"{path}: {ref.file} 与 {seen_names[result.name]} 是同一比赛 {result.name} "
                            f"(duplicate contest)")
            continue
        seen_names[result.name] = ref.file
        results.append(result)
        files[result.name] = attached
    if not problems:
        for award in dc.unknown_awards(campaign, results):
            problems.append(f"{path}: [points] 中的奖项 {award} 不是任何比赛的奖项 (unknown award name)")
    if problems:
        raise CampaignRefused(problems)
    return Loaded(path, dc.summarise(campaign, results), files)


def contest_label(contest: dc.ContestResult) -> str:
    """The contest's name as tables show it: marked 未签署 when its round is not signed off."""
    return contest.name if contest.signed else f"{contest.name}（{dc.UNSIGNED}）"


def as_dict(summary: dc.Summary) -> dict:
    """The JSON shape of `judge-app campaign summary --format json`. A contest a unit did not
    enter stays in its per_contest with entries 0, best_rank null and no awards (未参赛)."""
    return {
        "campaign": summary.campaign.name,
        "contests": [{"file": c.file, "name": c.name, "round": c.round_key, "signed": c.signed}
                     for c in summary.contests],
        "units": [{
            "unit": u.unit,
            "entries": u.entries,
            "awards": dict(u.awards),
            "points": dc.format_points(u.points),
            "per_contest": {name: {"entries": line.entries, "best_rank": line.best_rank, "awards": list(line.awards)}
                            for name, line in u.per_contest.items()},
        } for u in summary.units],
    }


def as_json(summary: dc.Summary) -> str:
    return json.dumps(as_dict(summary), ensure_ascii=False, indent=2) + "\n"


def cell_text(line: dc.ContestLine) -> str:
    """One unit in one contest, as a table cell: "2件 最好第3名 一等奖、三等奖", or 未参赛."""
    if not line.entries:
        return dc.NOT_ENTERED
    parts = [f"{line.entries}件"]
    parts.append(f"最好第{line.best_rank}名" if line.best_rank is not None else "未排名")
    if line.awards:
        parts.append("、".join(line.awards))
    return " ".join(parts)


def table_rows(summary: dc.Summary) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the summary table (the text format, the PDF and the workspace)."""
    headers = ["序号", "单位", "作品数", "获奖", "积分", *(contest_label(c) for c in summary.contests)]
    rows = []
    for n, u in enumerate(summary.units, 1):
        won = "、".join(f"{a}×{k}" for a, k in u.awards.items()) or "—"
        rows.append([str(n), u.unit, str(u.entries), won, dc.format_points(u.points),
                     *(cell_text(u.per_contest[c.name]) for c in summary.contests)])
    return headers, rows


def near_duplicate_notes(summary: dc.Summary) -> list[str]:
    return [f"单位名称相近, 是否同一单位? {a} / {b}: 若是, 可在 [aliases] 中写 \"{a}\" = \"{b}\" "
            f"(similar unit names: add an alias if they are one unit)" for a, b in summary.near_duplicates]


def as_table(summary: dc.Summary) -> str:
    headers, rows = table_rows(summary)
    lines = [f"{summary.campaign.name}" + (f"　{summary.campaign.year}" if summary.campaign.year else ""),
             "\t".join(headers)]
    lines += ["\t".join(r) for r in rows]
    return "\n".join(lines) + "\n"


def unit_detail(summary: dc.Summary, unit: str) -> list[tuple[dc.ContestResult, dc.EntryResult]]:
    """Every entry the unit sent, contest by contest in the campaign's order, best rank first:
    the per-unit detail the workspace shows beside the summary table."""
    aliases = summary.campaign.aliases
    found = []
    for contest in summary.contests:
        mine = [e for e in contest.entries if dc.unit_of(e.unit, aliases) == unit]
        mine.sort(key=lambda e: (e.rank is None, e.rank or 0, e.code))
        found += [(contest, e) for e in mine]
    return found
