"""Use case: issue a round's award certificates, verify one, and export what verifying needs.

Issuing takes the awards from the official result (`standings.round_report`), gives each new
certificate the next serial from the pattern, signs its QR record with the contest's key, and
records the issue in the register — all in one transaction that also draws the PDF, so a refusal
(a missing glyph, a text that does not fit) leaves the database unchanged.

Printing an issued certificate again (another template, a printer jam) re-renders it: same serial,
same payload, no mark — it is still the one certificate. **补发** (a replacement for a lost one)
is chosen explicitly with a reason (`reissue=True, reason=…`) and printed marked 补发. If the award
changed, the old certificate is revoked and a new one issued. A **试印** proof run draws the
same pages watermarked 样张, without serial, signature or register entry, and writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from judge_app.domain.certificate import (
    CertificateRecord,
    PayloadError,
    decode_payload,
    encode_payload,
    format_serial,
    serial_pattern_problems,
)
from judge_app.domain.chinese_dates import chinese_date
from judge_app.domain.certificate_template import CertificateTemplate, TemplateError, load_template
from judge_app.printing.certificate_pdf import CertificatePage, TextOverflow, render_certificates
from judge_app.printing.fonts import MissingGlyphs
from judge_app.resources import resource_path
from judge_app.services.documents.certificate_signing import (
    PublicKey,
    Signer,
    signature_ok,
)
from judge_app.services.contest.contest_access import ServiceError, require_contest, require_round
from judge_app.services.integrity.contest_key import contest_signer
from judge_app.services.results.locks import require_signed_off
from judge_app.services.integrity.organizer_key import stored_key
from judge_app.services.results.standings import round_report
from judge_app.store import audit
from judge_app.store import certificate_store as register
from judge_app.store.database import Database

DEFAULT_TEMPLATE = "formal"


def templates_dir() -> Path:
    return resource_path("templates")


def builtin_templates() -> dict[str, Path]:
    return {p.stem: p for p in sorted(templates_dir().glob("*.toml")) + sorted(templates_dir().glob("*.json"))}


TEMPLATE_DIR_ENV = "JUDGE_APP_TEMPLATE_DIR"


def saved_templates_dir() -> Path:
    """Where 证书模板… saves edited templates, so 颁发证书 can offer them: `$JUDGE_APP_TEMPLATE_DIR`,
    else `templates/` in the user data directory."""
    given = os.environ.get(TEMPLATE_DIR_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("judge_app", appauthor=False)) / "templates"


def saved_templates() -> dict[str, Path]:
    folder = saved_templates_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.json")) + sorted(folder.glob("*.toml"))}


def available_templates() -> list[tuple[str, str, Path]]:
    """(name, label, file) of every template the window offers: built-in first, then saved ones
    (a saved file that cannot be read is left out here and refused with its reason when chosen)."""
    out = []
    for name, path in builtin_templates().items():
        out.append((name, load_template(path).label, path))
    for name, path in saved_templates().items():
        if name in builtin_templates():
            continue
        try:
            out.append((name, load_template(path).label or name, path))
        except TemplateError:
            continue
    return out


def resolve_template(name_or_path: str | None) -> CertificateTemplate:
    """A built-in template by name (formal, plain), a saved one by name, or a template file by path."""
    name = name_or_path or DEFAULT_TEMPLATE
    builtin = builtin_templates()
    path = builtin.get(name) or saved_templates().get(name) or Path(name)
    if not path.is_file():
        raise ServiceError(f"未知模板 {name!r}; 内置模板: {', '.join(builtin)}, 或给出模板文件路径 (unknown template)")
    try:
        return load_template(path)
    except TemplateError as exc:
        raise ServiceError(str(exc)) from None


@dataclass(frozen=True)
class IssuedCertificate:
    serial: str
    seq: int
    round_key: str
    entry_code: str
    member: str
    recipient: str
    unit: str
    title: str
    award: str
    issued_on: date
    payload: str
    again: bool = False  # issued before: same serial and payload, printed again
    reissued: bool = False  # 补发: printed marked as a replacement


@dataclass(frozen=True)
class CertificateBatch:
    pdf: bytes
    certificates: list[IssuedCertificate]
    template: str
    proof: bool = False  # 试印: nothing numbered, signed or registered

    @property
    def new(self) -> int:
        return sum(not c.again for c in self.certificates) if not self.proof else 0

    @property
    def reprints(self) -> int:
        """Issued certificates printed again without the 补发 mark."""
        return sum(c.again and not c.reissued for c in self.certificates)

    @property
    def reissues(self) -> int:
        return sum(c.reissued for c in self.certificates)


@dataclass(frozen=True)
class _Recipient:
    entry_code: str
    member: str
    recipient: str
    unit: str
    title: str
    award: str


def _recipients(report, per_member: bool, only: set[str] | None,
                awards: set[str] | None = None) -> list[_Recipient]:
    out = []
    for s in report.result.standings:
        if not s.award or (only and s.code not in only) or (awards and s.award not in awards):
            continue
        e = report.entry(s.code)
        if per_member and e.members:
            out += [_Recipient(e.code, m, m, e.unit, e.title, s.award) for m in e.members]
        else:
            who = "、".join(e.members) or e.unit or e.title
            out.append(_Recipient(e.code, "", who, e.unit, e.title, s.award))
    return out


def _issue_date(contest_date: str, given: date | None) -> date:
    if given:
        return given
    try:
        return date.fromisoformat(contest_date)
    except ValueError:
        return date.today()


def _signer(session, stored, actor: str) -> tuple[Signer, bytes]:
    """The organizer's key (outside the contest file, `services.integrity.contest_key`); the file trusts its public key."""
    key = contest_signer(session, stored, actor)
    return Signer(key.private_raw), key.key_id


