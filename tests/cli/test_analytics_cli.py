"""`judge-app analyze` JSON contract and table, `judge-app explain` PDF, refusals."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal as D

import pytest

from conftest import DATA

JUDGE_KEYS = {
    "code", "name", "entries", "mean", "spread", "min", "max", "dropped_high", "dropped_low", "spearman", "severity",
    "shared_entries",
}


def with_votes(cli, db):
    status = cli("--db", db, "votes", "import", DATA / "votes_totals_export.csv", "--round", "final", "--component", "online")
    assert status.status == 0, status.err
    return db


def test_analyze_json_contract(cli, example_db):
    with_votes(cli, example_db)
    result = cli("--db", example_db, "analyze", "--round", "final", "--format", "json")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert set(data) == {"round", "outlier_k", "panels", "sensitivity"}
    assert data["round"] == "final" and data["outlier_k"] == 2.0
    assert [p["component"] for p in data["panels"]] == ["expert", "audience"]
    expert = data["panels"][0]
    assert set(expert) == {"component", "name", "aggregate", "max_total", "judges", "agreement", "outliers"}
    assert (expert["name"], expert["aggregate"], expert["max_total"]) == ("专家评分", "trimmed_mean", "100")
    assert [j["code"] for j in expert["judges"]] == ["E01", "E02", "E03", "E04", "E05"]
    for j in expert["judges"]:
        assert set(j) == JUDGE_KEYS
        assert isinstance(j["mean"], float) and isinstance(j["min"], str) and isinstance(j["entries"], int)
        assert j["spearman"] is None or -1 <= j["spearman"] <= 1
    assert sum(j["dropped_high"] for j in expert["judges"]) == 7  # one per entry, seven entries
    assert sum(j["dropped_low"] for j in expert["judges"]) == 7
    agreement = expert["agreement"]
    assert set(agreement) == {"kendall_w", "judges", "entries", "chi_square", "df", "reading"}
    assert 0 <= agreement["kendall_w"] <= 1 and agreement["df"] == agreement["entries"] - 1
    assert agreement["reading"].startswith("W = ")
    for o in expert["outliers"]:
        assert set(o) == {"entry", "judge", "total", "others_mean", "others_spread", "deviation", "dropped"}
        assert abs(o["deviation"]) > 2
    sens = data["sensitivity"]
    assert set(sens) == {"step", "variants", "entries", "boundaries"}
    assert sens["step"] == "0.05" and len(sens["variants"]) == 6
    for v in sens["variants"]:
        assert sum(D(w) for w in v["weights"].values()) == pytest.approx(D(1), abs=D("1e-20"))
    official = json.loads(cli("--db", example_db, "rank", "--round", "final", "--format", "json").out)["entries"]
    assert [(e["code"], e["rank"], e["award"]) for e in sens["entries"]] == [(e["code"], e["rank"], e["award"]) for e in official]
    for e in sens["entries"]:
        assert e["best_rank"] <= e["rank"] <= e["worst_rank"]
        assert e["possible_awards"][0] == e["award"] and e["fragile"] == (len(e["possible_awards"]) > 1)
    assert [(b["upper"], b["lower"]) for b in sens["boundaries"]] == [("一等奖", "二等奖"), ("二等奖", "三等奖"), ("三等奖", "优秀奖")]


def test_analyze_one_component_and_threshold(cli, example_db):
    data = json.loads(cli("--db", example_db, "analyze", "--round", "final", "--component", "audience", "--k", "1", "--format", "json").out)
    assert [p["component"] for p in data["panels"]] == ["audience"]
    assert data["outlier_k"] == 1.0
    loose = json.loads(cli("--db", example_db, "analyze", "--round", "final", "--component", "audience", "--k", "3", "--format", "json").out)
    assert len(loose["panels"][0]["outliers"]) <= len(data["panels"][0]["outliers"])
    assert data["sensitivity"]["entries"] == []  # votes not imported: the round is not ranked yet


def test_analyze_table(cli, example_db):
    with_votes(cli, example_db)
    result = cli("--db", example_db, "analyze", "--round", "final")
    assert result.status == 0, result.err
    for text in ("评分公正性分析", "【专家评分】", "宽严度", "评委一致性: W = ", "【权重敏感性】", "奖项分界 一等奖 / 二等奖"):
        assert text in result.out


@pytest.mark.parametrize(
    "args, message",
    [
        (("--component", "online"), "no such panel component"),
        (("--component", "nope"), "no such panel component"),
        (("--k", "0"), "k must be positive"),
        (("--k", "inf"), "k must be positive"),
        (("--k", "nan"), "k must be positive"),
    ],
)
def test_analyze_refusals(cli, example_db, args, message):
    result = cli("--db", example_db, "analyze", "--round", "final", *args)
    assert result.status == 2 and message in result.err


def test_analyze_unknown_round(cli, example_db):
    result = cli("--db", example_db, "analyze", "--round", "semi")
    assert result.status == 2 and "unknown round" in result.err


pdftotext = shutil.which("pdftotext")


@pytest.mark.skipif(pdftotext is None, reason="poppler-utils (pdftotext) is installed by .ci/run")
def test_explain_pdf(cli, example_db, tmp_path):
    with_votes(cli, example_db)
    out = tmp_path / "all.pdf"
    result = cli("--db", example_db, "explain", "--round", "final", "--out", out)
    assert result.status == 0, result.err
    pages = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 7
    one = tmp_path / "x03.pdf"
    assert cli("--db", example_db, "explain", "--round", "final", "--out", one, "--entry", "x03").status == 0
    text = subprocess.run([pdftotext, "-layout", str(one), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") == 1
    # the worked example of docs/contest-file.md: E01 80, E02 80, E03 86, E04 77, E05 86
    for needle in (
        "计分说明", "X03", "去掉 (最高)", "去掉 (最低)", "80 + 80 + 86 = 246", "246 ÷ 3 × 100 ÷ 100 = 82.00",
        "100 × 1208 ÷ 1208 = 100.00", "0.2 × 100.00 + 0.6 × 82.00 + 0.2 × 85.00 = 86.20", "一等奖",
    ):
        assert needle in text, needle
    fonts = subprocess.run(["pdffonts", str(one)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts and "Helvetica" not in fonts


def test_explain_unknown_entry(cli, example_db, tmp_path):
    result = cli("--db", example_db, "explain", "--round", "final", "--out", tmp_path / "x.pdf", "--entry", "Q99")
    assert result.status == 2 and "no such entry" in result.err
    assert not (tmp_path / "x.pdf").exists()


def test_explain_unwritable_path(cli, example_db, tmp_path):
    result = cli("--db", example_db, "explain", "--round", "final", "--out", tmp_path / "missing" / "x.pdf")
    assert result.status == 2 and "cannot write the PDF" in result.err
