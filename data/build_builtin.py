#!/usr/bin/env python3
"""Build the built-in datasets of Khả thi from the sourced figures.

Reads  <SOURCE_DIR>/daklak_sourced_figures.csv and <SOURCE_DIR>/vietnam_sourced_figures.csv
Writes data/daklak/{observations,plans}.csv, data/vietnam/{observations,plans}.csv and copies
       the cited press article into data/daklak/.

Usage: python data/build_builtin.py [SOURCE_DIR]     (default: ../shared/data next to the repo)

Standard library only. Values are copied as strings, never parsed or recomputed.
The mapping rules and every judgment call are documented in data/README.md.
"""
from __future__ import annotations

import csv
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
DEFAULT_SOURCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
ARTICLE = "source-article-2022-01-04.vi.txt"

OBS_COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "status", "source", "note"]
PLAN_COLUMNS = ["indicator", "year", "kind", "value", "unit", "source", "note"]
OBS_UNITS = {"billion VND", "trillion VND", "million USD", "billion USD", "% yoy", "% of exports"}
PLAN_UNITS = OBS_UNITS | {"% of plan"}
PLAN_KINDS = {"plan_target", "target_low", "target_high", "target_growth",
              "target_growth_low", "target_growth_high", "pct_of_plan"}
STATUS_OF_KIND = {"actual_final": "final", "actual_estimate": "estimate", "growth_pct": "estimate"}

# dataset -> (source file, {source indicator: canonical id})
SOURCES = {
    "daklak": ("daklak_sourced_figures.csv", {
        "industrial_production_value": "industrial_production_value",
        "industrial_production_value_mining": "industrial_production_value_mining",
        "industrial_production_value_manufacturing": "industrial_production_value_manufacturing",
        "industrial_production_value_electricity_water": "industrial_production_value_electricity_water",
        "iip_total": "industrial_production_index",
        "iip_manufacturing": "iip_manufacturing",
        "iip_electricity_water": "iip_electricity_water",
        "iip_mining": "iip_mining",
        "retail_sales_and_consumer_services": "retail_sales",
        "exports": "exports",
        "exports_coffee": "exports_coffee",
        "imports": "imports",
    }),
    "vietnam": ("vietnam_sourced_figures.csv", {
        "iip_total": "industrial_production_index",
        "iip_manufacturing": "iip_manufacturing",
        "iip_mining": "iip_mining",
        "iip_electricity": "iip_electricity",
        "iip_water_waste": "iip_water_waste",
        "iip_utilities_electricity_gas_water": "iip_utilities_electricity_gas_water",
        "retail_sales_goods_services": "retail_sales",
        "exports_goods": "exports",
        "imports_goods": "imports",
        "industrial_output_value_1994prices": "industrial_output_value_1994prices",
        "industrial_output_value_growth_1994prices": "industrial_output_value_growth_1994prices",
        "industry_value_added_growth": "industry_value_added_growth",
        "manufacturing_value_added_growth": "manufacturing_value_added_growth",
        "trade_deficit_pct_of_exports": "trade_deficit_pct_of_exports",
    }),
}

# Row-level rules. Key: (dataset, source indicator, unit, year, value); every key must match
# exactly one source row (checked), so a changed source file cannot silently skip a rule.
SPECIAL_INDICATOR = {
    ("daklak", "exports", "million USD", "2013", "982.7"): "exports_customs",
}

# Stand-in: Đắk Lắk has no total-index history, so growth of industrial production value at
# constant (or probably constant) prices is ALSO written as industrial_production_index.
STAND_IN_NOTE = ("[khathi] stand-in: growth of industrial production value at constant prices "
                 "(no total-index history for Đắk Lắk)")
STAND_IN_INDEX = {
    ("daklak", "industrial_production_value", "% yoy", "2020", "7.9"),
    ("daklak", "industrial_production_value", "% yoy", "2021", "14.8"),
}

# growth_pct rows whose note itself contains this text are final (revised series).
FINAL_NOTE_MARKERS = ("treat as final",)

# growth_pct rows made final by judgment (the note alone does not say so).
FINAL_BY_JUDGMENT = {
    ("daklak", "industrial_production_value", "% yoy", "2006", "31.4"):
        "growth from the same statistical-yearbook excerpt as the final 2006 level",
    ("vietnam", "exports_goods", "% yoy", "2004", "31.4"):
        "GSO trade book (same table as the final level); the estimate row's note calls +31.4% final",
    ("vietnam", "exports_goods", "% yoy", "2005", "22.5"):
        "GSO trade book, same table as the final level",
    ("vietnam", "exports_goods", "% yoy", "2006", "22.7"):
        "GSO trade book, same table as the final level",
    ("vietnam", "imports_goods", "% yoy", "2004", "26.6"):
        "GSO trade book, same table as the final level",
    ("vietnam", "imports_goods", "% yoy", "2005", "15.0"):
        "GSO trade book, same table as the final level",
    ("vietnam", "imports_goods", "% yoy", "2006", "22.1"):
        "GSO trade book, same table as the final level",
    ("vietnam", "exports_goods", "% yoy", "2015", "7.9"):
        "note says final/customs basis",
    ("vietnam", "exports_goods", "% yoy", "2018", "13.2"):
        "customs annual report, same source as the final level",
    ("vietnam", "imports_goods", "% yoy", "2018", "11.1"):
        "customs annual report, same source as the final level",
    ("vietnam", "exports_goods", "% yoy", "2019", "8.1"):
        "stated June 2020, same source as the final level",
    ("vietnam", "retail_sales_goods_services", "% yoy", "2017", "10.9"):
        "restated Dec 2018 together with the final level",
}

