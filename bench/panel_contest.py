"""What the ranking and campaign benchmarks share: their contest (one final round, a judged panel
with the highest and lowest total dropped plus a vote tally, three award tiers) and the timer.

Not a benchmark itself (`bench/run` runs only `bench_*.py`).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


def contest_toml(name: str, entries: Sequence[tuple[str, str, str]], judges: Sequence[tuple[str, str, str]],
                 criteria: int, expert_weight: str, awards: Sequence[tuple[str, int]]) -> str:
    """The contest file: entries and judges as (code, title or name, unit; '' for none), `criteria`
    criteria of max 10 on the expert panel (weight `expert_weight`, the votes take the rest)."""
    marks = "".join(f'[[rounds.components.criteria]]\nkey = "c{k}"\nname = "指标{k}"\nmax = 10\n\n' for k in range(criteria))
    tiers = "".join(f'[[rounds.awards]]\nname = "{tier}"\ncount = {count}\n\n' for tier, count in awards)
    rows = "".join(f'[[entries]]\ncode = "{code}"\ntitle = "{title}"\nunit = "{unit}"\n\n' for code, title, unit in entries)
    people = "".join(f'[[judges]]\ncode = "{code}"\nname = "{who}"\n' + (f'unit = "{unit}"\n' if unit else "")
                     + 'panels = ["final.expert"]\n\n' for code, who, unit in judges)
    votes_weight = 1 - float(expert_weight)
    return f"""
[contest]
name = "{name}"

[[rounds]]
key = "final"
name = "决赛"
tie_break = ["expert"]

[[rounds.components]]
key = "expert"
name = "专家评分"
kind = "panel"
weight = {expert_weight}
drop_highest = 1
drop_lowest = 1

{marks}
[[rounds.components]]
key = "online"
name = "网络投票"
kind = "votes"
weight = {votes_weight:.1f}

{tiers}{rows}{people}"""


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, best) of `runs` calls of `fn`, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def alternating_ms(fns: Sequence[Callable[[], object]], runs: int) -> list[tuple[float, float]]:
    """(median, best) in milliseconds of each of `fns`, called in turn `runs` times: a change in the
    machine's load during the run falls on every side alike instead of on one block."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, seen in zip(fns, times):
            start = time.perf_counter()
            fn()
            seen.append((time.perf_counter() - start) * 1000)
    return [(statistics.median(t), min(t)) for t in times]
