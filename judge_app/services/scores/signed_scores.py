"""Signed score files: scores carried on a USB stick from a laptop in judge mode to the host.

The host gives each judge an Ed25519 key pair (`issue_judge_key`): the public key stays in the
host's database, the private key file goes with the judge's laptop. The laptop exports that
judge's scores of a round (`export_signed`) as JSON with a signature over its canonical form.
The host imports the file (`import_signed`) only if the signature verifies with that judge's
registered key, and the judge, round and contest are the expected ones; every line is checked
before the first write. A file changed after signing (one digit) is refused and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import text, update
from sqlmodel import select

from judge_app.domain.numbers import read_decimal
from judge_app.domain.rules import is_judged
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.results.locks import require_unlocked
from judge_app.services.scores.score_checks import comment_problem, seat_problem, valid_score
from judge_app.services.integrity.users import require_role
from judge_app.store import audit
from judge_app.store.comments import set_comment
from judge_app.store.conflicts import manual_conflicts
from judge_app.store.score_store import SheetLine, apply_scores
from judge_app.store.database import Database
from judge_app.store.models import JudgeKeyRow, ScoreCommentRow, from_units

FILE_FORMAT = "judge_app.signed_scores/1"
KEY_FORMAT = "judge_app.judge_key/1"
MAX_FILE = 20 * 1024 * 1024  # a round of a few hundred entries is well under 1 MB


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _raw_public(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def issue_judge_key(db: Database, judge_code: str, actor: str) -> bytes:
    """A new key pair for a judge; returns the private key file's bytes (the public key is stored).

    An earlier key of the judge is revoked: files signed with it are no longer accepted.
    """
    from cryptography.hazmat.primitives import serialization

    private = Ed25519PrivateKey.generate()
    public_hex = _raw_public(private.public_key())
    with db.session() as session:
        stored = require_contest(session)
        if judge_code not in stored.ids.judges:
            raise ServiceError(f"未知评委编号 {judge_code!r} (unknown judge code)")
        require_role(session, actor, "import")  # a key lets its judge's files in, like a LAN link
        jid = stored.ids.judges[judge_code]
        at = audit.now()
        t = JudgeKeyRow.__table__
        session.execute(update(t).where(t.c.judge_id == jid, t.c.revoked_at.is_(None)).values(revoked_at=at))
        session.add(JudgeKeyRow(judge_id=jid, public_key=public_hex, created_at=at))
        audit.record(session, actor, "judge_key.issue", f"judge_key:{judge_code}", None, {"public_key": public_hex}, at)
        contest = stored.contest.name
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    return json.dumps({"format": KEY_FORMAT, "contest": contest, "judge": judge_code, "private_key": raw.hex(),
                       "public_key": public_hex}, ensure_ascii=False, indent=2).encode("utf-8")


def _load_private(key_file: bytes) -> tuple[str, Ed25519PrivateKey]:
    try:
        data = json.loads(key_file.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != KEY_FORMAT or not isinstance(data.get("judge"), str):
            raise ValueError
        return data["judge"], Ed25519PrivateKey.from_private_bytes(bytes.fromhex(data["private_key"]))
    except (ValueError, KeyError, TypeError, RecursionError):
        raise ServiceError("不是有效的评委密钥文件 (not a judge key file)") from None


_JUDGE_SCORES = text(
    "SELECT e.code, c.key, s.value FROM score s JOIN criterion c ON c.id = s.criterion_id "
    "JOIN entry e ON e.id = s.entry_id WHERE c.component_id = :c AND s.judge_id = :j ORDER BY e.code, c.position"
)


def export_signed(db: Database, round_key: str, key_file: bytes, exported_at: str | None = None) -> bytes:
    """That key's judge's scores (and comments) of a round, signed; returns the file's bytes."""
    judge_code, private = _load_private(key_file)
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        if judge_code not in stored.ids.judges:
            raise ServiceError(f"本数据库没有评委 {judge_code} (judge not in this database)")
        jid = stored.ids.judges[judge_code]
        judge = next(j for j in stored.contest.judges if j.code == judge_code)
        lines = []
        for component in round_.components:
            if not is_judged(component) or not judge.sits_on(round_key, component.key):
                continue
            cid = stored.ids.components[(round_key, component.key)]
            values: dict[str, dict[str, str]] = {}
            for code, key, units in session.execute(_JUDGE_SCORES, {"c": cid, "j": jid}):
                values.setdefault(code, {})[key] = str(from_units(units))
            comments = {r.entry_id: r.comment for r in session.exec(select(ScoreCommentRow).where(
                ScoreCommentRow.judge_id == jid, ScoreCommentRow.component_id == cid)).all()}
            for code, vals in values.items():
                lines.append({"component": component.key, "entry": code, "values": vals,
                              "comment": comments.get(stored.ids.entries[code], "")})
    payload = {"format": FILE_FORMAT, "contest": stored.contest.name, "round": round_key, "judge": judge_code,
               "public_key": _raw_public(private.public_key()), "exported_at": exported_at or audit.now(),
               "scores": lines}
    signature = private.sign(canonical(payload)).hex()
    return json.dumps({"payload": payload, "signature": signature}, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class SignedImport:
    judge: str
    round: str
    entries: int
    created: int
    replaced: int
    unchanged: int


def _refuse(reason: str):
    raise ServiceError(f"签名评分文件被拒绝, 数据库未改变: {reason} (signed score file refused, database unchanged)")


def _read_file(data: bytes) -> tuple[dict, bytes, bytes]:
    """The payload, its canonical bytes and the signature, or a refusal: never another exception."""
    if len(data) > MAX_FILE:
        _refuse(f"文件超过 {MAX_FILE // 1024 // 1024} MB (file too large)")
    try:
        doc = json.loads(data.decode("utf-8"))
        payload, signature = doc["payload"], bytes.fromhex(doc["signature"])
        if not isinstance(payload, dict) or payload.get("format") != FILE_FORMAT:
            raise ValueError
        if not all(isinstance(payload.get(k), str) for k in ("judge", "round", "exported_at")):
            raise ValueError
        if not isinstance(payload.get("scores"), list):
            raise ValueError
        return payload, canonical(payload), signature
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        # not UTF-8 or JSON, a lone surrogate, nested beyond the parser, a field of the wrong type
        _refuse("不是评分文件或格式损坏 (not a signed score file)")


def _exported_at(payload: dict) -> datetime:
    try:
        at = datetime.fromisoformat(payload["exported_at"])
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        _refuse("导出时间无效 (invalid export time)")
    return at


def _check_line(n: int, line, judge, round_, entries: dict, manual) -> tuple[str, str, dict[str, Decimal], str]:
    if not isinstance(line, dict) or not isinstance(line.get("component"), str) or not isinstance(line.get("entry"), str):
        _refuse(f"第 {n} 条格式错误 (line {n}: malformed)")
    raw, comment = line.get("values"), line.get("comment", "")
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()) or not isinstance(comment, str):
        _refuse(f"第 {n} 条格式错误 (line {n}: malformed)")
    try:
        component = round_.component(line["component"])
        entry = entries[line["entry"]]
        values = {k: read_decimal(v) for k, v in raw.items()}
    except (KeyError, ValueError, InvalidOperation):
        _refuse(f"第 {n} 条: 未知作品、部分或数值 (line {n}: unknown entry, component or value)")
    if not is_judged(component):
        _refuse(f"第 {n} 条: {component.key} 不是评委打分部分 (not a panel)")
    if reason := seat_problem(judge, entry, round_, component, manual):
        _refuse(f"第 {n} 条: {reason}")
    if set(values) != {c.key for c in component.criteria}:
        _refuse(f"第 {n} 条: 评分项不完整 (incomplete criteria)")
    for c in component.criteria:
        if reason := valid_score(values[c.key], c.max):
            _refuse(f"第 {n} 条 {c.name}: {reason}")
    if reason := comment_problem(comment):
        _refuse(f"第 {n} 条: {reason} (line {n})")
    return component.key, entry.code, values, comment.strip()


