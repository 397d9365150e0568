"""Concurrent users on one database: are actions ever lost or applied to the wrong item?

    .venv/bin/python -m benchmarks.concurrency_storage [--engine postgresql|sqlite|both]
        [--workers 6] [--actions 150] [--rows 195000]
        [--output benchmarks/results/concurrency_storage.txt]

Starts a throwaway PostgreSQL on 127.0.0.1 (the storage tests' helper, tests/data/databases.py;
stopped at the end) and/or a SQLite file, seeds 6 scenarios, then runs `--workers` processes
(each its own Store, as separate app processes would have) doing `--actions` actions each,
with fixed seeds. An action is what a user does on the Scenarios page: list the scenarios
(metadata only), pick one, think for 0-20 ms (meanwhile others act), then overwrite, rename,
duplicate, delete (half the time followed by undo) or create, always with the Ref (id +
version) of what was listed. Every outcome is recorded: applied (with the new version) or
refused (StaleEdit, NameTaken).

Afterwards every item's recorded history is replayed and compared with the database:
- wrongly applied: an applied action whose result is on another item, or that did not move
  the item exactly one version up from the version the user saw, or two applied actions
  starting from the same (item, version) (one would have overwritten the other unseen), or
  a duplicate whose content is not that of the version the user saw;
- lost: an item whose final name, content, deleted flag or version differs from the replay
  of its applied actions, or a version chain with a gap (a change nobody was told about).
Goal: 0 and 0. The UI-level version (two Streamlit servers, browser sessions) is not done here.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import tempfile
import time
from collections import Counter, defaultdict

from benchmarks.common import RESULTS, engine_state, machine, write

SEED_ITEMS = 6
KIND = "scenario"


def worker(args) -> list[dict]:
    """One app process: `actions` user actions, each recorded with its outcome."""
    from modules.data.storage import Store

    url, index, actions = args
    store, rng, log = Store(url), random.Random(1000 + index), []
    for n in range(actions):
        entries = store.entries(KIND)
        op = choose(rng, entries)
        picked = rng.choice(entries) if op != "create" else None
        time.sleep(rng.uniform(0, 0.02))  # the user thinks; others act meanwhile
        marker, name = f"w{index}-{n}", f"s-w{index}-{n}"
        record = {"op": op, "worker": index, "n": n, "marker": marker,
                  "id": picked.id if picked else None,
                  "from": picked.version if picked else None}
        result = perform(store, op, picked, name, marker, record)
        log.append(record)
        if op == "delete" and record["outcome"] == "applied" and rng.random() < 0.5:
            log.append(undo(store, result, record))
    return log


def choose(rng: random.Random, entries: list) -> str:
    """The action: overwrite (twice as likely), rename, duplicate, delete or create; create
    when nothing is listed, delete when over three times the seeded items are."""
    op = rng.choice(["overwrite", "overwrite", "rename", "duplicate", "delete", "create"])
    if op != "create" and not entries:
        op = "create"
    if op == "create" and len(entries) > 3 * SEED_ITEMS:
        op = "delete"
    return op


def attempt(action, record: dict):
    """Run `action()` (a storage call returning an entry) and put its outcome into `record`:
    applied (with the new id and version), stale or name_taken. Returns the entry, None when
    refused."""
    from modules.data.storage import NameTaken, StaleEdit

    try:
        result = action()
    except StaleEdit:
        record.update(outcome="stale")
    except NameTaken:
        record.update(outcome="name_taken")
    else:
        record.update(outcome="applied", result_id=result.id, to=result.version)
        return result
    return None


def perform(store, op: str, picked, name: str, marker: str, record: dict):
    """Do `op` on the item `picked` (an entry, None for create) with the Ref listed; the
    outcome goes into `record`. Returns the changed entry, None when refused."""
    payload = {"marker": marker, "year": 2022}
    if op in ("create", "rename", "duplicate"):
        record.update(name=name)
    return attempt({
        "create": lambda: store.create(KIND, name, payload),
        "overwrite": lambda: store.overwrite(picked.ref, payload),
        "rename": lambda: store.rename(picked.ref, name),
        "duplicate": lambda: store.duplicate(picked.ref, name),
        "delete": lambda: store.delete(picked.ref),
    }[op], record)


def undo(store, deleted, record: dict) -> dict:
    """Restore the item just deleted (`deleted`, the entry the delete returned; `record`, the
    delete's record): the restore's record."""
    undone = {"op": "restore", "worker": record["worker"], "n": record["n"], "id": deleted.id,
              "from": deleted.version, "marker": record["marker"]}
    attempt(lambda: store.restore(deleted.ref), undone)
    return undone


def check(url: str, seeded: list[dict], logs: list[dict]) -> dict:
    """Replay every item's applied actions and compare with the database."""
    from sqlalchemy import select

    from modules.data.storage import Store, items

    store = Store(url)
    with store.engine.connect() as connection:
        rows = {r.id: r for r in connection.execute(select(items)).all()}
    applied = [r for r in logs if r["outcome"] == "applied"]
    wrong, lost = [], []
    history = histories(seeded, applied, wrong)
    final, marker_at = replay(history, lost)
    compare(rows, final, marker_at, wrong, lost)
    unknown = set(rows) - set(final)
    lost += [("item nobody created", i) for i in unknown]
    return {"wrong": wrong, "lost": lost, "items": len(rows),
            "live": sum(r.deleted_at is None for r in rows.values())}


def histories(seeded: list[dict], applied: list[dict], wrong: list) -> dict:
    """id -> the applied changes on it, each (from, to, record); an action applied to another
    item, not one version up, or two from the same version go into `wrong`."""
    history = defaultdict(list)
    for record in seeded:
        history[record["result_id"]].append(record)
    for record in applied:
        if record["op"] in ("create", "duplicate"):
            history[record["result_id"]].append({**record, "from": 0, "source": record["from"]})
            if record["to"] != 1:
                wrong.append(("new item not at version 1", record))
        else:
            if record["result_id"] != record["id"]:
                wrong.append(("applied to another item", record))
            if record["to"] != record["from"] + 1:
                wrong.append(("did not move one version up", record))
            history[record["id"]].append(record)
    starts = Counter((r["id"], r["from"]) for r in applied
                     if r["op"] not in ("create", "duplicate"))
    wrong += [("two actions from the same version", key) for key, n in starts.items() if n > 1]
    return history


def replay(history: dict, lost: list) -> tuple[dict, dict]:
    """(id -> final state {version, name, marker, deleted}, (id, version) -> content marker)
    from each item's changes in version order; a gap in a version chain goes into `lost`."""
    marker_at = {}  # (id, version) -> content marker
    final = {}
    for item_id, changes in history.items():
        changes.sort(key=lambda r: r["from"])
        state = {"version": 0, "name": None, "marker": None, "deleted": False}
        for change in changes:
            if change["from"] != state["version"]:
                lost.append(("gap in the version chain", item_id, state["version"], change))
            state["version"] = change.get("to", 1)
            if change["op"] in ("create", "duplicate", "seed"):
                state["name"] = change["name"]
            if change["op"] in ("create", "seed", "overwrite"):
                state["marker"] = change["marker"]
            if change["op"] == "duplicate":
                state["marker"] = ("copy of", change["id"], change["source"])
            if change["op"] == "rename":
                state["name"] = change["name"]
            if change["op"] in ("delete", "restore"):
                state["deleted"] = change["op"] == "delete"
            marker_at[(item_id, state["version"])] = state["marker"]
        final[item_id] = state
    return final, marker_at


def compare(rows: dict, final: dict, marker_at: dict, wrong: list, lost: list) -> None:
    """Each replayed item against its database row: missing, other content, or another name,
    version or deleted flag goes into `lost`; a duplicate holding other content into `wrong`."""
    for item_id, state in final.items():
        row = rows.get(item_id)
        if row is None:
            lost.append(("item missing", item_id))
            continue
        marker = state["marker"]
        if isinstance(marker, tuple):  # a copy: the content of the version the user saw
            while isinstance(marker, tuple):  # (a copy of a copy ...)
                marker = marker_at.get((marker[1], marker[2]))
            if json.loads(row.payload).get("marker") != marker:
                wrong.append(("duplicate holds other content", item_id))
        elif json.loads(row.payload).get("marker") != marker:
            lost.append(("content differs", item_id))
        if (row.name, row.version, row.deleted_at is not None) != \
                (state["name"], state["version"], state["deleted"]):
            lost.append(("name/version/deleted differs", item_id, row.name, state))


BIG_ROWS = 195_000  # rows of each of the two saved datasets (the case)


def listing(store, big_rows: int) -> list[str]:
    """Listing saved datasets with two datasets of `big_rows` rows saved: metadata only
    (entries) vs reading every payload (what each page run did before)."""
    rows = [{"indicator": f"i{i % 50}", "year": 1900 + i % 120, "value": i * 1.5, "unit": "tỷ đồng",
             "price_basis": "", "status": "final", "source": "nguồn", "note": ""}
            for i in range(big_rows)]
    for name in ("big-1", "big-2"):
        store.create("dataset", name, {"observations": rows, "meta": {"name_vi": name}})

    def timed(function, repeat=5):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    metadata_only = timed(lambda: store.entries("dataset"))
    with_payloads = timed(lambda: [store.latest("dataset", e.id) for e in store.entries("dataset")],
                          repeat=3)
    return [f"listing 2 saved datasets of {big_rows:,} rows: metadata only "
            f"{metadata_only * 1000:.1f} ms; reading every payload {with_payloads * 1000:.0f} ms "
            f"(median)"]


def run(engine: str, workers: int, actions: int, big_rows: int) -> list[str]:
    from modules.data.storage import Store

    stop = None
    if engine == "postgresql":
        from tests.data.databases import start_postgres
        url, stop = start_postgres()
    else:
        folder = tempfile.mkdtemp(prefix="khathi-bench-")
        url = f"sqlite:///{folder}/khathi.db"
    try:
        store = Store(url)
        seeded = []
        for i in range(SEED_ITEMS):
            entry = store.create(KIND, f"seed-{i:02d}", {"marker": f"seed-{i}", "year": 2022})
            seeded.append({"op": "seed", "name": entry.name, "marker": f"seed-{i}",
                           "result_id": entry.id, "from": 0, "to": 1})
        context = multiprocessing.get_context("spawn")
        started = time.perf_counter()
        with context.Pool(workers) as pool:
            logs = [r for log in pool.map(worker, [(url, i, actions) for i in range(workers)])
                    for r in log]
        elapsed = time.perf_counter() - started
        result = check(url, seeded, logs)
        listed = listing(store, big_rows)
    finally:
        if stop:
            stop()
    outcomes = Counter(r["outcome"] for r in logs)
    by_op = Counter((r["op"], r["outcome"]) for r in logs)
    lines = [f"## {engine}: {workers} processes x {actions} actions (+ undos), "
             f"{SEED_ITEMS} seeded scenarios",
             f"attempted          {len(logs)}",
             f"applied            {outcomes['applied']}",
             f"refused, stale     {outcomes['stale']}  (the item changed after it was listed)",
             f"refused, name      {outcomes['name_taken']}",
             f"lost               {len(result['lost'])}",
             f"wrongly applied    {len(result['wrong'])}",
             f"items at the end   {result['items']} ({result['live']} live, "
             f"{result['items'] - result['live']} deleted, restorable)",
             f"wall time          {elapsed:.1f} s ({len(logs) / elapsed:.0f} actions/s)",
             "per action         " + ", ".join(
                 f"{op} {by_op[(op, 'applied')]}/{sum(v for (o, _), v in by_op.items() if o == op)}"
                 for op in ("overwrite", "rename", "duplicate", "delete", "restore", "create")) +
             "  (applied/attempted)"]
    lines += listed
    for problem in (result["lost"] + result["wrong"])[:20]:
        lines.append(f"  problem: {problem}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--workers", type=int, default=6, help="processes acting at once")
    parser.add_argument("--actions", type=int, default=150, help="actions a process")
    parser.add_argument("--rows", type=int, default=BIG_ROWS,
                        help="rows of each of the two datasets saved to time the listing")
    parser.add_argument("--output", default=str(RESULTS / "concurrency_storage.txt"))
    options = parser.parse_args()
    engines = ["postgresql", "sqlite"] if options.engine == "both" else [options.engine]
    lines = ["# Concurrent saves, renames, duplicates, deletes (identity + version API)",
             f"# {time.strftime('%Y-%m-%d %H:%M')} on {machine()}; {engine_state()}", ""]
    for engine in engines:
        lines += run(engine, options.workers, options.actions, options.rows) + [""]
    print(write(options.output, lines))


if __name__ == "__main__":
    main()
