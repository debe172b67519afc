"""Which entry a row of a vote export names: by code, or by exact title when the file has no code.

Codes are compared after NFKC normalisation, trimming and case folding (`ｘ０３` is `X03`).
Titles are compared exactly after NFKC normalisation and trimming of spaces, the ideographic
space U+3000 included; near misses are suggested in the message, never applied.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from judge_app.domain.contest import Entry


def code_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def title_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True)
class Match:
    code: str | None
    problem: str | None = None


class EntryMatcher:
    """Resolves typed codes and titles to the round's entry codes, with messages for misses."""

    def __init__(self, entries: tuple[Entry, ...], round_key: str, round_name: str):
        self.entries = {e.code: e for e in entries}
        self.round_key, self.round_name = round_key, round_name
        self._codes = {code_key(e.code): e.code for e in entries}
        self._titles: dict[str, list[str]] = {}
        for e in entries:
            self._titles.setdefault(title_key(e.title), []).append(e.code)

    def _suggest_title(self, typed: str) -> str:
        close = difflib.get_close_matches(title_key(typed), list(self._titles), n=1, cutoff=0.5)
        if not close:
            return ""
        code = self._titles[close[0]][0]
        return f", 是否为 {code} {self.entries[code].title}? (did you mean {code} {self.entries[code].title}?)"

    def _suggest_code(self, typed: str) -> str:
        close = difflib.get_close_matches(code_key(typed), list(self._codes), n=1, cutoff=0.6)
        if not close:
            return ""
        code = self._codes[close[0]]
        return f", 是否为 {code} {self.entries[code].title}? (did you mean {code}?)"

    def _in_round(self, code: str) -> Match:
        if not self.entries[code].in_round(self.round_key):
            return Match(None, f"作品 {code} 不参加 {self.round_name} (entry not in this round)")
        return Match(code)

    def by_code(self, typed: str) -> Match:
        typed = typed.strip()
        if not typed:
            return Match(None, "缺少作品编号 (missing entry code)")
        code = self._codes.get(code_key(typed))
        if code is None:
            return Match(None, f"未知作品编号 {typed!r}{self._suggest_code(typed)} (unknown entry code)")
        return self._in_round(code)

    def by_title(self, typed: str) -> Match:
        typed = typed.strip()
        if not typed:
            return Match(None, "缺少作品名称 (missing entry title)")
        codes = self._titles.get(title_key(typed))
        if not codes:
            return Match(None, f"未知作品名称 {typed!r}{self._suggest_title(typed)} (unknown entry title)")
        if len(codes) > 1:
            return Match(None, f"作品名称 {typed!r} 对应多个作品 {', '.join(codes)}, 请改用编号 (ambiguous title)")
        return self._in_round(codes[0])

    def title_names(self, typed: str) -> str | None:
        """The entry a title names, if exactly one; for checking a title beside a code."""
        codes = self._titles.get(title_key(typed))
        return codes[0] if codes and len(codes) == 1 else None
