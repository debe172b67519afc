"""The voters and IP addresses an organizer excludes from a raw vote import, read from plain lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from judge_app.domain.file_names import display_name
from judge_app.table_files.problems import InputRefused
from judge_app.table_files.reader import detect_encoding


@dataclass(frozen=True)
class Exclusions:
    """Voters and IP addresses the organizer excludes, each with a reason, and the files they came from."""

    voters: dict[str, str] = field(default_factory=dict)
    ips: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.voters or self.ips)




def read_exclusions(voters_file: str | Path | None = None, ips_file: str | Path | None = None,
                    reason: str | None = None) -> Exclusions:
    """Read exclusion lists: one voter id (or IP) per line, optionally `,reason` or a tab and a reason;
    blank lines and `#` comments are skipped. A line without its own reason gets `reason`."""
    default = reason or "组织方排除 (excluded by the organizer)"
    found: dict[str, dict[str, str]] = {"voters": {}, "ips": {}}
    sources = []
    for key, given in (("voters", voters_file), ("ips", ips_file)):
        if given is None:
            continue
        path = Path(given)
        if not path.is_file():
            raise InputRefused.one(path.name, None, "排除名单文件不存在 (exclusion list not found)")
        sources.append(display_name(path))
        content = path.read_text(encoding=detect_encoding(path)) if path.stat().st_size else ""
        for number, line in enumerate(content.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            value, _, why = line.replace("\t", ",").partition(",")
            if not value.strip():
                raise InputRefused.one(path.name, number, "缺少投票人或 IP (missing value)")
            found[key][value.strip()] = why.strip() or default
        if not found[key]:
            raise InputRefused.one(path.name, None, "排除名单为空 (the exclusion list is empty)")
    return Exclusions(found["voters"], found["ips"], tuple(sources))
