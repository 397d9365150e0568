"""How fast the app answers, in a real headless Chromium, beside a bare Streamlit app (the floor).

    .venv/bin/python -m benchmarks.app_timing [--cold 5] [--warm 7] [--edits 21]
        [--switches N] [--no-profile] [--output benchmarks/results/app_timing.txt]

Rows of the speed table, each measured for the product and, where it has a counterpart, for the
floor (`benchmarks/bare_app.py`: a text input echoed by `st.markdown`, plus the product's
pandas and altair imports) in the same run, so the ratios survive a noisy machine:

- cold server, first verdicts visible: a fresh `streamlit run`; once `/_stcore/health` says ok,
  a new browser context navigates; timer from navigation start (the page's own clock,
  `performance.now()`) to the first verdict text in the DOM. Also given: from launching the
  server. Repeated `--cold` times, each with a new server.
- warm server, new session: the same on the last cold server, in a new browser context each time.
- target edit → updated verdict: on the target page, the retail target box is typed into
  `--edits` times (a different value each time); timer from the keydown of the Enter that
  commits the edit (a capturing listener in the page) to the first change of the verdicts' text
  in the DOM. The floor: typing into its text input, Enter → the echo changes.
- switch model / target year → new results: from the pointerdown on the option to the first
  change of the verdicts' text; the progress texts seen meanwhile (spinners, status, toasts)
  are listed (`--switches N`: the first N switches only).

**Where the verdicts are** (a stable hook, no `data-testid` of ours): an element with the DOM
class `st-key-verdicts`, which Streamlit gives to `st.container(key="verdicts")`; "verdicts
visible" means that element's text contains a verdict label (read from the locale files). The
run first probes whether the landing page (`/`) has that hook; if not, the first verdicts are
timed on `/targets`, where, without the hook, the verdicts are the results `st.dataframe`
(its accessible grid's cells hold the verdict labels). The report says which was used.

The profile (skipped with `--no-profile`): import times (`python -X importtime`), one target
page run and an edit rerun in AppTest (server script time, no browser) with the functions that
take the time, projection fitting per model, chart building, and the browser's share (browser
edit latency minus the server's script time). Needs Debian's /usr/bin/chromium and the test
extras (playwright); never `playwright install`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import RESULTS, ROOT, command, engine_state, locale, log, machine
from tests.harness import APP, CHROMIUM, AppServer, launch_chromium

BARE = "benchmarks/bare_app.py"
HOOK = ".st-key-verdicts"
TIMEOUT_MS = 400_000  # ARIMA on the national series once took minutes
GOALS = {"edit_s": 0.25, "switch_s": 0.6, "cold_ratio": 1.5, "warm_ratio": 1.5, "edit_ratio": 2.0}

# Installed in every page before its scripts: the Enter/pointerdown clock, the verdict reader
# and the progress collector. Times are the page's performance.now() (ms since navigation).
PAGE_SCRIPT = """
window.__bench = {armed: null, t0: null, seen: new Set()};
for (const type of ['keydown', 'pointerdown']) {
  window.addEventListener(type, event => {
    const b = window.__bench;
    if (b.armed === type && (type !== 'keydown' || event.key === 'Enter')) {
      b.t0 = performance.now(); b.armed = null;
    }
  }, true);
}
window.__region = ([labels, headers]) => {
  const hook = document.querySelector('%(hook)s');
  if (hook) return hook.innerText;
  const frames = [...document.querySelectorAll('[data-testid=stDataFrame]')].filter(frame =>
    [...frame.querySelectorAll('th[role=columnheader]')].some(
      th => headers.includes(th.textContent.trim())));
  return frames.length ? frames.map(frame => frame.textContent).join('|') : null;
};
window.__verdicts = ([labels, headers]) => {
  const text = window.__region([labels, headers]);
  return text !== null && labels.some(label => text.includes(label)) ? text : null;
};
window.__progress = () => {
  for (const el of document.querySelectorAll('[data-testid=stSpinner], [data-testid=stProgress],'
      + ' [data-testid=stStatusWidget], [data-testid=stToast], [data-testid=stStatus]')) {
    const text = el.innerText.trim().replace(/\\s+/g, ' ');
    if (text) window.__bench.seen.add(el.dataset.testid + ': ' + text.slice(0, 80));
  }
};
""" % {"hook": HOOK}
VISIBLE = ("what => { window.__progress(); "
           "return window.__verdicts(what) !== null ? performance.now() : false; }")
CHANGED = ("([what, before]) => { window.__progress(); const now = window.__region(what); "
           "return now !== null && now !== before ? performance.now() : false; }")
SETTLED = ("() => { const app = document.querySelector('[data-testid=stApp]'); "
           "return app && app.dataset.testScriptState === 'notRunning' "
           "&& !document.querySelector('[data-testid=stSkeleton]') "
           "&& !document.querySelector('[data-testid=stSpinner]') ? performance.now() : false; }")


VI, EN = locale("vi"), locale("en")
# What the reader looks for: [labels meaning "verdicts are there", headers of the results table
# (used only without the hook)].
VERDICT_LABELS = [sorted(set(VI["verdict"].values()) | set(EN["verdict"].values())),
                  sorted({VI["targets"]["col_verdict"], EN["targets"]["col_verdict"]})]
ECHO_LABELS = [["echo:"], []]


# --- the page ------------------------------------------------------------------------------
def new_page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1200})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(PAGE_SCRIPT)
    return context, context.new_page()


def wait(page, script: str, arg=None) -> float:
    """Poll `script` on every animation frame until it returns a time; that time, in ms."""
    return page.wait_for_function(script, arg=arg, polling="raf", timeout=TIMEOUT_MS).json_value()


def region(page, what) -> str | None:
    return page.evaluate("what => window.__region(what)", what)


def first_verdicts(browser, url: str, labels) -> tuple[float, float]:
    """Seconds from navigation start to the first verdicts in the DOM, and to the page settled."""
    context, page = new_page(browser)
    try:
        page.goto(url, wait_until="commit")
        visible = wait(page, VISIBLE, labels)
        settled = wait(page, SETTLED)
        return visible / 1000, max(settled, visible) / 1000
    finally:
        context.close()


def timed_change(page, labels, action, arm: str) -> tuple[float, float, list[str]]:
    """Run `action`, which ends with the keydown/pointerdown to time (armed just before it
    by the action itself via `arm_clock`); seconds to the verdicts' change and to settled,
    and the progress texts seen meanwhile."""
    before = region(page, labels)
    page.evaluate("() => { window.__bench.seen = new Set(); window.__bench.t0 = null; }")
    action()
    changed = wait(page, CHANGED, [labels, before])
    settled = wait(page, SETTLED)
    t0, seen = page.evaluate("() => [window.__bench.t0, [...window.__bench.seen]]")
    if t0 is None:
        raise RuntimeError(f"the {arm} to time was not seen")
    return (changed - t0) / 1000, (max(settled, changed) - t0) / 1000, seen


def arm_clock(page, event: str) -> None:
    page.evaluate("event => { window.__bench.armed = event; }", event)


def type_target(page, indicator_name: str, text: str) -> None:
    """Type `text` into the target box of `indicator_name`'s row (a text input labelled
    "Mục tiêu (unit)"), arm the clock, and commit it with the timed Enter."""
    row = (page.locator("[data-testid=stHorizontalBlock]").filter(has_text=indicator_name)
           .filter(has=page.locator("[data-testid=stTextInput]")))
    box = row.get_by_label(re.compile("^" + re.escape(VI["targets"]["col_target"])))
    box.scroll_into_view_if_needed()
    box.fill(text)
    arm_clock(page, "keydown")
    box.press("Enter")


def choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    # a model the data cannot serve everywhere says so after its name: match the name's start
    target = page.get_by_role("option", name=re.compile("^" + re.escape(option))).first
    target.wait_for(state="visible")
    arm_clock(page, "pointerdown")
    target.click()


# --- the runs ------------------------------------------------------------------------------
def probe_landing(browser, folder: Path) -> bool:
    """Whether the landing page shows the verdicts in the `st-key-verdicts` hook."""
    with AppServer(folder) as server:
        context, page = new_page(browser)
        try:
            page.goto(server.url + "/", wait_until="commit")
            page.wait_for_selector("[data-testid=stApp]")
            wait(page, SETTLED)
            page.wait_for_timeout(500)
            wait(page, SETTLED)
            return page.evaluate("([hook, labels]) => { const el = document.querySelector(hook);"
                                 " return !!el && labels.some(l => el.innerText.includes(l)); }",
                                 [HOOK, VERDICT_LABELS[0]])
        finally:
            context.close()


def cold_and_warm(browser, folder: Path, script: str, path: str, labels, cold: int, warm: int):
    """`cold` fresh servers, one first session each; then `warm` new sessions on the last one.
    Returns lists of (navigation→visible, launch→visible, healthy) and navigation→visible, and
    the last server, still running (the caller's `with`)."""
    colds, warms = [], []
    for i in range(cold):
        server = AppServer(folder, script)
        server.start()
        try:
            visible, _ = first_verdicts(browser, server.url + path, labels)
            colds.append((visible, time.perf_counter() - server.launched, server.healthy_s))
            if i == cold - 1:
                for _ in range(warm):
                    warms.append(first_verdicts(browser, server.url + path, labels)[0])
                return colds, warms, server
        except BaseException:
            server.stop()
            raise
        server.stop()


def product_session(browser, server, edits: int, switches: int | None = None):
    """Edits of the retail target, then model and target-year switches (the first
    `switches`, default all), in one session."""
    from modules.data.catalogue import indicator
    from modules.data.dataset import builtin_catalogue
    from modules.text.fmt import number

    context, page = new_page(browser)
    try:
        page.goto(server.url + "/targets", wait_until="commit")
        wait(page, VISIBLE, VERDICT_LABELS)
        wait(page, SETTLED)
        retail = indicator("retail_sales").name("vi")
        edit_times, edit_settled = [], []
        for i in range(edits):
            value = number(80_000 + 2_000 * i, "vi", 0)

            def action(value=value):
                type_target(page, retail, value)
            changed, settled, _ = timed_change(page, VERDICT_LABELS, action, "Enter")
            edit_times.append(changed)
            log(f"edit {i + 1}: {changed:.2f} s")
            edit_settled.append(settled)
        model, year = VI["app"]["model"], VI["targets"]["target_year"]
        # Đắk Lắk's series are short: only these models fit its target indicators; the
        # national series are long enough for the statsmodels models (ARIMA is the slow one).
        plan = [*((f"model → {name}", model, VI["model"][name])
                  for name in ("drift", "loglinear", "naive", "auto")),
                *((f"target year → {option}", year, option) for option in ("2023", "2024", "2022")),
                ("dataset → vietnam", VI["app"]["dataset"],
                 builtin_catalogue()["vietnam"]["name_vi"]),
                *((f"model → {name} (vietnam)", model, VI["model"][name])
                  for name in ("theta", "damped", "arima", "auto"))]
        timed = []
        for what, label, option in plan[:switches]:
            def action(label=label, option=option):
                choose(page, label, option)
            changed, settled, seen = timed_change(page, VERDICT_LABELS, action, "pointerdown")
            timed.append((what, changed, settled, seen))
            log(f"{what}: {changed:.2f} s")
        return edit_times, edit_settled, timed
    except Exception:
        page.screenshot(path=str(Path(tempfile.gettempdir()) / "app_timing-failure.png"),
                        full_page=True)
        raise
    finally:
        context.close()


def bare_session(browser, server, edits: int):
    context, page = new_page(browser)
    try:
        page.goto(server.url + "/", wait_until="commit")
        wait(page, VISIBLE, ECHO_LABELS)
        wait(page, SETTLED)
        field = page.get_by_label("Mục tiêu")
        times = []
        for i in range(edits):
            def action(i=i):
                field.fill(str(1000 + i))
                arm_clock(page, "keydown")
                field.press("Enter")
            times.append(timed_change(page, ECHO_LABELS, action, "Enter")[0])
        return times
    finally:
        context.close()


# --- the profile ---------------------------------------------------------------------------
def import_profile() -> list[str]:
    """`python -X importtime`: what importing the app's modules costs (self time summed by
    top-level package), and, apart, what the statsmodels models cost the first fit."""
    ui = sorted(f"modules.ui.{path.stem}" for path in (ROOT / "modules/ui").glob("*.py")
                if path.stem != "__init__")
    lines = []
    for what, code in (
            ("the app's modules (" + ", ".join(ui) + ", modules.reports.charts, "
             "modules.planning.targets)",
             "import streamlit, " + ", ".join(ui) + ", modules.reports.charts, "
             "modules.planning.targets"),
            ("statsmodels' models, on top of the app's modules (the first fit pays it)",
             "import streamlit, " + ", ".join(ui) + ", modules.reports.charts, "
             "modules.planning.targets; import time; t = time.perf_counter(); "
             "import statsmodels.tsa.forecasting.theta, statsmodels.tsa.exponential_smoothing.ets, "
             "statsmodels.tsa.arima.model; print(time.perf_counter() - t)")):
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT,
                                capture_output=True, text=True, check=True)
        if result.stdout.strip():
            lines.append(f"  {what}: {float(result.stdout.split()[-1]):5.2f} s")
            continue
        groups: dict[str, float] = {}
        for line in result.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
            if match:
                package = match.group(4).split(".")[0]
                groups[package] = groups.get(package, 0) + int(match.group(1)) / 1e6
        ranked = sorted(groups.items(), key=lambda item: -item[1])
        lines.append(f"  {what}: {sum(groups.values()):5.2f} s in a cold process; by package:")
        lines.append("    " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in ranked[:12]))
    return lines


