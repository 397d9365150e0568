"""Several users on two app servers sharing one PostgreSQL: is an action ever lost or applied
to a scenario nobody chose? (the page-level twin of concurrency_storage.py)

    .venv/bin/python -m benchmarks.concurrency_pages [--sessions 4] [--actions 20]
        [--output benchmarks/results/concurrency_pages.txt]

Bounded and local: a throwaway PostgreSQL on 127.0.0.1 (tests/data/databases.py, stopped at
the end), two `streamlit run streamlit_app.py` processes on it (127.0.0.1, free ports), and
SESSIONS headless Debian Chromium sessions (one process each, half on each server, fixed
seeds) doing ACTIONS actions each on the Scenarios page, as a user would: read the list, pick
a scenario by name, think 0-1.5 s (meanwhile the others act), then save a new scenario,
rename, duplicate or delete the pick (half the deletes followed by Undo). Every outcome the
page shows is recorded: the success message, or the refusal (the pick changed or vanished,
or storage refused the action as stale).

What the database really did is recorded independently by a PostgreSQL trigger on the items
table (every insert and update: id, old and new name, version, deleted flag, content hash),
so the check does not trust the app. Every name used is new, so a name identifies one item.
- wrongly applied: a change in the database that no success message announced (e.g. the
  rename of an item other than the one picked, or from a version the user never saw), a
  duplicate whose content is not the picked item's at the version seen, or a change that did
  not move its item exactly one version up;
- lost: a success message with no matching change in the database.
Goal: 0 and 0.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from benchmarks.common import RESULTS, engine_state, locale, machine, write
from tests.harness import AppServer, launch_chromium, settle

SEEDS = 5  # scenarios at the start; duplicates and deletes keep the list between 2 and 9
TIMEOUT_MS = 30_000
NAME_COLUMN, VERSION_COLUMN = "Tên kịch bản", "Phiên bản"

AUDIT = """
CREATE TABLE audit (
    seq bigserial PRIMARY KEY, op text, id text, old_name text, new_name text,
    old_version int, new_version int, old_deleted bool, new_deleted bool,
    old_content text, new_content text);
CREATE FUNCTION audit_items() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit (op, id, new_name, new_version, new_deleted, new_content)
    VALUES ('insert', NEW.id, NEW.name, NEW.version, NEW.deleted_at IS NOT NULL,
            md5(NEW.payload));
  ELSE
    INSERT INTO audit (op, id, old_name, new_name, old_version, new_version, old_deleted,
                       new_deleted, old_content, new_content)
    VALUES ('update', NEW.id, OLD.name, NEW.name, OLD.version, NEW.version,
            OLD.deleted_at IS NOT NULL, NEW.deleted_at IS NOT NULL, md5(OLD.payload),
            md5(NEW.payload));
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_items AFTER INSERT OR UPDATE ON items
    FOR EACH ROW EXECUTE FUNCTION audit_items();
"""


def seed(url: str) -> None:
    """The schema, the audit trigger, then SEEDS scenarios of the built-in Đắk Lắk targets,
    each with a different first target."""
    from sqlalchemy import text

    from modules.data.dataset import load_builtin
    from modules.data.storage import Store
    from modules.planning.scenarios import KIND, Scenario
    from modules.planning.targets import default_target_year, default_targets

    store, data = Store(url), load_builtin("daklak")
    store.migrate()
    with store.engine.begin() as connection:
        connection.execute(text(AUDIT))
    year = default_target_year(data)
    for i in range(SEEDS):
        table = default_targets(data, year).copy()
        table.loc[table.index[0], "target"] = float(table["target"].iloc[0] or 100) + i
        scenario = Scenario.from_table(f"seed-{i}", "daklak", year, "auto", table)
        store.create(KIND, scenario.name, scenario.to_payload(), author="seed")


ARM = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  window.__ran = false;
  if (window.__watch) window.__watch.disconnect();
  window.__watch = new MutationObserver(() => {
    if (app.dataset.testScriptState === 'running') window.__ran = true; });
  window.__watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def rerun(page, action) -> None:
    """Do `action` and wait for the run it triggers to finish (settle alone can return before
    that run has started)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(ARM)
    action()
    try:
        page.wait_for_function("() => window.__ran", timeout=10_000)
    except PlaywrightTimeout:
        pass  # nothing to run (e.g. a disabled button)
    settle(page)


