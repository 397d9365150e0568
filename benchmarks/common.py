"""What the benchmarks share: where the data are, the scores, the report's header lines.

Scores (m3.py, provinces.py, m3_design.py), on the long layout of m3.py (series_id, t,
value; test rows also n_train, the train part's last t):
- sMAPE, competition definition: 200·|y−f| / (|y|+|f|), in %;
- MASE: |y−f| / the mean absolute first difference of the series' train part;
- coverage: % of test values inside the 80% / 95% intervals;
- MSIS (Gneiting & Raftery's interval score at 95%, scaled like MASE);
- Brier: mean (p − outcome)²; ECE: Σ over 10 equal-width bins of p of
  (n_bin / N)·|mean p − observed frequency|.
The app servers and the browser are tests/harness.py's (shared with the e2e tests).
"""

from __future__ import annotations

import hashlib
import os
import platform
import shlex
import subprocess
import sys
import time
import tomllib
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
# ../shared beside the checkout (/work/main -> /work/shared) or beside a worktree's parent
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared")
               if p.exists()), ROOT.parent / "shared")
M3_DATA = SHARED / "benchmarks" / "m3_yearly.csv"
FIRST_YEAR = 2000   # M3's t as a year: FIRST_YEAR + t
BINS = 10


# --- the run ---------------------------------------------------------------------------


def log(message: str) -> None:
    """A progress line on stderr, with the time."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def engine_state() -> str:
    """The commit of the code, and whether modules/ or streamlit_app.py differ from it (an
    editable install: every process imports the working tree as it is when it starts)."""
    def git(*arguments):
        done = subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True,
                              text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return "not a git checkout"
    changed = git("status", "--porcelain", "--", "modules", "streamlit_app.py")
    if not changed:
        return f"git {commit}, modules/ as committed"
    digest = hashlib.sha1(((git("diff", "HEAD", "--", "modules", "streamlit_app.py") or "")
                           + changed).encode())
    return (f"git {commit} + uncommitted changes to {len(changed.splitlines())} files in "
            f"modules/ (diff sha1 {digest.hexdigest()[:8]})")


def machine() -> str:
    """Host, platform, cores and Python, for a report's header."""
    return (f"{platform.node()}, {platform.platform()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}")


def command() -> str:
    """The command line of this run, as typed (`python -m benchmarks.NAME ...`)."""
    name = sys.modules["__main__"].__spec__
    script = ["-m", name.name] if name is not None else [sys.argv[0]]
    return " ".join(shlex.quote(a) for a in [Path(sys.executable).name, *script, *sys.argv[1:]])


def version(name: str) -> str:
    """The installed version of distribution `name`, or "?"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def locale(lang: str) -> dict:
    """The product's locale file `modules/text/locales/<lang>.toml`, as nested tables."""
    with open(ROOT / "modules/text/locales" / f"{lang}.toml", "rb") as handle:
        return tomllib.load(handle)


def write(path: Path, lines: list[str]) -> str:
    """Write the report `lines` to `path` (folders made); the text written."""
    text = "\n".join(lines).rstrip("\n") + "\n"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def num(value, width: int, digits: int) -> str:
    """`value` right-aligned in `width` with `digits` decimals; "-" for None or NaN."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return f"{'-':>{width}}"
    return f"{value:>{width}.{digits}f}"


# --- scores ----------------------------------------------------------------------------


def make_targets(train: pd.DataFrame, test: pd.DataFrame, growths, horizons,
                 rate_base: float | None = None) -> pd.DataFrame:
    """One target per series, growth g (%) and horizon h, with the outcome it had: the last
    train value grown by g% a year for h years, or, for a series of growth rates given as
    an index (`rate_base`, e.g. 100 for previous year = 100), rate_base + g. Horizons
    beyond a series' test part are skipped. Columns indicator, year, target, growth_pct, h,
    outcome (1.0 when the test value is ≥ the target)."""
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
    """sMAPE, MASE, coverage and MSIS of `forecasts` (indicator, year, point, lower_80,
    upper_80, lower_95, upper_95) on the test rows; `scale` is MASE's denominator by
    series_id. Means over every (series, horizon) pair forecast, also by horizon."""
    if forecasts is None:
        return {"n_forecast": 0}
    actual = pd.DataFrame({"indicator": test["series_id"], "year": FIRST_YEAR + test["t"],
                           "y": test["value"], "h": test["t"] - test["n_train"]})
    df = actual.merge(forecasts, on=["indicator", "year"], how="inner")
    y, point = df["y"].to_numpy(), df["point"].to_numpy()
    q = scale.loc[df["indicator"]].to_numpy()
    lo, hi = df["lower_95"].to_numpy(), df["upper_95"].to_numpy()
    alpha = 1 - 95 / 100
    interval_score = (hi - lo) + 2 / alpha * ((lo - y) * (y < lo) + (y - hi) * (y > hi))
    df = df.assign(smape=200 * np.abs(y - point) / (np.abs(y) + np.abs(point)),
                   mase=np.abs(y - point) / q, msis=interval_score / q,
                   in80=(df["lower_80"] <= y) & (y <= df["upper_80"]),
                   in95=(lo <= y) & (y <= hi))
    by_h = df.groupby("h")
    return {"n_forecast": df["indicator"].nunique(), "smape": df["smape"].mean(),
            "mase": df["mase"].mean(), "cov80": 100 * df["in80"].mean(),
            "cov95": 100 * df["in95"].mean(), "msis": df["msis"].mean(),
            "smape_h": by_h["smape"].mean(), "mase_h": by_h["mase"].mean()}


def calibration(checked: pd.DataFrame | None, targets: pd.DataFrame) -> dict:
    """Brier, ECE and the reliability table of `checked` (one row per target row, in order,
    with `probability`) against the targets' outcomes."""
    if checked is None:
        return {}
    # `check` returns one row per target row, in order; make sure it did.
    assert (checked["indicator"].to_numpy() == targets["indicator"].to_numpy()).all()
    assert (checked["year"].to_numpy() == targets["year"].to_numpy()).all()
    p, outcome = checked["probability"].to_numpy(), targets["outcome"].to_numpy()
    table = reliability(p, outcome)
    return {"brier": float(np.mean((p - outcome) ** 2)), "ece": ece(p, outcome),
            "reliability": table}


def reliability(p: np.ndarray, outcome: np.ndarray) -> pd.DataFrame:
    """Equal-width bins [0, 0.1), ..., [0.9, 1.0]: count, mean p, observed frequency."""
    bins = np.minimum((p * BINS).astype(int), BINS - 1)
    frame = pd.DataFrame({"bin": bins, "p": p, "outcome": outcome})
    table = frame.groupby("bin").agg(n=("p", "size"), mean_p=("p", "mean"),
                                     observed=("outcome", "mean"))
    return table.reset_index()


def ece(p: np.ndarray, outcome: np.ndarray) -> float:
    """Expected calibration error over `reliability`'s bins: Σ (n_bin / N)·|mean p − observed
    frequency|, that is Σ |Σ p − Σ outcome| / N bin by bin."""
    bins = np.minimum((p * BINS).astype(int), BINS - 1)
    gap = np.bincount(bins, weights=p, minlength=BINS) - \
        np.bincount(bins, weights=outcome, minlength=BINS)
    return float(np.abs(gap).sum() / len(p))