# Same indicator, year, unit and status, different values: the listed row becomes 'alternative'.
ALTERNATIVE = {
    ("vietnam", "exports_goods", "billion USD", "2002", "16.5"):
        "Ministry of Trade lower bound; kept the GSO figure 16.53",
    ("vietnam", "exports_goods", "billion USD", "2007", "48.4"):
        "GSO year-end release of 31 Dec 2007; kept the later GSO trade-book figure 48.561",
    ("vietnam", "exports_goods", "% yoy", "2007", "21.5"):
        "GSO year-end release of 31 Dec 2007; kept the later GSO trade-book figure 21.9",
    ("vietnam", "exports_goods", "billion USD", "2011", "96.3"):
        "ministry figure; kept the GSO preliminary figure 96.2",
    ("vietnam", "exports_goods", "billion USD", "2013", "132"):
        "ministry estimate of 16 Dec 2013; kept the customs-based figure 132.5",
    ("vietnam", "imports_goods", "billion USD", "2007", "60.8"):
        "GSO year-end release of 31 Dec 2007; kept the later GSO trade-book figure 62.682",
    ("vietnam", "retail_sales_goods_services", "% yoy", "2011", "14.2"):
        "the source notes flag 14.2 as a typo; kept 24.2",
    ("vietnam", "iip_total", "% yoy", "2021", "4.8"):
        "government statement (rounded); kept the GSO year-end figure 4.82",
}


def remark(note: str, text: str) -> str:
    """Append a [khathi] remark to a source note."""
    if not text:
        return note
    if not text.startswith("[khathi]"):
        text = "[khathi] " + text
    return f"{note}; {text}" if note else text


def national_price_basis(indicator: str, unit: str) -> str:
    if indicator.startswith("industrial_output_value") and indicator.endswith("_1994prices"):
        return "constant_1994"
    if unit.endswith("VND") or unit.endswith("USD"):
        return "current"
    return "n/a"


