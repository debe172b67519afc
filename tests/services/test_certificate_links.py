"""Certificate QR codes that link to the organization's verification page, and the seal image."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from judge_app.cli import main
from judge_app.services.documents.certificates import VALID, IssueOptions, issue_certificates, register_lines, verify_in_database
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.contest_details import contest_details, update_details
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.locks import lock, signoff
from judge_app.store.database import open_database

needs_tools = pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
                                 reason="zbar-tools or poppler-utils not installed")
URL = "https://www.example.org/zhengshu/verify.html"


@pytest.fixture(scope="module")
def linked_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("linked") / "demo.sqlite"
    load_demo(str(path), "tester")
    db = open_database(str(path))
    try:
        update_details(db, contest_details(db).changed(verify_url=URL), "tester")
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")
    finally:
        db.close()
    return path


@pytest.fixture
def linked_db(linked_template, tmp_path) -> Path:
    path = tmp_path / "contest.sqlite"
    shutil.copy(linked_template, path)
    return path


@needs_tools
def test_with_a_verify_url_the_qr_is_the_address_then_the_payload(linked_db, tmp_path, capsys):
    out = tmp_path / "c.pdf"
    assert main(["--db", str(linked_db), "certificates", "--round", "final", "--out", str(out), "--entry", "Z03"]) == 0
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(out), str(tmp_path / "page")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True,
                             text=True, check=True).stdout.strip()
    db = open_database(str(linked_db))
    try:
        _, lines = register_lines(db)
        verdict = verify_in_database(db, scanned)  # a scanner types the whole link
    finally:
        db.close()
    assert scanned == f"{URL}#{lines[0].payload}"
    assert verdict.status == VALID and verdict.record.serial == lines[0].serial


def test_a_bad_verify_url_is_refused(tmp_path):
    path = tmp_path / "d.sqlite"
    load_demo(str(path), "tester")
    db = open_database(str(path))
    try:
        for bad in ("ftp://example.org/v", "https://example.org/v#x", "https://例子.org/v", "example.org"):
            with pytest.raises(ServiceError, match="验证地址"):
                update_details(db, contest_details(db).changed(verify_url=bad), "tester")
        with pytest.raises(ServiceError, match="主评委称谓"):
            update_details(db, contest_details(db).changed(head_title="组长"), "tester")
        assert contest_details(db).verify_url == ""
    finally:
        db.close()


def _png(path: Path, mode: str) -> Path:
    image = Image.new(mode, (200, 200), (200, 20, 20, 0) if mode == "RGBA" else (200, 20, 20))
    image.save(path, "PNG")
    return path


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="poppler-utils not installed")
def test_a_transparent_seal_image_is_placed_and_an_opaque_or_broken_one_refused(linked_db, tmp_path):
    db = open_database(str(linked_db))
    try:
        for bad, reason in ((_png(tmp_path / "opaque.png", "RGB"), "透明"),
                            (tmp_path / "missing.png", "无法读取")):
            with pytest.raises(ServiceError, match=reason):
                issue_certificates(db, "final", "tester", options=IssueOptions(entries=("Z03",), seal_image=str(bad)))
        broken = tmp_path / "broken.png"
        broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
        with pytest.raises(ServiceError, match="PNG"):
            issue_certificates(db, "final", "tester", options=IssueOptions(entries=("Z03",), seal_image=str(broken)))
        assert register_lines(db)[1] == []  # refusals wrote nothing
        seal = _png(tmp_path / "seal.png", "RGBA")
        batch = issue_certificates(db, "final", "tester", options=IssueOptions(entries=("Z03",), seal_image=str(seal)))
    finally:
        db.close()
    out = tmp_path / "sealed.pdf"
    out.write_bytes(batch.pdf)
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    assert len([ln for ln in listing.splitlines()[2:] if ln.strip()]) >= 1
