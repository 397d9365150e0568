"""How long the app takes: cold start in a real browser, and re-evaluation after a target edit.

    .venv/bin/python benchmarks/app_timing.py [--output benchmarks/results/app_timing.txt]

Cold start: from launching `streamlit run` to the target page fully rendered in headless
Chromium (script finished, results table visible). Re-evaluation: the script rerun that follows
a target edit, timed with Streamlit's AppTest (same code path as the browser, no network), as
the median of several edits; projections are cached, so nothing is refitted.
"""

import argparse
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_start() -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
                               "--server.port", str(port), "--server.headless=true"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                health = f"http://127.0.0.1:{port}/_stcore/health"
                if urllib.request.urlopen(health).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.1)
        healthy = time.perf_counter() - started
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/targets")
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]",
                                   timeout=120_000)
            page.wait_for_selector("[data-testid=stDataFrame]", timeout=120_000)
            page.wait_for_selector("[data-testid=stVegaLiteChart]", timeout=120_000)
            rendered = time.perf_counter() - started
            browser.close()
        return healthy, rendered
    finally:
        server.terminate()
        server.wait(timeout=30)


def edit_rerun(repeats: int = 7) -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    at.switch_page("modules/ui/pages/targets.py")
    first = time.perf_counter()
    at.run()
    first = time.perf_counter() - first
    times = []
    for i in range(repeats):
        version = at.session_state["editor_version:daklak:2022"]
        at.session_state[f"editor:daklak:2022:{version}"] = {
            "edited_rows": {1: {"target": f"{91 + i}.000"}}, "added_rows": [], "deleted_rows": []}
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception
    return first, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", default=str(ROOT / "benchmarks/results/app_timing.txt"))
    args = parser.parse_args()
    healthy, rendered = cold_start()
    first, rerun = edit_rerun()
    report = "\n".join([
        f"# App timing, {time.strftime('%Y-%m-%d')}, {platform.node()}, "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores",
        f"command: {' '.join(sys.argv)}",
        f"cold start, server healthy:                     {healthy:6.2f} s",
        f"cold start, target page rendered in Chromium:   {rendered:6.2f} s",
        f"target page first run (fits all projections):   {first:6.2f} s  (AppTest)",
        f"re-evaluation after a target edit (median of 7): {rerun:6.3f} s  (AppTest; "
        "the edit run plus the rerun it triggers)",
    ])
    print(report)
    Path(args.output).write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