PROOF_SERIAL = "样张"
PROOF_PAYLOAD = "PROOF"  # a QR code that no verifier accepts


@dataclass(frozen=True)
class IssueOptions:
    """What the 颁发证书 dialog and `judge-app certificates` choose; every field optional."""

    per_member: bool = False
    template: str | None = None
    serial_pattern: str | None = None
    issue_date: date | None = None
    entries: tuple[str, ...] = ()  # picked entry codes; empty: all awarded
    awards: tuple[str, ...] = ()  # only these award tiers; empty: every tier
    proof: bool = False  # 试印
    reissue: bool = False  # 补发, needs a reason
    reason: str = ""
    seal_image: str = ""  # a transparent PNG placed on the template's seal area (electronic copies)


def _selection(report, round_key: str, o: IssueOptions) -> list[_Recipient]:
    only = set(o.entries) or None
    if only:
        unknown = sorted(only - {s.code for s in report.result.standings})
        if unknown:
            raise ServiceError(f"本轮没有这些作品: {', '.join(unknown)} (unknown entry codes)")
    tiers = set(o.awards) or None
    if tiers:
        known = {s.award for s in report.result.standings if s.award}
        unknown = sorted(tiers - known)
        if unknown:
            raise ServiceError(f"本轮没有这些奖项: {', '.join(unknown)}; 有: {', '.join(sorted(known))} (unknown award)")
    wanted = _recipients(report, o.per_member, only, tiers)
    if not wanted:
        raise ServiceError(f"轮次 {round_key} 所选范围内没有获奖作品, 无证书可发 (no awarded entries selected)")
    return wanted


def _template_for(o: IssueOptions) -> CertificateTemplate:
    tpl = resolve_template(o.template)
    if o.seal_image:
        from judge_app.printing.seal_image import SealImageError, checked_seal_image

        try:
            tpl = tpl.with_seal_image(checked_seal_image(Path(o.seal_image)))
        except (SealImageError, ValueError) as exc:
            raise ServiceError(str(exc)) from None
    return tpl


