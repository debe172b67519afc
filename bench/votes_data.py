"""Synthetic vote exports for the benchmark: deterministic, realistic in shape.

A platform's raw export: a title line, then 投票人,选手编号,选手名称,投票时间,IP地址; WeChat-style
28-character openids, 20 entries with skewed popularity, times over a 7-day window, IPs drawn
from a carrier-NAT-like pool, and about 8 % repeated votes (same voter, entry and day).
"""

from __future__ import annotations

import random
from pathlib import Path

ENTRIES = [(f"X{i:02d}", f"创新项目{i}号") for i in range(1, 21)]
HEADER = "投票人,选手编号,选手名称,投票时间,IP地址"


def contest_toml() -> str:
    entries = "\n".join(f'[[entries]]\ncode = "{c}"\ntitle = "{t}"\n' for c, t in ENTRIES)
    return f'''[contest]
name = "基准测试大赛"

[[rounds]]
key = "final"
name = "决赛"

[[rounds.components]]
key = "online"
name = "网络投票"
kind = "votes"
weight = 0.4
normalize = "max"
dedup = "voter_day"
vote_start = "2024-09-13 00:00:00"
vote_end = "2024-09-19 23:59:59"

[[rounds.components]]
key = "direct"
name = "现场"
kind = "direct"
weight = 0.6

{entries}'''


def raw_rows(n: int, seed: int = 20240920):
    rnd = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
    voters = ["oUx" + "".join(rnd.choice(alphabet) for _ in range(25)) for _ in range(max(1, n // 4))]
    ips = [f"{rnd.choice((113, 117, 120, 183, 223))}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
           for _ in range(max(1, n // 10))]
    weights = [1.0 / (k + 1) ** 0.7 for k in range(len(ENTRIES))]
    picks = rnd.choices(range(len(ENTRIES)), weights, k=n)
    last = None
    for i in range(n):
        if last is not None and rnd.random() < 0.08:
            yield last  # a repeated vote
            continue
        code, title = ENTRIES[picks[i]]
        day = 13 + rnd.randrange(7)
        t = f"2024-09-{day:02d} {rnd.randrange(24):02d}:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"
        last = (rnd.choice(voters), code, title, t, rnd.choice(ips))
        yield last


def write_raw_csv(path: Path, n: int, encoding: str = "gbk") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        fh.write("“基准杯”网络投票数据导出\r\n" + HEADER + "\r\n")
        fh.writelines(",".join(r) + "\r\n" for r in raw_rows(n))
    return path


def write_raw_xlsx(path: Path, n: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("投票记录")
    ws.append(["“基准杯”网络投票数据导出"])
    ws.append(HEADER.split(","))
    for r in raw_rows(n):
        ws.append(list(r))
    wb.save(path)
    return path