def listed(page) -> dict[str, int]:
    """{name: version} as the scenarios table (an st.table) shows them."""
    from tests.e2e.conftest import text_table_rows

    rows = text_table_rows(page, NAME_COLUMN)
    return {row[NAME_COLUMN]: int(row[VERSION_COLUMN]) for row in rows}


def alerts(page) -> list[tuple[str, str]]:
    found = []
    for kind in ("Success", "Error", "Warning"):
        for text in page.get_by_test_id(f"stAlertContent{kind}").all_inner_texts():
            found.append((kind.lower(), text.strip()))
    return found


def act(page, n: int, rng: random.Random, index: int, scen: dict, log: list) -> None:
    """One user action, appended to `log` with what the page said."""
    names = listed(page)
    op = choose(rng, len(names))
    new_name = f"s{index}-{n}"
    record = {"session": index, "n": n, "op": op, "new": new_name}
    if op == "save":
        form = page.get_by_test_id("stForm")
        form.get_by_role("textbox", name=scen["name"]).fill(new_name)
        time.sleep(rng.uniform(0, 1.5))
        rerun(page, form.get_by_role("button", name=scen["save"]).click)
    else:
        picked = rng.choice(sorted(names))
        record.update(picked=picked, seen=names[picked])
        box = page.get_by_role("combobox", name=scen["pick"])
        if box.input_value() != picked:  # (a scenario just renamed stays picked)
            box.click()  # opens the options; typing filters them
            box.fill(picked)
            rerun(page, page.get_by_role("option", name=picked, exact=True).click)
        popover = page.get_by_test_id("stPopover").filter(
            has_text={"rename": scen["rename"], "duplicate": scen["duplicate"],
                      "delete": scen["delete"]}[op])
        if popover.count() == 0:  # the pick was refused on reload (changed or gone)
            record.update(outcome="refused", at="pick", shown=alerts(page))
            log.append(record)
            return
        time.sleep(rng.uniform(0, 1.5))  # the user thinks; the others act meanwhile
        popover.get_by_role("button").first.click()
        body = page.get_by_test_id("stPopoverBody")
        if op == "delete":
            rerun(page, body.get_by_test_id("stCheckbox").locator("label").click)
        else:
            field = body.get_by_role("textbox", name=scen["new_name"])
            field.fill(new_name)
            rerun(page, lambda: field.press("Enter"))
        button = page.get_by_test_id("stPopoverBody").get_by_role(
            "button", name=scen[op], exact=True)
        if button.count() == 0 and popover.count() and not alerts(page):
            # The popover closed on that run (its place moved as the list grew): the user opens
            # it again; what was typed or ticked is kept.
            popover.get_by_role("button").first.click()
            button.wait_for(timeout=5_000)
        if button.count() == 0 or not button.is_enabled():
            record.update(outcome="refused", at="confirm", shown=alerts(page))  # pick dropped
            page.keyboard.press("Escape")
            log.append(record)
            settle(page)
            return
        rerun(page, button.click)
    shown = alerts(page)
    record.update(outcome="applied" if any(k == "success" for k, _ in shown)
                  else "refused", shown=shown, at="click")
    log.append(record)
    if op == "delete" and record["outcome"] == "applied" and rng.random() < 0.5:
        undo(page, rng, scen, record, log)


def choose(rng: random.Random, listed_count: int) -> str:
    """The action: one of save, rename, duplicate, delete; the list kept between 2 and 9."""
    op = rng.choice(["save", "rename", "duplicate", "delete", "rename", "duplicate",
                     "delete"])
    if listed_count >= 9 and op in ("save", "duplicate"):
        op = "delete"
    if listed_count <= 2 and op == "delete":
        op = "duplicate"
    return op