def proof_certificates(db: Database, round_key: str, options: IssueOptions | None = None,
                       progress: Callable[[int, int], None] | None = None) -> CertificateBatch:
    """试印: the pages as they will print, watermarked 样张, with no serial, no signature and
    nothing written to the database (allowed before sign-off, to check the layout and wording)."""
    o = options or IssueOptions()
    tpl = _template_for(o)
    report = round_report(db, round_key, detail=False)
    wanted = _selection(report, round_key, o)
    on = _issue_date(report.contest.date, o.issue_date)
    proofs = [IssuedCertificate(PROOF_SERIAL, 0, round_key, r.entry_code, r.member, r.recipient, r.unit, r.title,
                                r.award, on, PROOF_PAYLOAD) for r in wanted]
    pages = [CertificatePage(_values(c, report.contest, report.result.round.name), c.payload, proof=True)
             for c in proofs]
    try:
        pdf = render_certificates(tpl, pages, title=f"{report.contest.name} · 证书试印样张", progress=progress)
    except (MissingGlyphs, TextOverflow) as exc:
        raise ServiceError(str(exc)) from None
    return CertificateBatch(pdf, proofs, tpl.name, proof=True)


def issue_certificates(db: Database, round_key: str, actor: str, *, per_member: bool = False,
                       template: str | None = None, serial_pattern: str | None = None,
                       issue_date: date | None = None, entries: list[str] | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       options: IssueOptions | None = None) -> CertificateBatch:
    """Issue the round's certificates (or print issued ones again) and return the PDF with what was issued."""
    o = options or IssueOptions(per_member=per_member, template=template, serial_pattern=serial_pattern,
                                issue_date=issue_date, entries=tuple(entries or ()))
    if o.proof:
        return proof_certificates(db, round_key, o, progress)
    reason = " ".join(o.reason.split())
    if o.reissue and not reason:
        raise ServiceError("补发须写明原因, 如 “原件遗失” (a reissue needs a reason)")
    if len(reason) > 200:
        raise ServiceError("补发原因过长 (至多 200 字) (reason too long)")
    tpl = _template_for(o)
    pattern = o.serial_pattern or tpl.serial_pattern
    problems = serial_pattern_problems(pattern)
    if problems:
        raise ServiceError("; ".join(problems))
    report = round_report(db, round_key, detail=False)
    wanted = _selection(report, round_key, o)
    contest = report.contest
    with db.session() as session:
        stored = require_contest(session)
        round_ = require_round(stored, round_key)
        # certificates only for a result the head judge signed: the one printed is compared with the seal
        require_signed_off(session, round_key, stored, report.result)
        current = {(c.round_key, c.entry_code, c.member): c
                   for c in register.certificates(session, stored.ids.contest, include_revoked=False)}
        if o.reissue:
            never = [r.entry_code + (f" {r.member}" if r.member else "") for r in wanted
                     if (old := current.get((round_key, r.entry_code, r.member))) is None
                     or old.award != r.award or old.recipient != r.recipient]
            if never:
                raise ServiceError(f"补发只用于已签发的证书; 这些尚未签发或奖项已变: {', '.join(never)} "
                                   "(reissue applies to issued certificates only)")
        signer, key_id = _signer(session, stored, actor)
        taken = {c.serial for c in register.certificates(session, stored.ids.contest)}
        seq = register.last_seq(session, stored.ids.contest)
        now = audit.now()
        on = _issue_date(contest.date, o.issue_date)
        issued: list[IssuedCertificate] = []
        new_rows, revoked, events = [], [], []
        for r in wanted:
            old = current.get((round_key, r.entry_code, r.member))
            if old is not None and old.award == r.award and old.recipient == r.recipient:
                issued.append(IssuedCertificate(old.serial, old.seq, round_key, r.entry_code, r.member, old.recipient,
                                                old.unit, old.title, old.award, date.fromisoformat(old.issued_on),
                                                old.payload, True, o.reissue))
                if o.reissue:
                    events.append(audit.event(actor, "certificate.reissue", f"certificate:{old.serial}",
                                              new={"template": tpl.name, "reason": reason, "entry": r.entry_code,
                                                   "award": old.award}, at=now))
                else:
                    events.append(audit.event(actor, "certificate.reprint", f"certificate:{old.serial}",
                                              new={"template": tpl.name, "entry": r.entry_code, "award": old.award},
                                              at=now))
                continue
            if old is not None:
                revoked.append(old.id)
                events.append(audit.event(actor, "certificate.revoke", f"certificate:{old.serial}",
                                          old={"award": old.award, "recipient": old.recipient},
                                          new={"award": r.award, "recipient": r.recipient}, at=now))
            seq += 1
            serial = format_serial(pattern, seq, on.year, round_key)
            if serial in taken:
                raise ServiceError(f"编号 {serial} 已用过; 请换一个编号格式 (serial already used; change the pattern)")
            taken.add(serial)
            record = CertificateRecord(key_id, on, seq, serial, r.recipient, r.award, r.entry_code)
            try:
                payload = encode_payload(record, signer.sign(record.body()))
            except ValueError as exc:
                raise ServiceError(f"证书内容过长: {exc} (certificate text too long)") from None
            issued.append(IssuedCertificate(serial, seq, round_key, r.entry_code, r.member, r.recipient, r.unit,
                                            r.title, r.award, on, payload))
            new_rows.append({
                "contest_id": stored.ids.contest, "seq": seq, "serial": serial, "round_key": round_key,
                "entry_code": r.entry_code, "member": r.member, "recipient": r.recipient, "unit": r.unit,
                "title": r.title, "award": r.award, "issued_on": on.isoformat(), "issued_at": now,
                "issued_by": actor, "template": tpl.name, "payload": payload, "revoked_at": None,
            })
            events.append(audit.event(actor, "certificate.issue", f"certificate:{serial}",
                                      new={"recipient": r.recipient, "award": r.award, "entry": r.entry_code,
                                           "round": round_key, "template": tpl.name}, at=now))
        link = verify_link_prefix(contest)
        pages = [CertificatePage(_values(c, contest, round_.name), link + c.payload, c.reissued) for c in issued]
        try:
            pdf = render_certificates(tpl, pages, title=f"{contest.name} · {round_.name} · 证书", progress=progress)
        except (MissingGlyphs, TextOverflow) as exc:
            raise ServiceError(str(exc)) from None
        register.revoke(session, revoked, now)
        try:
            ids = register.insert_certificates(session, new_rows)
        except IntegrityError:  # another computer issued certificates from this file meanwhile
            raise ServiceError("编号已被同时进行的另一次签发占用, 未写入; 请重试 (serials taken meanwhile; try again)") from None
        old_ids = {c.serial: c.id for c in current.values()}
        register.record_prints(session, [
            {"certificate_id": ids.get(c.serial) or old_ids[c.serial], "printed_at": now, "printed_by": actor,
             "reprint": c.again} for c in issued])
        audit.record_many(session, events)
    return CertificateBatch(pdf, issued, tpl.name)


