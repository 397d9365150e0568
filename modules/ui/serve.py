"""Start the app with its modules imported before the first visitor arrives.

    python -m modules.ui.serve [streamlit run options, e.g. --server.port 8501]

Exactly `streamlit run streamlit_app.py [options]`, except that this process first imports
what the page runs need (pandas, Altair, SQLAlchemy, the pages' modules, SciPy's special
functions) and the statsmodels models: `streamlit run` imports them in a visitor's script
run instead, the first visitor then waiting about a second longer for the first verdicts, and
the first to pick Theta, ETS or ARIMA another second (benchmarks/app_timing.py). The
server takes that much longer to start, once. Nothing is computed or cached here; the
built-in targets are fitted by cache.warm_up on the first run, in the background.
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
    # the statsmodels models, as modules/engine/models.py imports them on first use
    "statsmodels.tsa.forecasting.theta", "statsmodels.tsa.exponential_smoothing.ets",
    "statsmodels.tsa.arima.model",
)


def main(argv: list[str]) -> int:
    """Import PRELOADED, then hand over to Streamlit's own command line; its exit code."""
    # "No runtime found" from the cache decorators: expected before Streamlit's runtime exists
    # (their loggers are configured when first imported: import them, then quiet them)
    quiet = [logging.getLogger(importlib.import_module(f"streamlit.runtime.caching.{name}")
                               .__name__) for name in ("cache_data_api", "cache_resource_api")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.ERROR)
    for name in PRELOADED:
        importlib.import_module(name)
    for logger, level in zip(quiet, levels):
        logger.setLevel(level)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