def fit_profile() -> list[str]:
    """Projection fitting per model for the official targets' indicators of both built-in
    datasets (horizon 1, the page's reference), in a fresh process. ARIMA is left out on the
    national series: its time is the `model → arima (vietnam)` switch above."""
    script = """
import time, json
from modules.data.dataset import load_builtin
from modules.engine.projections import project
from modules.planning.targets import default_target_year, default_targets
out = []
start = time.perf_counter()
import statsmodels.tsa.api
out.append(["import statsmodels.tsa.api", "", time.perf_counter() - start])
for key, ref in (("daklak", "vietnam"), ("vietnam", None)):
    data = load_builtin(key)
    reference = load_builtin(ref) if ref else None
    ids = list(default_targets(data, default_target_year(data))["indicator"])
    for model in ("auto", "naive", "drift", "loglinear", "theta", "damped", "arima"):
        if model == "arima" and key == "vietnam":
            continue
        start = time.perf_counter()
        ok = sum(project(data, i, model, 1, reference).projection is not None for i in ids)
        out.append([f"{key}: {model}", f"{ok} of {len(ids)} fitted", time.perf_counter() - start])
print(json.dumps(out))
"""
    import json
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    return [f"  {what:<28} {seconds:6.2f} s  {note}"
            for what, note, seconds in json.loads(result.stdout.strip().splitlines()[-1])]


