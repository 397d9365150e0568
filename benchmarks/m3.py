"""Accuracy and calibration of the engine on the 645 yearly series of M3.

Runs the real CLI (`khathi forecast` and `khathi check`) once per model on all the train
parts written as one long CSV, then scores the output against the test parts:
sMAPE, MASE, interval coverage, MSIS, and the Brier score and calibration of the target
probabilities. Writes a plain-text report (and prints it). See benchmarks/README.md.

    .venv/bin/python benchmarks/m3.py [--data PATH] [--models auto naive ...] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
# beside the checkout (/work/main -> /work/shared) or beside a worktree's parent
DEFAULT_DATA = next((p for p in (ROOT.parent / "shared" / "benchmarks" / "m3_yearly.csv",
                                 ROOT.parent.parent / "shared" / "benchmarks" / "m3_yearly.csv")
                     if p.exists()), ROOT.parent / "shared" / "benchmarks" / "m3_yearly.csv")
DEFAULT_OUTPUT = ROOT / "benchmarks" / "results" / "m3_yearly.txt"
DEFAULT_MODELS = ["auto", "drift"]
BASELINES = ["naive", "theta"]          # always run, whatever --models says
HORIZON = 6
LEVELS = (80, 95)
FIRST_YEAR = 2000                        # year = FIRST_YEAR + t
GROWTHS_PCT = (-10, -5, 0, 3, 6, 10, 20)  # target = last train value * (1 + g)^h
TARGET_HORIZONS = (1, 6)
BINS = 10
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
    targets = make_targets(train, test)

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
    report = render(args, argv, models, results, n_series=len(ids), load=load, engine=engine)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
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


def engine_state() -> str:
    """The commit of the engine, and whether modules/ differs from it (editable install:
    every CLI run imports the working tree as it is when the run starts)."""
    def git(*arguments):
        done = subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True,
                              text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return "not a git checkout"
    changed = git("status", "--porcelain", "--", "modules")
    if not changed:
        return f"git {commit}, modules/ as committed"
    digest = hashlib.sha1(((git("diff", "HEAD", "--", "modules") or "") + changed).encode())
    return (f"git {commit} + uncommitted changes to {len(changed.splitlines())} files in "
            f"modules/ (diff sha1 {digest.hexdigest()[:8]})")


# --- scoring ---------------------------------------------------------------------------


def make_targets(train: pd.DataFrame, test: pd.DataFrame, growths=GROWTHS_PCT,
                 horizons=TARGET_HORIZONS, rate_base: float | None = None) -> pd.DataFrame:
    """One target per series, growth g and horizon h, with the outcome it had: the last
    train value grown by g% a year for h years, or, for a series of growth rates given as
    an index (`rate_base`, e.g. 100 for previous year = 100), rate_base + g. Horizons
    beyond a series' test part are skipped."""
    last = train.groupby("series_id").agg(t=("t", "max"), value=("value", "last"))
    actual = test.set_index(["series_id", "t"])["value"]
    rows = []
    for series_id, row in last.iterrows():
        for h in horizons:
            if (series_id, row["t"] + h) not in actual.index:
                continue
            for g in growths:
                target = rate_base + g if rate_base is not None else \
                    row["value"] * (1 + g / 100) ** h
                rows.append({"indicator": series_id, "year": FIRST_YEAR + row["t"] + h,
                             "target": target, "growth_pct": g, "h": h,
                             "outcome": float(actual[(series_id, row["t"] + h)] >= target)})
    return pd.DataFrame(rows)


def accuracy(forecasts: pd.DataFrame | None, test: pd.DataFrame, scale: pd.Series) -> dict:
    if forecasts is None:
        return {"n_forecast": 0}
    actual = pd.DataFrame({"indicator": test["series_id"], "year": FIRST_YEAR + test["t"],
                           "y": test["value"], "h": test["t"] - test["n_train"]})
    df = actual.merge(forecasts, on=["indicator", "year"], how="inner")
    y, f = df["y"].to_numpy(), df["point"].to_numpy()
    q = scale.loc[df["indicator"]].to_numpy()
    lo, hi = df["lower_95"].to_numpy(), df["upper_95"].to_numpy()
    alpha = 1 - 95 / 100
    interval_score = (hi - lo) + 2 / alpha * ((lo - y) * (y < lo) + (y - hi) * (y > hi))
    df = df.assign(smape=200 * np.abs(y - f) / (np.abs(y) + np.abs(f)),
                   mase=np.abs(y - f) / q, msis=interval_score / q,
                   in80=(df["lower_80"] <= y) & (y <= df["upper_80"]),
                   in95=(lo <= y) & (y <= hi))
    by_h = df.groupby("h")
    return {"n_forecast": df["indicator"].nunique(), "smape": df["smape"].mean(),
            "mase": df["mase"].mean(), "cov80": 100 * df["in80"].mean(),
            "cov95": 100 * df["in95"].mean(), "msis": df["msis"].mean(),
            "smape_h": by_h["smape"].mean(), "mase_h": by_h["mase"].mean()}


