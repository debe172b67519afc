"""The paths beyond imports on both engines: attachments, sign-off, certificates and their register,
certificate verification, the results notice, the showcase package and audit verify."""

from __future__ import annotations

import re

import pytest

from conftest import DATA, is_postgresql


@pytest.fixture
def contest(cli, engine_url, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("JUDGE_APP_FILES", str(tmp_path / "shared-files"))
    for step in (("init", DATA / "contest.toml"),
                 ("scores", "import", DATA / "expert_scores.csv", "--round", "final", "--component", "expert"),
                 ("scores", "import", DATA / "audience_scores.csv", "--round", "final", "--component", "audience"),
                 ("votes", "import", DATA / "votes_raw_export.csv", "--round", "final", "--component", "online")):
        result = cli("--db", engine_url, *step)
        assert result.status == 0, result.err
    return engine_url


def test_attachments_are_copied_listed_and_checked(cli, contest, tmp_path):
    slides = tmp_path / "X02-方案.pdf"
    slides.write_bytes(b"%PDF one")
    assert cli("--db", contest, "attachments", "add", "X02", slides).status == 0
    listed = cli("--db", contest, "attachments", "list").out.strip().splitlines()
    assert len(listed) == 1 and "X02-方案.pdf" in listed[0]
    assert cli("--db", contest, "attachments", "check").status == 0
    if is_postgresql(contest):  # a shared database's folder: $JUDGE_APP_FILES/HOST_DB/
        (folder,) = (tmp_path / "shared-files").iterdir()
    else:
        folder = tmp_path / "contest.sqlite.files"
    (folder / "X02" / "X02-方案.pdf").write_bytes(b"%PDF tampered")
    checked = cli("--db", contest, "attachments", "check")
    assert checked.status == 1 and re.search(r"X02\t已改变 \(changed\)\tX02-方案.pdf", checked.out)


def test_signoff_certificates_register_verify_notice_and_showcase(cli, contest, tmp_path):
    from openpyxl import load_workbook

    for step in (("lock", "--round", "final"), ("signoff", "--round", "final", "--head-judge", "孙教授")):
        assert cli("--db", contest, *step).status == 0
    made = cli("--db", contest, "certificates", "--round", "final", "--out", tmp_path / "c.pdf")
    assert made.status == 0 and "证书 7 张" in made.out, made.err
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    assert cli("--db", contest, "cert-register", "--out", tmp_path / "reg.xlsx").status == 0
    rows = list(load_workbook(tmp_path / "reg.xlsx", read_only=True).active.iter_rows(values_only=True))[2:]
    assert len(rows) == 7
    payload = rows[0][13]
    assert cli("--db", contest, "verify", payload).status == 0
    assert cli("--db", contest, "verify", payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]).status == 1
    notice = cli("--db", contest, "notice", "--round", "final", "--out", tmp_path / "n.pdf")
    assert notice.status == 0, notice.err
    shown = cli("--db", contest, "showcase", "--round", "final", "--out", tmp_path / "show")
    assert shown.status == 0 and (tmp_path / "show" / "index.html").is_file()
    verified = cli("--db", contest, "audit", "verify")
    assert verified.status == 0 and "audit chain intact" in verified.out
