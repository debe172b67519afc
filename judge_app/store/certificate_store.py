"""The issue register: the contest's signing key, issued certificates and each time one was printed."""

from __future__ import annotations

from sqlalchemy import func, insert, update
from sqlmodel import Session, select

from judge_app.store.models import CertificateKeyRow, CertificatePrintRow, CertificateRow


def signing_key(session: Session, contest_id: int) -> CertificateKeyRow | None:
    return session.exec(select(CertificateKeyRow).where(CertificateKeyRow.contest_id == contest_id)).first()


def signing_keys(session: Session, contest_id: int) -> list[CertificateKeyRow]:
    """Every key the contest trusts, oldest first (public keys; an older file may still hold a private one)."""
    return list(session.exec(select(CertificateKeyRow).where(CertificateKeyRow.contest_id == contest_id)
                             .order_by(CertificateKeyRow.id)).all())


def save_signing_key(session: Session, contest_id: int, key_id: str, private_hex: str, public_hex: str,
                     created_at: str) -> CertificateKeyRow:
    row = CertificateKeyRow(contest_id=contest_id, key_id=key_id, private_key=private_hex, public_key=public_hex,
                            created_at=created_at)
    session.add(row)
    session.flush()
    return row


def certificates(session: Session, contest_id: int, *, include_revoked: bool = True) -> list[CertificateRow]:
    query = select(CertificateRow).where(CertificateRow.contest_id == contest_id)
    if not include_revoked:
        query = query.where(CertificateRow.revoked_at.is_(None))
    return list(session.exec(query.order_by(CertificateRow.seq)).all())


def by_serial(session: Session, contest_id: int, serial: str) -> CertificateRow | None:
    return session.exec(select(CertificateRow).where(CertificateRow.contest_id == contest_id,
                                                     CertificateRow.serial == serial)).first()


def last_seq(session: Session, contest_id: int) -> int:
    value = session.exec(select(func.max(CertificateRow.seq)).where(CertificateRow.contest_id == contest_id)).one()
    return int(value or 0)


def insert_certificates(session: Session, rows: list[dict]) -> dict[str, int]:
    """Insert new certificates (row dicts); returns serial → id."""
    if not rows:
        return {}
    session.execute(insert(CertificateRow), rows)
    serials = [r["serial"] for r in rows]
    contest_id = rows[0]["contest_id"]
    found = session.exec(select(CertificateRow.serial, CertificateRow.id).where(
        CertificateRow.contest_id == contest_id, CertificateRow.serial.in_(serials))).all()
    return dict(found)


def revoke(session: Session, certificate_ids: list[int], at: str) -> None:
    if certificate_ids:
        session.execute(update(CertificateRow).where(CertificateRow.id.in_(certificate_ids)).values(revoked_at=at))


def record_prints(session: Session, rows: list[dict]) -> None:
    if rows:
        session.execute(insert(CertificatePrintRow), rows)


def print_counts(session: Session, contest_id: int) -> dict[int, int]:
    """certificate id → times printed."""
    query = (select(CertificatePrintRow.certificate_id, func.count())
             .join(CertificateRow, CertificateRow.id == CertificatePrintRow.certificate_id)
             .where(CertificateRow.contest_id == contest_id)
             .group_by(CertificatePrintRow.certificate_id))
    return dict(session.exec(query).all())
