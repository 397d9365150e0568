"""Server memory per closed session that uploaded data, and whether it is bounded.

    .venv/bin/python -m benchmarks.memory_sessions [--phases AB|T|R] [--cycles 6]
        [--sessions 3] [--ttl 10] [--rest 30] [--append]
        [--output benchmarks/results/memory_sessions.txt]

Bounded and local: `streamlit run streamlit_app.py` on 127.0.0.1 (a free port, its own SQLite
file in a temporary folder), one headless Debian Chromium (/usr/bin/chromium, never
`playwright install`), fixed counts; the script closes the browser and kills each server's
whole process group by itself, also on error. Nothing in the repository is written but
`--output`.

A session is a new browser context that opens /data, uploads its own CSV (5 indicators x 12
years, values random but seeded and different for every upload, plus a ~3,000-character
Vietnamese note a row: about 237 KB a file, so no cache can share two uploads), clicks "Dùng bộ
số liệu này", follows the sidebar link to the target page (same session) and waits until the
median projection of all 5 uploaded series is shown; then the context is closed.

Phase A (`--server.disconnectedSessionTTL=TTL` on the command line, 10 s by default, so a cycle
does not wait two minutes): one server; a warm-up session (landing, data and target pages on
the built-in data) so that imports, the built-in fits and first page runs are in the baseline;
then CYCLES cycles of SESSIONS uploading sessions, one after the other. After each cycle: the
server's RSS once its CPU is idle ("closed"); then, after TTL + 2 s, a probe session (landing
page, no upload) is opened and closed, because Streamlit drops expired disconnected sessions
only when another session is stored; RSS again ("expired, dropped").

Phase B (Streamlit's default TTL, 120 s): a second server, the same warm-up, one cycle of
SESSIONS uploads, RSS when closed, after 60 s, after 125 s (expired, not yet dropped) and after
a probe session.

Phase T (diagnostic, `--phases T`): phase A again on a server started with a `sitecustomize`
from the temporary folder on PYTHONPATH (benchmark-only; no product code changes) that starts
tracemalloc after the baseline and, when the script asks, writes a snapshot after
`gc.collect()`, the
reader's lru_cache sizes and counts of live AppSession / SessionState / Dataset / DataFrame
objects. Allocations still live after the last cycle but not after the first are grouped by
the innermost product (or Streamlit) frame. tracemalloc slows the server and adds its own
memory: RSS in this phase is not comparable with phase A.

Every run (and `--phases R` alone, without server or browser) also measures, in this
script's own process, what reading the same files with `modules.data.dataset.load_file`
leaves behind once each dataset is dropped (tracemalloc), the same for three hostile but
accepted 18 MB files of long notes, and prints the bounds of every cache that can hold user
data (read from modules/ui/cache.py and modules/data/reader.py).

Besides RSS (VmRSS of the server and any child processes, /proc), every sample reads
Streamlit's /_stcore/metrics with `--server.enableExpensiveMemoryStats=true` (read-only
statistics: object sizes of the st.cache_* entries, of the uploaded files held by Streamlit's
UploadedFileManager, of media files, of the session state of *active* sessions).
"""

from __future__ import annotations

import argparse
import gc
import json
import linecache
import os
import random
import re
import statistics
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.common import RESULTS, ROOT, command, engine_state, locale, log, machine
from tests.harness import APP, AppServer, launch_chromium, settle, status_kb

TIMEOUT_MS = 400_000  # a traced server on a busy machine is slow
DEFAULT_TTL = 120  # Streamlit's server.disconnectedSessionTTL default
TRACE_FRAMES = 12  # frames kept per allocation in phase T (about 8x slower sessions)
INDICATORS, YEARS = 5, range(2010, 2022)
NOTE_CHARS = 3000
WORDS = ("doanh thu bán lẻ hàng hóa dịch vụ tiêu dùng sản xuất công nghiệp xuất khẩu nhập "
         "khẩu ước tính chính thức báo cáo sở công thương tỉnh năm tăng giảm so với cùng kỳ "
         "kế hoạch thực hiện điều chỉnh theo giá hiện hành số liệu sơ bộ").split()

VI = locale("vi")
MEDIAN_HEADER = VI["targets"]["col_median"]
USE_BUTTON = VI["data"]["use"]
TARGETS_TITLE, DATA_TITLE = VI["app"]["page_targets"], VI["app"]["page_data"]

# All `names` have a number as median in the results table (its accessible grid).
RESULTS_SHOWN = """([header, names]) => {
  for (const frame of document.querySelectorAll('[data-testid=stDataFrame]')) {
    const table = frame.querySelector('table[role=grid]');
    if (!table) continue;
    let column = null;
    for (const th of table.querySelectorAll('thead th[role=columnheader]'))
      if (th.textContent.trim() === header) column = th.getAttribute('aria-colindex');
    if (column === null) continue;
    const medians = {};
    for (const tr of table.querySelectorAll('tbody tr[role=row]')) {
      const name = tr.querySelector("td[aria-colindex='1']")?.textContent.trim();
      const cell = tr.querySelector(`td[aria-colindex='${column}']`)?.textContent.trim();
      if (name) medians[name] = cell;
    }
    const wanted = names.length ? names : Object.keys(medians).slice(0, 1);
    return wanted.length > 0 && wanted.every(n => /^[\\d.,]+$/.test(medians[n] || ''));
  }
  return false;
}"""

