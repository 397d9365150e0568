"""Start the app with its modules imported before the first visitor arrives.

    python -m modules.ui.serve [streamlit run options, e.g. --server.port 8501]

Exactly `streamlit run streamlit_app.py [options]`, except that this process first imports
what every page run needs (pandas, Altair, SQLAlchemy, the pages' modules, the part of
SciPy the first fit uses): `streamlit run` imports them in the first visitor's script run
instead, which then waits about a second longer for its first verdicts
(benchmarks/app_timing.py). Nothing is computed or cached here; the built-in targets are
fitted by cache.warm_up on the first run, in the background.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
PRELOADED = (
    "modules.ui.cache", "modules.ui.components", "modules.ui.selection", "modules.ui.session",
    "modules.ui.sidebar", "modules.ui.text", "modules.reports.charts",
    "modules.reports.briefing", "modules.planning.targets", "modules.planning.summary",
    "modules.data.storage", "scipy.special",
)


def main(argv: list[str]) -> int:
    """Import PRELOADED, then hand over to Streamlit's own command line; its exit code."""
    quiet = logging.getLogger("streamlit.runtime.caching")  # "no runtime yet": expected here
    level, quiet.level = quiet.level, logging.ERROR
    for name in PRELOADED:
        importlib.import_module(name)
    quiet.setLevel(level)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
