"""Design choices of `auto`, made on the M3 yearly *training parts only*.

The last 6 points of every training part are held out ("design split"); auto is fitted
on the rest. Point accuracy (sMAPE, MASE) is measured there for member pools and the
number of members kept; the spread constants (SPREAD_POWER, INFLATION, PRIOR_WEIGHT of
engine/auto.py) are chosen out of fold: set on one half of the series (odd ids), measured
on the other (even ids), and back. The test parts are never read.

    .venv/bin/python -m benchmarks.m3_design [--data PATH] [--keep 3 4] [--limit N]
        [--output FILE]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from benchmarks.common import M3_DATA, ece, write
from benchmarks.m3 import GROWTHS_PCT, TARGET_HORIZONS
from modules.data.series import YearlySeries
from modules.engine import auto

HOLD = 6
Z80, Z95 = stats.norm.ppf(0.9), stats.norm.ppf(0.975)
POWERS = (0.6, 0.7, 0.75, 0.8, 0.9, 1.0)
INFLATIONS = tuple(float(x) for x in np.round(np.arange(0.9, 1.51, 0.05), 2))
PRIOR_WEIGHTS = (0.0, 3.0, 6.0, 12.0)


def designs(data: pd.DataFrame) -> list[dict]:
    """auto.design on every series' training part minus its last HOLD points."""
    out = []
    train = data[data["split"] == "train"].sort_values(["series_id", "t"])
    for series_id, rows in train.groupby("series_id", sort=False):
        values = rows["value"].to_numpy(float)
        fit_part, held = values[:-HOLD], values[-HOLD:]
        series = YearlySeries(series_id, 2000 + np.arange(1, len(fit_part) + 1), fit_part)
        designed = auto.design(series)
        if designed is None:
            continue
        chosen, _, loc, h, errors, prior, n_origins = designed
        out.append({"id": series_id, "chosen": chosen, "loc": loc[:HOLD], "h": h,
                    "errors": errors, "prior": prior, "n_origins": n_origins,
                    "actual": held, "last": fit_part[-1],
                    "mase_scale": np.mean(np.abs(np.diff(fit_part)))})
    return out


def point_scores(rows: list[dict]) -> tuple[float, float]:
    """(sMAPE, MASE) of the points on the held-out points."""
    smape, mase = [], []
    for r in rows:
        f, y = np.exp(r["loc"]), r["actual"]
        smape.append(200 * np.abs(y - f) / (np.abs(y) + np.abs(f)))
        mase.append(np.abs(y - f) / r["mase_scale"])
    return float(np.mean(smape)), float(np.mean(mase))


def spread_scores(rows: list[dict], power, inflation, prior_weight) -> dict:
    """Coverage of the 80%/95% intervals and ECE of P(Y >= target) on the held-out points
    (the formula of auto.spread_from_errors, vectorised over the series)."""
    key = ("sums", power)
    in80, in95, p_all, o_all = [], [], [], []
    for r in rows:
        if key not in r:
            ok = np.isfinite(r["errors"])
            r[key] = (float(np.sum(r["errors"][ok] ** 2 / r["h"][ok] ** (2 * power))),
                      int(ok.sum()))
        total, n = r[key]
        if np.isfinite(r["prior"]) and r["prior"] > 0:
            total, n = total + prior_weight * r["prior"] ** 2, n + prior_weight
        dof = max(auto.MIN_DOF, r["n_origins"])
        scale = inflation * auto.t_factor(dof) * np.sqrt(total / n) * \
            np.arange(1, HOLD + 1) ** power
        zy = (np.log(r["actual"]) - r["loc"]) / scale
        in80.append(np.abs(zy) <= Z80)
        in95.append(np.abs(zy) <= Z95)
        for h in TARGET_HORIZONS:
            target = r["last"] * (1 + np.array(GROWTHS_PCT) / 100) ** h
            p_all.append((np.log(target) - r["loc"][h - 1]) / scale[h - 1])
            o_all.append((r["actual"][h - 1] >= target).astype(float))
    p, o = stats.norm.sf(np.concatenate(p_all)), np.concatenate(o_all)
    return {"cov80": 100 * np.mean(np.concatenate(in80)),
            "cov95": 100 * np.mean(np.concatenate(in95)), "ece": ece(p, o)}


def loss(s: dict) -> float:
    """Distance from the goals: coverage 80/95 and a small ECE."""
    return abs(s["cov80"] - 80) + abs(s["cov95"] - 95) + 100 * s["ece"]


def best_constants(rows):
    grid = list(itertools.product(POWERS, INFLATIONS, PRIOR_WEIGHTS))
    scored = [(loss(spread_scores(rows, *c)), c) for c in grid]
    return min(scored)[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=M3_DATA)
    parser.add_argument("--keep", type=int, nargs="+", default=[auto.KEEP["level"]])
    parser.add_argument("--pools", nargs="+", default=[",".join(auto.LEVEL_MEMBERS)])
    parser.add_argument("--limit", type=int, default=None, help="only the first N series")
    parser.add_argument("--output", type=Path, default=None,
                        help="also write the report there (results/m3_design.txt: a full run)")
    args = parser.parse_args(argv)
    data = pd.read_csv(args.data)
    data = data[data["series_id"].isin(pd.unique(data["series_id"])[: args.limit])]
    lines = [f"M3 yearly design split (training parts only, last {HOLD} training points held "
             "out; test parts never read)", ""]
    best = None
    for pool, keep in itertools.product(args.pools, args.keep):
        auto.LEVEL_MEMBERS, auto.KEEP["level"] = tuple(pool.split(",")), keep
        start = time.perf_counter()
        rows = designs(data)
        smape, mase = point_scores(rows)
        lines.append(f"pool {pool} keep {keep}: sMAPE {smape:.2f} MASE {mase:.3f} "
                     f"({len(rows)} series, {time.perf_counter() - start:.0f} s)")
        print(lines[-1], file=sys.stderr, flush=True)
        if best is None or smape < best[0]:
            best = (smape, rows, pool, keep)
    _, rows, pool, keep = best
    odd, even = rows[0::2], rows[1::2]
    c_odd, c_even = best_constants(odd), best_constants(even)
    oof = [spread_scores(even, *c_odd), spread_scores(odd, *c_even)]
    n = (len(even), len(odd))
    pooled = {k: (oof[0][k] * n[0] + oof[1][k] * n[1]) / sum(n) for k in oof[0]}
    c_all = best_constants(rows)
    lines += ["", f"spread constants (power, inflation, prior_weight) for pool {pool} keep {keep}:",
              f"  set on odd series {c_odd} -> on even series {_fmt(oof[0])}",
              f"  set on even series {c_even} -> on odd series {_fmt(oof[1])}",
              f"  out of fold, both halves: {_fmt(pooled)}",
              f"  set on all series (committed): {c_all}"
              f" -> in sample {_fmt(spread_scores(rows, *c_all))}",
              f"  engine's current constants"
              f" {(auto.SPREAD_POWER, auto.INFLATION, auto.PRIOR_WEIGHT)} -> "
              + _fmt(spread_scores(rows, auto.SPREAD_POWER, auto.INFLATION, auto.PRIOR_WEIGHT))]
    print("\n".join(lines))
    if args.output:
        write(args.output, lines)
    return 0


def _fmt(s):
    return f"cov80 {s['cov80']:.1f} cov95 {s['cov95']:.1f} ECE {s['ece']:.4f}"


if __name__ == "__main__":
    sys.exit(main())
