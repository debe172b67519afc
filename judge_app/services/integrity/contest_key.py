"""Which key signs for a contest: the organizer's (from the key directory), registered in the
contest file by its public key only.

Contest files from before the key left the file still hold a private key in `certificate_key`.
The first signing action (a sign-off, certificates) by an authorised user moves it out: when the
key directory has no key yet, that key becomes the organizer's key (it is copied there);
otherwise the old public key stays trusted, so its certificates keep verifying. Either way the
private key is removed from the contest file, audited.
"""

from __future__ import annotations

from sqlmodel import Session

from judge_app.services.integrity.organizer_key import OrganizerKey, organizer_key
from judge_app.store import audit
from judge_app.store import certificate_store as register
from judge_app.store.contest_store import StoredContest


def contest_signer(session: Session, stored: StoredContest, actor: str) -> OrganizerKey:
    """The organizer's key, with the contest file made to trust it (and hold no private key)."""
    contest_id = stored.ids.contest
    rows = register.signing_keys(session, contest_id)
    legacy = [r for r in rows if r.private_key]
    at = audit.now()
    key, created = organizer_key(at, adopt=bytes.fromhex(legacy[0].private_key) if legacy else None)
    for row in legacy:
        adopted = created and row is legacy[0]
        row.private_key = ""
        session.add(row)
        audit.record(session, actor, "certificate.key.move_out", f"contest:{contest_id}",
                     old={"key_id": row.key_id, "private_key_in_file": True},
                     new={"key_id": row.key_id, "private_key_in_file": False,
                          "now_the_organizer_key": adopted, "public_key_trusted": True}, at=at)
    if all(r.public_key != key.public_raw.hex() for r in rows):
        row = register.save_signing_key(session, contest_id, key.key_id.hex(), "", key.public_raw.hex(), at)
        audit.record(session, actor, "certificate.key.register", f"contest:{contest_id}",
                     new={"key_id": row.key_id, "public_key": row.public_key}, at=at)
    session.flush()
    return key