def calibration(checked: pd.DataFrame | None, targets: pd.DataFrame) -> dict:
    if checked is None:
        return {}
    # `check` returns one row per target row, in order; make sure it did.
    assert (checked["indicator"].to_numpy() == targets["indicator"].to_numpy()).all()
    assert (checked["year"].to_numpy() == targets["year"].to_numpy()).all()
    p, outcome = checked["probability"].to_numpy(), targets["outcome"].to_numpy()
    table = reliability(p, outcome)
    ece = float((table["n"] / len(p) * (table["mean_p"] - table["observed"]).abs()).sum())
    return {"brier": float(np.mean((p - outcome) ** 2)), "ece": ece, "reliability": table}


def reliability(p: np.ndarray, outcome: np.ndarray) -> pd.DataFrame:
    """Equal-width bins [0, 0.1), ..., [0.9, 1.0]: count, mean p, observed frequency."""
    bins = np.minimum((p * BINS).astype(int), BINS - 1)
    frame = pd.DataFrame({"bin": bins, "p": p, "outcome": outcome})
    table = frame.groupby("bin").agg(n=("p", "size"), mean_p=("p", "mean"),
                                     observed=("outcome", "mean"))
    return table.reset_index()


# --- the report ------------------------------------------------------------------------


def render(args, argv, models, results, n_series: int, load, engine: str) -> str:
    full = n_series == N_SERIES and args.data.resolve() == DEFAULT_DATA.resolve()
    command = " ".join(shlex.quote(a) for a in
                       [Path(sys.executable).name, "benchmarks/m3.py",
                        *(sys.argv[1:] if argv is None else argv)])
    versions = ", ".join(f"{name} {_version(name)}" for name in
                         ("khathi", "statsmodels", "pandas", "numpy", "scipy"))
    lines = [
        "Khả thi — M3 yearly benchmark (accuracy and calibration)",
        f"date     {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine  {platform.platform()}, nproc {os.cpu_count()}, Python "
        f"{platform.python_version()}; {versions}",
        f"command  {command}",
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
    for name, values in BASELINE.items():  # the engine before issue 10, same data
        lines.append(f"{name:<8}" + "".join(_f(v, w, d) for v, w, d in zip(
            values, (8, 7, 7, 7, 8, 8, 7, 8), (2, 3, 1, 1, 2, 4, 4, 1))) + "  (baseline)")
    for model in models:
        r = results[model]
        lines.append(f"{model:<8}{_f(r.get('smape'), 8, 2)}{_f(r.get('mase'), 7, 3)}"
                     f"{_f(r.get('cov80'), 7, 1)}{_f(r.get('cov95'), 7, 1)}"
                     f"{_f(r.get('msis'), 8, 2)}{_f(r.get('brier'), 8, 4)}"
                     f"{_f(r.get('ece'), 7, 4)}{_f(r['forecast_run']['wall'], 8, 1)}"
                     f"{_f(r['forecast_run']['cpu'], 8, 1)}"
                     f"{_f(r['forecast_run']['peak_mb'], 9, 0)}")
    lines.append("")
    lines.append("auto0: the engine before issue 10 (git fc21da6, run of 2026-11-27), kept as the "
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
                _f(values.get(h) if values is not None else None, 8, digits)
                for h in range(1, HORIZON + 1)))

    if "auto" in results and "reliability" in results["auto"]:
        table = results["auto"]["reliability"]
        lines += ["", "Reliability of P(reaching the target), model auto",
                  f"{'bin':<12}{'n':>6}{'mean p':>9}{'observed':>10}"]
        for row in table.itertuples():
            label = f"{row.bin / BINS:.1f}-{(row.bin + 1) / BINS:.1f}"
            lines.append(f"{label:<12}{row.n:>6}{row.mean_p:>9.3f}{row.observed:>10.3f}")

    lines += ["", "Sanity: naive sMAPE %s vs the published Naive2 %.2f: %s" % (
        _f(results["naive"].get("smape"), 0, 2).strip(), PUBLISHED_NAIVE2_SMAPE,
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


def _f(value, width: int, digits: int) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"{'-':>{width}}"
    return f"{value:>{width}.{digits}f}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
