"""Signed score files for USB: exported on a judge's laptop, checked and imported on the host."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from conftest import DATA, file_state
from judge_app.services.scores.score_entry import judge_sheet, save_scores
from judge_app.store.database import open_database

VALUES = {"innovation": D("30"), "impact": D("35.5"), "presentation": D("18.25")}


@pytest.fixture
def usb(cli, tmp_path):
    """A host database with E01's and E02's keys, and E01's laptop database holding E01's scores."""
    host, laptop = tmp_path / "host.sqlite", tmp_path / "laptop.sqlite"
    for db in (host, laptop):
        assert cli("--db", db, "init", DATA / "contest.toml").status == 0
    for judge in ("E01", "E02"):
        r = cli("--db", host, "signed", "key", "--judge", judge, "--out", tmp_path / f"{judge}.key")
        assert r.status == 0, r.err
    db = open_database(str(laptop))
    save_scores(db, "final", "expert", "E01", "X01", VALUES, "E01 laptop")
    save_scores(db, "final", "expert", "E01", "X03", {**VALUES, "impact": D("40")}, "E01 laptop")
    db.close()
    out = tmp_path / "E01-final.json"
    r = cli("--db", laptop, "signed", "export", "--round", "final", "--key", tmp_path / "E01.key", "--out", out)
    assert r.status == 0, r.err
    return host, laptop, out, tmp_path


def _host_sheet(host):
    db = open_database(str(host))
    try:
        return {r.entry: r.values for r in judge_sheet(db, "final", "expert", "E01").rows}
    finally:
        db.close()


def test_signed_file_is_imported(cli, usb):
    host, _, out, _ = usb
    r = cli("--db", host, "signed", "import", out, "--round", "final")
    assert r.status == 0, r.err
    assert "新增 2" in r.out
    sheet = _host_sheet(host)
    assert sheet["X01"] == VALUES and sheet["X03"]["impact"] == D("40")
    before = file_state(host)
    again = cli("--db", host, "signed", "import", out, "--round", "final")  # the same USB stick plugged in twice
    assert again.status == 2 and "导入过" in again.err and file_state(host) == before


def _refused(cli, host, path, round_key="final"):
    before = file_state(host)
    r = cli("--db", host, "signed", "import", path, "--round", round_key)
    assert r.status == 2
    assert file_state(host) == before
    return r.err


def test_tampered_value_is_refused(cli, usb):
    host, _, out, tmp = usb
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["payload"]["scores"][0]["values"]["impact"] = "36.5"
    bad = tmp / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert "签名不符" in _refused(cli, host, bad)
    assert _host_sheet(host)["X01"] == {}


def test_file_claiming_another_judge_is_refused(cli, usb):
    host, _, out, tmp = usb
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["payload"]["judge"] = "E02"  # E02 has a key, but this file was signed with E01's
    bad = tmp / "other.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert "签名不符" in _refused(cli, host, bad)


def test_wrong_round_and_garbage_are_refused(cli, usb):
    host, _, out, tmp = usb
    assert "未知轮次" in _refused(cli, host, out, round_key="semi")
    garbage = tmp / "garbage.json"
    garbage.write_bytes(b"\x00\x01not json")
    assert "格式" in _refused(cli, host, garbage)


def test_file_for_another_round_is_refused(cli, usb):
    host, _, out, tmp = usb
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["payload"]["round"] = "semi"
    bad = tmp / "semi.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert "文件属于轮次 semi" in _refused(cli, host, bad)


def test_reissued_key_retires_the_old_one(cli, usb):
    host, _, out, tmp = usb
    assert cli("--db", host, "signed", "key", "--judge", "E01", "--out", tmp / "E01-new.key").status == 0
    assert "签名不符" in _refused(cli, host, out)


def test_key_file_is_not_overwritten(cli, usb):
    host, _, _, tmp = usb
    r = cli("--db", host, "signed", "key", "--judge", "E01", "--out", tmp / "E01.key")
    assert r.status == 2 and "已存在" in r.err
