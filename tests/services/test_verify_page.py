"""The offline verify.html: a headless Chromium checks certificate payloads against the published
public key, with WebCrypto and with the plain JavaScript Ed25519 (same answers), no network."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from judge_app.services.documents.certificates import register_lines
from judge_app.store.database import open_database

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed")

CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=15000", "--dump-dom"]


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> tuple[Path, list]:
    from judge_app.cli import main

    tmp = tmp_path_factory.mktemp("verify")
    db = tmp / "demo.sqlite"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["--db", str(db), "lock", "--round", "final"]) == 0
    assert main(["--db", str(db), "signoff", "--round", "final", "--head-judge", "总裁判长"]) == 0
    assert main(["--db", str(db), "certificates", "--round", "final", "--out", str(tmp / "c.pdf")]) == 0
    assert main(["--db", str(db), "showcase", "--round", "final", "--out", str(tmp / "pkg")]) == 0
    opened = open_database(str(db))
    try:
        lines = register_lines(opened)[1]
    finally:
        opened.close()
    return tmp / "pkg" / "verify.html", lines


def browse(page: Path, tmp: Path, payload: str, engine: str) -> tuple[str, str, str]:
    """(status, engine that answered, the page's text) after opening page#payload."""
    query = "?engine=js" if engine == "js" else ""
    done = subprocess.run(CHROMIUM + [f"--user-data-dir={tmp / ('profile-' + engine)}",
                                      f"{page.as_uri()}{query}#{payload}"],
                          capture_output=True, text=True, timeout=120)
    found = re.search(r'<output id="result" data-status="([a-z]+)" data-engine="([a-z]*)">(.*?)</output>',
                      done.stdout, re.S)
    assert found, done.stdout[-2000:] + done.stderr[-2000:]
    return found.group(1), found.group(2), re.sub(r"<[^>]+>", " ", found.group(3))


@pytest.mark.parametrize("engine", ["webcrypto", "js"])
def test_genuine_altered_and_forged_payloads(package, tmp_path, engine):
    page, lines = package
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and "<link" not in text  # nothing to fetch
    good = lines[0]
    status, used, shown = browse(page, tmp_path, good.payload, engine)
    assert status == "valid" and good.recipient in shown and good.serial in shown and good.award in shown
    if engine == "js":
        assert used == "js"
    # a link as the QR code carries it, in lower case, also verifies
    status, _, _ = browse(page, tmp_path, "https%3A//example.org/verify.html#" + good.payload.lower(), engine)
    assert status == "valid"
    # one character of the signed record changed: the signature no longer matches
    i = 30
    forged = good.payload[:i] + ("B" if good.payload[i] != "B" else "C") + good.payload[i + 1:]
    status, _, shown = browse(page, tmp_path, forged, engine)
    assert status in ("forged", "altered") and good.recipient not in shown
    # the signature itself altered
    j = len(good.payload) - 20
    sig = good.payload[:j] + ("Q" if good.payload[j] != "Q" else "R") + good.payload[j + 1:]
    assert browse(page, tmp_path, sig, engine)[0] == "forged"
    assert browse(page, tmp_path, "NOTAPAYLOAD1", engine)[0] == "altered"


def test_the_page_carries_a_font_for_its_texts_and_every_certificate(package):
    """verify.html travels alone to machines without Chinese fonts: it embeds its own subset, covering
    its texts, the verdicts its script writes and every recipient and award a certificate can show."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    page_path, lines = package
    page = page_path.read_text(encoding="utf-8")
    found = re.search(r'@font-face \{ font-family: "JudgeApp Sans"; src: url\("data:font/woff;base64,([A-Za-z0-9+/=]+)"\)',
                      page)
    assert found and 'font-family: "JudgeApp Sans",' in page and "font-family: inherit" in page  # the button too
    woff = base64.b64decode(found.group(1))
    assert woff[:4] == b"wOFF" and len(woff) < 400_000
    cmap = TTFont(io.BytesIO(woff)).getBestCmap()
    shown = page.replace(found.group(0), "") + "".join(f"{c.recipient}{c.award}{c.serial}" for c in lines)
    han = {c for c in shown if ord(c) > 0x2E80}
    assert han and sorted(c for c in han if ord(c) not in cmap) == []
