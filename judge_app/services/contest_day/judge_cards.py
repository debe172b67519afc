"""Use case: issue judges' new links and print their cards (评委桌签) in one step, all or nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from judge_app.printing import judge_cards as card_pages
from judge_app.services.contest_day.lan_access import issue_cards


def issue_card_pdf(db, round_key: str, judge_code: str | None, actor: str, base_url: str, path: Path) -> list:
    """Issue new links and write their cards to `path`, all or nothing.

    The PDF is drawn into a temporary file beside `path` while the new links are still
    uncommitted; it replaces `path` (one rename) just before the commit. A font, disk or rename
    failure (say the old PDF is open in a viewer that locks it) leaves the database unchanged, the
    earlier links working and any earlier file at `path` as it was.
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pdf.part", dir=path.parent)
    os.close(fd)
    temp = Path(name)
    backup = path.with_name(f"{temp.name}.old")
    replaced = False

    def render(cards: list) -> None:
        nonlocal replaced
        card_pages.write_card_pdf(cards, temp)
        if path.exists():
            os.replace(path, backup)
        try:
            os.replace(temp, path)
        except OSError:
            if backup.exists():
                os.replace(backup, path)
            raise
        replaced = True

    try:
        cards = issue_cards(db, round_key, judge_code, actor, base_url, render)
    except BaseException:
        if replaced:  # the commit itself failed: the cards' links do not work, put the old file back
            if backup.exists():
                os.replace(backup, path)
            else:
                path.unlink(missing_ok=True)
        raise
    finally:
        temp.unlink(missing_ok=True)
    backup.unlink(missing_ok=True)
    return cards
