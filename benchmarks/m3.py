"""Accuracy and calibration of the engine on the 645 yearly series of M3.

Runs the real CLI (`khathi forecast` and `khathi check`) once per model on all the train
parts written as one long CSV, then scores the output against the test parts:
sMAPE, MASE, interval coverage, MSIS, and the Brier score and calibration of the target
probabilities. Writes a plain-text report (and prints it). See benchmarks/README.md.

    .venv/bin/python -m benchmarks.m3 [--data PATH] [--models auto naive ...] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import (
    BINS,
    FIRST_YEAR,
    M3_DATA,
    RESULTS,
    ROOT,
    accuracy,
    calibration,
    command,
    engine_state,
    make_targets,
    num,
    version,
)

DEFAULT_OUTPUT = RESULTS / "m3_yearly.txt"
DEFAULT_MODELS = ["auto", "drift"]
BASELINES = ["naive", "theta"]          # always run, whatever --models says
HORIZON = 6
LEVELS = (80, 95)
GROWTHS_PCT = (-10, -5, 0, 3, 6, 10, 20)  # target = last train value * (1 + g)^h
TARGET_HORIZONS = (1, 6)
PUBLISHED_NAIVE2_SMAPE = 17.88           # Makridakis & Hibon (2000), yearly, horizons 1-6
N_SERIES = 645
# The engine before issue 10 (benchmarks/results/m3_yearly.txt of git fc21da6):
# sMAPE, MASE, cov80, cov95, MSIS, Brier, ECE, wall s.
BASELINE = {"auto0": (16.38, 2.852, 86.3, 95.4, 45.84, 0.1200, 0.0335, 19.0)}


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    models = list(dict.fromkeys(args.models + BASELINES))
    data = pd.read_csv(args.data)
    ids = list(pd.unique(data["series_id"]))[: args.limit]
    data = data[data["series_id"].isin(ids)].sort_values(["series_id", "t"])
    train, test = data[data["split"] == "train"], data[data["split"] == "test"]
    scale = train.groupby("series_id")["value"].agg(lambda v: np.mean(np.abs(np.diff(v))))
    targets = make_targets(train, test, GROWTHS_PCT, TARGET_HORIZONS)

    results, load_start, engine_start = {}, os.getloadavg()[0], engine_state()
    with tempfile.TemporaryDirectory(prefix="khathi-m3-") as tmp:
        tmp = Path(tmp)
        train_csv, targets_csv = tmp / "train.csv", tmp / "targets.csv"
        long = pd.DataFrame({"indicator": train["series_id"],
                             "year": FIRST_YEAR + train["t"], "value": train["value"]})
        long.to_csv(train_csv, index=False)
        targets[["indicator", "year", "target"]].to_csv(targets_csv, index=False)
        for model in models:
            print(f"[m3] {model}: forecast ...", file=sys.stderr, flush=True)
            out = tmp / f"forecast_{model}.csv"
            fc_run = run_cli(["forecast", str(train_csv), "--horizon", str(HORIZON), "--level",
                              *map(str, LEVELS), "--model", model, "--output", str(out)])
            forecasts = pd.read_csv(out) if fc_run["ok"] else None
            print(f"[m3] {model}: check ...", file=sys.stderr, flush=True)
            out = tmp / f"check_{model}.csv"
            ck_run = run_cli(["check", str(train_csv), "--targets", str(targets_csv),
                              "--model", model, "--output", str(out)])
            checked = pd.read_csv(out) if ck_run["ok"] else None
            results[model] = {"forecast_run": fc_run, "check_run": ck_run,
                              **accuracy(forecasts, test, scale),
                              **calibration(checked, targets)}

    load = (load_start, os.getloadavg()[0])
    engine = engine_state()
    if engine != engine_start:
        engine = f"{engine_start} at the start; CHANGED during the run to: {engine}"
    report = render(args, models, results, n_series=len(ids), load=load, engine=engine)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=M3_DATA)
    parser.add_argument("--models", nargs="+", default=DEFAULT_MODELS,
                        help="engine models to score (naive and theta are always added)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N series")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser


# --- running the CLI -------------------------------------------------------------------


def cli_prefix() -> list[str]:
    """The `khathi` script of the running interpreter's environment, else `python -m modules`."""
    script = Path(sys.executable).parent / "khathi"
    return [str(script)] if script.exists() else [sys.executable, "-m", "modules"]