def chart_profile() -> list[str]:
    """One fan chart per target indicator of Đắk Lắk: building it, and its Vega-Lite spec with
    Altair's schema validation (what st.altair_chart does on every run) and without."""
    from modules.data.dataset import load_builtin
    from modules.engine.projections import project
    from modules.reports.charts import fan_chart

    data = load_builtin("daklak")
    outcomes = [project(data, i, "auto", 1) for i in data.indicators]
    build, spec, bare = [], [], []
    for outcome in outcomes:
        if outcome.projection is None:
            continue
        series = data.series(outcome.indicator)
        start = time.perf_counter()
        chart = fan_chart(series, outcome.projection, "vi", None, series.last_year + 1)
        built = time.perf_counter()
        chart.to_dict()
        validated = time.perf_counter()
        chart.to_dict(validate=False)
        build.append(built - start)
        spec.append(validated - built)
        bare.append(time.perf_counter() - validated)
    ms = lambda values: f"{statistics.median(values) * 1000:5.1f} ms"
    return [f"  fan chart (median of {len(build)}): build {ms(build)}, spec with validation "
            f"{ms(spec)}, without {ms(bare)}; the target page draws one per target on every run"]


def rerun_profile(repeats: int = 5) -> tuple[list[str], float]:
    """The target page in AppTest: first run, an edit's rerun (server script time only), and
    where an edit's rerun spends its time (cProfile in the script thread)."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    profiler, active = cProfile.Profile(), [False]
    original = script_runner.exec_func_with_error_handling

    def profiled(func, ctx):
        if not active[0]:
            return original(func, ctx)
        profiler.enable()
        try:
            return original(func, ctx)
        finally:
            profiler.disable()

    script_runner.exec_func_with_error_handling = profiled
    try:
        at = AppTest.from_file(str(ROOT / APP), default_timeout=300)
        start = time.perf_counter()
        at.run()
        landing = time.perf_counter() - start
        at.switch_page("modules/ui/pages/targets.py")
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        times = []
        for i in range(repeats + 1):  # the retail box (row 1), through its on_change
            [w for w in at.text_input if str(w.key).endswith(":target")][1].input(f"{91 + i}.000")
            active[0] = i == repeats
            start = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - start
            if i < repeats:
                times.append(elapsed)
    finally:
        script_runner.exec_func_with_error_handling = original
        active[0] = False
    rerun = statistics.median(times)
    stats = pstats.Stats(profiler)
    total = max(ct for (_, _, _, ct, _) in stats.stats.values())
    rows = {}
    for (path, _line, name), (_, _calls, _, cumulative, _) in stats.stats.items():
        where = path.split("site-packages/")[-1] if "site-packages/" in path else \
            path.split(str(ROOT) + "/")[-1]
        interesting = ("modules/" in where or where == APP or where.startswith(
            ("streamlit/elements", "altair/", "pandas/io/formats/style", "jsonschema/")))
        if interesting and cumulative >= 0.03 * total and name not in ("wrapper", "wrapped_func"):
            label = f"{where}:{name}"
            rows[label] = max(rows.get(label, 0), cumulative)
    lines = [f"  landing page first run (imports, store, charts): {landing:6.2f} s",
             f"  target page first run (fits, charts):             {first:6.2f} s",
             f"  edit rerun, median of {repeats} (the box's on_change and its run): {rerun:6.3f} s",
             f"  one edit rerun under cProfile: {total:5.2f} s in the script thread; "
             "cumulative time of the functions over 3% of it:"]
    for label, cumulative in sorted(rows.items(), key=lambda item: -item[1])[:18]:
        lines.append(f"    {cumulative:6.3f} s {100 * cumulative / total:4.0f}%  {label}")
    return lines, rerun


# --- the report ----------------------------------------------------------------------------
def summary(values: list[float]) -> str:
    return (f"{statistics.median(values):6.2f} s median ({min(values):.2f}–{max(values):.2f}, "
            f"n={len(values)})")


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def header() -> list[str]:
    return [f"# App timing, {time.strftime('%Y-%m-%d %H:%M')}, {machine()}, "
            f"load {os.getloadavg()[0]:.1f} at start; {engine_state()}",
            f"command: {command()}",
            f"browser: {CHROMIUM} (headless), timer in the page (performance.now())"]


def browser_rows(args) -> tuple[list[str], list[float]]:
    """The table: every row measured in Chromium, product and floor."""
    from playwright.sync_api import sync_playwright

    lines = header()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = launch_chromium(playwright)
        try:
            landing = probe_landing(browser, folder)
            path = "/" if landing else "/targets"
            lines.append(f"first verdicts timed on {path}: " + (
                f"the landing page has the `{HOOK}` hook" if landing else
                f"the landing page has no `{HOOK}` hook with verdicts; fallback: the target "
                "page's results table"))
            bare_cold, bare_warm, bare = cold_and_warm(browser, folder, BARE, "/", ECHO_LABELS,
                                                       args.cold, args.warm)
            with bare:
                bare_edits = bare_session(browser, bare, args.edits)
            app_cold, app_warm, app = cold_and_warm(browser, folder, APP, path, VERDICT_LABELS,
                                                    args.cold, args.warm)
            with app:
                app_edits, app_settled, switches = product_session(browser, app, args.edits,
                                                                   args.switches)
                app_rss = app.rss_mb()
        finally:
            browser.close()

    med = statistics.median
    cold_nav = [c[0] for c in app_cold]
    bare_nav = [c[0] for c in bare_cold]
    cold_ratio = med(cold_nav) / med(bare_nav)
    launch_ratio = med([c[1] for c in app_cold]) / med([c[1] for c in bare_cold])
    warm_ratio = med(app_warm) / med(bare_warm)
    edit_ratio = med(app_edits) / med(bare_edits)
    switch_times = [s[1] for s in switches]
    lines += [
        "",
        "## The table (product | floor = bare app, same run | ratio | goal)",
        "cold server, first verdicts, from navigation:",
        f"  product {summary(cold_nav)}",
        f"  floor   {summary(bare_nav)}",
        f"  ratio {cold_ratio:.2f} (goal ≤ {GOALS['cold_ratio']}: "
        f"{verdict(cold_ratio <= GOALS['cold_ratio'])})",
        f"cold server, first verdicts, from launching `streamlit run` (server healthy after "
        f"{med([c[2] for c in app_cold]):.2f} s; floor {med([c[2] for c in bare_cold]):.2f} s):",
        f"  product {summary([c[1] for c in app_cold])}",
        f"  floor   {summary([c[1] for c in bare_cold])}",
        f"  ratio {launch_ratio:.2f}",
        "warm server, new session, verdicts visible, from navigation:",
        f"  product {summary(app_warm)}",
        f"  floor   {summary(bare_warm)}",
        f"  ratio {warm_ratio:.2f} (goal ≤ {GOALS['warm_ratio']}: "
        f"{verdict(warm_ratio <= GOALS['warm_ratio'])})",
        "target edit → updated verdict, from the Enter:",
        f"  product {summary(app_edits)}  (page settled: {summary(app_settled).strip()})",
        f"  floor   {summary(bare_edits)}",
        f"  ratio {edit_ratio:.2f} (goal ≤ {GOALS['edit_ratio']}: "
        f"{verdict(edit_ratio <= GOALS['edit_ratio'])}); "
        f"absolute goal ≤ {GOALS['edit_s']} s: {verdict(med(app_edits) <= GOALS['edit_s'])}",
        "switch model or target year → new results, from the click "
        f"(goal ≤ {GOALS['switch_s']} s, "
        f"with progress in the user's language when longer):",
        f"  all switches {summary(switch_times)}; "
        f"{sum(t <= GOALS['switch_s'] for t in switch_times)} of {len(switch_times)} "
        "within the goal",
    ]
    for name, changed, settled, seen in switches:
        lines.append(f"  {name:<22} {changed:6.2f} s (settled {settled:6.2f} s)  progress seen: "
                     + ("; ".join(seen) if seen else "none"))
    lines.append(f"server memory after this session: {app_rss:.0f} MB RSS "
                 "(10 sessions at once: benchmarks/concurrency_app.py)")
    return lines, app_edits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold", type=int, default=5, help="fresh servers per app")
    parser.add_argument("--warm", type=int, default=7, help="new sessions on a warm server")
    parser.add_argument("--edits", type=int, default=21)
    parser.add_argument("--switches", type=int, default=None, choices=range(1, 13),
                        metavar="1..12",
                        help="only the first N model / year / dataset switches")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--profile-only", action="store_true",
                        help="redo only the profile section of an existing --output file")
    parser.add_argument("--output", default=str(RESULTS / "app_timing.txt"))
    args = parser.parse_args()
    if args.profile_only:
        kept = Path(args.output).read_text(encoding="utf-8").split("\n## Profile")[0].rstrip()
        lines = kept.splitlines()
        edit = re.search(r"target edit.*\n  product\s+([\d.]+) s median", kept)
        app_edits = [float(edit.group(1))] if edit else [float("nan")]
    else:
        lines, app_edits = browser_rows(args)
    if not args.no_profile:
        med = statistics.median
        lines += ["", "## Profile",
                  "imports (python -X importtime; self time summed by top-level package):"]
        lines += import_profile()
        lines.append("projection fitting (modules.engine.projections.project, cold process):")
        lines += fit_profile()
        lines.append("chart building (modules.reports.charts.fan_chart + Altair to_dict):")
        lines += chart_profile()
        lines.append("script runs in AppTest (server side only, no browser):")
        rerun_lines, rerun = rerun_profile()
        lines += rerun_lines
        lines.append(f"browser's share of an edit: {med(app_edits):.2f} s in Chromium − "
                     f"{rerun:.2f} s script time in AppTest ≈ {med(app_edits) - rerun:.2f} s "
                     "(rough: measured at different moments; AppTest reruns the whole page, "
                     "where a box's Enter reruns only the target page's fragment, whose "
                     "verdicts come first)")
    lines.append(f"load at the end: {os.getloadavg()[0]:.1f}")
    report = "\n".join(lines)
    print(report)
    Path(args.output).write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