@dataclass(frozen=True)
class AwardedEntry:
    code: str
    title: str
    recipient: str
    award: str


def awarded_entries(db: Database, round_key: str) -> list[AwardedEntry]:
    """The round's awarded entries in rank order, for picking which to print."""
    report = round_report(db, round_key, detail=False)
    return [AwardedEntry(r.entry_code, r.title, r.recipient, r.award) for r in _recipients(report, False, None)]


def preview_selection(db: Database, round_key: str, options: IssueOptions) -> tuple[bytes, int]:
    """(the first selected certificate drawn as it will print, how many the options select).

    Nothing is issued: the serial shown is the next one the pattern would give, the QR a
    placeholder; a proof shows 样张, a reissue the 补发 mark."""
    tpl = _template_for(options)
    pattern = options.serial_pattern or tpl.serial_pattern
    problems = serial_pattern_problems(pattern)
    if problems:
        raise ServiceError("; ".join(problems))
    report = round_report(db, round_key, detail=False)
    wanted = _selection(report, round_key, options)
    on = _issue_date(report.contest.date, options.issue_date)
    with db.session() as session:
        stored = require_contest(session)
        seq = register.last_seq(session, stored.ids.contest) + 1
        issued = {(c.entry_code, c.member): c for c in register.certificates(session, stored.ids.contest,
                                                                           include_revoked=False)
                  if c.round_key == round_key}
    r = wanted[0]
    old = issued.get((r.entry_code, r.member))
    serial = PROOF_SERIAL if options.proof else (old.serial if old else format_serial(pattern, seq, on.year, round_key))
    shown = IssuedCertificate(serial, seq, round_key, r.entry_code, r.member, r.recipient, r.unit, r.title, r.award,
                              on, PROOF_PAYLOAD)
    page = CertificatePage(_values(shown, report.contest, report.result.round.name), PROOF_PAYLOAD,
                           reprint=options.reissue and not options.proof, proof=options.proof)
    try:
        return render_certificates(tpl, [page], title="预览"), len(wanted)
    except (MissingGlyphs, TextOverflow) as exc:
        raise ServiceError(str(exc)) from None