def read_source(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def build(dataset: str, rows: list[dict], mapping: dict, used_rules: Counter, unmapped: set):
    """Return (observations, plans); each output row carries '_src' = (index, source value)."""
    obs, plans = [], []
    for i, r in enumerate(rows):
        key = (dataset, r["indicator"], r["unit"], r["year"], r["value"])
        indicator = SPECIAL_INDICATOR.get(key) or mapping.get(r["indicator"])
        if key in SPECIAL_INDICATOR:
            used_rules[("special",) + key] += 1
        if indicator is None:
            indicator = r["indicator"]
            unmapped.add((dataset, indicator))
        source = ARTICLE if r["source_url"] == ARTICLE else r["source_url"]
        kind, unit, note = r["kind"], r["unit"], r["note"]
        src = (i, r["value"])

        if kind in STATUS_OF_KIND:
            if unit not in OBS_UNITS:
                raise ValueError(f"{dataset} row {i + 2}: unit {unit!r} not allowed in observations")
            status = STATUS_OF_KIND[kind]
            if kind == "growth_pct" and any(m in note for m in FINAL_NOTE_MARKERS):
                status = "final"
            if key in FINAL_BY_JUDGMENT:
                used_rules[("final",) + key] += 1
                status = "final"
                note = remark(note, "status final by judgment: " + FINAL_BY_JUDGMENT[key])
            if key in ALTERNATIVE:
                used_rules[("alternative",) + key] += 1
                status = "alternative"
                note = remark(note, "alternative: " + ALTERNATIVE[key])
            price_basis = r["price_basis"] if dataset == "daklak" else national_price_basis(r["indicator"], unit)
            out = dict(indicator=indicator, year=r["year"], value=r["value"], unit=unit,
                       price_basis=price_basis, status=status, source=source, note=note, _src=src)
            obs.append(out)
            if key in STAND_IN_INDEX:
                used_rules[("stand_in",) + key] += 1
                obs.append(dict(out, indicator="industrial_production_index",
                                note=remark(r["note"], STAND_IN_NOTE), _src=src, _copy=True))
        else:
            if kind == "plan_target" and unit == "% yoy":
                kind = "target_growth"
            if kind not in PLAN_KINDS:
                raise ValueError(f"{dataset} row {i + 2}: unknown kind {r['kind']!r}")
            if unit not in PLAN_UNITS:
                raise ValueError(f"{dataset} row {i + 2}: unit {unit!r} not allowed in plans")
            if dataset == "daklak" and r["price_basis"] not in ("", "n/a"):
                note = remark(note, "price_basis: " + r["price_basis"])
            plans.append(dict(indicator=indicator, year=r["year"], kind=kind, value=r["value"],
                              unit=unit, source=source, note=note, _src=src))
    return obs, plans


def check_duplicates(dataset: str, obs: list[dict]) -> None:
    """At most one final and one estimate per (indicator, year, unit); no unexplained twins."""
    groups = defaultdict(list)
    for o in obs:
        groups[(o["indicator"], o["year"], o["unit"], o["status"])].append(o)
    for (ind, year, unit, status), members in groups.items():
        if status != "alternative" and len(members) > 1:
            vals = ", ".join(f"{m['value']} ({m['source']})" for m in members)
            raise SystemExit(f"unresolved duplicate in {dataset}: {ind} {year} {unit} {status}: {vals}")


def sort_key(row: dict):
    return (row["indicator"], int(row["year"]), row["_src"][0])


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow([row[c] for c in columns])


def year_ranges(years) -> str:
    ys = sorted({int(y) for y in years})
    parts, start = [], None
    for j, y in enumerate(ys):
        if start is None:
            start = y
        if j + 1 == len(ys) or ys[j + 1] != y + 1:
            parts.append(str(start) if start == y else f"{start}–{y}")
            start = None
    return ", ".join(parts)


def summary(dataset: str, obs: list[dict], plans: list[dict]) -> list[str]:
    lines = [f"### {dataset}", "", "| indicator | unit | final | estimate | alternative |",
             "|---|---|---|---|---|"]
    by = defaultdict(lambda: defaultdict(list))
    for o in obs:
        by[(o["indicator"], o["unit"], o["price_basis"])][o["status"]].append(o["year"])
    for (ind, unit, pb), st in sorted(by.items()):
        u = unit if pb == "n/a" else f"{unit}, {pb}"
        cells = [year_ranges(st[s]) or "–" for s in ("final", "estimate", "alternative")]
        lines.append(f"| {ind} | {u} | " + " | ".join(cells) + " |")
    lines += ["", "| indicator (plans) | kind: years |", "|---|---|"]
    byp = defaultdict(lambda: defaultdict(list))
    for p in plans:
        byp[p["indicator"]][p["kind"]].append(p["year"])
    for ind, kinds in sorted(byp.items()):
        lines.append(f"| {ind} | " + "; ".join(f"{k}: {year_ranges(v)}" for k, v in sorted(kinds.items())) + " |")
    return lines + [""]


def main(argv: list[str]) -> int:
    source_dir = Path(argv[1]).resolve() if len(argv) > 1 else DEFAULT_SOURCE_DIR
    used_rules, unmapped, report = Counter(), set(), []
    total_in = total_out = 0
    for dataset, (filename, mapping) in SOURCES.items():
        rows = read_source(source_dir / filename)
        obs, plans = build(dataset, rows, mapping, used_rules, unmapped)
        check_duplicates(dataset, obs)
        obs.sort(key=sort_key)
        plans.sort(key=sort_key)
        out_dir = DATA_DIR / dataset
        write_csv(out_dir / "observations.csv", OBS_COLUMNS, obs)
        write_csv(out_dir / "plans.csv", PLAN_COLUMNS, plans)

        # Check: every source row lands exactly once (stand-in copies aside), values unchanged.
        primary = Counter(o["_src"][0] for o in obs if not o.get("_copy")) + Counter(p["_src"][0] for p in plans)
        assert sorted(primary) == list(range(len(rows))) and set(primary.values()) == {1}, dataset
        for name, built in (("observations.csv", obs), ("plans.csv", plans)):
            with (out_dir / name).open(encoding="utf-8", newline="") as f:
                written = list(csv.DictReader(f))
            assert len(written) == len(built), name
            for w, b in zip(written, built):
                assert w["value"].strip() == rows[b["_src"][0]]["value"].strip() == b["_src"][1], (name, w)
        copies = sum(1 for o in obs if o.get("_copy"))
        print(f"{dataset}: {len(rows)} source rows in -> observations.csv {len(obs)} rows "
              f"({len(obs) - copies} source + {copies} stand-in copies), plans.csv {len(plans)} rows")
        total_in += len(rows)
        total_out += len(obs) - copies + len(plans)
        report += summary(dataset, obs, plans)

    shutil.copyfile(source_dir / ARTICLE, DATA_DIR / "daklak" / ARTICLE)

    # Every row-level rule must have matched exactly one source row.
    rules = ([("special",) + k for k in SPECIAL_INDICATOR] + [("stand_in",) + k for k in STAND_IN_INDEX]
             + [("final",) + k for k in FINAL_BY_JUDGMENT] + [("alternative",) + k for k in ALTERNATIVE])
    bad = [r for r in rules if used_rules[r] != 1]
    if bad:
        raise SystemExit(f"row rules that did not match exactly one source row: {bad}")

    print(f"total: {total_in} source rows in, {total_out} placed (each exactly once); values identical")
    if unmapped:
        print("source indicators not in the mapping (kept under their own name):", sorted(unmapped))
    print()
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
