"""Certificates: issued PDF (text, fonts, pages, serials), signed QR codes, reprints, rare names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from judge_app.cli import main
from judge_app.services.results.locks import lock, signoff, unlock
from judge_app.services.documents.certificates import (
    IssueOptions,
    ALTERED,
    FORGED,
    UNKNOWN,
    VALID,
    check_payload,
    issue_certificates,
    register_lines,
    verify_in_database,
)
from judge_app.services.documents.certificate_signing import PublicKey, Signer, key_id_of, new_key
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.standings import round_report
from judge_app.store import audit
from judge_app.store import certificate_store as register_store
from judge_app.store.database import open_database

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(str(path), "tester")
    sign_off(path)
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    path = tmp_path / "contest.sqlite"
    shutil.copy(demo_template, path)
    return path


def sign_off(path: Path, round_key: str = "final") -> None:
    """Certificates are issued only for a signed-off round."""
    db = open_database(str(path))
    try:
        lock(db, round_key, None, "tester")
        signoff(db, round_key, "总裁判长", "tester")
    finally:
        db.close()


def run(*args: str) -> int:
    return main(list(args))


def pdftext(pdf: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", *extra, str(pdf), "-"], capture_output=True, check=True, text=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def fonts_table(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def awarded(db_path: Path):
    db = open_database(str(db_path))
    try:
        report = round_report(db, "final")
    finally:
        db.close()
    return report, [s for s in report.result.standings if s.award]


@needs_poppler
def test_certificate_pdf_has_names_serials_embedded_fonts_and_one_page_per_award(demo_db, tmp_path):
    out = tmp_path / "certs.pdf"
    assert run("--db", str(demo_db), "--user", "clerk", "certificates", "--round", "final", "--out", str(out)) == 0
    report, winners = awarded(demo_db)
    assert pages(out) == len(winners) == 20
    text = pdftext(out)
    db = open_database(str(demo_db))
    try:
        _, lines = register_lines(db)
    finally:
        db.close()
    assert len(lines) == len(winners)
    assert len({ln.serial for ln in lines}) == len(lines)
    for ln in lines:
        assert ln.serial in text
        assert ln.recipient in text
        assert ln.issued_by == "clerk" and ln.printed == 1
    first = report.entry(winners[0].code)
    assert first.title in text.replace("\n", "")
    fonts = fonts_table(out)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts  # emb column: every font embedded
    assert not any("Helvetica" in row[0] for row in fonts)


def test_the_result_printed_is_the_one_compared_with_the_seal(demo_db, monkeypatch):
    """Issuing checks the seal against the result it prints (computed once, not again): a result
    that differs from the sealed one — here one award changed on its way to the printer — is
    refused and nothing is recorded."""
    import dataclasses

    import judge_app.services.documents.certificates as certificates
    from judge_app.services.results.seal import SealBroken

    real = certificates.round_report

    def doctored(db, round_key, **options):
        report = real(db, round_key, **options)
        standings = list(report.result.standings)
        last = max(i for i, s in enumerate(standings) if s.award)
        standings[last] = dataclasses.replace(standings[last], award=standings[0].award)
        return dataclasses.replace(report, result=dataclasses.replace(report.result, standings=tuple(standings)))

    before = audit_count(demo_db)
    monkeypatch.setattr(certificates, "round_report", doctored)
    db = open_database(str(demo_db))
    try:
        with pytest.raises(SealBroken):
            issue_certificates(db, "final", "clerk")
        assert register_lines(db)[1] == []
    finally:
        db.close()
    assert audit_count(demo_db) == before
    monkeypatch.setattr(certificates, "round_report", real)
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(demo_db.with_suffix(".pdf"))) == 0


def test_the_command_runs_without_the_cycle_collector_and_turns_it_back_on(demo_db, tmp_path, monkeypatch):
    import gc

    import judge_app.services.documents.certificates as certificates

    seen = []
    real = certificates.issue_certificates

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(certificates, "issue_certificates", spy)
    assert gc.isenabled()
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(tmp_path / "c.pdf")) == 0
    assert seen == [False] and gc.isenabled()
    assert run("--db", str(demo_db), "certificates", "--round", "nope", "--out", str(tmp_path / "d.pdf")) == 2
    assert gc.isenabled() and gc.get_freeze_count() == 0  # a refusal too; nothing frozen before the process ends


@needs_poppler
def test_per_member_prints_one_page_per_member(demo_db, tmp_path):
    out = tmp_path / "members.pdf"
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(out), "--per-member",
               "--template", "plain") == 0
    report, winners = awarded(demo_db)
    expected = sum(max(1, len(report.entry(s.code).members)) for s in winners)
    assert pages(out) == expected
    text = pdftext(out)
    for s in winners:
        for member in report.entry(s.code).members:
            assert member in text


@needs_poppler
@needs_zbar
def test_qr_code_decodes_to_a_payload_verify_accepts_and_one_changed_character_is_refused(demo_db, tmp_path, capsys):
    out = tmp_path / "certs.pdf"
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(out), "--entry", "Z03") == 0
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(out), str(tmp_path / "page")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True,
                             check=True).stdout.strip()
    db = open_database(str(demo_db))
    try:
        _, lines = register_lines(db)
    finally:
        db.close()
    assert scanned == lines[0].payload
    assert scanned.isascii()
    capsys.readouterr()
    assert run("--db", str(demo_db), "verify", scanned) == 0
    said = capsys.readouterr().out
    assert "有效" in said and lines[0].serial in said and lines[0].recipient in said and "一等奖" in said
    assert re.search(r"日期 date: \d{4}年\d{1,2}月\d{1,2}日", said)  # the certificate's date as printed on it
    i = len(scanned) // 2
    changed = scanned[:i] + ("B" if scanned[i] != "B" else "C") + scanned[i + 1:]
    assert run("--db", str(demo_db), "verify", changed) == 1
    said = capsys.readouterr().out
    assert "有效" not in said and lines[0].recipient not in said  # an altered record is not shown as fact
    # a stranger with only the exported public key
    key = tmp_path / "key.json"
    assert run("--db", str(demo_db), "cert-key", "--out", str(key)) == 0
    assert "private" not in key.read_text(encoding="utf-8")
    assert run("verify", "--public-key", str(key), scanned) == 0
    assert run("verify", "--public-key", str(key), changed) == 1


def test_every_single_character_change_is_refused(demo_db):
    db = open_database(str(demo_db))
    try:
        batch = issue_certificates(db, "final", "tester", entries=["Z01"])
        payload = batch.certificates[0].payload
        assert verify_in_database(db, payload).status == VALID
        for i, ch in enumerate(payload):
            other = "A" if ch != "A" else "Q"
            verdict = verify_in_database(db, payload[:i] + other + payload[i + 1:])
            assert verdict.status in (ALTERED, FORGED, UNKNOWN), (i, verdict)
        assert verify_in_database(db, payload[:-1]).status != VALID
    finally:
        db.close()


def test_payload_signed_by_another_key_is_unknown_and_a_forged_signature_is_caught(demo_db):
    db = open_database(str(demo_db))
    try:
        genuine = issue_certificates(db, "final", "tester", entries=["Z01"]).certificates[0].payload
    finally:
        db.close()
    from judge_app.domain.certificate import decode_payload, encode_payload

    record, _, _ = decode_payload(genuine)
    private, public = new_key()
    other = encode_payload(record, Signer(private).sign(record.body()))  # same text, a stranger's key
    db = open_database(str(demo_db))
    try:
        assert verify_in_database(db, other).status == FORGED  # claims our key id, signature does not match
    finally:
        db.close()
    from dataclasses import replace

    foreign = replace(record, key_id=key_id_of(public))
    foreign_payload = encode_payload(foreign, Signer(private).sign(foreign.body()))
    ours = PublicKey(record.key_id, b"\0" * 32)
    assert check_payload(foreign_payload, [ours]).status == UNKNOWN
    assert check_payload(foreign_payload, [PublicKey(key_id_of(public), public)]).status == VALID


@needs_poppler
def test_re_rendering_keeps_serial_and_payload_and_is_not_a_reissue(demo_db, tmp_path):
    db = open_database(str(demo_db))
    try:
        first = issue_certificates(db, "final", "tester")
        second = issue_certificates(db, "final", "tester", template="plain")
        _, lines = register_lines(db)
        with db.session() as session:
            actions = [e.action for e in audit.events(session, "certificate:")]
    finally:
        db.close()
    assert [c.serial for c in first.certificates] == [c.serial for c in second.certificates]
    assert [c.payload for c in first.certificates] == [c.payload for c in second.certificates]
    assert first.new == 20 and first.reprints == 0 and second.reprints == 20 and second.new == 0
    assert second.reissues == 0
    assert all(ln.printed == 2 for ln in lines) and len(lines) == 20
    assert actions.count("certificate.issue") == 20 and actions.count("certificate.reprint") == 20
    assert "certificate.reissue" not in actions
    db = open_database(str(demo_db))
    try:
        with db.session() as session:
            keys = [e for e in audit.events(session) if e.action == "certificate.key.register"]
    finally:
        db.close()
    assert len(keys) == 1 and "public_key" in keys[0].new
    out1, out2 = tmp_path / "a.pdf", tmp_path / "b.pdf"
    out1.write_bytes(first.pdf)
    out2.write_bytes(second.pdf)
    assert "补发" not in pdftext(out1)
    assert "补发" not in pdftext(out2)  # another template is the same certificate, not a replacement


@needs_poppler
def test_reissue_needs_a_reason_applies_to_issued_certificates_and_is_marked(demo_db, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(out), "--entry", "Z03") == 0
    capsys.readouterr()
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(out), "--entry", "Z03",
               "--reissue") == 2
    assert "补发须写明原因" in capsys.readouterr().err
    before = audit_count(demo_db)
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(out), "--entry", "Z03",
               "--entry", "Z01", "--reissue", "--reason", "原件遗失") == 2
    assert "补发只用于已签发的证书" in capsys.readouterr().err and audit_count(demo_db) == before
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(out), "--entry", "Z03",
               "--reissue", "--reason", "原件遗失") == 0
    assert "补发 1" in capsys.readouterr().out
    assert pdftext(out).count("补发") == 1
    db = open_database(str(demo_db))
    try:
        _, lines = register_lines(db)
        with db.session() as session:
            reissued = [e for e in audit.events(session, "certificate:") if e.action == "certificate.reissue"]
    finally:
        db.close()
    assert len(lines) == 1 and lines[0].printed == 2
    assert len(reissued) == 1 and json.loads(reissued[0].new)["reason"] == "原件遗失"


def audit_count(path: Path) -> int:
    db = open_database(str(path))
    try:
        with db.session() as session:
            return len(audit.events(session))
    finally:
        db.close()


@needs_poppler
def test_a_proof_run_is_watermarked_unnumbered_and_registers_nothing(tmp_path, capsys):
    path = tmp_path / "unsigned.sqlite"
    load_demo(str(path), "tester")  # not signed off: a proof may come before
    before = audit_count(path)
    out = tmp_path / "proof.pdf"
    assert run("--db", str(path), "certificates", "--round", "final", "--out", str(out), "--proof",
               "--award", "一等奖") == 0
    said = capsys.readouterr().out
    assert "试印" in said
    db = open_database(str(path))
    try:
        _, lines = register_lines(db)
        report = round_report(db, "final")
        with db.session() as session:
            assert register_store.last_seq(session, 1) == 0
    finally:
        db.close()
    assert lines == [] and audit_count(path) == before
    firsts = [s for s in report.result.standings if s.award == "一等奖"]
    assert pages(out) == len(firsts) >= 1
    text = pdftext(out)
    assert text.count("样张") >= len(firsts) and "证字〔" not in text and "盖章处" in text


def test_the_dialog_options_choose_a_tier_and_unknown_tiers_are_refused(demo_db):
    db = open_database(str(demo_db))
    try:
        batch = issue_certificates(db, "final", "tester", options=IssueOptions(awards=("二等奖",)))
        report = round_report(db, "final")
        with pytest.raises(ServiceError, match="本轮没有这些奖项"):
            issue_certificates(db, "final", "tester", options=IssueOptions(awards=("特等奖",)))
    finally:
        db.close()
    seconds = {s.code for s in report.result.standings if s.award == "二等奖"}
    assert {c.entry_code for c in batch.certificates} == seconds and batch.new == len(seconds)


def test_serial_pattern_from_the_command_line_and_never_repeated(demo_db, capsys):
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(demo_db.with_suffix(".pdf")),
               "--entry", "Z01", "--serial-pattern", "东直工证〔{year}〕{seq:03d}号") == 0
    assert "东直工证〔2025〕001号" in capsys.readouterr().out
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", str(demo_db.with_suffix(".pdf")),
               "--entry", "Z02", "--serial-pattern", "东直工证〔{year}〕{seq:03d}号") == 0
    assert "东直工证〔2025〕002号" in capsys.readouterr().out
    assert run("--db", str(demo_db), "certificates", "--round", "final", "--out", "x.pdf",
               "--serial-pattern", "no-seq-{year}") == 2
    assert "{seq}" in capsys.readouterr().err


RARE_CONTEST = """
[contest]
name = "生僻字测试赛"
organizer = "测试组委会"
date = "2025-10-01"

