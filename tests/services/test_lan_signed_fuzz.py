"""Hostile signed score files (hypothesis): random bytes, truncated, tampered, signed with the wrong
key, signed with the right key but full of garbage, replayed, older than the last import.

Property: `import_signed` either refuses with a ServiceError and the database is exactly as it was
(a digest of every table), or accepts a file whose every line a clerk could have entered — then
what is stored is what the file says. The audit chain verifies after every attempt.
"""

from __future__ import annotations

import itertools
import json
import os
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lan_fuzz_support import chain_ok, dump, make_fuzz_contest
from judge_app.services.contest.contest_access import ServiceError
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.services.scores.signed_scores import FILE_FORMAT, canonical, export_signed, import_signed, issue_judge_key

EXAMPLES = int(os.environ.get("JUDGE_APP_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])
CONTEST_NAME = "局域网模糊测试赛"
_clock = itertools.count(1)


def later() -> str:
    """Export times that only move forward, so a valid file is newer than every file before it."""
    return (datetime(2030, 1, 1, tzinfo=timezone(timedelta(hours=8))) + timedelta(minutes=next(_clock))).isoformat()


def private_of(key_file: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(json.loads(key_file)["private_key"]))


def sign(payload: dict, private: Ed25519PrivateKey) -> bytes:
    return json.dumps({"payload": payload, "signature": private.sign(canonical(payload)).hex()},
                      ensure_ascii=False, indent=2).encode("utf-8")


def payload_for(judge: str, lines: list, round_key: str = "final", exported_at: str | None = None) -> dict:
    return {"format": FILE_FORMAT, "contest": CONTEST_NAME, "round": round_key, "judge": judge, "public_key": "",
            "exported_at": exported_at or later(), "scores": lines}


@pytest.fixture(scope="module")
def usb(tmp_path_factory):
    contest = make_fuzz_contest(tmp_path_factory.mktemp("signedfuzz") / "host.sqlite")
    keys = {j: private_of(issue_judge_key(contest.db, j, "host")) for j in ("J1", "J2", "J3", "J4")}
    keys["J2-old"] = keys["J2"]
    keys["J2"] = private_of(issue_judge_key(contest.db, "J2", "host"))  # the first one is retired
    keys["stranger"] = Ed25519PrivateKey.generate()
    yield contest, keys
    contest.db.close()


def attempt(db, data: bytes, round_key: str = "final"):
    """Import; the outcome, or None when refused — then nothing may have changed."""
    before = dump(db)
    try:
        outcome = import_signed(db, data, round_key, "host", "fuzz.json")
    except ServiceError as exc:
        assert str(exc).strip()
        assert dump(db) == before, "a refused file changed the database"
        outcome = None
    assert chain_ok(db)
    return outcome


def assert_stored(db, payload: dict) -> None:
    """An accepted file: a judge of the final's expert panel, no conflicted entry, values as in the file."""
    judge = payload["judge"]
    assert payload["round"] == "final" and judge in {"J1", "J2", "J3"}
    sheet = judge_sheet(db, "final", "expert", judge)
    rows = {r.entry: r for r in sheet.rows}
    for line in payload["scores"]:
        assert line["component"] == "expert", "a locked panel took a score"
        assert (judge, line["entry"]) not in {("J1", "E1"), ("J2", "E3")}, "a conflicted entry took a score"
        assert rows[line["entry"]].values == {k: Decimal(v) for k, v in line["values"].items()}
        assert rows[line["entry"]].comment == line.get("comment", "").strip()


# --- generated pieces -------------------------------------------------------------------------

hostile_text = st.one_of(st.sampled_from(["", "\x00", "\ud800", "评委", "a" * 3000, "E1 ", "Ｅ１", "\n"]),
                         st.text(max_size=8), st.text(st.characters(blacklist_categories=()), max_size=4))
number_text = st.one_of(
    st.sampled_from(["10", "0", "-0", "10.0001", "9.99999", "1e1", "NaN", "sNaN", "-Infinity", "1_0", "３", " 5",
                     "1e999999999", "9" * 5000, "", "0x1"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=0, max_value=10, places=4).map(str))
scalar = st.one_of(number_text, st.integers(-10**20, 10**20), st.floats(), st.none(), st.booleans(), hostile_text)
anything = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(hostile_text, inner, max_size=3)), max_leaves=8)
good_values = st.fixed_dictionaries({"a": st.decimals(min_value=0, max_value=10, places=4).map(str),
                                     "b": st.decimals(min_value=0, max_value=10, places=1).map(str)})
line = st.one_of(
    st.fixed_dictionaries({"component": st.just("expert"), "entry": st.sampled_from(["E1", "E2", "E3"]),
                           "values": good_values},
                          optional={"comment": st.one_of(st.sampled_from(["", "好", " 思路清晰 ", "x" * 2001]), hostile_text)}),
    st.fixed_dictionaries({"component": st.one_of(st.sampled_from(["expert", "jury", "online", "nope"]), scalar),
                           "entry": st.one_of(st.sampled_from(["E1", "E2", "E3", "E9"]), scalar),
                           "values": st.one_of(st.fixed_dictionaries({"a": number_text, "b": number_text}),
                                               st.fixed_dictionaries({"overall": number_text}), anything)},
                          optional={"comment": scalar}),
    anything,
)


# --- the properties ---------------------------------------------------------------------------

@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_are_refused(usb, blob):
    contest, _ = usb
    assert attempt(contest.db, blob) is None


@FUZZ
@given(st.data())
def test_a_damaged_valid_file_is_refused(usb, data):
    """Truncated, a byte changed, bytes inserted or a field edited after signing: refused — unless the
    damage left the signed payload and the signature intact (whitespace, the hex digits' case)."""
    contest, keys = usb
    payload = payload_for("J3", [{"component": "expert", "entry": "E2", "values": {"a": "7.5", "b": "8"}, "comment": "好"},
                                 {"component": "expert", "entry": "E3", "values": {"a": "6", "b": "9.25"}}])
    blob = bytearray(sign(payload, keys["J3"]))
    how = data.draw(st.sampled_from(["truncate", "flip", "insert", "edit"]))
    if how == "truncate":
        blob = blob[:data.draw(st.integers(0, len(blob) - 1))]
    elif how == "flip":
        i = data.draw(st.integers(0, len(blob) - 1))
        blob[i] = data.draw(st.integers(0, 255).filter(lambda b: b != blob[i]))
    elif how == "insert":
        i = data.draw(st.integers(0, len(blob)))
        blob[i:i] = data.draw(st.binary(min_size=1, max_size=8))
    else:
        doc = json.loads(blob)
        field = data.draw(st.sampled_from(["contest", "round", "judge", "exported_at", "format", "scores", "value", "signature"]))
        if field == "value":
            doc["payload"]["scores"][0]["values"]["a"] = data.draw(number_text.filter(lambda v: v != "7.5"))
        elif field == "signature":
            doc["signature"] = data.draw(st.one_of(st.text(max_size=10), st.binary(min_size=64, max_size=64).map(bytes.hex)))
        else:
            doc["payload"][field] = data.draw(anything)
        blob = json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")
    outcome = attempt(contest.db, bytes(blob))
    if outcome is not None:
        assert json.loads(bytes(blob))["payload"] == payload
        assert_stored(contest.db, payload)


@FUZZ
@given(st.sampled_from(["J1", "J2", "J3", "J4"]), st.sampled_from(["J2-old", "stranger", "J1", "J3"]),
       st.sampled_from(["final", "semi"]))
def test_a_file_signed_with_another_key_is_refused(usb, judge, signer, round_key):
    contest, keys = usb
    assume(signer != judge)
    data = sign(payload_for(judge, [{"component": "expert", "entry": "E2", "values": {"a": "1", "b": "1"}}], round_key), keys[signer])
    assert attempt(contest.db, data, round_key) is None


@FUZZ
@given(st.sampled_from(["J1", "J2", "J3", "J4"]), st.sampled_from(["final", "semi"]),
       st.lists(line, max_size=4), st.sampled_from(["final", "semi"]))
def test_garbage_signed_with_the_right_key(usb, judge, round_key, lines, import_round):
    """A judge's own laptop is no more trusted than a clerk: every line is checked as if typed."""
    contest, keys = usb
    payload = payload_for(judge, lines, round_key)
    try:
        data = sign(payload, keys[judge])
    except (UnicodeEncodeError, ValueError):  # a lone surrogate cannot even be signed; tested as bytes above
        assume(False)
    outcome = attempt(contest.db, data, import_round)
    if outcome is not None:
        assert import_round == round_key
        assert_stored(contest.db, payload)


# --- the cases fuzzing found, one by one (each failed before its fix) -------------------------

def test_a_replayed_or_older_file_is_refused_and_a_newer_one_accepted(usb):
    contest, keys = usb
    first = [{"component": "expert", "entry": "E2", "values": {"a": "3", "b": "4"}, "comment": "第一次"}]
    old_time = later()
    data = sign(payload_for("J1", first, exported_at=old_time), keys["J1"])
    assert attempt(contest.db, data) is not None
    assert attempt(contest.db, data) is None  # the same stick plugged in twice
    correction = [{"component": "expert", "entry": "E2", "values": {"a": "5", "b": "4"}, "comment": "更正"}]
    newer = sign(payload_for("J1", correction), keys["J1"])
    assert attempt(contest.db, newer).replaced == 1
    stale = sign(payload_for("J1", first, exported_at=old_time.replace("2030", "2029")), keys["J1"])
    assert attempt(contest.db, stale) is None  # an old file never undoes a later correction
    assert_stored(contest.db, payload_for("J1", correction))


def test_a_line_for_a_locked_panel_refuses_the_whole_file(usb):
    """It used to save the expert line, then stop at the locked jury: half a file written."""
    contest, keys = usb
    lines = [{"component": "expert", "entry": "E1", "values": {"a": "2", "b": "2"}},
             {"component": "jury", "entry": "E1", "values": {"overall": "3"}}]
    assert attempt(contest.db, sign(payload_for("J3", lines), keys["J3"])) is None


def test_a_comment_lands_on_its_own_entry(usb):
    """The comment's ids were passed in the wrong order (judge, entry, component)."""
    contest, keys = usb
    lines = [{"component": "expert", "entry": "E3", "values": {"a": "1.5", "b": "2"}, "comment": "创意好"}]
    assert attempt(contest.db, sign(payload_for("J3", lines), keys["J3"])) is not None
    rows = {r.entry: r for r in judge_sheet(contest.db, "final", "expert", "J3").rows}
    assert rows["E3"].comment == "创意好" and rows["E3"].values == {"a": Decimal("1.5"), "b": Decimal("2")}


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity"])
def test_a_signed_nan_is_refused_not_a_crash(usb, value):
    contest, keys = usb
    lines = [{"component": "expert", "entry": "E2", "values": {"a": value, "b": "1"}}]
    assert attempt(contest.db, sign(payload_for("J2", lines), keys["J2"])) is None


@pytest.mark.parametrize("blob", [b"[]", b'"x"', b"[" * 100000 + b"]" * 100000, b'{"payload": [], "signature": "00"}',
                                  json.dumps({"payload": {"format": FILE_FORMAT, "judge": "J1", "round": "final",
                                                          "exported_at": "x", "scores": ["\ud800"]},
                                              "signature": "00"}).encode()])
def test_malformed_files_are_refused_not_a_crash(usb, blob):
    contest, _ = usb
    assert attempt(contest.db, blob) is None


@pytest.mark.parametrize("key_file", [b"[]", b"null", b"{}", b'{"format": "judge_app.judge_key/1", "judge": 1}',
                                      b"[" * 100000, b"\xff\xfe"])
def test_a_malformed_key_file_is_refused_not_a_crash(usb, key_file):
    contest, _ = usb
    with pytest.raises(ServiceError, match="密钥文件"):
        export_signed(contest.db, "final", key_file)


def test_with_accounts_a_clerk_imports_and_a_judge_account_cannot(tmp_path):
    """Every import was refused once accounts existed: the role was checked for the decorated actor
    '… (签名文件 …, 评委 J3)', which is nobody's account. Now the importing user needs "import"."""
    from judge_app.services.integrity.users import PermissionRefused, add_user

    contest = make_fuzz_contest(tmp_path / "accounts.sqlite")
    try:
        add_user(contest.db, "admin", "administrator", "123456", "setup")
        add_user(contest.db, "clerk1", "clerk", "123456", "admin")
        add_user(contest.db, "judge3", "judge", "123456", "admin", judge_code="J3")
        with pytest.raises(PermissionRefused):
            issue_judge_key(contest.db, "J3", "judge3")
        key = private_of(issue_judge_key(contest.db, "J3", "admin"))
        data = sign(payload_for("J3", [{"component": "expert", "entry": "E2", "values": {"a": "1", "b": "2"}}]), key)
        before = dump(contest.db)
        with pytest.raises(PermissionRefused):
            import_signed(contest.db, data, "final", "judge3", "u.json")
        assert dump(contest.db) == before
        assert import_signed(contest.db, data, "final", "clerk1", "u.json").created == 1
        assert chain_ok(contest.db)
    finally:
        contest.db.close()
