"""The packaged one-folder app works on its own, outside the project's virtual environment:
the CLI, the demo, the window (Qt plugins, bundled fonts, both translations, QtPdf), a signed
certificate that `verify` accepts, and the results notice."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

needs_poppler_zbar = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None,
                                        reason="poppler-utils and zbar-tools read the printed QR code")


@pytest.fixture(scope="module")
def frozen(tmp_path_factory):
    pytest.importorskip("PyInstaller")
    sys.path.insert(0, str(__import__("conftest").ROOT / "build_spec"))
    from build import build

    base = tmp_path_factory.mktemp("frozen")
    return build(base / "dist", base / "work")


@pytest.fixture(scope="module")
def signed_off(frozen, tmp_path_factory) -> Path:
    """A folder with the demo contest, locked and signed off (so certificates may be issued)."""
    folder = tmp_path_factory.mktemp("signed")
    for args in (("demo", "--db", "demo.sqlite"), ("--db", "demo.sqlite", "lock", "--round", "final"),
                 ("--db", "demo.sqlite", "signoff", "--round", "final", "--head-judge", "张主任")):
        done = run(frozen, *args, cwd=folder)
        assert done.returncode == 0, done.stderr
    return folder


def run(frozen, *args, cwd):
    # A bare environment: no virtual environment, no PYTHONPATH, no project on the path.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
    if os.name == "nt":
        env = {"SystemRoot": os.environ["SystemRoot"], "USERPROFILE": str(cwd), "QT_QPA_PLATFORM": "offscreen"}
    exe = frozen / ("judge-app.exe" if os.name == "nt" else "judge-app")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env,
                          timeout=300)


def test_frozen_version_demo_and_rank(frozen, tmp_path):
    version = run(frozen, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("judge-app ")
    assert run(frozen, "demo", "--db", "demo.sqlite", cwd=tmp_path).returncode == 0
    ranked = run(frozen, "--db", "demo.sqlite", "rank", "--round", "final", "--format", "json", cwd=tmp_path)
    assert ranked.returncode == 0, ranked.stderr
    data = json.loads(ranked.stdout)
    assert len(data["entries"]) == 20 and data["entries"][0]["rank"] == 1


def test_frozen_size_leaves_out_what_the_app_does_not_use(frozen):
    from build import folder_size

    internal = frozen / "_internal"
    plugins = {p.parent.name for p in internal.rglob("*") if p.parent.parent.name == "plugins"}
    assert {"platforms", "imageformats"} <= plugins
    assert not plugins & {"platformthemes", "wayland-shell-integration", "egldeviceintegrations", "generic", "tls"}
    assert not list(internal.rglob("*WebEngine*")) and not list(internal.rglob("*Qt6Quick*"))
    translations = {p.name for p in internal.rglob("*.qm")}
    assert translations == {"qtbase_zh_CN.qm", "qt_zh_CN.qm", "judge_app_en.qm"}
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]  # no dangling links
    print(f"packaged folder: {folder_size(frozen) / 2**20:.0f} MiB")


def png_colours(path: Path) -> int:
    """How many distinct colours a PNG has (a blank or failed render has one or two)."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), path
    step = max(1, image.width() // 200)
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def test_frozen_window_renders_in_both_languages_with_a_pdf_preview(frozen, signed_off):
    notice = run(frozen, "--db", "demo.sqlite", "notice", "--round", "final", "--out", "公示表.pdf", cwd=signed_off)
    assert notice.returncode == 0, notice.stderr
    assert (signed_off / "公示表.pdf").read_bytes().startswith(b"%PDF")

    shown = run(frozen, "--db", "demo.sqlite", "gui", "--lang", "zh_CN", "--screenshot", "window.png",
                "--screenshot-pdf", "公示表.pdf", cwd=signed_off)
    assert shown.returncode == 0, shown.stderr
    report = json.loads(shown.stdout.strip().splitlines()[-1])
    assert report["title"].endswith("比赛评分系统 judge_app")  # the window of the contest file
    assert report["qt_cancel"] == "取消"  # Qt's own Chinese translation was found
    assert (report["width"], report["height"]) == (1366, 768)
    assert report["pdf_pages"] >= 1  # QtPdf opened the notice (the issuer block and seal line may push it onto a second page)
    assert png_colours(signed_off / "window.png") > 20 and png_colours(signed_off / "window-pdf.png") > 5

    english = run(frozen, "--db", "demo.sqlite", "gui", "--lang", "en", "--screenshot", "window-en.png", cwd=signed_off)
    assert english.returncode == 0, english.stderr
    report = json.loads(english.stdout.strip().splitlines()[-1])
    assert report["title"].endswith("Contest judging judge_app")  # judge_app_en.qm loaded
    assert report["qt_cancel"] == "Cancel"


@needs_poppler_zbar
def test_frozen_certificate_qr_code_verifies(frozen, signed_off, tmp_path):
    issued = run(frozen, "--db", "demo.sqlite", "certificates", "--round", "final", "--entry", "Z03",
                 "--out", "证书.pdf", cwd=signed_off)
    assert issued.returncode == 0, issued.stderr
    assert "证字〔2025〕" in issued.stdout
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(signed_off / "证书.pdf"),
                    str(tmp_path / "page")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(next(tmp_path.glob("page*.png")))],
                             capture_output=True, text=True)
    payload = scanned.stdout.strip()
    assert payload, scanned.stderr

    verified = run(frozen, "--db", "demo.sqlite", "verify", payload, cwd=signed_off)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "VALID" in verified.stdout and "马超" in verified.stdout and "证字〔2025〕" in verified.stdout
    key = run(frozen, "--db", "demo.sqlite", "cert-key", "--out", "key.json", cwd=signed_off)
    assert key.returncode == 0, key.stderr
    offline = run(frozen, "verify", "--public-key", "key.json", payload, cwd=signed_off)  # no database
    assert offline.returncode == 0 and "VALID" in offline.stdout
    forged = payload[:-8] + ("A" * 8 if not payload.endswith("A" * 8) else "B" * 8)
    assert run(frozen, "verify", "--public-key", "key.json", forged, cwd=signed_off).returncode == 1