# Phase T only: imported by the server at start-up (PYTHONPATH), never by the product.
TRACE_HOOK = r'''
import gc, json, os, sys, threading, time, tracemalloc

_DIR = os.environ.get("MEMORY_SESSIONS_TRACE_DIR")
_TYPES = ("AppSession", "SessionState", "Dataset", "DataFrame")


def _answer(label):
    gc.collect()
    if label == "start":
        tracemalloc.start(int(os.environ.get("MEMORY_SESSIONS_TRACE_FRAMES", "12")))
    else:
        tracemalloc.take_snapshot().dump(os.path.join(_DIR, f"snap-{label}.pickle"))
    counts = dict.fromkeys(_TYPES, 0)
    for obj in gc.get_objects():
        name = type(obj).__name__
        if name in counts:
            counts[name] += 1
    info = {"traced": tracemalloc.get_traced_memory()[0], "objects": counts}
    reader = sys.modules.get("modules.data.reader")
    if reader is not None:  # every lru_cache of the reader (clean_text's, whatever its name)
        info["reader_cache"] = sum(f.cache_info().currsize for f in vars(reader).values()
                                   if callable(getattr(f, "cache_info", None)))
    cache = sys.modules.get("modules.ui.cache")
    if cache is not None:
        info["fitted_keys"] = len(getattr(cache, "_FITTED", ()))
    path = os.path.join(_DIR, f"info-{label}.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(info, handle)
    os.replace(path + ".tmp", path)


def _watch():
    while True:
        for name in sorted(os.listdir(_DIR)):
            if name.startswith("request-"):
                os.remove(os.path.join(_DIR, name))
                try:
                    _answer(name[len("request-"):])
                except Exception as exc:  # reported to the script through the file
                    with open(os.path.join(_DIR, "error.txt"), "w") as handle:
                        handle.write(repr(exc))
        time.sleep(0.2)


if _DIR:
    threading.Thread(target=_watch, name="memory-sessions-trace", daemon=True).start()
'''


# --- the server and its memory -------------------------------------------------------------
def http_get(url: str, timeout: float = 10) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.append(child)
                    todo.append(child)
    return found


def tree_rss_mb(pid: int) -> float:
    """VmRSS of the process and all its descendants, MB."""
    return sum(status_kb(p, "VmRSS") for p in [pid, *descendants(pid)]) / 1024


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, quiet: float = 2.0, limit: float = 90.0) -> float:
    """Wait until the server used < 5% of a core for `quiet` seconds (background fits, the
    last reruns); the seconds waited."""
    start = time.monotonic()
    window = [(start, cpu_s(pid))]
    while time.monotonic() - start < limit:
        time.sleep(0.25)
        now = time.monotonic()
        window.append((now, cpu_s(pid)))
        while len(window) > 1 and now - window[1][0] >= quiet:
            window.pop(0)
        t0, c0 = window[0]
        if now - t0 >= quiet and (window[-1][1] - c0) / (now - t0) < 0.05:
            break
    return time.monotonic() - start


