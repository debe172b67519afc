"""The user guide (docs/guide/) and its screenshot script: every picture a page links to is made
by the script, and the script, run offscreen, makes every picture it declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools import guide_screenshots as gs

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"
IMAGE = re.compile(r"!\[[^\]]*\]\(img/([^)\s]+)\)")
LINK = re.compile(r"\]\(([^)\s#]+\.md)(?:#[^)]*)?\)")
PAGES = ("install.md", "setup.md", "scores.md", "double-entry.md", "votes.md", "stage.md", "lan.md", "lock.md",
         "print.md", "campaign.md")


def referenced_images() -> dict[str, list[str]]:
    """Image file name → the guide pages that show it."""
    found: dict[str, list[str]] = {}
    for page in sorted(GUIDE.glob("*.md")):
        for name in IMAGE.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(page.name)
    return found


def test_every_page_is_linked_from_the_index_in_order():
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    links = [link for link in LINK.findall(index) if link in PAGES]
    assert list(dict.fromkeys(links)) == list(PAGES)  # in order of first mention
    assert "(en.md)" in index


def test_links_between_pages_point_at_files():
    for page in GUIDE.glob("*.md"):
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            assert (page.parent / link).resolve().is_file(), f"{page.name} links to missing {link}"


def test_every_image_the_guide_shows_is_made_by_the_script():
    images = referenced_images()
    assert images, "the guide shows no pictures"
    unknown = {name: pages for name, pages in images.items() if name not in gs.SHOTS}
    assert not unknown, f"pictures no shot function makes: {unknown}"
    for name in images:
        assert (GUIDE / "img" / name).is_file(), f"docs/guide/img/{name} missing: run make guide-screenshots"


def test_every_page_shows_pictures_and_lists_common_mistakes():
    for name in PAGES:
        text = (GUIDE / name).read_text(encoding="utf-8")
        assert IMAGE.search(text), name
        assert "## 常见问题" in text, name


def test_the_committed_pictures_are_exactly_the_declared_ones():
    on_disk = {p.name for p in (GUIDE / "img").glob("*.png")}
    assert on_disk == set(gs.SHOTS), (on_disk ^ set(gs.SHOTS))
    unused = set(gs.SHOTS) - set(referenced_images())
    assert not unused, f"pictures no page shows: {unused}"


@pytest.mark.slow  # about a minute: every picture from the real app (CI runs it)
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")  # offscreen show()
def test_the_script_makes_every_declared_picture(tmp_path):
    from PySide6.QtGui import QImage

    written, skipped = gs.render(tmp_path, log=lambda _line: None)
    for name in skipped:  # only for a missing tool (Chromium), never silently
        assert any(not gs.available(n) for n in gs.SHOTS[name].needs), name
    assert {p.name for p in written} == set(gs.SHOTS) - set(skipped)
    for path in written:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 300 and image.height() >= 100, path.name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
        assert len(colours) > 4, f"{path.name} is blank"


def test_a_command_window_shows_what_the_command_printed(tmp_path):
    pytest.importorskip("PySide6")
    from judge_app.qt.app import ensure_app

    ensure_app()
    transcript = gs.run_cli("judge-app --version", tmp_path)
    assert "".join(text for _kind, text in transcript).startswith("judge-app ")
    refused = gs.run_cli("judge-app --db 无此文件.sqlite rank --round final", tmp_path)
    assert refused[0][0] == "err" and "数据库文件不存在" in refused[0][1]
    shown = gs.venue_paths([("out", f"→ {tmp_path}/a/b.sqlite")], tmp_path)
    assert shown == [("out", "→ D:\\比赛\\a\\b.sqlite")]
