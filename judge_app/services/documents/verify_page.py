"""The offline certificate verification page (verify.html) for the showcase package and the website.

One self-contained HTML file: the contest's published public keys are embedded, the Ed25519 check
runs in the browser (WebCrypto where it offers Ed25519, else plain JavaScript, same answers), and
nothing is fetched. Opened as `verify.html#PAYLOAD` — the link a certificate's QR code carries when
`verify_url` points at this page — it checks that payload at once.
"""

from __future__ import annotations

import base64
import html
import json
import re

from judge_app.resources import resource_path
from judge_app.services.contest.contest_access import ServiceError, require_contest
from judge_app.services.documents.page_font import contest_font
from judge_app.store import certificate_store as register
from judge_app.store.database import Database

PAGE_NAME = "verify.html"


def verify_page_html(db: Database) -> str:
    """The page with this contest's trusted public keys; ServiceError before the first certificate."""
    with db.session() as session:
        stored = require_contest(session)
        rows = register.signing_keys(session, stored.ids.contest)
        contest, organizer = stored.contest.name, stored.contest.organizer
    if not rows:
        raise ServiceError("本比赛还没有签发过证书, 尚无公钥, 无法生成验证页 (no certificates issued yet)")
    keys = [{"key_id": r.key_id, "public_key": r.public_key, "contest": contest} for r in rows]
    # embedded in <script>: no "<" may close the element early, whatever the contest name holds
    keys_json = json.dumps(keys, ensure_ascii=False).replace("<", "\\u003c")
    folder = resource_path("verify_page")
    page = (folder / "verify.html").read_text(encoding="utf-8")
    script = (folder / "ed25519.js").read_text(encoding="utf-8")
    values = {"KEYS": keys_json, "ED25519": script, "CONTEST": html.escape(contest),
              "ORGANIZER": html.escape(organizer), "KEY_IDS": html.escape(", ".join(r.key_id for r in rows)),
              "FONTFACE": ""}
    # one pass, so a contest name holding a placeholder is never substituted into
    fill = lambda text: re.sub(r"__(KEYS|ED25519|CONTEST|ORGANIZER|KEY_IDS|FONTFACE)__",  # noqa: E731
                               lambda m: values[m.group(1)], text)
    # The page travels alone (a website, a USB stick) to phones and PCs without Chinese fonts: it
    # carries a subset of the bundled font with its own texts and every name a certificate can hold.
    woff = contest_font(db, fill(page), *_certificate_texts(db))
    values["FONTFACE"] = ('@font-face { font-family: "JudgeApp Sans"; src: url("data:font/woff;base64,'
                          + base64.b64encode(woff).decode("ascii") + '") format("woff"); }')
    return fill(page)


def _certificate_texts(db: Database) -> list[str]:
    """The recipients, awards and serials of every certificate registered (a verdict shows them)."""
    with db.session() as session:
        stored = require_contest(session)
        return [f"{c.recipient}{c.award}{c.serial}" for c in register.certificates(session, stored.ids.contest)]
