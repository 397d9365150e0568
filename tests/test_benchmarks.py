"""Every benchmark runs: each one's main path on a tiny input, as `python -m benchmarks.NAME`,
and its report has the rows and columns it promises, with finite numbers. Never timings: how
fast is the benchmarks' business (benchmarks/results/), not the tests'.

The browser ones (app servers, Chromium) are also marked e2e; concurrency_pages needs Debian's
PostgreSQL; m3, m3_design and the M3 part of provinces read ../shared/benchmarks/m3_yearly.csv.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from benchmarks import common
from tests.data.databases import postgres_binaries
from tests.harness import ROOT, chromium_missing

# script -> its tiny run (the output file is added)
SMOKE = {
    "m3": ["--limit", "3", "--models", "auto"],
    "m3_design": ["--limit", "20"],
    "provinces": ["--sample", "63"],
    "record": ["--models", "naive", "drift"],
    "concurrency_storage": ["--engine", "sqlite", "--workers", "2", "--actions", "10",
                            "--rows", "1000"],
    "app_timing": ["--cold", "1", "--warm", "1", "--edits", "1", "--switches", "1",
                   "--no-profile"],
    "concurrency_app": ["--sessions", "1"],
    "concurrency_pages": ["--sessions", "2", "--actions", "2"],
    "memory_sessions": ["--phases", "A", "--cycles", "1", "--sessions", "1", "--ttl", "1",
                        "--rest", "1"],
}


def run(name: str, tmp_path) -> str:
    """`python -m benchmarks.NAME` with its tiny arguments; the report it wrote."""
    output = tmp_path / f"{name}.txt"
    done = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *SMOKE[name],
                           "--output", str(output)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"benchmarks.{name} exited {done.returncode}:\n" \
                                 f"{done.stderr[-3000:]}"
    return output.read_text(encoding="utf-8")


def numbers(line: str) -> list[float]:
    """The numbers after the first word of a table row (`-` is a missing value: NaN)."""
    return [math.nan if x == "-" else float(x) for x in line.split()[1:]]


def row(report: str, start: str) -> str:
    """The first line of `report` that starts with `start` (after spaces)."""
    found = [line for line in report.splitlines() if line.strip().startswith(start)]
    assert found, f"no line starting {start!r} in:\n{report}"
    return found[0]


def need_m3() -> None:
    if not common.M3_DATA.exists():
        pytest.skip(f"{common.M3_DATA} not found (the M3 data stay outside the repository)")


def need_browser() -> None:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)


def test_every_benchmark_has_a_smoke_run():
    scripts = {p.stem for p in (ROOT / "benchmarks").glob("*.py")} - {
        "__init__", "common", "bare_app"}
    assert scripts == set(SMOKE)


# --- the scores, by hand ---------------------------------------------------------------


def test_scores_by_hand():
    train = pd.DataFrame({"series_id": "a", "t": [1, 2, 3], "value": [100.0, 110.0, 100.0]})
    test = pd.DataFrame({"series_id": "a", "t": [4, 5], "value": [110.0, 90.0],
                         "n_train": 3})
    forecasts = pd.DataFrame({"indicator": "a", "year": [2004, 2005], "point": [100.0, 100.0],
                              "lower_80": [95.0, 95.0], "upper_80": [105.0, 105.0],
                              "lower_95": [90.0, 92.0], "upper_95": [110.0, 108.0]})
    scale = pd.Series({"a": 10.0})  # mean |first difference| of the train part
    scores = common.accuracy(forecasts, test, scale)
    assert scores["smape"] == pytest.approx((200 * 10 / 210 + 200 * 10 / 190) / 2)
    assert scores["mase"] == pytest.approx(1.0)
    assert scores["cov80"] == 0 and scores["cov95"] == 50
    # 95% interval score: width 20, then width 16 + (2 / 0.05) * 2 below the lower bound
    assert scores["msis"] == pytest.approx((20 + 16 + 40 * 2) / 2 / 10)

    targets = common.make_targets(train, test, growths=(0, 20), horizons=(1,))
    assert list(targets["target"]) == pytest.approx([100.0, 120.0])
    assert list(targets["outcome"]) == [1.0, 0.0]  # 110 >= 100, 110 < 120

    p, outcome = np.array([0.05, 0.15, 0.12, 0.95]), np.array([0.0, 1.0, 0.0, 1.0])
    # bins: [0, 0.1) one 0.05 vs 0; [0.1, 0.2) mean 0.135 vs 0.5 (two); [0.9, 1] 0.95 vs 1
    assert common.ece(p, outcome) == pytest.approx((0.05 + 2 * 0.365 + 0.05) / 4)
    calibrated = common.calibration(targets.assign(probability=[0.7, 0.2]), targets)
    assert calibrated["brier"] == pytest.approx((0.3 ** 2 + 0.2 ** 2) / 2)


# --- the benchmarks, tiny --------------------------------------------------------------


@pytest.mark.slow
def test_m3(tmp_path):
    need_m3()
    report = run("m3", tmp_path)
    header = row(report, "model ")
    assert header.split() == ["model", "sMAPE", "MASE", "cov80", "cov95", "MSIS", "Brier",
                              "ECE", "wall", "s", "cpu", "s", "peak", "MB"]
    for model in ("auto", "naive", "theta"):
        values = numbers(row(report, model + " "))
        assert len(values) == 10 and all(math.isfinite(v) for v in values), model
        smape, _, cov80, cov95 = values[:4]
        assert 0 < smape < 200 and 0 <= cov80 <= cov95 <= 100
    assert "forecasts for" not in report  # every series projected
    reliability = report.split("Reliability of P(reaching the target), model auto")[1]
    bins = re.findall(r"^(\d\.\d-\d\.\d)\s+(\d+)\s", reliability, re.M)
    assert sum(int(n) for _, n in bins) == 3 * 14  # 14 targets a series
    assert "only comparable on all 645 series" in report


@pytest.mark.slow
def test_m3_design(tmp_path):
    need_m3()
    report = run("m3_design", tmp_path)
    point = re.search(r"keep \d: sMAPE ([\d.]+) MASE ([\d.]+) \((\d+) series", report)
    assert point and int(point.group(3)) == 20 and 0 < float(point.group(1)) < 200
    out_of_fold = re.search(r"out of fold, both halves: cov80 ([\d.]+) cov95 ([\d.]+) ECE "
                            r"([\d.]+)", report)
    cov80, cov95, ece = map(float, out_of_fold.groups())
    assert 0 <= cov80 <= cov95 <= 100 and 0 <= ece <= 1


@pytest.mark.slow
def test_provinces(tmp_path):
    need_m3()
    report = run("provinces", tmp_path)
    retail = report.split("Retail sales, ")[1].split("Industrial production index")[0]
    assert int(retail.split(" tasks")[0]) > 0
    models = [line.split()[0] for line in retail.split("\n\n")[0].splitlines()[3:]]
    peers = ["naive", "drift+", "ets", "theta", "arima", "sf_mean"]
    installed = "not installed" not in row(report, "machine")
    assert models[:2] == ["auto", "auto+panel"] and models[2:] == (peers if installed else [])
    for model in models:
        values = numbers(row(retail, model + " "))
        assert len(values) == 8 and all(math.isfinite(v) for v in values[:4]), model
    official = re.search(r"Official national targets as of January \((\d+) targets.*Brier "
                         r"([\d.]+)", report)
    assert official and int(official.group(1)) > 0 and 0 <= float(official.group(2)) <= 1
    for cut in (6, 4):
        block = report.split(f"M3 yearly cut to the last {cut} training values")[1]
        assert all(math.isfinite(v) for v in numbers(row(block, "auto "))[:7])


@pytest.mark.slow
def test_record(tmp_path):
    report = run("record", tmp_path)
    for model in ("naive", "drift"):
        line = row(report, model + " ")
        n, met, brier, coin, base = (float(x) for x in line.split()[1:6])
        assert 0 < n and 0 <= met <= n and 0 <= brier <= 1 and coin == 0.25 and 0 <= base <= 1
        classes = re.findall(r"(\d+)/(\d+)", line)
        assert len(classes) == 5 and sum(int(b) for _, b in classes) == n
        assert sum(int(a) for a, _ in classes) == met


@pytest.mark.slow
def test_concurrency_storage(tmp_path):
    report = run("concurrency_storage", tmp_path)
    assert "## sqlite: 2 processes x 10 actions" in report
    assert int(row(report, "attempted").split()[1]) >= 20
    assert int(row(report, "applied").split()[1]) > 0
    assert row(report, "lost").split()[1] == "0"
    assert row(report, "wrongly applied").split()[2] == "0"
    listing = re.search(r"of 1,000 rows: metadata only ([\d.]+) ms; reading every payload "
                        r"([\d.]+) ms", report)
    assert listing and all(math.isfinite(float(x)) for x in listing.groups())


@pytest.mark.e2e
@pytest.mark.slow
def test_app_timing(tmp_path):
    need_browser()
    report = run("app_timing", tmp_path)
    table = report.split("## The table")[1]
    medians = re.findall(r"^  (product|floor)\s+([\d.]+) s median \(.*n=1\)", table, re.M)
    # cold from navigation, cold from launch, warm, edit: product then floor
    assert [who for who, _ in medians] == ["product", "floor"] * 4
    assert all(math.isfinite(float(t)) for _, t in medians)
    assert len(re.findall(r"^  ratio \d+\.\d\d", table, re.M)) == 4
    assert re.search(r"model → drift\s+[\d.]+ s \(settled\s+[\d.]+ s\)", table)
    assert re.search(r"server memory after this session: \d+ MB RSS", table)
    assert "## Profile" not in report


@pytest.mark.e2e
@pytest.mark.slow
def test_concurrency_app(tmp_path):
    need_browser()
    report = run("concurrency_app", tmp_path)
    waves = re.findall(r"^(cold|warm) server: time to verdicts per session ([\d.]+) s median",
                       report, re.M)
    assert [w for w, _ in waves] == ["cold", "warm", "cold", "warm"]  # browser, websockets
    assert all(math.isfinite(float(t)) for _, t in waves)
    assert len(re.findall(r"floor \(bare app, 1 sessions at once", report)) == 4
    rss = re.search(r"server RSS: (\d+) MB when healthy, peak (\d+) MB", report)
    assert rss and 0 < int(rss.group(1)) <= int(rss.group(2))


@pytest.mark.e2e
@pytest.mark.slow
def test_concurrency_pages(tmp_path):
    need_browser()
    if postgres_binaries() is None:
        pytest.skip("PostgreSQL is not installed (Debian package postgresql)")
    report = run("concurrency_pages", tmp_path)
    assert int(row(report, "attempted").split()[1]) >= 4
    assert int(row(report, "applied").split()[1]) > 0  # the harness still finds the page's parts
    assert row(report, "lost").split()[1] == "0"
    assert row(report, "wrongly applied").split()[2] == "0"
    assert row(report, "tracebacks shown").split()[2] == "0"
    assert re.search(r"one success message hidden → 1 wrongly applied; one database change "
                     r"hidden → 1 lost", report)


@pytest.mark.e2e
@pytest.mark.slow
def test_memory_sessions(tmp_path):
    need_browser()
    report = run("memory_sessions", tmp_path)
    phase = report.split("## Phase A")[1].split("\n## ")[0]
    assert "upload sessions: 1," in phase
    samples = [line for line in phase.splitlines() if re.match(r"\s+(healthy|baseline|cycle|1 s)",
                                                                line)]
    assert len(samples) == 5
    for line in samples:
        rss = re.search(r"\s(\d+\.\d) +[-+]\d+\.\d +\d+\.\d\d MB", line)
        assert rss and float(rss.group(1)) > 0, line
    assert "## The reader alone" in report and "## Conclusion" in report
    assert re.search(r"reader\.\w+\s+functools.lru_cache\s+max \d+ entries", report)
