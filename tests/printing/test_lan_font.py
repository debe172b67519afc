"""The phone page carries its own font: a phone without Chinese fonts would draw boxes.
The font holds the page's characters and every text of the contest (judges' names too)."""

from __future__ import annotations

import io

import httpx
from fontTools.ttLib import TTFont

from conftest import DATA
from judge_app.lan.server import LanServer
from judge_app.services.contest.contest_setup import create_contest, read_contest_file
from judge_app.store.database import open_database


def test_phone_page_font_covers_page_and_contest_texts(db_location):
    db = open_database(db_location)
    contest = read_contest_file(DATA / "contest.toml")
    create_contest(db, contest, "tester")
    server = LanServer(db, "127.0.0.1", 0)
    server.start()
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            css = http.get("/static/judge.css").text
            assert 'src: url("/font.woff")' in css and '"JudgeApp Sans", "PingFang SC"' in css
            r = http.get("/font.woff")
            html = http.get("/j/whatever").text
    finally:
        server.stop()
        db.close()
    assert r.status_code == 200 and r.headers["content-type"] == "font/woff"
    cmap = TTFont(io.BytesIO(r.content)).getBestCmap()
    names = [j.name for j in contest.judges] + [contest.name]
    wanted = {c for text in names + [html] for c in text if ord(c) > 0x2E80}
    assert wanted and {c for c in wanted if ord(c) not in cmap} == set()
    assert 0x9F98 not in cmap and len(r.content) < 400_000  # a subset (龘 is nowhere), not the whole font
