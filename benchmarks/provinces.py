"""The engine on Vietnam's own data: the statistics office's provincial panel, the
national official targets, M3 cut short; the peers in the same run.

- retail panel: 63 provinces' retail sales (bn VND, current prices), rolling origins
  2005..2015, each origin's series = the last k = 2..10 years up to it, horizons 1..5;
  Đắk Lắk and Đắk Nông only from 2004 (the split), Hà Nội only from 2008 (Hà Tây's
  merger), Hà Tây left out; regions and the whole country are no tasks;
- IIP panel: the production index by province 2012..2016 as growth rates, k = 2..4;
- targets: P(reaching the last value grown by g = 0, 5, ..., 30 % a year) (levels) or a
  growth of g % (IIP), scored by Brier and ECE;
- official targets: every national target of the built-in `vietnam` dataset, judged as
  of January of its year (data of earlier years only), against what happened;
- M3 cut to the last 6 and 4 training values (the test parts as in m3.py);
- peers on the same tasks: statsforecast Naive, RandomWalkWithDrift (additive drift),
  AutoETS, AutoTheta, AutoARIMA and the mean of the last three (the `bench` extra; left
  out, and the report says so, when statsforecast is not installed).

Scores come from benchmarks/common.py (accuracy, calibration, make_targets, as m3.py).
Origins up to DESIGN_LAST are the design part (where any engine constant may be set),
later origins are reported separately. The engine is called in-process (registry.fit,
engine.projections.project), as the CLI does.

    .venv/bin/python -m benchmarks.provinces [--sample N] [--output PATH]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import os
import platform
import sys
import tempfile
import time
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import (
    FIRST_YEAR,
    M3_DATA,
    RESULTS,
    SHARED,
    accuracy,
    calibration,
    engine_state,
    make_targets,
    num,
    version,
    write,
)

TABLES = SHARED / "data" / "gso_provinces"
RETAIL = TABLES / "Retail sales of goods and services at current prices by province.csv"
IIP = TABLES / "Index of Industrial production by province.csv"
DEFAULT_OUTPUT = RESULTS / "provinces.txt"
WINDOWS = range(2, 11)
HORIZON = 5
FIRST_ORIGIN = 2005
ORIGIN_STEP = 2    # origins 2005, 2007, ..., 2015 (the peers cost ~0.16 s CPU a task)
DESIGN_LAST = 2012                 # origins <= this: design; later: the held-out part
GROWTHS = (0, 5, 10, 15, 20, 25, 30)
LEVELS = (80, 95)
PEERS = ("naive", "drift+", "ets", "theta", "arima", "sf_mean")
HAVE_PEERS = importlib.util.find_spec("statsforecast") is not None


# --- the panel -------------------------------------------------------------------------


def read_panel(path: Path, offset: float = 0.0) -> pd.DataFrame:
    """The provinces of one table as published (years x area ids), read by the product's
    reader (dataset.load_areas: the territory rule keeps Đắk Lắk and Đắk Nông before 2004
    and Hà Nội before 2008 out, Hà Tây is a former province). `offset` is added (100:
    growth rates back to the published index)."""
    from modules.data.dataset import load_areas

    areas = load_areas(path)
    indicator_id = next(iter(areas.datasets.values())).indicators[0]
    frame = pd.DataFrame({k: pd.Series(s.values, s.years)
                          for k, s in areas.series(indicator_id).items()}).sort_index()
    return frame + offset


def province_series(panel: pd.DataFrame, name: str) -> pd.Series:
    return panel[name].dropna()


# --- tasks -----------------------------------------------------------------------------


def panel_tasks(panel: pd.DataFrame, windows, last_origin: int, first_origin: int,
                step: int = None):
    """(train rows, test rows) in m3.py's long layout: series_id, t (year - 2000), value,
    n_train (origin - 2000 on test rows), plus province, k, origin."""
    train, test = [], []
    for name in panel.columns:
        s = province_series(panel, name)
        for origin in range(first_origin, last_origin + 1, step or ORIGIN_STEP):
            if origin not in s.index:
                continue
            ahead = s[(s.index > origin) & (s.index <= origin + HORIZON)]
            if ahead.empty:
                continue
            for k in windows:
                window = s[(s.index > origin - k) & (s.index <= origin)]
                if len(window) != k:  # k consecutive years, none before a territory change
                    continue
                sid = f"{name}|{k}|{origin}"
                for year, value in window.items():
                    train.append((sid, year - FIRST_YEAR, value, 0, name, k, origin))
                for year, value in ahead.items():
                    test.append((sid, year - FIRST_YEAR, value, origin - FIRST_YEAR,
                                 name, k, origin))
    columns = ["series_id", "t", "value", "n_train", "province", "k", "origin"]
    return pd.DataFrame(train, columns=columns), pd.DataFrame(test, columns=columns)


def m3_cut(n: int, every: int = 1):
    """M3 yearly train parts cut to their last n values, test parts as they are (every
    `every`th series)."""
    data = pd.read_csv(M3_DATA).sort_values(["series_id", "t"])
    data = data[data["series_id"].isin(pd.unique(data["series_id"])[::every])]
    train = data[data["split"] == "train"].groupby("series_id").tail(n).copy()
    test = data[data["split"] == "test"].copy()
    return train, test


# --- forecasters: each returns (forecasts frame, P(target) per target row) ---------------


def engine_runner(kind: str, reference=None):
    """The engine's auto on each task (registry.fit via engine.projections.project on a
    one-series dataset, `reference(series_id, last year)` -> a reference Dataset or None)."""
    from modules.data.series import YearlySeries
    from modules.engine.registry import fit

    def run(train: pd.DataFrame, targets: pd.DataFrame):
        rows, projections, cpu = [], {}, time.process_time()
        for sid, part in train.groupby("series_id", sort=False):
            series = YearlySeries("x", FIRST_YEAR + part["t"].to_numpy(),
                                  part["value"].to_numpy(float) - (100 if kind == "growth" else 0),
                                  kind)
            ref = reference(sid, series) if reference else None
            projection = fit(series, "auto", HORIZON, ref)
            projections[sid] = projection
            lo80, hi80 = projection.interval(80)
            lo95, hi95 = projection.interval(95)
            for i, year in enumerate(projection.years):
                rows.append((sid, int(year), float(projection.median()[i]), lo80[i], hi80[i],
                             lo95[i], hi95[i]))
        cpu = time.process_time() - cpu
        p = [projections[r.indicator].prob_at_least(r.target - (100 if kind == "growth" else 0),
                                                    int(r.year))
             for r in targets.itertuples()]
        frame = pd.DataFrame(rows, columns=["indicator", "year", "point", "lower_80",
                                            "upper_80", "lower_95", "upper_95"])
        if kind == "growth":
            for c in frame.columns[2:]:
                frame[c] = frame[c] + 100
        return frame, np.array(p), cpu / max(1, len(projections))
    return run


def peer_runs(train: pd.DataFrame, targets: pd.DataFrame) -> dict:
    """statsforecast's models on every task, original scale; {name: (frame, p, cpu)}
    (the fits are kept in the temporary folder, keyed by the tasks' content)."""

    df = pd.DataFrame({"unique_id": train["series_id"], "ds": train["t"],
                       "y": train["value"].astype(float)})
    key = hashlib.sha1(pd.util.hash_pandas_object(df).to_numpy().tobytes()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"khathi-peers-{key}.pkl"
    if cache.exists():  # the peers do not change with the engine: one fit per task set
        out, cpu = pd.read_pickle(cache)
    else:
        out, cpu = _fit_peers(df)
        pd.to_pickle((out, cpu), cache)
    return _peer_results(out, cpu, df, targets)


def _fit_peers(df: pd.DataFrame):
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, Naive, RandomWalkWithDrift

    models = [Naive(), RandomWalkWithDrift(alias="RWD"), AutoETS(), AutoTheta(), AutoARIMA()]
    cpu = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sf = StatsForecast(models=models, freq=1, n_jobs=1, fallback_model=Naive())
        out = sf.forecast(df=df, h=HORIZON, level=list(LEVELS)).reset_index()
    cpu = (time.process_time() - cpu) / df["unique_id"].nunique()
    return out, cpu


def _peer_results(out, cpu, df, targets) -> dict:
    from scipy.stats import norm

    names = {"naive": "Naive", "drift+": "RWD", "ets": "AutoETS", "theta": "AutoTheta",
             "arima": "AutoARIMA"}
    out["year"] = FIRST_YEAR + out["ds"].astype(int)
    short = df.groupby("unique_id").size()
    result = {}
    frames = {}
    for name, col in names.items():
        frame = pd.DataFrame({"indicator": out["unique_id"], "year": out["year"],
                              "point": out[col]})
        for level in LEVELS:
            frame[f"lower_{level}"] = out[f"{col}-lo-{level}"]
            frame[f"upper_{level}"] = out[f"{col}-hi-{level}"]
        if name in ("naive", "drift+"):  # 1-2 values: no spread can be estimated
            one = frame["indicator"].map(short) < (2 if name == "naive" else 3)
            frame.loc[one, frame.columns[3:]] = np.nan
        frames[name] = frame
    ens = frames["ets"].copy()
    for c in ens.columns[2:]:
        ens[c] = (frames["ets"][c] + frames["theta"][c] + frames["arima"][c]) / 3
    frames["sf_mean"] = ens
    for name, frame in frames.items():
        keyed = frame.set_index(["indicator", "year"])
        at = keyed.loc[list(zip(targets["indicator"], targets["year"]))]
        sd = (at["upper_95"] - at["lower_95"]).to_numpy() / (2 * norm.ppf(0.975))
        p = norm.sf((targets["target"].to_numpy() - at["point"].to_numpy()) / sd)
        p = np.where(np.isfinite(p), p, (at["point"].to_numpy() >= targets["target"]).astype(float))
        result[name] = (frame, np.clip(p, 0, 1), cpu)
    return result


# --- scoring ---------------------------------------------------------------------------


def score(frame, p, train, test, targets) -> dict:
    scale = train.groupby("series_id")["value"].agg(lambda v: np.mean(np.abs(np.diff(v))))
    scale = scale.replace(0, np.nan)
    acc = accuracy(frame.dropna(subset=["point"]), test, scale)
    checked = targets[["indicator", "year"]].assign(probability=p)
    return {**acc, **calibration(checked, targets)}


def evaluate(train, test, runners, rates=False, horizons=range(1, HORIZON + 1)) -> dict:
    """{model: {"all": scores, "k": {k: scores}, "part": {design/held: scores}}}."""
    # an index (previous year = 100): a growth target g is the index 100 + g
    targets = make_targets(train, test, GROWTHS, tuple(horizons), 100 if rates else None)
    out = {}
    for name, (frame, p, cpu) in runners(train, targets).items():
        entry = {"cpu_ms": 1000 * cpu, "all": score(frame, p, train, test, targets)}
        for key, column in (("k", "k"), ("part", "part")):
            if column not in train and not (column == "part" and "origin" in train):
                continue
            groups = train.assign(part=np.where(train.get("origin", 0) <= DESIGN_LAST,
                                                "design", "held-out"))
            entry[key] = {}
            for value, rows in groups.groupby(column):
                ids = set(rows["series_id"])
                keep = frame["indicator"].isin(ids)
                t_keep = targets["indicator"].isin(ids).to_numpy()
                entry[key][value] = score(frame[keep], p[t_keep], rows,
                                          test[test["series_id"].isin(ids)],
                                          targets[t_keep].reset_index(drop=True))
        out[name] = entry
        print(f"[provinces] {name}: sMAPE {entry['all'].get('smape', np.nan):.2f}",
              file=sys.stderr, flush=True)
    return out


def engine_variants(kind: str, panel: pd.DataFrame) -> dict:
    """The engine as the product runs it: auto alone, and auto with the other provinces as
    its reference class (each task's own province left out)."""
    from modules.data.series import YearlySeries
    from modules.engine.reference import ReferenceClass

    def series_of(name):
        s = province_series(panel, name)
        return YearlySeries(name, s.index.to_numpy(), s.to_numpy(float), kind)

    names = list(panel.columns)
    classes = {}

    def provinces(sid, series):  # the other provinces (the engine cuts at the last year)
        name = sid.split("|")[0]
        if name not in classes:
            classes[name] = ReferenceClass.of("provinces", [series_of(n) for n in names
                                                            if n != name])
        return classes[name]

    return {"auto": engine_runner(kind), "auto+panel": engine_runner(kind, provinces)}


def both(engine_runs: dict):
    """A runners function: the engine variants and the peers on the same tasks."""
    def runners(train, targets):
        out = {name: run(train, targets) for name, run in engine_runs.items()}
        if HAVE_PEERS:
            out.update(peer_runs(train, targets))
        return out
    return runners


# --- official targets ------------------------------------------------------------------


def official_targets(reference_of=None) -> dict:
    """Every national target of the built-in `vietnam` dataset for a year Y, judged with the
    data of years before Y only (as of January of Y) by the engine's auto, and whether it
    was reached (the dataset's value for Y). {"n", "brier", "base_brier", "rows"}."""
    from modules.data.dataset import load_builtin
    from modules.planning.targets import evaluate as assess_table
    from modules.planning.targets import plan_targets

    vietnam = load_builtin("vietnam")
    rows = []
    for year in sorted(set(vietnam.plans["year"])):
        as_of = replace(vietnam, observations=vietnam.observations[
            vietnam.observations["year"] < year])
        table = plan_targets(as_of, year)
        if table.empty:
            continue
        for result in assess_table(as_of, table, year):
            actual = vietnam.series(result.indicator).value_in(year)
            if result.assessment is None or actual is None or result.target is None:
                continue
            rows.append((result.indicator, year, result.target, actual,
                         result.assessment.probability, float(actual >= result.target)))
    frame = pd.DataFrame(rows, columns=["indicator", "year", "target", "actual", "p", "reached"])
    base = frame["reached"].mean() if len(frame) else np.nan
    return {"n": len(frame), "brier": float(np.mean((frame["p"] - frame["reached"]) ** 2)),
            "base_rate": base, "base_brier": float(np.mean((base - frame["reached"]) ** 2)),
            "rows": frame}


# --- the report ------------------------------------------------------------------------


def _row(name, s, cpu=None):
    return (f"{name:<10}{num(s.get('smape'), 8, 2)}{num(s.get('mase'), 8, 3)}"
            f"{num(s.get('cov80'), 7, 1)}{num(s.get('cov95'), 7, 1)}"
            f"{num(s.get('msis'), 9, 2)}{num(s.get('brier'), 8, 4)}"
            f"{num(s.get('ece'), 8, 4)}{num(cpu, 10, 2)}")


HEADER = (f"{'model':<10}{'sMAPE':>8}{'MASE':>8}{'cov80':>7}{'cov95':>7}{'MSIS':>9}"
          f"{'Brier':>8}{'ECE':>8}{'ms/series':>10}")


def render_block(title: str, results: dict, by_k: bool) -> list[str]:
    lines = ["", title, HEADER, "-" * len(HEADER)]
    for name, r in results.items():
        lines.append(_row(name, r["all"], r["cpu_ms"]))
    if "part" in next(iter(results.values())) and next(iter(results.values()))["part"]:
        for part in ("design", "held-out"):
            lines += ["", f"  {part} origins ({'<=' if part == 'design' else '>'} {DESIGN_LAST})"]
            for name, r in results.items():
                if part in r["part"]:
                    lines.append(_row(name, r["part"][part]))
    if by_k:
        ks = sorted(next(iter(results.values()))["k"])
        for key, label, d in (("smape", "sMAPE", 2), ("cov80", "cov80", 1),
                              ("cov95", "cov95", 1), ("ece", "ECE", 4)):
            lines += ["", f"  {label} by window k (years of history)",
                      f"  {'model':<10}" + "".join(f"{'k' + str(k):>8}" for k in ks)]
            for name, r in results.items():
                lines.append(f"  {name:<10}" + "".join(
                    num(r["k"][k].get(key), 8, d) for k in ks))
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--sample", type=int, default=1, metavar="N",
                        help="tasks of every Nth province and M3 series only (the peers cost "
                             "~0.16 s CPU a task); the reference classes keep every province")
    args = parser.parse_args(argv)
    start, n = time.perf_counter(), args.sample

    retail = read_panel(RETAIL)
    iip = read_panel(IIP, offset=100)
    lines = ["Khả thi — the engine on Vietnam's provincial panel, official targets and short M3",
             f"date     {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
             f"machine  {platform.platform()}, nproc {os.cpu_count()}, Python "
             f"{platform.python_version()}; statsforecast {version('statsforecast')}"
             + ("" if HAVE_PEERS else " (not installed: no peers; `make bench` installs them)"),
             f"engine   {engine_state()}",
             f"data     {RETAIL.name}; {IIP.name} (read by the product's reader)",
             f"tasks    origins {FIRST_ORIGIN}, {FIRST_ORIGIN + ORIGIN_STEP}, ..., 2015 "
             f"(retail), windows k = 2..10 years, horizons 1..{HORIZON}; design part: "
             f"origins <= {DESIGN_LAST}"
             + (f"; tasks of every {n}th province and M3 series" if n > 1 else ""),
             "load     1-min load average %.1f at the start" % os.getloadavg()[0]]

    train, test = panel_tasks(retail.iloc[:, ::n], WINDOWS, 2015, FIRST_ORIGIN)
    variants = engine_variants("level", retail)
    lines += render_block(f"Retail sales, {train['series_id'].nunique()} tasks "
                          f"({retail.iloc[:, ::n].shape[1]} provinces)",
                          evaluate(train, test, both(variants)), by_k=True)
    write(args.output, lines)  # after each part: a long run keeps what it measured
    # IIP (previous year = 100): origins 2013..2015, k = 2..4; the engine sees growth rates
    train, test = panel_tasks(iip.iloc[:, ::n], range(2, 5), 2015, 2013, step=1)
    variants = engine_variants("growth", iip - 100)
    lines += render_block(f"Industrial production index (previous year = 100), "
                          f"{train['series_id'].nunique()} tasks",
                          evaluate(train, test, both(variants), rates=True), by_k=True)
    official = official_targets()
    lines += ["", f"Official national targets as of January ({official['n']} targets, "
              f"vietnam dataset): Brier {official['brier']:.4f}; base rate "
              f"{official['base_rate']:.2f} scores {official['base_brier']:.4f}"]
    write(args.output, lines)
    for cut in (6, 4):
        train, test = m3_cut(cut, n)
        runs = {"auto": engine_runner("level")}
        lines += render_block(f"M3 yearly cut to the last {cut} training values "
                              f"({train['series_id'].nunique()} series, horizons 1-{HORIZON})",
                              evaluate(train, test, both(runs), horizons=(1, HORIZON)),
                              by_k=False)
        write(args.output, lines)
    lines += ["", f"wall {time.perf_counter() - start:.0f} s"]
    print(write(args.output, lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
