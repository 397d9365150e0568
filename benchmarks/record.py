"""Khả thi's own record on the built-in official targets (modules.planning.record), per
model: how many targets, how many met, the Brier score beside a coin's and beside always
saying the share met, the per-class counts, and what one replay costs (wall and CPU).

    .venv/bin/python -m benchmarks.record [--models auto naive drift ...] [--output FILE]

The cost is what the app pays once per process and model (modules.ui.cache.record); the
figures are those of the page, `khathi record` and the PDF briefing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

from benchmarks.common import RESULTS, engine_state, write
from modules.engine.registry import MODEL_NAMES
from modules.planning.record import VERDICTS, replay, scores

OUTPUT = RESULTS / "record.txt"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", default=["auto", *MODEL_NAMES])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    replay(model="naive")  # imports and data loading warmed up
    lines = [f"# benchmarks/record.py, {datetime.date.today()}, {engine_state()}, "
             f"load {os.getloadavg()[0]:.1f}",
             "model       n  met  brier  coin  base(share)   wall s  cpu s  "
             + "  ".join(f"{v}" for v in VERDICTS)]
    for model in args.models:
        wall, cpu = time.perf_counter(), time.process_time()
        table = replay(model=model)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        s = scores(table)
        if not s.n:
            lines.append(f"{model:<10} no target could be replayed")
            continue
        classes = "  ".join(f"{c.met}/{c.n}" for c in s.classes.values())
        lines.append(f"{model:<10} {s.n:>2} {s.met:>4}  {s.brier:.3f}  {s.coin:.2f}  "
                     f"{s.brier_base:.3f} ({100 * s.base_rate:.0f}%)  {wall:>6.1f} {cpu:>6.1f}  "
                     f"{classes}")
        print(lines[-1], flush=True)
    print(write(args.output, lines), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
