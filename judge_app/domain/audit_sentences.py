"""The audit trail read as sentences: "重印证书 证字〔2025〕0003号: Z03 一等奖, 模板 正式".

Events are stored with machine keys (`certificate.reprint`, `score:final.onsite:P01:Z18`, JSON
old/new values) so they can be filtered and verified; this module writes them the way an office
writes a register: the act in Chinese, its object with round and panel names instead of keys,
and the values that matter with Chinese labels. An action not listed here still reads as
Chinese (操作记录) — never as the raw key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from judge_app.domain.chinese_dates import chinese_datetime

ACTIONS = {
    "contest.create": "创建比赛", "contest.details": "修改比赛信息", "demo.loaded": "载入示例比赛",
    "round.add": "添加轮次", "round.remove": "删除轮次", "round.rules": "修改轮次规则", "round.advance": "晋级下一轮",
    "component.add": "添加计分部分", "component.remove": "删除计分部分", "component.update": "修改计分部分",
    "entry.create": "添加作品", "entry.update": "修改作品", "entry.close": "结束作品评分", "entry.reopen": "重开作品评分",
    "judge.create": "添加评委", "judge.update": "修改评委", "conflict.set": "设置回避", "conflict.remove": "取消回避",
    "roster.import.entries": "导入作品名单", "roster.import.judges": "导入评委名单",
    "score.create": "录入评分", "score.replace": "更正评分", "score.delete": "删除评分",
    "scores.import": "导入评分表", "double.enter": "双人录入", "double.match": "双人录入一致",
    "double.resolve": "核对纸质评分表后裁定", "direct.create": "录入现场得分", "direct.replace": "更正现场得分",
    "votes.import": "导入网络投票", "votes.replace": "重新导入网络投票", "votes.exclude": "剔除投票",
    "signed.import": "导入签名评分文件", "judge_key.issue": "发放评委签名密钥",
    "lock": "锁定", "unlock": "解锁", "signoff": "签署结果", "seal.void": "签署封存失效",
    "certificate.issue": "颁发证书", "certificate.reprint": "重印证书", "certificate.reissue": "补发证书",
    "certificate.revoke": "作废证书", "certificate.key.register": "登记证书公钥",
    "certificate.key.move_out": "证书私钥移出比赛文件",
    "user.add": "添加账户", "user.password": "修改密码", "user.enable": "启用账户", "user.disable": "停用账户",
    "token.issue": "发放扫码评分链接", "token.revoke": "收回扫码评分链接", "stage.current": "大屏切换作品",
    "attachment.add": "登记附件", "comment.set": "填写评语", "stage.commentary": "大屏显示专家点评", "restore": "从备份恢复",
    "running_order.draw": "抽签排定出场顺序", "running_order.manual": "调整出场顺序",
    "definition.change": "比赛设置变更", "definition.baseline": "比赛设置存档",
}

# the definition tables (store.definition_audit) by their Chinese names, for its change events
DEFINITION_TABLES = {
    "contest": "比赛", "round": "轮次", "component": "计分部分", "criterion": "评分项", "award_tier": "奖项",
    "entry": "作品", "entry_round": "作品参赛轮次", "judge": "评委", "panel_seat": "评委席位",
    "manual_conflict": "回避",
}

FIELDS = {
    "award": "奖项", "template": "模板", "reason": "原因", "recipient": "获奖者", "entry": "作品", "round": "轮次",
    "head_judge": "主评委", "name": "名称", "organizer": "主办单位", "host_unit": "承办单位", "date": "日期",
    "venue": "地点", "verify_url": "验证地址", "head_title": "主评委称谓", "title": "作品名称", "unit": "单位",
    "members": "成员", "role": "角色", "judge": "评委", "source": "来源", "rows": "行数", "created": "新增",
    "replaced": "更正", "rows_read": "读入行数", "rows_counted": "计入行数", "shape": "格式", "tally": "票数",
    "locked": "已锁定", "weight": "权重", "max": "满分", "public_key": "公钥", "key_id": "密钥编号",
    "chain_head": "审计链头", "seal": "封存摘要", "clerks": "录入人", "revoked": "收回", "file": "文件",
    "sha256": "校验值", "panels": "评审组", "values": "分值", "value": "分值", "comment": "评语",
    "vote_import": "导入批次", "excluded": "剔除", "count": "数量", "awards": "奖项设置", "tie_break": "同分比较",
    "decimals": "小数位数", "order": "顺序", "seed": "抽签种子", "kind": "类别",
    "entries": "作品", "judges": "评委", "rounds": "轮次", "components": "计分部分", "comments": "评语",
    "updated": "修改", "added": "新增", "score_sheets_removed": "删除评分", "from": "来自", "top": "前几名",
    "stored": "存放", "size": "大小", "method": "方式", "account": "账户", "address": "地址",
    "previous_kept_as": "原文件另存为", "seals_voided": "封存失效", "private_key_in_file": "私钥在比赛文件中",
    "now_the_organizer_key": "改用主办方密钥", "public_key_trusted": "公钥已信任", "note": "说明",
    "signature": "签名", "exported_at": "导出时间", "imported_at": "导入时间", "locked_by": "锁定人",
    "locked_at": "锁定时间", "signoff_revoked": "撤销签署", "voided": "失效", "issued": "发放",
    "lists": "名单", "voters": "投票人", "ips": "地址", "records_excluded": "剔除记录", "by": "按",
}

VALUES = {"totals": "汇总票数", "records": "原始记录", "True": "是", "False": "否", "true": "是", "false": "否",
          "None": "无", "formal": "正式", "plain": "简洁", "admin": "管理员", "clerk": "录入员", "viewer": "查看"}

_HEX = re.compile(r"^[0-9a-f]{16,}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class Names:
    """Chinese names for the contest's keys: rounds, `round.component`, criteria, judges' names."""

    rounds: dict[str, str] = field(default_factory=dict)
    components: dict[str, str] = field(default_factory=dict)  # "final.onsite" → "决赛 · 现场评审团"
    criteria: dict[str, str] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)

    def key(self, text: str) -> str:
        return (self.components.get(text) or self.rounds.get(text) or self.criteria.get(text)
                or self.templates.get(text) or VALUES.get(text) or text)


def action_name(action: str) -> str:
    return ACTIONS.get(action, "操作记录")


def target_text(target: str, names: Names) -> str:
    """`score:final.onsite:P01:Z18` → `决赛 · 现场评审团 P01 Z18`: the kind is in the verb, keys become names."""
    kind, _, rest = target.partition(":")
    if not rest:
        return "" if kind in ("contest", "database", "definition") else names.key(kind)
    if kind in ("contest",):
        return ""
    return " ".join(names.key(part) for part in rest.split(":") if part)


def _decoded(value: str | None):
    if value is None or value == "":
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value


def value_text(value, names: Names) -> str:
    """A stored old/new value as short Chinese text: labelled fields, names for keys, digests shortened."""
    data = _decoded(value) if isinstance(value, str) or value is None else value
    if data is None:
        return ""
    if isinstance(data, dict):
        parts = []
        order = list(names.criteria)  # a sheet's values in the sheet's order, not the stored key order
        for k, v in sorted(data.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else -1):
            label = FIELDS.get(k) or names.criteria.get(k) or names.components.get(k) or "其他"
            parts.append(f"{label} {_scalar(v, names)}")
        return ", ".join(parts)
    if isinstance(data, list):
        return "、".join(_scalar(v, names) for v in data)
    return _scalar(data, names)


def _scalar(v, names: Names) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if v is None:
        return "无"
    if isinstance(v, dict):
        return f"{len(v)} 项"
    if isinstance(v, list):
        return "、".join(_scalar(x, names) for x in v)
    text = str(v)
    if _HEX.match(text):
        return text[:8] + "…"
    if _MOMENT.match(text):
        return chinese_datetime(text)  # a stored time reads as 2025年9月18日 14:05
    return names.key(text)


def sentence(action: str, target: str, old: str | None, new: str | None, names: Names) -> str:
    """The event as one line: act, object, and (for the acts that have them) the key details."""
    verb = action_name(action)
    if action.startswith("definition."):  # {table: {row key: fields}}: how many rows of what changed
        data = _decoded(new)
        tables = data if isinstance(data, dict) else {}
        counts = [f"{DEFINITION_TABLES.get(t, '其他')} {len(rows)} 项" for t, rows in tables.items()
                  if isinstance(rows, dict)]
        return f"{verb}: {', '.join(counts)}" if counts else verb
    obj = target_text(target, names)
    head = f"{verb} {obj}".strip()
    details = value_text(new, names) if new not in (None, "") else ""
    if old not in (None, "") and action.endswith(("replace", "update", "details", "revoke", "unlock", "rules")):
        before = value_text(old, names)
        details = f"{before} → {details}" if details else f"原为 {before}"
    return f"{head}: {details}" if details else head
