"""A real browser: headless Chromium (Debian's `chromium` + `chromium-driver`) opens a judge's link on a
phone-sized screen, scores the entry on stage, and the score is in the database."""

from __future__ import annotations

import shutil
from decimal import Decimal as D

import pytest

from conftest import DATA
from judge_app.lan.server import LanServer
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.services.contest_day.lan_access import issue_tokens, set_current_entry
from judge_app.services.contest_day.lan_scoring import host_view
from judge_app.services.scores.score_entry import judge_sheet
from judge_app.store import audit
from judge_app.store.database import open_database
from tools.phone_browser import CHROMIUM, DRIVER, phone_browser

pytestmark = pytest.mark.skipif(not (shutil.which(CHROMIUM) and shutil.which(DRIVER)),
                                reason="needs Debian packages chromium and chromium-driver (.ci/run installs them)")


@pytest.fixture
def served(db_path):
    db = open_database(str(db_path))
    create_contest(db, read_contest_file(DATA / "contest.toml"), "tester")
    tokens = {t.judge: t.token for t in issue_tokens(db, "final", None, "host")}
    set_current_entry(db, "final", "X02", "host")
    server = LanServer(db, "127.0.0.1", 0)
    server.start()
    browser = phone_browser()
    yield db, server, tokens, browser
    browser.quit()
    server.stop()
    db.close()


def test_judge_scores_the_entry_on_stage_from_a_phone(served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    db, server, tokens, browser = served
    wait = WebDriverWait(browser, 15)
    browser.get(server.judge_link(tokens["E01"]))
    wait.until(ec.text_to_be_present_in_element((By.ID, "sheet-title"), "X02"))
    assert "孙教授" in browser.find_element(By.ID, "who").text
    assert browser.find_element(By.ID, "sheet-badge").text == "当前上场"

    # over the maximum: the page says so and sends nothing
    fields = {k: browser.find_element(By.ID, f"c-{k}") for k in ("innovation", "impact", "presentation")}
    fields["innovation"].send_keys("45")
    fields["impact"].send_keys("35.5")
    fields["presentation"].send_keys("18")
    browser.find_element(By.ID, "submit").click()
    assert "超过满分 40" in browser.find_element(By.CSS_SELECTOR, '.crit[data-key="innovation"] .err').text
    assert not browser.find_element(By.ID, "confirm").is_displayed()

    fields["innovation"].clear()
    fields["innovation"].send_keys("32")
    assert browser.find_element(By.ID, "total").text == "85.5"
    browser.find_element(By.ID, "comment").send_keys("案例扎实, 推广价值高")
    browser.find_element(By.ID, "submit").click()
    wait.until(ec.visibility_of_element_located((By.ID, "confirm")))
    assert "85.5" in browser.find_element(By.ID, "confirm-body").text  # warned and shown before it is sent
    assert judge_sheet(db, "final", "expert", "E01").total("X02") is None
    browser.find_element(By.ID, "confirm-ok").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "saved"), "已提交"))

    sheet = {r.entry: r for r in judge_sheet(db, "final", "expert", "E01").rows}
    assert sheet["X02"].values == {"innovation": D("32"), "impact": D("35.5"), "presentation": D("18")}
    with db.session() as s:
        (event,) = audit.events(s, "score:final.expert:E01:X02")
        comment = audit.events(s, "comment:final.expert:E01:X02")[0]
    assert "127.0.0.1" in event.actor and "Android" in event.actor
    assert comment.new == '"案例扎实, 推广价值高"'
    status = {j.judge: j.status for j in host_view(db, "final", server.context.presence).judges}
    assert status["E01"] == "scored" and status["E02"] == "pending"

    # the host moves the stage on: the page follows within a second (long poll, no periodic reload)
    set_current_entry(db, "final", "X03", "host")
    WebDriverWait(browser, 3).until(ec.text_to_be_present_in_element((By.ID, "sheet-title"), "X03"))
    listed = browser.find_element(By.ID, "entries").text
    assert "已评 85.5 分" in listed

    # an entry the judge must not score goes on stage: the page says so
    set_current_entry(db, "final", "X02", "host")
    browser.get(server.judge_link(tokens["E03"]))
    wait.until(ec.visibility_of_element_located((By.ID, "recused")))
    assert "本作品您需回避" in browser.find_element(By.ID, "recused").text
    set_current_entry(db, "final", "X03", "host")  # followed by long poll, not a reload
    wait.until(ec.invisibility_of_element_located((By.ID, "recused")))
    wait.until(ec.text_to_be_present_in_element((By.ID, "sheet-title"), "X03"))


def test_revoked_link_shows_a_clear_message(served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    _, server, _, browser = served
    browser.get(server.judge_link("no-such-token"))
    WebDriverWait(browser, 15).until(ec.text_to_be_present_in_element((By.ID, "fatal"), "无效"))
