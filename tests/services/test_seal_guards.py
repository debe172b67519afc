"""Issue 16, beyond the seal itself: the organizer key outside the file, unambiguous audit targets,
conflicts that keep the result consistent, `demo --replace` and `restore` that delete nothing silently."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge_app.domain import audit_target
from judge_app.services.contest.demo import load_demo
from judge_app.services.results.locks import lock, signoff
from judge_app.store.database import open_database
from integrity_support import signed_off_demo

from tests.cli.test_cli import CONTEST_WITH_DIRECT


@given(st.text(), st.text(), st.text(), st.lists(st.text(), max_size=3))
def test_audit_targets_read_back_whatever_the_codes(round_key, component, kind_suffix, codes):
    kind = "score" + kind_suffix.replace(":", "")
    text = audit_target.make(kind, round_key, component, *codes)
    assert audit_target.parse(text) == (kind, round_key, component, tuple(codes))


@given(st.text(), st.text(), st.text(), st.text())
def test_different_codes_never_give_the_same_target(a, b, c, d):
    if (a, b) != (c, d):
        assert audit_target.make("score", "r", "c", a, b) != audit_target.make("score", "r", "c", c, d)


def test_an_honest_file_with_colons_in_codes_verifies(cli, db_path, tmp_path, monkeypatch):
    import judge_app.domain.contest as contest_rules

    contest = tmp_path / "c.toml"
    contest.write_text(CONTEST_WITH_DIRECT.replace('"R1"', '"R:1"').replace('"J1"', '"J:1"'), encoding="utf-8")
    # A contest file may no longer name such codes (docs/security.md); a database made by an earlier
    # version may hold them: made here through the app with that rule switched off, so it is audited.
    real_code_problem = contest_rules.code_problem
    monkeypatch.setattr(contest_rules, "code_problem",
                        lambda value, what, **kw: real_code_problem(value.replace(":", "_"), what, **kw))
    assert cli("--db", db_path, "init", contest).status == 0
    monkeypatch.setattr(contest_rules, "code_problem", real_code_problem)
    sheet = tmp_path / "report.csv"
    sheet.write_text("judge,entry,depth,value\nJ:1,R:1,50,30\nJ2,R:1,40,35\nJ:1,R3,50,30\n", encoding="utf-8")
    assert cli("--db", db_path, "scores", "import", sheet, "--round", "r1", "--component", "report").status == 0
    direct = tmp_path / "onsite.csv"
    direct.write_text("作品编号,得分\nR:1,88.25\nR2,91\n", encoding="utf-8")
    assert cli("--db", db_path, "direct", "import", direct, "--round", "r1", "--component", "onsite").status == 0
    assert cli("--db", db_path, "audit", "verify").status == 0
    con = sqlite3.connect(db_path)
    con.execute("UPDATE score SET value = value + 10000 WHERE id = (SELECT min(id) FROM score)")
    con.commit()
    con.close()
    assert cli("--db", db_path, "audit", "verify").status == 1  # and a change behind the app is still seen


# --- the organizer's key ----------------------------------------------------------------------


@pytest.fixture
def own_key_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "keys"
    monkeypatch.setenv("JUDGE_APP_KEY_DIR", str(folder))
    return folder


@pytest.fixture
def signed_demo(tmp_path, own_key_dir) -> Path:
    return signed_off_demo(tmp_path / "demo.sqlite")


def test_key_is_created_on_first_use_with_mode_0600_outside_the_file(signed_demo, own_key_dir):
    key_file = own_key_dir / "organizer-key.json"
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    private = __import__("json").loads(key_file.read_text())["private_key"]
    assert private.encode() not in signed_demo.read_bytes()
    con = sqlite3.connect(signed_demo)
    assert all(p == "" for (p,) in con.execute("SELECT private_key FROM certificate_key"))
    con.close()


def test_keys_export_and_import_move_the_key_with_a_passphrase(cli, signed_demo, own_key_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("JUDGE_APP_KEY_PASSPHRASE", "correct horse")
    shown = cli("keys", "show").out
    out = tmp_path / "organizer.key"
    assert cli("keys", "export", "--out", out).status == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and b"ENCRYPTED" in out.read_bytes()
    other = tmp_path / "other-laptop"
    monkeypatch.setenv("JUDGE_APP_KEY_DIR", str(other))
    monkeypatch.setenv("JUDGE_APP_KEY_PASSPHRASE", "wrong passphrase")
    assert cli("keys", "import", out).status == 2
    monkeypatch.setenv("JUDGE_APP_KEY_PASSPHRASE", "correct horse")
    assert cli("keys", "import", out).status == 0
    assert cli("keys", "show").out.split("\t")[:2] == shown.split("\t")[:2]


def test_a_certificate_forged_with_a_key_made_from_a_copy_of_the_file_fails_verify(cli, signed_demo, tmp_path):
    from judge_app.domain.certificate import CertificateRecord, encode_payload
    from judge_app.services.documents.certificate_signing import Signer, key_id_of, new_key

    stolen = tmp_path / "stolen.sqlite"
    shutil.copy(signed_demo, stolen)
    con = sqlite3.connect(stolen)
    key_id, private = con.execute("SELECT key_id, private_key FROM certificate_key").fetchone()
    con.close()
    assert private == ""  # nothing in the copy to sign with
    forged_private, forged_public = new_key()  # so the forger makes a key …
    record = CertificateRecord(bytes.fromhex(key_id), __import__("datetime").date(2025, 9, 18), 1, "伪-001",
                               "冒名者", "一等奖", "Z01")
    signer = Signer(forged_private)
    payload = encode_payload(record, signer.sign(record.body()))  # … claiming the contest's key id
    assert cli("--db", signed_demo, "verify", payload).status != 0
    record2 = CertificateRecord(key_id_of(forged_public), record.issued_on, 1, "伪-002", "冒名者", "一等奖", "Z01")
    assert cli("--db", signed_demo, "verify", encode_payload(record2, signer.sign(record2.body()))).status != 0


def test_an_older_file_with_the_key_inside_moves_it_out_and_keeps_verifying(cli, tmp_path, own_key_dir):
    from judge_app.services.documents.certificate_signing import key_id_of, new_key
    from judge_app.services.documents.certificates import verify_in_database

    path = tmp_path / "old.sqlite"
    load_demo(str(path), "tester")
    private, public = new_key()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO certificate_key (contest_id, key_id, private_key, public_key, created_at) "
                "VALUES (1, ?, ?, ?, '2025-01-01')", (key_id_of(public).hex(), private.hex(), public.hex()))
    con.commit()
    con.close()
    db = open_database(str(path))
    try:
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")
        from judge_app.services.documents.certificates import issue_certificates

        issued = issue_certificates(db, "final", "tester")
        assert verify_in_database(db, issued.certificates[0].payload).status == "valid"
    finally:
        db.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT private_key FROM certificate_key").fetchall() == [("",)]
    con.close()
    assert private.hex() in (own_key_dir / "organizer-key.json").read_text()  # moved out, still the same key
    assert cli("--db", path, "audit", "verify").status == 0


# --- conflicts ---------------------------------------------------------------------------------


def test_conflict_after_scoring_is_refused_unless_the_scores_go_with_it(cli, tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    before = cli("--db", path, "rank", "--round", "final", "--format", "json").out
    refused = cli("--db", path, "conflicts", "add", "--judge", "E03", "--entry", "Z11", "--reason", "亲属")
    assert refused.status == 2 and "E03" in refused.err and "Z11" in refused.err
    assert cli("--db", path, "rank", "--round", "final", "--format", "json").out == before
    done = cli("--db", path, "conflicts", "add", "--judge", "E03", "--entry", "Z11", "--reason", "亲属",
               "--remove-scores")
    assert done.status == 0 and "删除其评分 1 份" in done.out
    listed = cli("--db", path, "conflicts", "list", "--judge", "E03").out
    assert "E03\tZ11\t手动 manual\t亲属" in listed
    con = sqlite3.connect(path)
    left = con.execute("SELECT count(*) FROM score s JOIN judge j ON j.id = s.judge_id JOIN entry e ON e.id = s.entry_id "
                       "WHERE j.code = 'E03' AND e.code = 'Z11'").fetchone()[0]
    deleted = con.execute("SELECT count(*) FROM audit_event WHERE action = 'score.delete' "
                          "AND target = 'score:final.expert:E03:Z11'").fetchone()[0]
    con.close()
    assert left == 0 and deleted == 1
    assert cli("--db", path, "rank", "--round", "final", "--format", "json").out != before
    assert cli("--db", path, "audit", "verify").status == 0
    assert cli("--db", path, "conflicts", "remove", "--judge", "E03", "--entry", "Z11").status == 0
    assert "Z11" not in cli("--db", path, "conflicts", "list", "--judge", "E03").out


# --- nothing deletes a contest silently ---------------------------------------------------------


def test_demo_replace_only_replaces_an_untouched_demo_and_backs_it_up(cli, tmp_path):
    path = tmp_path / "demo.sqlite"
    assert cli("demo", "--db", path).status == 0
    replaced = cli("demo", "--db", path, "--replace")
    assert replaced.status == 0 and "backed up" in replaced.out
    assert list((tmp_path / "demo.sqlite.backups").glob("*before-demo-replace*"))
    assert cli("--db", path, "lock", "--round", "final", "--component", "expert").status == 0
    before = path.read_bytes()
    refused = cli("demo", "--db", path, "--replace")
    assert refused.status == 2 and "untouched" in refused.err
    assert path.read_bytes() == before
    other = tmp_path / "real.sqlite"
    assert cli("--db", other, "init", Path(__file__).parents[1] / "data" / "contest.toml").status == 0
    assert cli("demo", "--db", other, "--replace").status == 2


def test_restore_across_a_sign_off_needs_a_reason_and_voids_the_seal(cli, tmp_path, own_key_dir):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    assert cli("--db", path, "backup", "--to", tmp_path / "before.sqlite").status == 0
    assert cli("--db", path, "lock", "--round", "final").status == 0
    assert cli("--db", path, "signoff", "--round", "final", "--head-judge", "总裁判长").status == 0
    refused = cli("--db", path, "restore", tmp_path / "before.sqlite")
    assert refused.status == 2 and "--reason" in refused.err
    done = cli("--db", path, "restore", tmp_path / "before.sqlite", "--reason", "误操作, 恢复到签署之前")
    assert done.status == 0 and "封印已作废" in done.out
    log = cli("--db", path, "audit", "log", "--target", "signoff:final").out
    assert "seal.void" in log
    assert cli("--db", path, "audit", "verify").status == 0


def test_showcase_needs_the_signed_off_round(cli, tmp_path):
    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    refused = cli("--db", path, "showcase", "--round", "final", "--out", tmp_path / "show")
    assert refused.status == 2 and "not signed off" in refused.err and not (tmp_path / "show").exists()


def test_a_seat_with_scores_cannot_be_removed(tmp_path):
    from dataclasses import replace

    from judge_app.services.contest.contest_access import ServiceError
    from judge_app.services.contest.roster import save_judge
    from judge_app.services.results.standings import round_report

    path = tmp_path / "demo.sqlite"
    load_demo(str(path), "tester")
    db = open_database(str(path))
    try:
        report = round_report(db, "final")
        judge = next(j for j in report.contest.judges if j.code == "E03")
        with pytest.raises(ServiceError, match="final.expert"):
            save_judge(db, replace(judge, panels=()), "tester")
        assert round_report(db, "final").result.standings == report.result.standings
    finally:
        db.close()