[[rounds]]
key = "final"
name = "决赛"

[[rounds.components]]
key = "score"
name = "成绩"
kind = "direct"
weight = 1

[[rounds.awards]]
name = "一等奖"
count = 1

[[rounds.awards]]
name = "优秀奖"

[[entries]]
code = "A1"
title = "生僻字作品"
unit = "甲单位"
members = ["陈喆", "李堃", "王昇", "赵珺"]

[[entries]]
code = "A2"
title = "另一件作品"
unit = "乙单位"
members = ["钱燊", "刘䶮", "孙㛃"]
"""


def rare_db(tmp_path: Path, extra_member: str | None = None) -> Path:
    from judge_app.services.contest.contest_setup import create_contest, read_contest_file
    from judge_app.services.scores.direct_import import import_direct

    text = RARE_CONTEST
    if extra_member:
        text = text.replace('"孙㛃"]', f'"孙㛃", "{extra_member}"]')
    (tmp_path / "rare.toml").write_text(text, encoding="utf-8")
    (tmp_path / "scores.csv").write_text("作品编号,成绩\nA1,95\nA2,90\n", encoding="utf-8")
    path = tmp_path / "rare.sqlite"
    db = open_database(str(path))
    try:
        create_contest(db, read_contest_file(tmp_path / "rare.toml"), "tester")
        import_direct(db, tmp_path / "scores.csv", "final", "score", "tester")
    finally:
        db.close()
    sign_off(path)
    return path


@needs_poppler
def test_rare_name_characters_print_and_are_extractable(tmp_path):
    path = rare_db(tmp_path)
    out = tmp_path / "rare.pdf"
    assert run("--db", str(path), "certificates", "--round", "final", "--out", str(out), "--per-member") == 0
    assert pages(out) == 7
    text = pdftext(out)
    for name in ("陈喆", "李堃", "王昇", "赵珺", "钱燊", "刘䶮", "孙㛃"):
        assert name in text


def test_a_character_no_font_has_is_reported_before_printing(tmp_path, capsys):
    path = rare_db(tmp_path, extra_member="张𪚥")
    out = tmp_path / "rare.pdf"
    assert run("--db", str(path), "certificates", "--round", "final", "--out", str(out), "--per-member") == 2
    err = capsys.readouterr().err
    assert "𪚥" in err and "U+2A6A5" in err and "张𪚥" in err
    assert not out.exists()
    db = open_database(str(path))
    try:
        assert register_lines(db)[1] == []  # nothing issued: the refusal rolled back the whole batch
        with pytest.raises(ServiceError):
            issue_certificates(db, "final", "tester", per_member=True)
    finally:
        db.close()


def test_register_exports_as_xlsx(demo_db, tmp_path):
    from openpyxl import load_workbook

    db = open_database(str(demo_db))
    try:
        batch = issue_certificates(db, "final", "tester")
    finally:
        db.close()
    xlsx = tmp_path / "register.xlsx"
    assert run("--db", str(demo_db), "cert-register", "--out", str(xlsx)) == 0
    rows = list(load_workbook(xlsx, read_only=True).active.iter_rows(values_only=True))
    serials = [r[0] for r in rows[2:]]
    assert serials == [c.serial for c in batch.certificates]
    payloads = [r[13] for r in rows[2:]]
    assert payloads == [c.payload for c in batch.certificates]


def test_public_key_file_carries_the_contest(demo_db, tmp_path):
    assert run("--db", str(demo_db), "cert-key", "--out", str(tmp_path / "k.json")) == 0  # the sign-off registered the key
    db = open_database(str(demo_db))
    try:
        issue_certificates(db, "final", "tester", entries=["Z01"])
    finally:
        db.close()
    assert run("--db", str(demo_db), "cert-key", "--out", str(tmp_path / "k.json")) == 0
    data = json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))
    assert data["algorithm"] == "Ed25519" and len(bytes.fromhex(data["public_key"])) == 32
    assert data["contest"] == "2025年全市招商引资“大比武”决赛"


def test_a_changed_award_revokes_the_old_certificate_and_issues_a_new_serial(tmp_path):
    from judge_app.services.scores.direct_import import import_direct

    path = rare_db(tmp_path)
    db = open_database(str(path))
    try:
        first = {c.entry_code: c for c in issue_certificates(db, "final", "tester").certificates}
        assert first["A1"].award == "一等奖" and first["A2"].award == "优秀奖"
        (tmp_path / "fix.csv").write_text("作品编号,成绩\nA1,80\n", encoding="utf-8")
        unlock(db, "final", None, "tester", "复核后更正 A1 的现场得分")  # a correction after sign-off
        import_direct(db, tmp_path / "fix.csv", "final", "score", "tester")
        with pytest.raises(ServiceError, match="not signed off"):
            issue_certificates(db, "final", "tester")
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")
        second = {c.entry_code: c for c in issue_certificates(db, "final", "tester").certificates}
        assert second["A1"].award == "优秀奖" and not second["A1"].again
        assert second["A1"].serial != first["A1"].serial
        assert {second["A1"].seq, second["A2"].seq} == {3, 4}  # new serials; 1 and 2 are never reused
        assert verify_in_database(db, first["A1"].payload).status == "revoked"
        assert verify_in_database(db, second["A1"].payload).status == VALID
        _, lines = register_lines(db)
        assert [ln.revoked_at != "" for ln in lines] == [True, True, False, False]
    finally:
        db.close()


def test_verify_accepts_a_bare_pem_public_key_and_scanner_spacing(demo_db, tmp_path, capsys):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    db = open_database(str(demo_db))
    try:
        payload = issue_certificates(db, "final", "tester", entries=["Z02"]).certificates[0].payload
    finally:
        db.close()
    assert run("--db", str(demo_db), "cert-key", "--out", str(tmp_path / "k.json")) == 0
    raw = bytes.fromhex(json.loads((tmp_path / "k.json").read_text(encoding="utf-8"))["public_key"])
    pem = Ed25519PublicKey.from_public_bytes(raw).public_bytes(serialization.Encoding.PEM,
                                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "k.pem").write_bytes(pem)
    spaced = " ".join(payload[i:i + 40] for i in range(0, len(payload), 40)).lower()
    assert run("verify", "--public-key", str(tmp_path / "k.pem"), spaced) == 0
    assert "有效" in capsys.readouterr().out
