"""Every string the workspace shows has its English: a new `self.tr("…")` without a translation
in resources/i18n/judge_app_en.ts fails here (run `make i18n`, then fill in the English)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def lupdate() -> str:
    import PySide6

    tool = Path(PySide6.__file__).parent / "lupdate"
    if tool.exists():
        return str(tool)
    found = shutil.which("pyside6-lupdate")
    if found is None:
        pytest.skip("pyside6-lupdate is not installed")
    return found


def test_every_gui_string_has_an_english_translation(tmp_path):
    ts = tmp_path / "judge_app_en.ts"
    shutil.copy(ROOT / "resources" / "i18n" / "judge_app_en.ts", ts)
    sources = sorted(str(p) for p in (ROOT / "judge_app" / "gui").glob("*.py"))
    sources.append(str(ROOT / "judge_app" / "stage" / "console.py"))  # the host console is a workspace screen too
    sources.append(str(ROOT / "judge_app" / "stage" / "controller.py"))  # its status texts and errors
    sources.append(str(ROOT / "judge_app" / "stage" / "commentary_box.py"))  # the console's 专家点评 group
    subprocess.run([lupdate(), *sources, "-ts", str(ts)], check=True, capture_output=True)
    missing = []
    for context in ET.parse(ts).getroot():
        for message in context.findall("message"):
            translation = message.find("translation")
            if translation.get("type") in ("unfinished",) or not (translation.text or "").strip():
                if translation.get("type") not in ("vanished", "obsolete"):
                    missing.append(f"{context.find('name').text}: {message.find('source').text}")
    assert not missing, "strings without English:\n" + "\n".join(missing)