def verify_link_prefix(contest) -> str:
    """With a verification address configured, the QR code is that address, `#`, the payload."""
    url = getattr(contest, "verify_url", "") or ""
    return f"{url}#" if url else ""


def _values(c: IssuedCertificate, contest, round_name: str) -> dict[str, str]:
    return {"recipient": c.recipient, "unit": c.unit, "title": c.title, "award": c.award, "contest": contest.name,
            "round": round_name, "date": chinese_date(c.issued_on), "organizer": contest.organizer,
            "serial": c.serial, "entry_code": c.entry_code}


def preview_values(db: Database, round_key: str) -> list[dict[str, str]]:
    """Field values for each awarded entry of a round, to preview a template with real data."""
    report = round_report(db, round_key, detail=False)
    round_name = report.result.round.name
    on = _issue_date(report.contest.date, None)
    out = []
    for r in _recipients(report, False, None):
        out.append({"recipient": r.recipient, "unit": r.unit, "title": r.title, "award": r.award,
                    "contest": report.contest.name, "round": round_name, "date": chinese_date(on),
                    "organizer": report.contest.organizer, "serial": "（预览）", "entry_code": r.entry_code})
    return out


def preview_certificate(template: CertificateTemplate, values: dict[str, str], payload: str = "PREVIEW",
                        reprint: bool = False, proof: bool = False) -> bytes:
    """One certificate drawn from given values without issuing anything (template preview)."""
    try:
        return render_certificates(template, [CertificatePage(values, payload, reprint, proof)], title="预览")
    except (MissingGlyphs, TextOverflow) as exc:
        raise ServiceError(str(exc)) from None


# ---- verifying --------------------------------------------------------------------------------

VALID, ALTERED, FORGED, UNKNOWN, REVOKED = "valid", "altered", "forged", "unknown", "revoked"


@dataclass(frozen=True)
class Verdict:
    status: str  # valid | altered (unreadable) | forged (signature wrong) | unknown (not our key) | revoked
    message: str
    record: CertificateRecord | None = None
    contest: str = ""
    note: str = ""

    @property
    def genuine(self) -> bool:
        return self.status == VALID

    def fields(self) -> list[tuple[str, str]]:
        """(field, value) of the signed record: serial, recipient, award, entry, contest, date."""
        r = self.record
        if r is None:
            return []
        return [("serial", r.serial), ("recipient", r.recipient), ("award", r.award), ("entry", r.entry_code),
                ("contest", self.contest), ("date", r.issued_on.isoformat())]

    def details(self) -> list[tuple[str, str]]:
        labels = {"serial": "编号 serial", "recipient": "获奖者 recipient", "award": "奖项 award",
                  "entry": "作品 entry", "contest": "比赛 contest", "date": "日期 date"}
        return [(labels[k], chinese_date(v) if k == "date" else v) for k, v in self.fields()]  # 2025年9月18日