def run_cli(arguments: list[str]) -> dict:
    """Run one CLI command; wall time, and the peak RSS of that process alone.

    The peak comes from os.wait4, which returns the rusage of exactly the process waited
    for (getrusage(RUSAGE_CHILDREN) only gives the maximum over every child so far).
    """
    command = cli_prefix() + arguments + ["--lang", "en"]
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        messages = stderr.read().decode("utf-8", "replace").strip().splitlines()
    kib = 1 / 1024 if sys.platform == "darwin" else 1  # ru_maxrss: bytes on macOS, KiB on Linux
    return {"ok": process.returncode == 0, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss * kib / 1024,
            "messages": messages, "returncode": process.returncode}


# --- the report ------------------------------------------------------------------------


def render(args, models, results, n_series: int, load, engine: str) -> str:
    full = n_series == N_SERIES and args.data.resolve() == M3_DATA.resolve()
    versions = ", ".join(f"{name} {version(name)}" for name in
                         ("khathi", "statsmodels", "pandas", "numpy", "scipy"))
    lines = [
        "Khả thi — M3 yearly benchmark (accuracy and calibration)",
        f"date     {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine  {platform.platform()}, nproc {os.cpu_count()}, Python "
        f"{platform.python_version()}; {versions}",
        f"command  {command()}",
        f"engine   {engine}",
        f"data     {args.data} ({n_series} series, horizon {HORIZON}, train years "
        f"{FIRST_YEAR}+t)",
        f"CLI      {' '.join(cli_prefix())} forecast TRAIN --horizon {HORIZON} --level 80 95 "
        f"--model NAME --output F; ... check TRAIN --targets T --model NAME --output F",
        "timing   wall clock and CPU time (user+sys) of the `forecast` run; peak = max RSS "
        "of that process (os.wait4 rusage)",
        "load     1-min load average %.1f at the start, %.1f at the end (wall times "
        "inflate when it exceeds nproc)" % load,
        "",
    ]
    header = (f"{'model':<8}{'sMAPE':>8}{'MASE':>7}{'cov80':>7}{'cov95':>7}{'MSIS':>8}"
              f"{'Brier':>8}{'ECE':>7}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}")
    lines += [header, "-" * len(header)]
    for name, values in BASELINE.items():  # the engine of fc21da6, same data
        lines.append(f"{name:<8}" + "".join(num(v, w, d) for v, w, d in zip(
            values, (8, 7, 7, 7, 8, 8, 7, 8), (2, 3, 1, 1, 2, 4, 4, 1))) + "  (baseline)")
    for model in models:
        r = results[model]
        lines.append(f"{model:<8}{num(r.get('smape'), 8, 2)}{num(r.get('mase'), 7, 3)}"
                     f"{num(r.get('cov80'), 7, 1)}{num(r.get('cov95'), 7, 1)}"
                     f"{num(r.get('msis'), 8, 2)}{num(r.get('brier'), 8, 4)}"
                     f"{num(r.get('ece'), 7, 4)}{num(r['forecast_run']['wall'], 8, 1)}"
                     f"{num(r['forecast_run']['cpu'], 8, 1)}"
                     f"{num(r['forecast_run']['peak_mb'], 9, 0)}")
    lines.append("")
    lines.append("auto0: the first engine (git fc21da6, run of 2026-11-27), kept as the "
                 "baseline; theta is statsmodels' ThetaModel, naive the last value, same run.")
    lines.append("Design: every choice of auto (members, how many kept, spread constants) was made "
                 "on the training parts only (benchmarks/m3_design.py, last 6 training points "
                 "held out);")
    lines.append("the test parts were scored once for the committed design.")
    lines.append("sMAPE, MASE, MSIS: means over all series and horizons 1-6; cov: % of test "
                 "values inside the 80% / 95% intervals;")
    lines.append(f"Brier, ECE: over {len(TARGET_HORIZONS) * len(GROWTHS_PCT)} targets a series "
                 f"(g in {list(GROWTHS_PCT)}%, h in {list(TARGET_HORIZONS)}), outcome = test "
                 "value >= target.")
    lines.append("check runs (wall s / cpu s / peak MB): " + ", ".join(
        f"{m} {results[m]['check_run']['wall']:.1f}/{results[m]['check_run']['cpu']:.1f}/"
        f"{results[m]['check_run']['peak_mb']:.0f}"
        for m in models))
    for model in models:  # anything the CLI said on stderr, or series it could not project
        r = results[model]
        for kind in ("forecast_run", "check_run"):
            run = r[kind]
            if not run["ok"] or run["messages"]:
                lines.append(f"NOTE {model} {kind.split('_')[0]}: exit {run['returncode']}, "
                             f"{len(run['messages'])} stderr lines, first: "
                             f"{run['messages'][0] if run['messages'] else ''}")
        if r.get("n_forecast", 0) != n_series:
            lines.append(f"NOTE {model}: forecasts for {r.get('n_forecast', 0)} of {n_series} "
                         "series; its scores cover those only")

    for name, key, digits in (("sMAPE", "smape_h", 2), ("MASE", "mase_h", 3)):
        lines += ["", f"{name} by horizon",
                  f"{'model':<8}" + "".join(f"{'h' + str(h):>8}" for h in range(1, HORIZON + 1))]
        for model in models:
            values = results[model].get(key)
            lines.append(f"{model:<8}" + "".join(
                num(values.get(h) if values is not None else None, 8, digits)
                for h in range(1, HORIZON + 1)))

    if "auto" in results and "reliability" in results["auto"]:
        table = results["auto"]["reliability"]
        lines += ["", "Reliability of P(reaching the target), model auto",
                  f"{'bin':<12}{'n':>6}{'mean p':>9}{'observed':>10}"]
        for row in table.itertuples():
            label = f"{row.bin / BINS:.1f}-{(row.bin + 1) / BINS:.1f}"
            lines.append(f"{label:<12}{row.n:>6}{row.mean_p:>9.3f}{row.observed:>10.3f}")

    lines += ["", "Sanity: naive sMAPE %s vs the published Naive2 %.2f: %s" % (
        num(results["naive"].get("smape"), 0, 2).strip(), PUBLISHED_NAIVE2_SMAPE,
        ("reproduced" if round(results["naive"].get("smape", -1), 2) == PUBLISHED_NAIVE2_SMAPE
         else "NOT reproduced") if full else "only comparable on all 645 series")]
    if "auto" in results:
        lines += ["", "Goals (engine issue), model auto"] + goals(results["auto"], full)
    return "\n".join(lines) + "\n"


def goals(r: dict, full: bool) -> list[str]:
    checks = [
        ("sMAPE <= 15.7", r.get("smape"), lambda v: v <= 15.7, "%.2f"),
        ("MASE <= 2.62", r.get("mase"), lambda v: v <= 2.62, "%.3f"),
        ("test 95% coverage 92-97.5%", r.get("cov95"), lambda v: 92 <= v <= 97.5, "%.1f%%"),
        ("test ECE <= 0.035", r.get("ece"), lambda v: v <= 0.035, "%.4f"),
        ("wall <= 30 s, all 645 series", r["forecast_run"]["wall"] if full else None,
         lambda v: v <= 30, "%.1f s"),
        ("peak <= 2 GB", r["forecast_run"]["peak_mb"], lambda v: v <= 2048, "%.0f MB"),
    ]
    lines = []
    for name, value, ok, fmt in checks:
        if value is None:
            lines.append(f"  {name:<32}{'':>10}  not judged (not a full run)")
        else:
            lines.append(f"  {name:<32}{fmt % value:>10}  {'met' if ok(value) else 'MISSED'}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
