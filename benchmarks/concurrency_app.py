"""Ten sessions opening at once: each one's time to verdicts, and the server's memory.

    .venv/bin/python -m benchmarks.concurrency_app [--sessions 10]
        [--output benchmarks/results/concurrency_app.txt]

Bounded and local: one `streamlit run streamlit_app.py` on 127.0.0.1 (a free port, its own
SQLite file), one headless Debian Chromium, a fixed number of browser contexts (one Streamlit
session each) that navigate at the same moment; the script stops the server and the browser
by itself. Two waves: the first right after the server is healthy (cold: nothing imported,
nothing fitted), the second on the same, now warm, server. Per session: seconds from its
navigation start to the first verdicts in the DOM (the same reader and hook as
`app_timing.py`: the `st-key-verdicts` container on the landing page, else the target page's
results; polled every 20 ms, as background pages get no animation frames). The server's
resident memory is sampled every 0.1 s; the peak is reported.
Goal: every session's verdicts within 5 s, server memory ≤ 1.5 GB. The browser
runs on the same 2 cores as the server, so its share is included; to tell the two apart, the
same waves are first run against the bare app (`bare_app.py`, the floor of app_timing.py).

Then the server alone: the same two waves of `--sessions` websocket clients (no browser), each
speaking Streamlit's protocol as the page does (`/_stcore/stream`, one BackMsg asking for a run
of the landing page), timed from its connection to the message that carries the verdict cards
(for the floor: the echo), on fresh servers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from benchmarks import app_timing as timing  # the page script and the verdict reader
from benchmarks.common import RESULTS, write
from tests.harness import APP, CHROMIUM, CHROMIUM_ARGS, AppServer, launch_chromium, status_kb

GOAL_S, GOAL_MB = 5.0, 1536


class PeakRss(threading.Thread):
    """Samples a process's RSS every 0.1 s until stopped; `peak` in MB."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stopped = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, status_kb(self.pid, "VmRSS") / 1024)
            time.sleep(0.1)


async def session(browser, url: str, labels) -> float:
    context = await browser.new_context(viewport={"width": 1600, "height": 1200})
    await context.add_init_script(timing.PAGE_SCRIPT)
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="commit", timeout=timing.TIMEOUT_MS)
        # Every 20 ms, not on animation frames: Chromium gives frames only to the page in front.
        handle = await page.wait_for_function(timing.VISIBLE, arg=labels,
                                              polling=20, timeout=timing.TIMEOUT_MS)
        return await handle.json_value() / 1000
    finally:
        await context.close()


async def waves(url: str, sessions: int, labels) -> list[tuple[list[float], float]]:
    from playwright.async_api import async_playwright

    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=CHROMIUM_ARGS)
        try:
            for _ in ("cold", "warm"):
                start = time.perf_counter()
                times = await asyncio.gather(*(session(browser, url, labels)
                                               for _ in range(sessions)))
                results.append((list(times), time.perf_counter() - start))
        finally:
            await browser.close()
    return results


async def ws_session(url: str, marker: str) -> float:
    """One websocket client: seconds from connecting to the first markdown holding `marker`."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as socket:
        request = BackMsg()
        request.rerun_script.query_string = ""
        await socket.send(request.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(socket.recv(),
                                                           timing.TIMEOUT_MS / 1000))
            if message.WhichOneof("type") == "script_finished":
                raise RuntimeError(f"the run finished without {marker!r}")
            element = message.delta.new_element
            if element.WhichOneof("type") == "markdown" and marker in element.markdown.body:
                return time.perf_counter() - start


async def ws_waves(url: str, sessions: int, marker: str) -> list[tuple[list[float], float]]:
    results = []
    for _ in ("cold", "warm"):
        start = time.perf_counter()
        times = await asyncio.gather(*(ws_session(url, marker) for _ in range(sessions)))
        results.append((list(times), time.perf_counter() - start))
    return results


def wave_lines(label: str, results, floor) -> list[str]:
    """Per wave: the product's times to verdicts against the goal, and the floor's."""
    lines = []
    for name, (times, wall), (bare, bare_wall) in zip(("cold server", "warm server"), results,
                                                      floor):
        worst = max(times)
        lines.append(f"{name}: time to verdicts per session {statistics.median(times):.2f} s "
                     f"median, {min(times):.2f}–{worst:.2f} s; all {len(times)} done in "
                     f"{wall:.2f} s; goal every session ≤ {GOAL_S:g} s: "
                     + ("met" if worst <= GOAL_S else "MISSED"))
        lines.append("  per session: " + ", ".join(f"{t:.2f}" for t in sorted(times)))
        lines.append(f"  floor (bare app, {len(bare)} sessions at once, {label}): "
                     f"{statistics.median(bare):.2f} s median, {min(bare):.2f}–{max(bare):.2f} s;"
                     f" all done in {bare_wall:.2f} s; ratio of medians "
                     f"{statistics.median(times) / statistics.median(bare):.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--output", default=str(RESULTS / "concurrency_app.txt"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    lines = timing.header()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                landing = timing.probe_landing(browser, folder)
            finally:
                browser.close()
        path = "/" if landing else "/targets"
        lines.append(f"{args.sessions} browser contexts at once on 127.0.0.1, verdicts on {path}"
                     + ("" if landing else " (no verdicts hook on the landing page yet)"))
        with AppServer(folder, timing.BARE) as server:  # the floor, same browser waves
            floor = asyncio.run(waves(server.url + "/", args.sessions, timing.ECHO_LABELS))
        with AppServer(folder, APP) as server:
            idle = server.rss_mb()
            sampler = PeakRss(server.process.pid)
            sampler.start()
            results = asyncio.run(waves(server.url + path, args.sessions, timing.VERDICT_LABELS))
            sampler.stopped.set()
            sampler.join()
            end = server.rss_mb()
    lines += wave_lines("same browser", results, floor)
    lines.append(f"server RSS: {idle:.0f} MB when healthy, peak {sampler.peak:.0f} MB, "
                 f"{end:.0f} MB at the end; goal ≤ {GOAL_MB} MB: "
                 + ("met" if sampler.peak <= GOAL_MB else "MISSED"))
    with tempfile.TemporaryDirectory() as tmp:  # the server alone: websocket clients
        folder = Path(tmp)
        with AppServer(folder, timing.BARE) as server:
            ws_floor = asyncio.run(ws_waves(server.url.replace("http", "ws") + "/_stcore/stream",
                                            args.sessions, "echo:"))
        with AppServer(folder, APP) as server:
            ws_results = asyncio.run(ws_waves(
                server.url.replace("http", "ws") + "/_stcore/stream", args.sessions,
                'data-kt="badge"'))
    lines.append(f"{args.sessions} websocket clients at once on 127.0.0.1 (the server alone, "
                 "no browser), verdict cards on /")
    lines += wave_lines("websocket clients", ws_results, ws_floor)
    lines.append(f"load at the end: {os.getloadavg()[0]:.1f}")
    print(write(args.output, lines))


if __name__ == "__main__":
    main()