def undo(page, rng: random.Random, scen: dict, deleted: dict, log: list) -> None:
    """Undo the delete `deleted` (a record of `act`) after a pause; appended to `log`."""
    time.sleep(rng.uniform(0, 1.0))
    rerun(page, page.get_by_role("button", name=scen["undo"]).click)
    shown = alerts(page)
    log.append({"session": deleted["session"], "n": deleted["n"], "op": "restore",
                "picked": deleted["picked"], "seen": deleted["seen"] + 1, "shown": shown,
                "outcome": "applied" if any(k == "success" for k, _ in shown)
                else "refused"})


def session(args) -> list[dict]:
    """One user in one browser: ACTIONS actions on the Scenarios page, each recorded."""
    from playwright.sync_api import sync_playwright

    base, index, actions = args
    rng, log, vi = random.Random(4200 + index), [], locale("vi")
    scen = vi["scen"]
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 2400})
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(base + "/scenarios")
        settle(page)
        for n in range(actions):
            try:
                act(page, n, rng, index, scen, log)
            except Exception as exc:  # the harness, not the app: recorded, page reloaded
                page.screenshot(path=f"{tempfile.gettempdir()}/khathi-pages-{index}-{n}.png")
                log.append({"session": index, "n": n, "op": "harness", "outcome": "harness",
                            "shown": [("harness", str(exc).splitlines()[0])]})
                print(f"session {index} action {n}: {exc}", file=sys.stderr)
                page.goto(base + "/scenarios")
                settle(page)
        browser.close()
    return log


def audit(url: str) -> list:
    from sqlalchemy import text

    from modules.data.storage import Store

    with Store(url).engine.connect() as connection:
        return connection.execute(text("SELECT * FROM audit ORDER BY seq")).all()


def check(rows: list, logs: list[dict]) -> dict:
    """Match every success message with one database change, and every change with one
    success message; see the module docstring."""
    seeded = [r for r in rows if r.op == "insert" and r.new_name.startswith("seed-")]
    changes = [r for r in rows if r not in seeded]
    content = {}  # (name, version) -> content hash, from the database's own history
    for r in rows:
        content[(r.new_name, r.new_version)] = r.new_content
    wrong, lost = [], []
    said = announced(logs)
    done = made(changes, wrong)
    for key in (done - said):
        wrong.append(("changed in the database, no success message", key))
    for key in (said - done):
        lost.append(("success message, no change in the database", key))
    for record in logs:  # a duplicate holds the picked item's content at the version seen
        if record["op"] == "duplicate" and record["outcome"] == "applied":
            created = next((r for r in changes if r.op == "insert" and r.new_name == record["new"]),
                        None)
            source = content.get((record["picked"], record["seen"]))
            if created is not None and source is not None and created.new_content != source:
                wrong.append(("duplicate of other content", record))
    return {"wrong": wrong, "lost": lost, "seeded": len(seeded), "changes": len(changes)}


def announced(logs: list[dict]) -> Counter:
    """The changes the success messages announced: (op, name, old name, old version) -> count."""
    said = Counter()
    for record in logs:
        if record["outcome"] != "applied":
            continue
        op = record["op"]
        if op == "save":
            said[("insert", record["new"], None, None)] += 1
        elif op == "duplicate":
            said[("insert", record["new"], None, None)] += 1
        elif op == "rename":
            said[("rename", record["new"], record["picked"], record["seen"])] += 1
        elif op == "delete":
            said[("delete", record["picked"], record["picked"], record["seen"])] += 1
        else:
            said[("restore", record["picked"], record["picked"], record["seen"])] += 1
    return said


def made(changes: list, wrong: list) -> Counter:
    """The changes the audit table recorded, keyed as `announced` keys them; a new item not at
    version 1 or a change not one version up is added to `wrong`."""
    done = Counter()
    for r in changes:
        if r.op == "insert":
            done[("insert", r.new_name, None, None)] += 1
            if r.new_version != 1:
                wrong.append(("new item not at version 1", r))
            continue
        if r.new_version != r.old_version + 1:
            wrong.append(("did not move one version up", r))
        if r.old_name != r.new_name:
            done[("rename", r.new_name, r.old_name, r.old_version)] += 1
        elif r.new_deleted and not r.old_deleted:
            done[("delete", r.old_name, r.old_name, r.old_version)] += 1
        elif r.old_deleted and not r.new_deleted:
            done[("restore", r.old_name, r.old_name, r.old_version)] += 1
        else:
            done[("other", r.new_name, r.old_name, r.old_version)] += 1
    return done


