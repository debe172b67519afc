"""The audit trail as sentences: Chinese acts, names for keys, labelled values."""

from __future__ import annotations

import json
import re
from pathlib import Path

from judge_app.domain.audit_sentences import ACTIONS, Names, sentence, target_text, value_text

ROOT = Path(__file__).resolve().parents[2]
NAMES = Names(rounds={"final": "决赛"}, components={"final.onsite": "决赛 · 现场评审团"},
              criteria={"overall": "综合评分"})


def test_a_reprint_reads_as_an_office_register_line():
    new = json.dumps({"template": "formal", "entry": "Z03", "award": "一等奖"}, ensure_ascii=False)
    assert sentence("certificate.reprint", "certificate:证字〔2025〕0003号", None, new, NAMES) == \
        "重印证书 证字〔2025〕0003号: 模板 正式, 作品 Z03, 奖项 一等奖"


def test_keys_become_names_and_corrections_show_before_and_after():
    assert target_text("score:final.onsite:P01:Z18", NAMES) == "决赛 · 现场评审团 P01 Z18"
    assert sentence("score.replace", "score:final.onsite:P01:Z18", '{"overall": "8"}', '{"overall": "8.5"}', NAMES) == \
        "更正评分 决赛 · 现场评审团 P01 Z18: 综合评分 8 → 综合评分 8.5"
    assert sentence("lock", "lock:final", None, '{"locked": true}', NAMES) == "锁定 决赛: 已锁定 是"
    assert value_text('{"chain_head": "58ec30b4821c2832aa74e22d8d3c21e9"}', NAMES) == "审计链头 58ec30b4…"
    assert sentence("something.new", "x:final", None, None, NAMES) == "操作记录 决赛"  # never the raw key


def test_a_sheet_reads_in_its_own_order_and_every_recorded_field_has_a_label():
    names = Names(criteria={"quality": "项目质量", "results": "招商成效", "pitch": "路演表现"})
    stored = json.dumps({"pitch": "15", "quality": "21.5", "results": "20"})  # the store's sorted keys
    assert value_text(stored, names) == "项目质量 21.5, 招商成效 20, 路演表现 15"
    assert sentence("contest.create", "contest:1", None, '{"entries": 20, "judges": 16, "rounds": ["final"]}', NAMES) == \
        "创建比赛: 作品 20, 评委 16, 轮次 决赛"
    assert "年" in value_text('{"locked_at": "2025-09-18T14:05:00+08:00"}', NAMES)
    found = set()
    call = re.compile(r"audit\.(?:record|event)\((.{0,400}?)\)\s*$", re.S | re.M)
    for path in (ROOT / "judge_app" / "services").rglob("*.py"):
        for args in call.findall(path.read_text(encoding="utf-8")):
            found |= set(re.findall(r'"([a-z_]+)":', args))
    labelled = "\n".join(value_text(json.dumps({k: 1}), NAMES) for k in sorted(found))
    assert len(found) > 20 and "其他" not in labelled, labelled


def test_every_action_the_code_records_has_a_chinese_name():
    found = set()
    pattern = re.compile(r'audit\.(?:record|event)\(\s*(?:session,\s*)?[\w.]+,\s*"([a-z_.]+)"')
    for path in (ROOT / "judge_app").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    found |= {"score.create", "score.replace", "contest.create", "demo.loaded", "double.resolve",
              "conflict.set", "entry.reopen", "user.disable", "roster.import.entries", "roster.import.judges"}
    assert len(found) > 30
    assert sorted(found - set(ACTIONS)) == []
    assert not [v for v in ACTIONS.values() if re.search(r"[A-Za-z]", v)]


def test_the_cli_audit_log_reads_in_chinese_and_keeps_the_record(tmp_path, capsys):
    from judge_app.cli import main

    db = tmp_path / "d.sqlite"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["--db", str(db), "--user", "王秘书", "lock", "--round", "final"]) == 0
    said = capsys.readouterr().out
    assert re.search(r"王秘书, \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", said) and "T" not in said.split("王秘书")[1]
    assert main(["--db", str(db), "audit", "log", "--limit", "1"]) == 0
    line = capsys.readouterr().out.strip()
    assert re.search(r"\t\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}\t王秘书\t锁定 决赛: 已锁定 是\t\[lock lock:final", line), line

