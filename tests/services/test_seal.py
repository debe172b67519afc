"""The sealed result: every edit of a signed-off round behind the app's back is noticed by
`audit verify`, refused by the official documents and warned about by `rank` (issue 16)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from judge_app.services.results.locks import lock, signoff, unlock
from judge_app.store.audit import link_hash
from judge_app.store.database import open_database
from integrity_support import signed_off_demo

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture(scope="module")
def sealed_template(tmp_path_factory) -> Path:
    return signed_off_demo(tmp_path_factory.mktemp("sealed") / "demo.sqlite")


@pytest.fixture
def sealed(sealed_template, tmp_path) -> Path:
    path = tmp_path / "contest.sqlite"
    shutil.copy(sealed_template, path)
    return path


def behind_the_app(path: Path, *statements: str) -> None:
    """Edit the file the way an attacker with the sqlite3 tool would."""
    tool = shutil.which("sqlite3")
    if tool:
        subprocess.run([tool, str(path)], input=";\n".join(statements) + ";\n", text=True, check=True)
        return
    con = sqlite3.connect(path)  # pragma: no cover — without the tool, the same SQL through the module
    with con:
        for sql in statements:
            con.execute(sql)
    con.close()


def append_chained_event(path: Path, action: str, target: str, old, new) -> None:
    """Forge one event that links correctly (the link formula is public) and move the head to it."""
    con = sqlite3.connect(path)
    with con:
        last_id, prev = con.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        eid, at, actor = last_id + 1, "2025-09-18T16:00:00+08:00", "tester"
        o = json.dumps(old, ensure_ascii=False, sort_keys=True)
        n = json.dumps(new, ensure_ascii=False, sort_keys=True)
        digest = link_hash(eid, at, actor, action, target, o, n, prev)
        con.execute("INSERT INTO audit_event (id, at, actor, action, target, old, new, prev_hash, hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (eid, at, actor, action, target, o, n, prev, digest))
        con.execute("UPDATE audit_head SET event_id = ?, hash = ? WHERE id = 1", (eid, digest))
    con.close()


def assert_detected(cli, path: Path, tmp_path: Path, names: str | None = None) -> None:
    """`audit verify` fails, the notice and certificates are refused (exit 2) and `rank` warns and marks."""
    verified = cli("--db", path, "audit", "verify")
    assert verified.status == 1, verified.out
    notice = cli("--db", path, "notice", "--round", "final", "--out", tmp_path / "notice.pdf")
    assert notice.status == 2
    if names:
        assert names in notice.err
    assert not (tmp_path / "notice.pdf").exists()
    certs = cli("--db", path, "certificates", "--round", "final", "--out", tmp_path / "c.pdf")
    assert certs.status == 2 and not (tmp_path / "c.pdf").exists()
    showcase = cli("--db", path, "showcase", "--round", "final", "--out", tmp_path / "show")
    assert showcase.status == 2
    ranked = cli("--db", path, "rank", "--round", "final")
    assert ranked.status == 0
    assert "封印" in ranked.err and "SEAL BROKEN" in ranked.out.splitlines()[0]
    as_json = cli("--db", path, "rank", "--round", "final", "--format", "json")
    assert json.loads(as_json.out)["seal"]["status"] == "broken"


def test_honest_signed_off_round_verifies_and_prints_its_seal(cli, sealed, tmp_path):
    assert cli("--db", sealed, "audit", "verify").status == 0
    ranked = cli("--db", sealed, "rank", "--round", "final")
    assert ranked.err == "" and "SEAL" not in ranked.out
    assert cli("--db", sealed, "notice", "--round", "final", "--out", tmp_path / "n.pdf").status == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "n.pdf"), "-"], capture_output=True, text=True).stdout
        con = sqlite3.connect(sealed)
        digest = con.execute("SELECT digest FROM round_seal").fetchone()[0]
        con.close()
        assert f"封印 {digest[:16]}" in text


def test_scores_edited_and_a_chained_event_forged(cli, sealed, tmp_path):
    behind_the_app(sealed, "UPDATE score SET value = value + 20000 WHERE id IN "
                           "(SELECT s.id FROM score s JOIN entry e ON e.id = s.entry_id WHERE e.code = 'Z05' LIMIT 4)")
    append_chained_event(sealed, "score.replace", "score:final.expert:E01:Z05", {"quality": "1"}, {"quality": "2"})
    assert_detected(cli, sealed, tmp_path, names="score")
    assert "Z05" in cli("--db", sealed, "notice", "--round", "final", "--out", tmp_path / "n.pdf").err


def test_lock_and_signoff_rows_deleted_then_a_normal_import(cli, sealed, tmp_path):
    behind_the_app(sealed, "DELETE FROM round_seal", "DELETE FROM lock", "DELETE FROM signoff")
    edited = tmp_path / "onsite.csv"
    edited.write_bytes((DEMO / "onsite_scores.csv").read_bytes().replace(b"P02,Z01,8", b"P02,Z01,9", 1))
    cli("--db", sealed, "scores", "import", edited, "--round", "final", "--component", "onsite")
    verified = cli("--db", sealed, "audit", "verify")
    assert verified.status == 1 and ("锁定" in verified.err or "签署" in verified.err)
    assert cli("--db", sealed, "notice", "--round", "final", "--out", tmp_path / "n.pdf").status == 2
    ranked = cli("--db", sealed, "rank", "--round", "final")
    assert "封印" in ranked.err and "SEAL BROKEN" in ranked.out


@pytest.mark.parametrize("table, sql", [
    ("component", "UPDATE component SET weight = '4.6' WHERE key = 'expert'"),
    ("criterion", "UPDATE criterion SET max = '40' WHERE key = 'quality'"),
    ("award_tier", "UPDATE award_tier SET count = 5 WHERE position = 0"),
    ("component", "UPDATE component SET drop_highest = 0, drop_lowest = 0 WHERE key = 'expert'"),
    ("component", "UPDATE component SET aggregate = 'median' WHERE key = 'expert'"),
    ("component", "UPDATE component SET normalize = 'share' WHERE key = 'online'"),
    ("entry", "UPDATE entry SET unit = 'X' WHERE code = 'Z03'"),
    ("panel_seat", "DELETE FROM panel_seat WHERE judge_id = (SELECT id FROM judge WHERE code = 'E01')"),
    ("judge", "UPDATE judge SET unit = '别处' WHERE code = 'E02'"),
    ("round", "UPDATE round SET decimals = 3"),
    ("contest", "UPDATE contest SET name = '另一个比赛'"),
    ("vote_tally", "UPDATE vote_tally SET votes = votes + 500 WHERE id = (SELECT min(id) FROM vote_tally)"),
    ("entry_round", "DELETE FROM entry_round WHERE entry_id = (SELECT id FROM entry WHERE code = 'Z20')"),
    ("manual_conflict", "INSERT INTO manual_conflict (judge_id, entry_id, reason) SELECT j.id, e.id, 'x' "
                        "FROM judge j, entry e WHERE j.code = 'E01' AND e.code = 'Z07'"),
])
def test_definition_field_changed_directly(cli, sealed, tmp_path, table, sql):
    behind_the_app(sealed, sql)
    assert_detected(cli, sealed, tmp_path, names=f"表 {table}")


def test_seal_row_replaced_with_a_recomputed_one_signed_by_another_key(cli, sealed, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from judge_app.domain import seal as sealing
    from judge_app.services.results.seal import current_manifest
    from judge_app.store.contest_store import load_contest

    behind_the_app(sealed, "UPDATE component SET weight = '0.8' WHERE key = 'expert'")
    db = open_database(str(sealed))
    try:
        with db.session() as session:
            manifest = current_manifest(session, load_contest(session), "final")
    finally:
        db.close()
    full = sealing.digest(manifest)
    forger = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    public = forger.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    signature = forger.sign(sealing.signed_body("final", full)).hex()
    behind_the_app(sealed, f"UPDATE round_seal SET digest = '{full}', signature = '{signature}', public_key = '{public}', "
                           f"manifest = '{sealing.canonical(manifest).decode()}'")
    assert_detected(cli, sealed, tmp_path)


def test_unlock_with_reason_and_sign_off_again_keeps_verifying(cli, sealed, tmp_path):
    db = open_database(str(sealed))
    try:
        unlock(db, "final", None, "tester", "复核现场评审")
    finally:
        db.close()
    assert cli("--db", sealed, "audit", "verify").status == 0
    assert cli("--db", sealed, "notice", "--round", "final", "--out", tmp_path / "n.pdf").status == 2  # not signed
    edited = tmp_path / "onsite.csv"
    edited.write_bytes((DEMO / "onsite_scores.csv").read_bytes().replace(b"P02,Z01,8", b"P02,Z01,9", 1))
    assert cli("--db", sealed, "scores", "import", edited, "--round", "final", "--component", "onsite").status == 0
    assert cli("--db", sealed, "lock", "--round", "final").status == 0
    assert cli("--db", sealed, "signoff", "--round", "final", "--head-judge", "总裁判长").status == 0
    assert cli("--db", sealed, "audit", "verify").status == 0
    assert cli("--db", sealed, "rank", "--round", "final").err == ""
    assert cli("--db", sealed, "notice", "--round", "final", "--out", tmp_path / "n.pdf").status == 0


def test_the_contest_file_holds_no_private_key(sealed):
    con = sqlite3.connect(sealed)
    keys = con.execute("SELECT private_key, public_key FROM certificate_key").fetchall()
    con.close()
    assert keys and all(private == "" for private, _ in keys)
    assert b"private_key" not in sealed.read_bytes() or all(p == "" for p, _ in keys)


def test_the_seal_holds_and_breaks_the_same_on_every_engine(db_location):
    """SQLite and PostgreSQL: sealed at sign-off, intact when untouched, broken by a direct edit."""
    from sqlalchemy import text

    from judge_app.services.contest.contest_setup import create_contest, read_contest_file
    from judge_app.services.scores.score_import import import_scores
    from judge_app.services.results.seal import BROKEN, INTACT, check

    db = open_database(db_location, create=True)
    try:
        create_contest(db, read_contest_file(DEMO / "contest.toml"), "tester")
        import_scores(db, DEMO / "expert_scores.csv", "final", "expert", "tester")
        lock(db, "final", None, "tester")
        signoff(db, "final", "总裁判长", "tester")
        assert check(db, "final").status == INTACT
        with db.session() as session:
            session.execute(text("UPDATE criterion SET max = '40' WHERE key = 'quality'"))
        broken = check(db, "final")
        assert broken.status == BROKEN and "表 criterion 中 expert.quality" in broken.problem
    finally:
        db.close()