def run(sessions: int, actions: int) -> list[str]:
    from tests.data.databases import start_postgres

    started = time.monotonic()
    load_start = os.getloadavg()
    url, stop_postgres = start_postgres()
    servers = []
    try:
        seed(url)
        folder = Path(tempfile.mkdtemp(prefix="khathi-pages-"))
        servers = [AppServer(folder, env={"KHATHI_DATABASE_URL": url}) for _ in range(2)]
        for server in servers:
            server.start()
        jobs = [(servers[i % 2].url, i, actions) for i in range(sessions)]
        with multiprocessing.get_context("spawn").Pool(sessions) as pool:
            logs = [r for log in pool.map(session, jobs) for r in log]
        rows = audit(url)
        result = check(rows, logs)
        log_path = Path(tempfile.gettempdir()) / "khathi-pages-log.json"
        log_path.write_text(json.dumps(logs, ensure_ascii=False, indent=1), encoding="utf-8")
        # The check can fail: hide one success message, then one database change.
        first = next((i for i, r in enumerate(logs) if r["outcome"] == "applied"), None)
        hidden = [{**r, "outcome": "refused"} if i == first else r for i, r in enumerate(logs)]
        sensitivity = (len(check(rows, hidden)["wrong"]) if first is not None else "-",
                       len(check([r for r in rows if r.seq != rows[-1].seq], logs)["lost"])
                       if rows else "-")
    finally:
        for server in servers:
            server.stop()
        stop_postgres()
    wall = time.monotonic() - started
    by_op = Counter((r["op"], r["outcome"]) for r in logs)
    ops = ["save", "rename", "duplicate", "delete", "restore"]
    refusals = Counter(re.sub(r"“[^”]*”", "“…”", text) for r in logs
                       if r["outcome"] == "refused" for kind, text in r["shown"]
                       if kind != "success")
    silent = sum(r["outcome"] == "refused" and not r["shown"] for r in logs)
    lines = [
        "# Two app servers, one PostgreSQL, several browser sessions on the Scenarios page",
        f"# {datetime.now():%Y-%m-%d %H:%M} on {machine()}; {engine_state()}; load average "
        f"{load_start[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end",
        "",
        f"{sessions} Chromium sessions (half on each server) x {actions} actions (+ undos), "
        f"{SEEDS} seeded scenarios",
        f"attempted          {len(logs)}",
        f"applied            {sum(r['outcome'] == 'applied' for r in logs)}",
        f"refused            {sum(r['outcome'] == 'refused' for r in logs)}  (the pick changed "
        f"or vanished, or storage refused a stale action); without a message: {silent}",
        f"lost               {len(result['lost'])}",
        f"wrongly applied    {len(result['wrong'])}",
        f"harness errors     {sum(r['outcome'] == 'harness' for r in logs)}  (the script, not "
        "the app: an element not found in 30 s; the page is reloaded)",
        f"tracebacks shown   {sum(kind == 'exception' for r in logs for kind, _ in r['shown'])}",
        f"database changes   {result['changes']} (audit trigger), after {result['seeded']} seeds",
        f"check's own test   one success message hidden → {sensitivity[0]} wrongly applied; "
        f"one database change hidden → {sensitivity[1]} lost",
        f"wall time          {wall:.0f} s",
        "per action         " + ", ".join(
            f"{op} {by_op[(op, 'applied')]}/{by_op[(op, 'applied')] + by_op[(op, 'refused')]}"
            for op in ops) + "  (applied/attempted)",
        "refusal messages:",
        *(f"  {n:3d} × {text}" for text, n in refusals.most_common()),
    ]
    for label, found in (("LOST", result["lost"]), ("WRONG", result["wrong"])):
        lines += [f"{label}: {item}" for item in found[:20]]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--output", default=str(RESULTS / "concurrency_pages.txt"))
    args = parser.parse_args()
    print(write(args.output, run(args.sessions, args.actions)))


if __name__ == "__main__":
    main()
