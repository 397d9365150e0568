"""ARIMA fit time on a 16-year series, with OpenBLAS's default threads and with BLAS
held to one thread (what models.run does around every fit).

    .venv/bin/python benchmarks/arima_timing.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info

from modules.data.series import YearlySeries
from modules.engine import models
from modules.engine.registry import fit

OUTPUT = Path(__file__).resolve().parent / "results" / "arima_timing.txt"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(1)
    values = 100 * np.exp(np.cumsum(0.06 + 0.05 * rng.standard_normal(16)))
    series = YearlySeries("x", np.arange(2006, 2022), values)
    z = series.to_model_scale()
    fit(series, "naive", 1)  # imports warmed up
    load_start = os.getloadavg()[0]
    default, capped = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            models.arima(series.years, z, models.MAX_HORIZON)  # default BLAS threads
        default.append(time.perf_counter() - start)
        start = time.perf_counter()
        fit(series, "arima", 1)  # through the registry: one BLAS thread
        capped.append(time.perf_counter() - start)
    blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads"
                     for i in threadpool_info() if i["user_api"] == "blas")
    text = "\n".join([
        "ARIMA fit (12-order AICc search) on a 16-year series",
        f"date     {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, nproc "
        f"{os.cpu_count()}, BLAS: {blas}",
        f"load     1-min load average {load_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end (times inflate when it exceeds nproc)",
        f"default BLAS threads   median {np.median(default):.2f} s  "
        f"(runs: {', '.join(f'{t:.2f}' for t in default)})",
        f"one BLAS thread        median {np.median(capped):.2f} s  "
        f"(runs: {', '.join(f'{t:.2f}' for t in capped)})", ""])
    OUTPUT.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