def check_payload(payload: str, keys: list[PublicKey], lookup: Callable[[str], object] | None = None) -> Verdict:
    """Verify a payload against known public keys (and, with `lookup`, the register)."""
    try:
        record, body, signature = decode_payload(payload)
    except PayloadError as exc:
        return Verdict(ALTERED, f"无效: 不是完整的证书验证码, 可能被改动 ({exc}) (INVALID: altered or unreadable)")
    key = next((k for k in keys if k.key_id == record.key_id), None)
    if key is None:
        return Verdict(UNKNOWN, "未知: 不是用本比赛的密钥签发的 (UNKNOWN: not signed with this contest's key)",
                       record)
    if not signature_ok(key.public_raw, body, signature):
        return Verdict(FORGED, "伪造或被篡改: 签名不符 (FORGED/ALTERED: signature does not match)", record,
                       key.contest)
    if lookup is not None:
        row = lookup(record.serial)
        if row is None:
            return Verdict(VALID, "有效: 签名正确 (VALID: signature correct)", record, key.contest,
                           "登记簿中查不到此编号 (serial not in this database's register)")
        if getattr(row, "revoked_at", None):
            return Verdict(REVOKED, f"已作废: 签名正确, 但此证书已于 {row.revoked_at} 作废 (REVOKED)", record,
                           key.contest)
    return Verdict(VALID, "有效: 签名正确 (VALID: signature correct)", record, key.contest)


def contest_public_key(db: Database) -> PublicKey:
    with db.session() as session:
        stored = require_contest(session)
        rows = register.signing_keys(session, stored.ids.contest)
        if not rows:
            raise ServiceError("本比赛还没有签发过证书, 尚无密钥 (no certificates issued yet, so no key)")
        mine = stored_key()
        row = next((r for r in rows if mine is not None and r.public_key == mine.public_raw.hex()), rows[-1])
        return PublicKey(bytes.fromhex(row.key_id), bytes.fromhex(row.public_key), stored.contest.name,
                         stored.contest.organizer)


def verify_in_database(db: Database, payload: str) -> Verdict:
    with db.session() as session:
        stored = require_contest(session)
        keys = [PublicKey(bytes.fromhex(row.key_id), bytes.fromhex(row.public_key), stored.contest.name,
                          stored.contest.organizer) for row in register.signing_keys(session, stored.ids.contest)]
        found = {}

        def lookup(serial: str):
            found["row"] = register.by_serial(session, stored.ids.contest, serial)
            return found["row"]

        return check_payload(payload, keys, lookup)


@dataclass(frozen=True)
class RegisterLine:
    serial: str
    seq: int
    round_key: str
    entry_code: str
    recipient: str
    unit: str
    title: str
    award: str
    issued_on: str
    issued_at: str
    issued_by: str
    printed: int
    revoked_at: str
    payload: str


def register_lines(db: Database) -> tuple[str, list[RegisterLine]]:
    """(contest name, every certificate issued, in serial order)."""
    with db.session() as session:
        stored = require_contest(session)
        counts = register.print_counts(session, stored.ids.contest)
        rows = register.certificates(session, stored.ids.contest)
        return stored.contest.name, [
            RegisterLine(r.serial, r.seq, r.round_key, r.entry_code, r.recipient, r.unit, r.title, r.award,
                         r.issued_on, r.issued_at, r.issued_by, counts.get(r.id, 0), r.revoked_at or "", r.payload)
            for r in rows]


REGISTER_COLUMNS = ("编号 serial", "序号 seq", "轮次 round", "作品编号 entry", "获奖者 recipient", "单位 unit",
                    "作品 title", "奖项 award", "证书日期 date", "签发时间 issued at", "签发人 issued by",
                    "打印次数 prints", "作废时间 revoked at", "验证码 payload")


def export_register_xlsx(db: Database, out: Path) -> int:
    """Write the issue register as an XLSX workbook; returns the number of certificates."""
    from openpyxl.styles import Font

    from judge_app.table_files.xlsx_writer import new_workbook

    name, lines = register_lines(db)
    wb = new_workbook("证书登记 register")
    ws = wb.active
    ws.append([f"{name} · 证书登记簿 (certificate register)"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(REGISTER_COLUMNS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for ln in lines:
        ws.append([ln.serial, ln.seq, ln.round_key, ln.entry_code, ln.recipient, ln.unit, ln.title, ln.award,
                   ln.issued_on, ln.issued_at, ln.issued_by, ln.printed, ln.revoked_at, ln.payload])
    for col, width in zip("ABCDEFGHIJKLMN", (24, 6, 8, 10, 18, 18, 36, 10, 12, 26, 12, 8, 26, 60)):
        ws.ws.column_dimensions[col].width = width
    ws.ws.freeze_panes = "A3"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return len(lines)