class Server(AppServer):
    """tests/harness.py's app server (127.0.0.1, a free port, its own SQLite file, the process
    group killed on leaving the `with` block) with Streamlit's memory statistics on.
    With `trace`, the server imports TRACE_HOOK at start-up and answers snapshot requests
    (phase T)."""

    def __init__(self, folder: Path, flags: list[str], name: str, trace: bool = False):
        self.name, self.trace_dir, env = name, folder / f"trace-{name}", {}
        if trace:
            hook = folder / "hook"
            hook.mkdir(exist_ok=True)
            (hook / "sitecustomize.py").write_text(TRACE_HOOK, encoding="utf-8")
            self.trace_dir.mkdir()
            env["PYTHONPATH"] = os.pathsep.join(
                [str(hook)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
            env["MEMORY_SESSIONS_TRACE_DIR"] = str(self.trace_dir)
            env["MEMORY_SESSIONS_TRACE_FRAMES"] = str(TRACE_FRAMES)
        super().__init__(folder, APP, folder / f"{name}.db",
                         ("--server.enableExpensiveMemoryStats=true", *flags), env)

    def metrics(self) -> dict[str, float]:
        """/_stcore/metrics as {name{labels}: value}."""
        text = http_get(f"{self.url}/_stcore/metrics", 30) or ""
        values = {}
        for line in text.splitlines():
            match = re.match(r"^([A-Za-z_:][\w:]*(?:\{[^}]*\})?)\s+([-+0-9.eE]+)$", line)
            if match:
                values[match.group(1)] = float(match.group(2))
        return values

    def snapshot(self, label: str) -> dict:
        """Phase T: ask the hook for a snapshot; its info (the snapshot is a file)."""
        (self.trace_dir / f"request-{label}").touch()
        info = self.trace_dir / f"info-{label}.json"
        deadline = time.monotonic() + 300
        while not info.exists():
            if (self.trace_dir / "error.txt").exists():
                raise RuntimeError((self.trace_dir / "error.txt").read_text())
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"no snapshot {label}; see {self.log_path}")
            time.sleep(0.2)
        return {**json.loads(info.read_text()),
                "file": str(self.trace_dir / f"snap-{label}.pickle")}

    def sample(self, label: str, uploads: int | None = None, snap: bool = False) -> dict:
        waited = wait_idle(self.process.pid)
        row = {"label": label, "uploads": uploads, "idle_wait": waited,
               "time": time.monotonic()}
        if snap:
            row["snap"] = self.snapshot(re.sub(r"\W+", "-", label).strip("-"))
        row["metrics"] = self.metrics()
        row["rss"] = tree_rss_mb(self.process.pid)
        log(f"  {label}: RSS {row['rss']:.1f} MB; " + summary(row["metrics"])
            + (f"; traced {row['snap']['traced'] / 1e6:.1f} MB" if snap else ""))
        return row


def cache_bytes(metrics: dict[str, float], cache_type: str, name: str | None = None) -> float:
    total = 0.0
    for key, value in metrics.items():
        if key.startswith("cache_memory_bytes{") and f'cache_type="{cache_type}"' in key \
                and (name is None or f'cache="{name}"' in key):
            total += value
    return total


def counter(metrics: dict[str, float], event: str) -> int:
    return int(metrics.get(f'session_events_total{{type="{event}"}}', 0))


def summary(metrics: dict[str, float]) -> str:
    return (f"uploads held {cache_bytes(metrics, 'UploadedFileManager') / 1e6:.2f} MB, "
            f"cache_resource {cache_bytes(metrics, 'st_cache_resource') / 1e6:.2f} MB, "
            f"cache_data {cache_bytes(metrics, 'st_cache_data') / 1e6:.2f} MB, "
            f"active sessions {int(metrics.get('active_sessions', 0))}, "
            f"connects {counter(metrics, 'connect')}, disconnects "
            f"{counter(metrics, 'disconnect')}")


# --- the uploads ---------------------------------------------------------------------------
def dataset_csv(number: int) -> tuple[bytes, list[str]]:
    """A distinct CSV (Vietnamese template headers) and its indicator names."""
    rng = random.Random(1000 + number)
    names = [f"Chỉ tiêu thử {number:02d}-{k}" for k in range(INDICATORS)]
    lines = ["Chỉ tiêu,Năm,Giá trị,Đơn vị,Ghi chú"]
    for name in names:
        level, growth = rng.uniform(500, 50_000), rng.uniform(0.02, 0.12)
        for year in YEARS:
            level *= 1 + growth + rng.gauss(0, 0.04)
            words, note = [], 0
            while note < NOTE_CHARS:
                words.append(rng.choice(WORDS))
                note += len(words[-1]) + 1
            lines.append(f"{name},{year},{round(level)},tỷ đồng,{' '.join(words)}")
    return ("\n".join(lines) + "\n").encode("utf-8"), names


# --- the sessions --------------------------------------------------------------------------
def new_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    return context


def no_exception(page, where: str) -> None:
    if page.locator("[data-testid=stException]").count():
        raise RuntimeError(f"exception shown on {where}")


def follow(page, title: str) -> None:
    """The sidebar link to `title` (same session: a navigation by URL would open a new one)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)


def warm_up(browser, url: str) -> None:
    """Landing, data and target pages on the built-in data, in one session, then closed."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(url + "/", wait_until="commit")
        settle(page)
        follow(page, DATA_TITLE)
        follow(page, TARGETS_TITLE)
        page.wait_for_function(RESULTS_SHOWN, arg=[MEDIAN_HEADER, []], polling=100)
        settle(page)
        no_exception(page, "warm-up")
    finally:
        context.close()


def probe(browser, url: str) -> None:
    """A session on the landing page, closed at once: its disconnect stores it, which is when
    Streamlit drops the expired disconnected sessions."""
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(url + "/", wait_until="commit")
        settle(page)
    finally:
        context.close()


def upload_session(browser, url: str, folder: Path, number: int) -> float:
    """One session that uploads dataset `number` and sees it projected; seconds taken."""
    data, names = dataset_csv(number)
    stem = f"memory-{number:02d}"
    path = folder / f"{stem}.csv"
    path.write_bytes(data)
    start = time.perf_counter()
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(url + "/data", wait_until="commit")
        settle(page)
        # the first uploader takes one file (the second, two tables of former provinces)
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(path)
        page.get_by_test_id("stAlertContentSuccess").filter(has_text=path.name).wait_for()
        settle(page)
        page.get_by_role("button", name=USE_BUTTON).click()
        page.get_by_role("heading", name=VI["data"]["edit_heading"].format(name=stem)).wait_for()
        settle(page)
        no_exception(page, f"data page, upload {number}")
        follow(page, TARGETS_TITLE)
        page.wait_for_function(RESULTS_SHOWN, arg=[MEDIAN_HEADER, names], polling=100)
        settle(page)
        no_exception(page, f"target page, upload {number}")
    finally:
        context.close()
    path.unlink()
    return time.perf_counter() - start


# --- the phases ----------------------------------------------------------------------------
def cycles_phase(browser, folder: Path, args, name: str, trace: bool = False) -> dict:
    """Phases A and T: warm-up, then cycles of uploading sessions, each followed by expiry."""
    flags = [f"--server.disconnectedSessionTTL={args.ttl}"]
    rows, times, number = [], [], 0
    with Server(folder, flags, name, trace) as server:
        log(f"{name}: server up ({' '.join(flags)}{', traced' if trace else ''})")
        rows.append(server.sample("healthy, nothing run", 0))
        warm_up(browser, server.url)
        time.sleep(args.ttl + 2)
        probe(browser, server.url)
        rows.append(server.sample("baseline: warm-up session closed and dropped", 0))
        if trace:  # from here on: allocations before this are not traced, nor needed
            server.snapshot("start")
        for cycle in range(1, args.cycles + 1):
            for _ in range(args.sessions):
                number += 1
                times.append(upload_session(browser, server.url, folder, number))
                log(f"  upload {number}: {times[-1]:.1f} s")
            rows.append(server.sample(f"cycle {cycle}: {args.sessions} closed", number))
            time.sleep(args.ttl + 2)
            probe(browser, server.url)
            rows.append(server.sample(f"cycle {cycle}: expired, dropped", number, trace))
        if not trace:
            time.sleep(args.rest)
            rows.append(server.sample(f"{args.rest} s later, no activity", number))
        final_metrics = server.metrics()
    return {"rows": rows, "times": times, "final": final_metrics, "flags": flags}


def phase_b(browser, folder: Path, args, first_number: int) -> dict:
    rows, times, number = [], [], first_number
    with Server(folder, [], "default-ttl") as server:
        log("phase B: server up (default disconnectedSessionTTL)")
        warm_up(browser, server.url)
        time.sleep(DEFAULT_TTL + 5)
        probe(browser, server.url)
        rows.append(server.sample("baseline: warm-up session closed and dropped"))
        for _ in range(args.sessions):
            number += 1
            times.append(upload_session(browser, server.url, folder, number))
            log(f"  upload {number}: {times[-1]:.1f} s")
        closed_at = time.monotonic()
        rows.append(server.sample(f"{args.sessions} uploading sessions closed"))
        for after in (60, DEFAULT_TTL + 5):
            time.sleep(max(0.0, closed_at + after - time.monotonic()))
            rows.append(server.sample(f"{after} s after closing (no other session)"))
        probe(browser, server.url)
        rows.append(server.sample("after a probe session (expired ones dropped)"))
    return {"rows": rows, "times": times}


# --- where retained memory was allocated ---------------------------------------------------
def frame_name(frame) -> str:
    path = frame.filename
    if path.startswith(str(ROOT) + "/"):
        path = path[len(str(ROOT)) + 1:]
    elif "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    code = linecache.getline(frame.filename, frame.lineno).strip()
    return f"{path}:{frame.lineno}" + (f"  `{code[:70]}`" if code else "")


def site_of(traceback) -> str:
    """The innermost frame in the product, else in Streamlit, else the innermost one."""
    for wanted in (lambda f: f.filename.startswith(str(ROOT / "modules"))
                   or f.filename == str(ROOT / APP),
                   lambda f: "site-packages/streamlit/" in f.filename,
                   lambda f: True):
        for frame in reversed(traceback):  # tracemalloc: most recent call last
            if wanted(frame):
                return frame_name(frame)
    return "?"


def grown_sites(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, limit: int = 10):
    """[(site, bytes grown, blocks grown)] between two snapshots, largest first."""
    sites: dict[str, list[int]] = {}
    for stat in after.compare_to(before, "traceback"):
        entry = sites.setdefault(site_of(stat.traceback), [0, 0])
        entry[0] += stat.size_diff
        entry[1] += stat.count_diff
    ranked = sorted(sites.items(), key=lambda item: -item[1][0])
    return [(site, size, count) for site, (size, count) in ranked[:limit]]


def long_csv(number: int, rows: int = 80, chars: int = 100_000) -> bytes:
    """A hostile but accepted upload: `rows` values, each with a distinct note of `chars`
    Vietnamese letters (under the reader's 20 MB and the csv module's 131,072-character
    field limit)."""
    rng = random.Random(5000 + number)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụ "
    lines = ["Chỉ tiêu,Năm,Giá trị,Ghi chú"]
    lines += [f"Chỉ tiêu dài {number},{1900 + row},{1000 + row},"
              + "".join(rng.choices(letters, k=chars)) for row in range(rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def in_process(files: list[tuple[bytes, str]], frames: int = 12) -> dict:
    """Read the upload files `files` ((bytes, name), made before tracing starts) with the
    product's reader in this process, drop each dataset, and measure what stays
    (tracemalloc), then what stays once the reader's lru_caches are cleared."""
    from modules.data import reader
    from modules.data.dataset import load_file

    caches = [f for f in vars(reader).values() if callable(getattr(f, "cache_info", None))]
    load_file(dataset_csv(0)[0], "warm.csv", "vi")
    for cached in caches:
        cached.cache_clear()
    gc.collect()
    tracemalloc.start(frames)  # 12 frames make reading an 18 MB file 10x slower
    try:
        before = tracemalloc.take_snapshot()
        for content, name in files:
            data = load_file(content, name, "vi")
            del data
        gc.collect()
        after = tracemalloc.take_snapshot()
        entries = sum(cached.cache_info().currsize for cached in caches)
        for cached in caches:
            cached.cache_clear()
        gc.collect()
        cleared = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    own = [tracemalloc.Filter(False, tracemalloc.__file__)]
    before, after, cleared = (snap.filter_traces(own) for snap in (before, after, cleared))
    total = lambda snap: sum(s.size_diff for s in snap.compare_to(before, "filename"))
    return {"count": len(files), "retained": total(after), "after_clear": total(cleared),
            "entries": entries, "sites": grown_sites(before, after, 4),
            "caches": ", ".join(f.__name__ for f in caches)}


def bounds() -> dict[str, tuple[int, int | None]]:
    """{function: (max entries, ttl seconds or None)} of the caches in modules/ui/cache.py and
    the lru_caches of modules/data/reader.py, read from the source."""
    found = {}
    source = (ROOT / "modules/ui/cache.py").read_text(encoding="utf-8")
    ttl_value = re.search(r"^USER_DATA_TTL\s*=\s*(\d+)", source, re.M)
    for match in re.finditer(r"@st\.cache_(?:data|resource)\(([^)]*)\)\s*\ndef (\w+)", source):
        entries = re.search(r"max_entries=(\d+)", match.group(1))
        ttl = re.search(r"ttl=(\w+)", match.group(1))
        ttl_s = None
        if ttl and ttl.group(1).isdigit():
            ttl_s = int(ttl.group(1))
        elif ttl and ttl.group(1) == "USER_DATA_TTL" and ttl_value:
            ttl_s = int(ttl_value.group(1))
        found[match.group(2)] = (int(entries.group(1)) if entries else 0, ttl_s)
    reader = (ROOT / "modules/data/reader.py").read_text(encoding="utf-8")
    for match in re.finditer(r"@(?:functools\.)?lru_cache\(maxsize=(\d+)\)\s*\ndef (\w+)",
                             reader):
        found[f"reader.{match.group(2)}"] = (int(match.group(1)), None)
    return found


# --- the report ----------------------------------------------------------------------------
def table(rows: list[dict], baseline: float) -> list[str]:
    out = [f"  {'sample':<46} {'uploads':>7} {'RSS MB':>7} {'Δ MB':>6} {'held uploads':>13} "
           f"{'cache_res':>9} {'cache_data':>10} {'media':>6} {'active':>6} {'conn':>5} "
           f"{'disc':>5}"]
    for row in rows:
        m = row["metrics"]
        uploads = "" if row.get("uploads") is None else row["uploads"]
        out.append(
            f"  {row['label']:<46} {uploads:>7} {row['rss']:7.1f} "
            f"{row['rss'] - baseline:+6.1f} "
            f"{cache_bytes(m, 'UploadedFileManager') / 1e6:10.2f} MB "
            f"{cache_bytes(m, 'st_cache_resource') / 1e6:6.2f} MB "
            f"{cache_bytes(m, 'st_cache_data') / 1e6:7.2f} MB "
            f"{cache_bytes(m, 'st_memory_media_file_storage') / 1e6:6.2f} "
            f"{int(m.get('active_sessions', 0)):>6} {counter(m, 'connect'):>5} "
            f"{counter(m, 'disconnect'):>5}")
    return out


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y on x."""
    if len(points) < 2:
        return float("nan")
    xs, ys = zip(*points)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")


def header(args, load_start: tuple[float, ...], started: str) -> list[str]:
    import streamlit

    return [
        f"# Server memory per closed session that uploaded data, {started}",
        f"machine: {machine()} (shared), load average at start "
        f"{' '.join(f'{x:.2f}' for x in load_start)}; Streamlit {streamlit.__version__}; "
        f"{engine_state()}",
        f"command: {command()}",
        f"settings: phases {args.phases}; {args.cycles} cycles x {args.sessions} sessions, one "
        f"after the other; each session uploads its own CSV ({INDICATORS} indicators x "
        f"{len(YEARS)} years, a ~{NOTE_CHARS}-character note a row, "
        f"{len(dataset_csv(1)[0]) / 1024:.0f} KB), opens the target page by the sidebar link "
        "and waits for all 5 medians; RSS = VmRSS of the server and its children, read once "
        "the server's CPU is idle",
        "server flags: --server.address=127.0.0.1 --server.headless=true "
        "--server.fileWatcherType=none --browser.gatherUsageStats=false "
        "--server.enableExpensiveMemoryStats=true (sizes in /_stcore/metrics only); phases A "
        f"and T add --server.disconnectedSessionTTL={args.ttl} (Streamlit's default, "
        f"{DEFAULT_TTL} s, in phase B)",
        "columns: held uploads = bytes in Streamlit's UploadedFileManager; cache_res / "
        "cache_data = object sizes of all st.cache_resource / st.cache_data entries; media = "
        "media file storage; active = sessions with a websocket; conn/disc = session "
        "connect/disconnect events so far",
    ]


def report_a(args, a: dict) -> tuple[list[str], dict]:
    rows = a["rows"]
    baseline = rows[1]["rss"]
    expired = [r for r in rows if r["label"].endswith("expired, dropped")]
    lines = ["", f"## Phase A: disconnectedSessionTTL={args.ttl} s",
             f"upload sessions: {len(a['times'])}, {statistics.median(a['times']):.1f} s "
             f"median each ({min(a['times']):.1f}–{max(a['times']):.1f})"]
    lines += table(rows, baseline)
    per_cycle = [expired[0]["rss"] - baseline] + [
        later["rss"] - earlier["rss"] for earlier, later in zip(expired, expired[1:])]
    total = expired[-1]["rss"] - baseline
    uploads = expired[-1]["uploads"]
    after_first = slope([(r["uploads"], r["rss"]) for r in expired])
    late = expired[len(expired) // 2:]
    late_slope = slope([(r["uploads"], r["rss"]) for r in late])
    first_m, last_m = rows[1]["metrics"], expired[-1]["metrics"]
    caches = (cache_bytes(last_m, "st_cache_resource") + cache_bytes(last_m, "st_cache_data")
              - cache_bytes(first_m, "st_cache_resource")
              - cache_bytes(first_m, "st_cache_data")) / 1e6 / uploads
    held = cache_bytes(last_m, "UploadedFileManager") / 1e6
    lines += [
        "growth per cycle (after expiry, MB): " + ", ".join(f"{d:+.1f}" for d in per_cycle),
        f"growth per closed uploading session: {total / uploads:.2f} MB ({total:+.1f} MB over "
        f"{uploads}, the first cycle included); least-squares slope over the cycles "
        f"{after_first:.2f} MB/session, over the last {len(late)} cycles {late_slope:.2f} "
        "MB/session",
        f"  measured by Streamlit and still referenced: uploaded files {held:.2f} MB in all "
        f"after expiry; st.cache_* entries {caches * 1000:.0f} kB/session",
        "st.cache_* entries at the end (object sizes, expensive stats):"]
    for key, value in sorted(a["final"].items()):
        if key.startswith("cache_memory_bytes{"):
            lines.append(f"  {key.removeprefix('cache_memory_bytes')} {value / 1e3:,.1f} kB")
    return lines, {"per_session": total / uploads, "slope": after_first,
                   "late_slope": late_slope, "caches_kb": caches * 1000, "uploads": uploads,
                   "held_mb": held, "first_cycle": per_cycle[0]}


def report_b(args, b: dict) -> tuple[list[str], dict]:
    rows = b["rows"]
    lines = ["", f"## Phase B: Streamlit's default disconnectedSessionTTL ({DEFAULT_TTL} s), "
             f"{args.sessions} uploads"]
    lines += table(rows, rows[0]["rss"])
    held = [cache_bytes(r["metrics"], "UploadedFileManager") / 1e6 for r in rows]
    return lines, {"held_at_125": held[3], "held_after_probe": held[4],
                   "rss_drop": rows[3]["rss"] - rows[4]["rss"]}


def report_t(args, t: dict) -> tuple[list[str], dict]:
    rows = t["rows"]
    snaps = [r for r in rows if "snap" in r]
    first, last = snaps[0], snaps[-1]
    lines = ["", f"## Phase T: where the memory stays (tracemalloc in the server, "
             f"disconnectedSessionTTL={args.ttl} s; RSS inflated by tracing)",
             f"upload sessions: {len(t['times'])}, {statistics.median(t['times']):.1f} s median "
             "each",
             f"  {'sample':<46} {'uploads':>7} {'RSS MB':>7} {'traced MB':>9} "
             f"{'reader lru':>10} {'AppSession':>10} {'SessionState':>12} {'Dataset':>7} "
             f"{'DataFrame':>9} {'_FITTED':>7}"]
    for row in snaps:
        info = row["snap"]
        objects = info["objects"]
        lines.append(
            f"  {row['label']:<46} {row['uploads']:>7} {row['rss']:7.1f} "
            f"{info['traced'] / 1e6:9.1f} {info.get('reader_cache', 0):>10} "
            f"{objects['AppSession']:>10} {objects['SessionState']:>12} "
            f"{objects['Dataset']:>7} {objects['DataFrame']:>9} "
            f"{info.get('fitted_keys', 0):>7}")
    n = last["uploads"] - first["uploads"]
    before = tracemalloc.Snapshot.load(first["snap"]["file"])
    after = tracemalloc.Snapshot.load(last["snap"]["file"])
    filters = [tracemalloc.Filter(False, tracemalloc.__file__),
               tracemalloc.Filter(False, "<frozen importlib._bootstrap*>")]
    before, after = before.filter_traces(filters), after.filter_traces(filters)
    traced = (last["snap"]["traced"] - first["snap"]["traced"]) / 1e6
    rss = last["rss"] - first["rss"]
    sites = grown_sites(before, after, 10)
    clean_kb = sum(size for site, size, _ in sites if "reader.py" in site) / 1e3 / max(n, 1)
    lines += [f"from '{first['label']}' to '{last['label']}' ({n} more closed uploading "
              f"sessions): RSS {rss:+.1f} MB ({rss / n:.2f} MB/session), memory traced by "
              f"Python {traced:+.1f} MB ({traced / n * 1000:.0f} kB/session)",
              "allocations still live at the end, grouped by innermost product (else "
              "Streamlit) frame, largest growth first:"]
    for site, size, count in sites:
        lines.append(f"  {size / 1e3 / n:8.1f} kB/session {count / n:8.1f} blocks/session  "
                     f"{site}")
    return lines, {"rss_per": rss / n, "traced_per_kb": traced / n * 1000,
                   "reader_kb": clean_kb, "app_sessions": last["snap"]["objects"]["AppSession"]}


def report_inprocess(ip: dict, long: dict, limits: dict) -> tuple[list[str], dict]:
    per = ip["retained"] / ip["count"]
    entries_per = ip["entries"] / ip["count"]
    maxsize = sum(n for name, (n, _) in limits.items() if name.startswith("reader."))
    per_entry = ip["retained"] / max(ip["entries"], 1)
    lines = ["", "## The reader alone, in this script's process (tracemalloc)",
             f"{ip['count']} of the same files read with modules.data.dataset.load_file and the "
             f"datasets dropped: {ip['retained'] / 1e6:.2f} MB stay ({per / 1e3:.0f} kB/upload);"
             f" reader lru_cache ({ip['caches']}) {ip['entries']} entries "
             f"({entries_per:.0f}/upload, maxsize {maxsize}); after cache_clear(): "
             f"{ip['after_clear'] / 1e3:.0f} kB stay",
             "  where (innermost product frame):"]
    for site, size, count in ip["sites"]:
        lines.append(f"  {size / 1e3 / ip['count']:8.1f} kB/upload {count / ip['count']:7.1f} "
                     f"blocks/upload  {site}")
    long_per = long["retained"] / long["count"]
    long_entries = long["entries"] / long["count"]
    long_bound = maxsize / max(long_entries, 1) * long_per
    lines += [f"hostile but accepted: {long['count']} CSVs of {long['size'] / 1e6:.1f} MB, each "
              "80 values with a distinct 100,000-letter note: "
              f"{long_per / 1e3:,.0f} kB stay per upload ({long_entries:.0f} cache entries); "
              f"after cache_clear {long['after_clear'] / 1e3:,.0f} kB"
              + (f"; at {maxsize} entries (~{maxsize / long_entries:.0f} such uploads) about "
                 f"{long_bound / 1e6:,.0f} MB" if long_entries >= 1 else "")]
    return lines, {"per_kb": per / 1e3, "entries_per": entries_per, "maxsize": maxsize,
                   "bound_mb": maxsize * per_entry / 1e6, "uploads_to_fill":
                   maxsize / max(entries_per, 1), "long_mb": long_per / 1e6,
                   "long_bound_gb": long_bound / 1e9}


def report_bounds(limits: dict, a_final: dict | None) -> list[str]:
    lines = ["", "## Bounds of the caches that can hold user data (from the source)"]
    for name, (entries, ttl) in limits.items():
        if not entries:
            continue
        kind = "functools.lru_cache" if name.startswith("reader.") else "st.cache_*"
        size = ""
        if a_final is not None and not name.startswith("reader."):
            got = sum(v for k, v in a_final.items()
                      if k.startswith("cache_memory_bytes{") and k.endswith(f'.{name}"}}'))
            if got:
                size = f"; {got / 1e3:,.0f} kB at the end of phase A"
        lines.append(f"  {name:<22} {kind:<20} max {entries} entries"
                     + (f", ttl {ttl} s" if ttl else ", no ttl, no size limit") + size)
    return lines


def conclusion(facts: dict) -> list[str]:
    lines = ["", "## Conclusion"]
    a, b, t, ip = (facts.get(k) for k in ("A", "B", "T", "IP"))
    if a:
        plateau = a["late_slope"] <= max(0.2, 0.15 * a["per_session"])
        lines.append(
            f"- Phase A: {a['per_session']:.2f} MB of RSS per closed uploading session over "
            f"{a['uploads']} sessions ({a['first_cycle']:+.1f} MB in the first cycle, then "
            f"{a['slope']:.2f} MB/session; last cycles {a['late_slope']:.2f} MB/session): "
            + ("it levels off." if plateau else
               f"no plateau within {a['uploads']} sessions."))
        lines.append(
            f"- Streamlit releases each closed session: uploaded files held after expiry "
            f"{a['held_mb']:.2f} MB; the st.cache_* entries grow {a['caches_kb']:.0f} "
            "kB/session and stop at their max_entries (table above): they are not the growth.")
    if b:
        lines.append(
            f"- Default TTL: nothing is released before {DEFAULT_TTL} s, and not at "
            f"{DEFAULT_TTL} s either (uploads still held: {b['held_at_125']:.2f} MB) until "
            "another session disconnects and Streamlit drops the expired ones "
            f"(held after that: {b['held_after_probe']:.2f} MB). RSS barely moves "
            f"({b['rss_drop']:+.1f} MB): freed memory stays in the allocator for reuse.")
    if ip and ip["long_mb"] < 1:
        lines.append(
            f"- The reader keeps {ip['per_kb']:.0f} kB per closed upload of this file and "
            f"{ip['long_mb'] * 1000:.0f} kB per hostile file of long notes; its lru_cache holds "
            f"{ip['entries_per']:.0f} entries an upload, at most {ip['maxsize']} short texts "
            f"(~{ip['bound_mb']:.1f} MB for files like this).")
    elif ip:
        lines.append(
            f"- The reader's clean_text lru_cache keeps every distinct cell text (raw and "
            f"cleaned) of every file read: {ip['per_kb']:.0f} kB per upload of this file, "
            f"{ip['entries_per']:.0f} entries; it is bounded only by its count "
            f"({ip['maxsize']} entries, full after ~{ip['uploads_to_fill']:.0f} such uploads, "
            f"~{ip['bound_mb']:.0f} MB for files like this), not by size: a file of long "
            f"notes pins {ip['long_mb']:.0f} MB per upload, ~{ip['long_bound_gb']:.1f} GB "
            "when the cache is full.")
    if t:
        lines.append(
            f"- Phase T: {t['traced_per_kb']:.0f} kB/session still referenced in Python, "
            f"{t['reader_kb']:.0f} kB/session of it allocated in modules/data/reader.py; "
            f"AppSession objects alive at the end: {t['app_sessions']}.")
    return lines


def parse_args() -> argparse.Namespace:
    """The command line, checked; `phases` upper-cased."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phases", default="AB",
                        help="A (short TTL), B (default TTL), T (traced diagnostic), R (only "
                        "the reader measurements in this process, no server)")
    parser.add_argument("--cycles", type=int, default=6)
    parser.add_argument("--sessions", type=int, default=3, help="uploading sessions a cycle")
    parser.add_argument("--ttl", type=int, default=10,
                        help="server.disconnectedSessionTTL for phases A and T, seconds")
    parser.add_argument("--rest", type=int, default=30,
                        help="seconds without activity before phase A's last sample")
    parser.add_argument("--append", action="store_true",
                        help="add this run's report to --output instead of replacing it")
    parser.add_argument("--output",
                        default=str(RESULTS / "memory_sessions.txt"))
    args = parser.parse_args()
    args.phases = args.phases.upper()
    if (min(args.cycles, args.sessions, args.ttl) < 1 or args.cycles > 50
            or args.sessions > 20 or not args.phases or set(args.phases) - set("ABTR")):
        parser.error("cycles 1–50, sessions 1–20, ttl ≥ 1, phases from A, B, T, R")
    return args


def main() -> None:
    args = parse_args()
    from playwright.sync_api import sync_playwright

    load_start, started = os.getloadavg(), time.strftime("%Y-%m-%d %H:%M")
    begin = time.monotonic()
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = launch_chromium(playwright) if set(args.phases) & set("ABT") else None
        try:
            if "A" in args.phases:
                results["A"] = cycles_phase(browser, folder, args, "phase A")
            if "B" in args.phases:
                results["B"] = phase_b(browser, folder, args, args.cycles * args.sessions)
            if "T" in args.phases:
                results["T"] = cycles_phase(browser, folder, args, "phase T", trace=True)
        finally:
            if browser is not None:
                browser.close()
        # The report reads phase T's snapshot files: build it before the folder goes.
        lines, facts = header(args, load_start, started), {}
        for key, build in (("A", report_a), ("B", report_b), ("T", report_t)):
            if key in results:
                more, facts[key] = build(args, results[key])
                lines += more
    limits = bounds()
    typical = in_process([(dataset_csv(n)[0], f"memory-{n:02d}.csv")
                          for n in range(1, args.cycles * args.sessions + 1)])
    hostile = [(long_csv(n), f"long-{n}.csv") for n in range(1, 4)]
    long = in_process(hostile, frames=1)
    long["size"] = len(hostile[0][0])
    del hostile
    more, facts["IP"] = report_inprocess(typical, long, limits)
    lines += more
    lines += report_bounds(limits, results["A"]["final"] if "A" in results else None)
    lines += conclusion(facts)
    lines += ["", f"load average at the end: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; run time "
              f"{(time.monotonic() - begin) / 60:.1f} min"]
    text = "\n".join(lines)
    print(text)
    output = Path(args.output)
    if args.append and output.exists():
        text = output.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text
    output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
