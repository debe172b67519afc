"""Judge table cards (桌签): a PDF page per seated judge with their name, code, round, panel, the
address and a QR code that scans to their (newly issued, working) personal link."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import DATA
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import authenticate, list_tokens
from judge_app.store.database import open_database

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("zbarimg") and shutil.which("pdftoppm")),
                                reason="needs poppler-utils and zbar-tools")


def test_cards_pdf_names_every_judge_and_its_qr_opens_their_link(cli, tmp_path):
    path = tmp_path / "c.sqlite"
    db = open_database(str(path))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    db.close()
    out = tmp_path / "cards.pdf"
    r = cli("--db", path, "tokens", "cards", "--round", "final", "--out", out, "--url", "http://192.168.1.10:8000",
            "--qr", tmp_path / "qr")
    assert r.status == 0, r.err
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    db = open_database(str(path))
    try:
        judges = [t.judge for t in list_tokens(db, "final") if t.revoked_at is None]
        assert len([p for p in pages if p.strip()]) == len(judges) == 8
        assert "孙教授" in text and "评委编号 E01" in text and "决赛" in text and "http://192.168.1.10:8000" in text
        assert "专家评分" in text and "大众评审" in text
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "2", str(out), str(tmp_path / "p")], check=True)
        pngs = sorted(tmp_path.glob("p-*.png"))
        assert len(pngs) == 2
        for png in pngs:
            scanned = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True).stdout.strip()
            assert scanned.startswith("http://192.168.1.10:8000/j/")
            access = authenticate(db, scanned.rsplit("/", 1)[1])
            assert access is not None and access.round == "final"  # the printed link works
        assert len(list((tmp_path / "qr").glob("*.png"))) == 8  # the bare PNG QR images stay available
    finally:
        db.close()


def test_a_name_no_font_can_draw_prints_nothing(tmp_path):
    from judge_app.printing.judge_cards import write_card_pdf
    from judge_app.printing.fonts import MissingGlyphs
    from judge_app.services.contest_day.lan_access import JudgeCard

    card = JudgeCard("E1", "王\U000F0000", "比赛", "final", "决赛", ("专家评审",), "http://h/j/x", "http://h")
    with pytest.raises(MissingGlyphs):
        write_card_pdf([card], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
