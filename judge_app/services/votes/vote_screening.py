"""Screening raw vote records in a dry run: bursts from one IP or within one minute, votes outside
the voting window, voters with unusually many votes (`domain.votes.ScreeningRules`)."""

from __future__ import annotations

from judge_app.domain.contest import Component
from judge_app.domain.votes import ScreeningRules, canonical_time
from judge_app.services.votes.vote_report import Flag


class Screening:
    """Counts what the flags need, one record at a time (`record`), and states them (`flags`)."""

    def __init__(self, rules: ScreeningRules, component: Component):
        self.rules, self.component = rules, component
        self.window = component.vote_start is not None or component.vote_end is not None
        self.start = canonical_time(component.vote_start) if component.vote_start else ""
        self.end = canonical_time(component.vote_end) if component.vote_end else "~"
        self.voter_records: dict[str, int] = {}
        self.ip_entry: dict[tuple[str, str], list[int]] = {}
        self.minute_entry: dict[tuple[str, str], list[int]] = {}
        self.outside: list[int] = []
        self.outside_count = 0

    def record(self, number: int, voter: str, code: str, at: str, ip: str) -> None:
        if voter:
            self.voter_records[voter] = self.voter_records.get(voter, 0) + 1
        if ip:
            hit = self.ip_entry.get((ip, code))
            if hit is None:
                self.ip_entry[(ip, code)] = [1, number]
            else:
                hit[0] += 1
        if len(at) == 19 and at[4] == "-":
            key = (at[:16], code)
            hit = self.minute_entry.get(key)
            if hit is None:
                self.minute_entry[key] = [1, number]
            else:
                hit[0] += 1
            if self.window and (at < self.start or at > self.end):
                self.outside_count += 1
                if len(self.outside) < self.rules.samples:
                    self.outside.append(number)

    def flags(self) -> list[Flag]:
        rules, out = self.rules, []
        ip_hits = sorted(((n, ip, code, row) for (ip, code), (n, row) in self.ip_entry.items() if n >= rules.ip_burst),
                         key=lambda h: (-h[0], h[1], h[2]))
        if ip_hits:
            out.append(Flag("ip_burst", sum(h[0] for h in ip_hits),
                            f"{len(ip_hits)} 个 IP 对同一作品投票不少于 {rules.ip_burst} 次 (one IP, many votes for one entry)",
                            tuple({"ip": ip, "entry": code, "records": n, "first_row": row}
                                  for n, ip, code, row in ip_hits[: rules.samples])))
        minute_hits = sorted(((n, m, code, row) for (m, code), (n, row) in self.minute_entry.items()
                              if n >= rules.minute_burst), key=lambda h: (-h[0], h[1], h[2]))
        if minute_hits:
            out.append(Flag("minute_burst", sum(h[0] for h in minute_hits),
                            f"{len(minute_hits)} 个一分钟内同一作品得票不少于 {rules.minute_burst} 次 (votes bunched within a minute)",
                            tuple({"minute": m, "entry": code, "records": n, "first_row": row}
                                  for n, m, code, row in minute_hits[: rules.samples])))
        if self.outside_count:
            c = self.component
            span = f"{canonical_time(c.vote_start) if c.vote_start else '…'} – {canonical_time(c.vote_end) if c.vote_end else '…'}"
            out.append(Flag("outside_window", self.outside_count,
                            f"{self.outside_count} 条记录不在投票时间 {span} 内 (votes outside the voting window)",
                            tuple({"row": row} for row in self.outside)))
        voters, total = len(self.voter_records), sum(self.voter_records.values())
        heavy = sorted(((n, v) for v, n in self.voter_records.items() if rules.is_heavy(n, total, voters)),
                       key=lambda h: (-h[0], h[1]))
        if heavy:
            out.append(Flag("heavy_voter", sum(h[0] for h in heavy),
                            f"{len(heavy)} 个投票人投票异常多 (不少于 {rules.heavy_voter} 次且超过平均 {rules.heavy_factor} 倍) "
                            f"(voters with unusually many votes)",
                            tuple({"voter": v, "records": n} for n, v in heavy[: rules.samples])))
        return out
