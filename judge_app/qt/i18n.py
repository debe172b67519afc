"""Languages: Chinese (zh_CN) is the source language of every string; English comes from
`resources/i18n/judge_app_en.ts`, compiled with Qt's `lrelease` (shipped in PySide6-Essentials
as `pyside6-lrelease`) when the app starts and the `.qm` is missing or older than the `.ts`.
`make i18n` refreshes the `.ts` from the code with `pyside6-lupdate`."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from judge_app.resources import resource_path

ZH = "zh_CN"
EN = "en"
LANGUAGES = {ZH: "中文", EN: "English"}

_installed: list[QTranslator] = []
_current = [ZH]  # the language in effect: zh_CN, the source language, until another is installed


def ts_path(lang: str) -> Path:
    return resource_path("i18n", f"judge_app_{lang}.ts")


def lrelease_command() -> list[str]:
    import PySide6

    tool = Path(PySide6.__file__).parent / ("lrelease.exe" if sys.platform == "win32" else "lrelease")
    return [str(tool)] if tool.exists() else ["pyside6-lrelease"]


def compiled(lang: str, cache: Path | None = None) -> Path | None:
    """The `.qm` for a language, compiling the `.ts` first when needed; None if there is none."""
    source = ts_path(lang)
    bundled = source.with_suffix(".qm")
    if not source.exists():  # the packaged app ships only the compiled file
        return bundled if bundled.exists() else None
    if bundled.exists() and bundled.stat().st_mtime >= source.stat().st_mtime:
        return bundled
    import hashlib
    import subprocess

    if cache is None:
        from platformdirs import user_cache_dir

        cache = Path(user_cache_dir("judge_app", appauthor=False)) / "i18n"
    cache.mkdir(parents=True, exist_ok=True)
    # Named by the source's content: two installs (or checkouts) of different versions share
    # the user cache, and a newer file time does not mean the same strings.
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    target = cache / f"{bundled.stem}-{digest}.qm"
    if not target.exists():  # compiled beside it, then renamed: another process never reads half a file
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        subprocess.run([*lrelease_command(), "-silent", str(source), "-qm", str(partial)], check=True,
                       stdout=subprocess.DEVNULL)
        os.replace(partial, target)
    return target


def install_language(lang: str) -> bool:
    """Switch the application's translators; True if `lang` is now in effect."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    _current[0] = ZH
    if lang == ZH:
        QLocale.setDefault(QLocale(QLocale.Chinese, QLocale.China))
        qt = QTranslator()
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
        return True
    qm = compiled(lang)
    if qm is None:
        return False
    translator = QTranslator()
    if not translator.load(str(qm)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    _current[0] = lang
    QLocale.setDefault(QLocale(QLocale.English, QLocale.UnitedStates))
    return True


def _chinese() -> bool:
    return _current[0] == ZH


def is_chinese() -> bool:
    """True while the interface is zh_CN."""
    return _chinese()


def pick(zh: str, en: str) -> str:
    """One of a registry entry's two names (rules.py holds both), by the interface language."""
    return zh if _chinese() else en


def moment_text(value) -> str:
    """A stored timestamp as the interface language writes it: 2025年9月18日 14:05 in zh_CN,
    2025-09-18 14:05 in English; local time, never the ISO text."""
    from judge_app.domain.chinese_dates import chinese_datetime, plain_datetime

    return chinese_datetime(value) if _chinese() else plain_datetime(value)


def date_text(value) -> str:
    """A stored date (YYYY-MM-DD) as the interface language writes it: 2025年9月18日 in zh_CN."""
    from judge_app.domain.chinese_dates import chinese_date

    return chinese_date(value) if _chinese() else str(value or "")


_GLOSS = re.compile(r"\s*\((?=[^()]*[A-Za-z]{2})[\x20-\x27\x2a-\x7e]*\)")


def message_text(message: str) -> str:
    """A service's message as the interface shows it. Services write Chinese with a short English
    gloss in parentheses (for the CLI and logs); the zh_CN screen drops the gloss, the English one
    keeps the whole message."""
    return _GLOSS.sub("", message) if _chinese() else message


_WHERE = re.compile(r"\b(round|component|criterion|award|entry|judge) ([^\s,:]+)")
_WHERE_WORDS = {"round": "轮次", "component": "计分部分", "criterion": "评分项", "award": "奖项", "entry": "作品",
                "judge": "评委"}
_SETTING_WORDS = {"tie_break": "同分规则", "decimals": "小数位数", "max": "满分", "count": "名额", "[[rounds]]": ""}


def problem_text(problem: str, contest=None) -> str:
    """A contest rule's problem (`domain.contest.problems`: "round final, component expert: …", written
    for the contest file and the CLI) as the zh_CN screen shows it: places by name (轮次 决赛, 计分部分
    专家评审), setting words in Chinese, no English gloss. The English interface keeps it whole."""
    if not _chinese():
        return problem
    names: dict[tuple[str, str], str] = {}
    for r in getattr(contest, "rounds", ()):
        names[("round", r.key)] = r.name
        for c in r.components:
            names.setdefault(("component", c.key), c.name)
            for k in getattr(c, "criteria", ()):
                names.setdefault(("criterion", k.key), k.name)
    text = message_text(problem)  # the gloss first, while it is still plain English
    text = _WHERE.sub(lambda m: f"{_WHERE_WORDS[m.group(1)]} {names.get((m.group(1), m.group(2)), m.group(2))}", text)
    for word, zh in _SETTING_WORDS.items():
        text = text.replace(word, zh) if word[0] == "[" else re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", zh, text)
    return text.strip()


def refusal_message(exc: BaseException) -> str:
    """A refusal (`errors.refusal_text`) as the interface shows it: Chinese only in zh_CN."""
    from judge_app.errors import refusal_text

    return message_text(refusal_text(exc))


def unique_labels(named: list[tuple[str, str]]) -> list[str]:
    """Names to choose from, as shown: the name alone, with its key only where two share a name."""
    names = [n for n, _ in named]
    return [f"{n} ({k})" if names.count(n) > 1 else n for n, k in named]


def titled(text: str, title: str) -> str:
    """A zh_CN text naming the head judge, with the contest's title for them (主评委 or 总裁判长)."""
    return text.replace("主评委", title) if _chinese() and title else text