def _last_import(session, target: str) -> dict | None:
    rows = [e for e in audit.events(session, target) if e.target == target and e.action == "signed.import"]
    return json.loads(rows[-1].new) if rows else None


def import_signed(db: Database, data: bytes, round_key: str, actor: str, source: str = "") -> SignedImport:
    """Check a signed score file completely, then save all its scores in one audited transaction.

    Refused (ServiceError, nothing written): anything that is not such a file, a signature that
    does not verify with the judge's current key, another contest or round, any line a clerk could
    not enter (seat, 回避, 0..max, locked component), the same file again, or a file exported
    before the last one imported for this judge and round (an old USB stick never undoes a
    later correction). The importing user needs the "import" role.
    """
    payload, signed, signature = _read_file(data)
    judge_code, file_round, lines = payload["judge"], payload["round"], payload["scores"]
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        if judge_code not in stored.ids.judges:
            _refuse(f"未知评委 {judge_code!r} (unknown judge)")
        keys = session.exec(select(JudgeKeyRow).where(
            JudgeKeyRow.judge_id == stored.ids.judges[judge_code], JudgeKeyRow.revoked_at.is_(None))).all()
    if file_round != round_key:
        _refuse(f"文件属于轮次 {file_round}, 不是 {round_key} (file is for another round)")
    if payload.get("contest") != stored.contest.name:
        _refuse("文件属于另一场比赛 (file is for another contest)")
    if not keys:
        _refuse(f"评委 {judge_code} 没有登记的密钥 (no key registered for this judge)")
    verified = False
    for row in keys:
        try:
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(row.public_key)).verify(signature, signed)
            verified = True
            break
        except (InvalidSignature, ValueError):
            continue
    if not verified:
        _refuse(f"签名不符: 文件被修改过, 或不是评委 {judge_code} 的密钥签名 (signature does not verify)")
    exported_at = _exported_at(payload)
    judge = next(j for j in stored.contest.judges if j.code == judge_code)
    entries = {e.code: e for e in stored.contest.entries}
    digest = hashlib.sha256(signature).hexdigest()
    who = f"{actor} (签名文件 {source or '?'}, 评委 {judge_code})"
    target = f"signed:{round_key}:{judge_code}"
    with db.session() as session:
        stored = require_contest(session)
        manual = manual_conflicts(session)
        checked = [_check_line(n, line, judge, round_, entries, manual) for n, line in enumerate(lines, 1)]
        seen = set()
        for n, (component_key, entry_code, _, _) in enumerate(checked, 1):
            if (component_key, entry_code) in seen:
                _refuse(f"第 {n} 条: {component_key} {entry_code} 重复 (duplicate line)")
            seen.add((component_key, entry_code))
        require_role(session, actor, "import")
        for component_key in sorted({c for c, *_ in checked}) or [None]:
            require_unlocked(session, stored, round_key, component_key)
        if (last := _last_import(session, target)) is not None:
            if last["signature"] == digest:
                _refuse(f"此文件已于 {last['imported_at']} 导入过 (this file was imported before)")
            if exported_at <= datetime.fromisoformat(last["exported_at"]):
                _refuse(f"文件导出于 {payload['exported_at']}, 早于已导入的 {last['exported_at']} 的文件; 旧文件不会覆盖更新的评分 "
                        f"(file is older than the one imported before)")
        jid = stored.ids.judges[judge_code]
        created = replaced = unchanged = 0
        for component in round_.components:
            mine = [(e, v, c) for k, e, v, c in checked if k == component.key]
            if not mine:
                continue
            cid = stored.ids.components[(round_key, component.key)]
            for entry_code, _, comment in mine:
                set_comment(session, cid, jid, stored.ids.entries[entry_code], comment, who,
                            f"comment:{round_key}.{component.key}:{judge_code}:{entry_code}")
            counts = apply_scores(session, stored.ids, round_key, component,
                                  [SheetLine(None, judge_code, e, v) for e, v, _ in mine], who)
            created, replaced, unchanged = created + counts.created, replaced + counts.replaced, unchanged + counts.unchanged
        audit.record(session, who, "signed.import", target, None,
                     {"signature": digest, "exported_at": payload["exported_at"], "imported_at": audit.now(),
                      "entries": len(checked)})
    return SignedImport(judge_code, round_key, len(checked), created, replaced, unchanged)
