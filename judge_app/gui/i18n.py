"""Languages: Chinese (zh_CN) is the source language of every string; English comes from
`resources/i18n/judge_app_en.ts`, compiled with Qt's `lrelease` (shipped in PySide6-Essentials
as `pyside6-lrelease`) when the app starts and the `.qm` is missing or older than the `.ts`.
`make i18n` refreshes the `.ts` from the code with `pyside6-lupdate`."""

from __future__ import annotations

import subprocess
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
    if cache is None:
        from platformdirs import user_cache_dir

        cache = Path(user_cache_dir("judge_app", appauthor=False)) / "i18n"
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / bundled.name
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        subprocess.run([*lrelease_command(), "-silent", str(source), "-qm", str(target)], check=True,
                       stdout=subprocess.DEVNULL)
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
