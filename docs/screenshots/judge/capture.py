"""Regenerate the judge page screenshots in this folder (phone viewport 390×844, headless Chromium).

    .venv/bin/python docs/screenshots/judge/capture.py
"""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal as D
from pathlib import Path

from selenium.webdriver.common.by import By

from judge_app.lan.server import LanServer
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import close_entry, issue_tokens, set_current_entry
from judge_app.services.scores.score_entry import save_scores
from judge_app.store.database import open_database
from tools.phone_browser import phone_browser

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(str(Path(tmp) / "shots.sqlite"))
        create_contest(db, read_contest_file(ROOT / "tests" / "data" / "contest.toml"), "demo")
        token = issue_tokens(db, "final", "E01", "demo")[0].token
        save_scores(db, "final", "expert", "E01", "X01", {"innovation": D(33), "impact": D(35), "presentation": D(17)}, "demo")
        close_entry(db, "final", "X01", "demo")
        set_current_entry(db, "final", "X02", "demo")
        with LanServer(db, "127.0.0.1", 0) as server:
            browser = phone_browser()
            try:
                browser.get(server.judge_link(token))
                time.sleep(1.5)
                browser.save_screenshot(str(OUT / "01-entry-on-stage.png"))
                fields = [browser.find_element(By.ID, f"c-{k}") for k in ("innovation", "impact", "presentation")]
                for field, value in zip(fields, ("42", "35.5", "18")):
                    field.send_keys(value)
                browser.find_element(By.ID, "submit").click()
                time.sleep(0.3)
                browser.save_screenshot(str(OUT / "02-over-max-refused.png"))
                fields[0].clear()
                fields[0].send_keys("32")
                browser.find_element(By.ID, "comment").send_keys("案例扎实, 推广价值高")
                browser.find_element(By.ID, "submit").click()
                time.sleep(0.5)
                browser.save_screenshot(str(OUT / "03-confirm.png"))
                browser.find_element(By.ID, "confirm-ok").click()
                time.sleep(1.5)
                browser.save_screenshot(str(OUT / "04-submitted.png"))
                browser.find_elements(By.CSS_SELECTOR, "#entries li")[0].click()
                time.sleep(0.5)
                browser.save_screenshot(str(OUT / "05-closed-entry.png"))
            finally:
                browser.quit()
        db.close()


if __name__ == "__main__":
    main()
