"""App servers and a headless browser, for the end-to-end tests and the benchmarks alike.

`AppServer` starts the app as `make app` does (or another script, with `streamlit run`) on
127.0.0.1 and a free port, with its own SQLite file, and stops its whole process group;
`launch_chromium` starts Debian's Chromium (never `playwright install`); `settle` waits until a
page's script has finished. No pytest here: tests/e2e/conftest.py wraps these in fixtures, the
benchmarks (`python -m benchmarks.NAME`) import them as they are.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "streamlit_app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STARTUP_TIMEOUT_S = 120


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether Streamlit's health endpoint `url` answers 200 "ok"."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """Terminate a process started with `start_new_session=True` and its whole group;
    SIGKILL if it lingers over 10 s."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def status_kb(pid: int, field: str) -> int:
    """A field of /proc/PID/status in kB (VmRSS, VmHWM ...); 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class AppServer:
    """`script` served on 127.0.0.1 and a free port, headless, no file watcher: the product
    (`streamlit_app.py`) as `make app` starts it (`python -m modules.ui.serve`, its modules
    imported first), any other script with `streamlit run`. Its database is the SQLite file
    `database` (default `folder/khathi.db`) unless `env` sets KHATHI_DATABASE_URL; `flags` are
    added to the command line. The log goes to `folder/server-<port>.log`.

    `start()` returns the base URL once /_stcore/health says ok (RuntimeError with the log's
    tail if the server exits or takes over STARTUP_TIMEOUT_S); a running server is not started
    again. `stop()` ends its process group. Also a context manager. `launched` (perf_counter)
    and `healthy_s` time the start."""

    def __init__(self, folder: Path, script: str = APP, database: Path | None = None,
                 flags: tuple[str, ...] | list[str] = (), env: dict[str, str] | None = None):
        self.folder, self.script, self.flags = Path(folder), script, list(flags)
        self.database = database or self.folder / "khathi.db"
        self.env, self.process, self.url = env or {}, None, None

    def start(self) -> str:
        if self.process is not None and self.process.poll() is None:
            return self.url
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = self.folder / f"server-{port}.log"
        env = {**os.environ, "KHATHI_DATABASE_URL": f"sqlite:///{self.database}", **self.env}
        launch = ["-m", "modules.ui.serve"] if self.script == APP else \
            ["-m", "streamlit", "run", self.script]
        command = [sys.executable, *launch, "--server.port", str(port),
                   "--server.address=127.0.0.1", "--server.headless=true",
                   "--server.fileWatcherType=none", "--browser.gatherUsageStats=false",
                   *self.flags]
        self.launched = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not healthy(f"{self.url}/_stcore/health"):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    why = (f"exited with {self.process.returncode}"
                           if self.process.poll() is not None
                           else f"not healthy within {STARTUP_TIMEOUT_S} s")
                    raise RuntimeError(f"{self.script} {why}:\n"
                                       f"{self.log_path.read_text(errors='replace')[-3000:]}")
                time.sleep(0.05)
        except BaseException:
            self.stop()
            raise
        self.healthy_s = time.perf_counter() - self.launched
        return self.url

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def rss_mb(self) -> float:
        """The server's resident memory, MB (its own process, /proc)."""
        return status_kb(self.process.pid, "VmRSS") / 1024

    def __enter__(self) -> AppServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def chromium_missing() -> str | None:
    """Why Debian's Chromium cannot be used, or None."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return (f"{CHROMIUM} not found: install Debian's chromium (`make system-packages`); "
            "the e2e tests and benchmarks never run `playwright install`")


def launch_chromium(playwright):
    """Headless Debian Chromium from a sync Playwright."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def settle(page, timeout: float | None = None) -> None:
    """Wait until the script has finished and nothing is still loading (skeletons, spinners);
    `timeout` in ms, else the page's default."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]",
                           timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stSkeleton]')"
        " && !document.querySelector('[data-testid=stSpinner]')", timeout=timeout)
