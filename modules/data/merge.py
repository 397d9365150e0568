"""Merging former provinces into the province they became (Resolution 202/2025/QH15: since
1 July 2025 Phú Yên is part of Đắk Lắk). One function, `merge`, used by `khathi merge`, the
data page and the build of the built-in merged dataset (data/build_builtin.py).

The rules (data/README.md, "Merging provinces"):
- levels (an amount: bn VND, M USD) of one indicator are summed year by year, and only where
  every part has a figure of that year in its series (dataset.select_rows: finals over
  estimates, one price basis and one compiler per series) and the parts' figures share the
  unit, the price basis and the compiler (coverage). A label the source does not state
  (`unspecified`, `unstated`) is never the same as another part's: two unknowns are not known
  to be equal. The sum is exact (decimal), its status `final` only when every part's is, its
  flags those of the parts (a sum with a lower bound in it is a lower bound);
- a year a part lacks stays a gap, never filled;
- growth rates and indices (the IIP, a level's reported growth) are never added: a merged rate
  needs the parts' weights (their value added), which these files do not hold. A merged
  level's growth is computed from the summed levels (consecutive summed years) and says so;
- targets of the parts are never summed into a target of the whole.
Different units of one level indicator, a part without figures, or the same data twice are
refused (InputError, in the user's language).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from modules.data.catalogue import IndicatorKind, indicator
from modules.data.dataset import (
    DATA_DIR,
    FLAGS,
    GROWTH_UNIT,
    PAYLOAD_COLUMNS,
    Dataset,
    _year_ranges,
    flags_of,
    level_key,
    select_rows,
)
from modules.data.problems import InputError, Problem, ProblemCode
from modules.data.vocabulary import Status
from modules.text.fmt import exact_number
from modules.text.i18n import price_basis_name, t

# what the account says of an indicator and a year (text: merge.<code> in the locale files)
SUMMED = "summed"                      # every part had the year: the levels are summed
GAP = "gap"                            # a part lacks the year: a gap, never filled
NOT_JOINED = "not_joined"              # the parts' figures differ in price basis or compiler
RATE_NOT_ADDED = "rate_not_added"      # a growth rate or index: never added
REPORTED_GROWTH = "reported_growth"    # a level's reported growth: not added, recomputed
GROWTH_FROM_LEVELS = "growth_from_levels"  # growth of the merged level, from the sums
TARGETS_NOT_SUMMED = "targets_not_summed"  # the parts' targets are not the whole's

ACCOUNT_COLUMNS = ["indicator", "years", "result", "parts", "detail"]
ACCOUNT_FILE = "merge_account.csv"


@dataclass(frozen=True)
class MergeLine:
    """One line of the account: for `indicator` and `years` (a range text, "2005–2016"),
    what was done (`result`, one of the codes above), the parts concerned (those summed, or
    those lacking the year) and a detail (the labels that differ, the targets' years)."""

    indicator: str
    years: str
    result: str
    parts: tuple[str, ...] = ()
    detail: str = ""

    def text(self, lang: str = "vi") -> str:
        """The line in words: 'Tổng mức bán lẻ…, 2005–2016: cộng Đắk Lắk + Phú Yên'."""
        name = indicator(self.indicator).name(lang) if self.indicator else ""
        head = ", ".join(x for x in (name, self.years) if x)
        return f"{head}: {self.body(lang)}" if head else self.body(lang)

    def body(self, lang: str = "vi") -> str:
        """What was done, without the indicator and years: 'cộng Đắk Lắk + Phú Yên'."""
        detail = self.detail
        if self.result == NOT_JOINED:
            detail = "; ".join(_labels(item, self.parts, lang) for item in detail.split("; "))
        return t(f"merge.{self.result}", lang, parts=" + ".join(self.parts),
                 missing=", ".join(self.parts), detail=detail)


def _labels(item: str, parts: Sequence[str], lang: str) -> str:
    """'coverage: doit / unstated' -> 'cơ quan tổng hợp (Đắk Lắk: Sở Công Thương; Phú Yên: …)'."""
    from modules.data.provenance import coverage_name
    field, _, labels = item.partition(": ")
    words = (lambda x: coverage_name(x, lang)) if field == "coverage" else \
        (lambda x: price_basis_name(x, lang) if x else "—")
    return t(f"merge.field_{field}", lang) + " (" + "; ".join(
        f"{name}: {words(label)}" for name, label in zip(parts, labels.split(" / "))) + ")"


@dataclass(frozen=True)
class Merged:
    """The merged observations (canonical rows, dataset.PAYLOAD_COLUMNS) and the account."""

    observations: pd.DataFrame
    account: tuple[MergeLine, ...]

    def summed_years(self, indicator_id: str) -> list[int]:
        """The years of `indicator_id` that are sums of every part."""
        mine = self.observations[self.observations["indicator"] == indicator_id]
        return sorted(int(y) for y in mine["year"])

    def account_table(self, lang: str = "vi") -> pd.DataFrame:
        """The account as a table in `lang`: indicator, years, what was done."""
        return pd.DataFrame([{t("merge.col_indicator", lang): indicator(line.indicator).name(lang)
                              if line.indicator else "",
                              t("merge.col_years", lang): line.years,
                              t("merge.col_result", lang): line.body(lang)}
                             for line in self.account])


def merge(parts: Sequence[Dataset], names: Sequence[str] | None = None,
          files: Sequence[str] | None = None) -> Merged:
    """The province made of `parts` (two or more single-area datasets), by the rules above.

    `names` name the parts in the account and the notes (default: each part's Vietnamese
    name); `files` name them in error messages (default: the names). Raises InputError
    (codes merge_too_few, merge_same_twice, merge_part_empty, merge_units_differ,
    merge_nothing) with every problem found."""
    names = list(names or [p.name("vi") for p in parts])
    files = list(files or names)
    _check(parts, names, files)
    rows, account = [], []
    indicators = list(dict.fromkeys(i for p in parts for i in _indicators(p)))
    for indicator_id in indicators:
        if indicator(indicator_id).kind != IndicatorKind.LEVEL:
            years = sorted({int(y) for p in parts for y in _years(p, indicator_id)})
            account.append(MergeLine(indicator_id, _year_ranges(years) if years else "",
                                     RATE_NOT_ADDED, tuple(names)))
            continue
        summed, lines = _merge_level(parts, names, files, indicator_id)
        rows += summed
        account += lines
    targets = [(name, sorted({int(y) for y in p.plans["year"]}))
               for name, p in zip(names, parts) if len(p.plans)]
    if targets:
        account.append(MergeLine("", "", TARGETS_NOT_SUMMED, tuple(n for n, _ in targets),
                                 "; ".join(f"{n}: {_year_ranges(y)}" for n, y in targets)))
    if not rows:
        raise InputError([Problem(ProblemCode.MERGE_NOTHING, params={"parts": " + ".join(files)})])
    observations = pd.DataFrame(rows, columns=PAYLOAD_COLUMNS)
    return Merged(observations, tuple(account))


def _indicators(part: Dataset) -> list[str]:
    """The part's indicators, with growth indicators that only have growth rows too."""
    return list(dict.fromkeys(part.observations["indicator"]))


def _years(part: Dataset, indicator_id: str):
    obs = part.observations
    mine = (obs["indicator"] == indicator_id) & (obs["status"] != Status.ALTERNATIVE)
    return obs.loc[mine, "year"]


def _check(parts: Sequence[Dataset], names: list[str], files: list[str]) -> None:
    problems = []
    if len(parts) < 2:
        problems.append(Problem(ProblemCode.MERGE_TOO_FEW, params={"n": len(parts)}))
    seen = {}
    for part, file in zip(parts, files):
        content = part.observations.reindex(columns=PAYLOAD_COLUMNS).to_csv(index=False)
        if part.observations.empty or not part.indicators:
            problems.append(Problem(ProblemCode.MERGE_PART_EMPTY, file=file))
        elif content in seen:
            problems.append(Problem(ProblemCode.MERGE_SAME_TWICE, file=file,
                                    params={"other": seen[content]}))
        else:
            seen[content] = file
    for indicator_id in dict.fromkeys(i for p in parts for i in p.indicators):
        if indicator(indicator_id).kind != IndicatorKind.LEVEL:
            continue
        units = {}
        for part, file in zip(parts, files):
            used, _, _ = select_rows(part.observations, indicator_id)
            if used:
                units.setdefault(used[-1].unit, []).append(file)
        if len(units) > 1:
            problems.append(Problem(ProblemCode.MERGE_UNITS_DIFFER, params={
                "indicator": indicator_id,
                "units": "; ".join(f"{', '.join(f)}: {u}" for u, f in units.items())}))
    if problems:
        raise InputError(problems)


def _merge_level(parts, names, files, indicator_id: str) -> tuple[list[dict], list[MergeLine]]:
    series = [_figures_by_year(p, indicator_id) for p in parts]
    years = sorted({y for s in series for y in s})
    outcome = {}  # year -> (result, parts, detail)
    rows = []
    for year in years:
        figures = [s.get(year) for s in series]
        missing = tuple(n for n, f in zip(names, figures) if f is None)
        if missing:
            outcome[year] = (GAP, missing, "")
            continue
        differ = [field for field in ("price_basis", "coverage")
                  if len({level_key(f, field) for f in figures}) > 1]
        if differ:  # "coverage: doit_2021_count / unstated" (labels in the parts' order)
            detail = "; ".join(f"{field}: " + " / ".join(str(getattr(f, field) or "")
                                                         for f in figures) for field in differ)
            outcome[year] = (NOT_JOINED, tuple(names), detail)
            continue
        outcome[year] = (SUMMED, tuple(names), "")
        rows.append(_sum(indicator_id, year, figures, names))
    lines = _grouped(indicator_id, outcome)
    reported = sorted({int(y) for p in parts for y in p.observations.loc[
        (p.observations["indicator"] == indicator_id)
        & (p.observations["unit"] == GROWTH_UNIT), "year"]})
    if reported and rows:
        lines.append(MergeLine(indicator_id, _year_ranges(reported), REPORTED_GROWTH,
                               tuple(names)))
    summed = [y for y, (result, _, _) in outcome.items() if result == SUMMED]
    recomputed = [y for y in summed if y - 1 in summed]
    if recomputed:
        lines.append(MergeLine(indicator_id, _year_ranges(recomputed), GROWTH_FROM_LEVELS,
                               tuple(names)))
    return rows, lines


def _figures_by_year(part: Dataset, indicator_id: str) -> dict:
    """{year: the part's preferred figure of that year} — its series' figure, or where its
    series leaves the year out for another price basis or compiler, that figure (so that the
    account says "compiled differently", not "no figure")."""
    used, left_out, _ = select_rows(part.observations, indicator_id)
    figures = {r.year: r for r, reason, _ in left_out if reason in ("price_basis", "coverage")}
    figures.update({r.year: r for r in used})
    return figures


def _grouped(indicator_id: str, outcome: dict) -> list[MergeLine]:
    """Consecutive years with the same outcome in one line (2005–2016: summed)."""
    lines, run = [], []
    for year in sorted(outcome):
        if run and (outcome[run[-1]] != outcome[year] or year != run[-1] + 1):
            lines.append(_line(indicator_id, run, outcome[run[-1]]))
            run = []
        run.append(year)
    if run:
        lines.append(_line(indicator_id, run, outcome[run[-1]]))
    return lines


def _line(indicator_id: str, years: list[int], outcome) -> MergeLine:
    result, parts, detail = outcome
    return MergeLine(indicator_id, _year_ranges(years), result, parts, detail)


def _sum(indicator_id: str, year: int, figures: list, names: list[str]) -> dict:
    """One merged row: the exact sum of the parts' figures, labelled with its parts."""
    values = [Decimal(repr(float(f.value))) for f in figures]
    total = sum(values, Decimal(0))
    flags = {flag for f in figures for flag in flags_of(f.flags)}
    first = figures[0]
    return {
        "indicator": indicator_id, "year": int(year), "value": float(total),
        "unit": first.unit, "price_basis": first.price_basis, "coverage": first.coverage,
        "status": Status.FINAL if all(f.status == Status.FINAL for f in figures)
        else Status.ESTIMATE,
        "flags": ";".join(f for f in FLAGS if f in flags) + "".join(
            f";{f}" for f in sorted(flags - set(FLAGS))),
        "source": " | ".join(f"{n}: {f.source}" for n, f in zip(names, figures)),
        "note": "[khathi] sum of the former provinces: " + " + ".join(
            f"{n} {exact_number(v, 'en')}" for n, v in zip(names, values))
            + f" = {exact_number(total, 'en')}"}


# --- the account of a built-in merged dataset ---------------------------------------------


def write_account(account: Sequence[MergeLine], path: Path) -> None:
    """The account as CSV (ACCOUNT_COLUMNS; parts joined by ' + ')."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(ACCOUNT_COLUMNS)
        for line in account:
            writer.writerow([line.indicator, line.years, line.result, " + ".join(line.parts),
                             line.detail])


def builtin_account(dataset_id: str) -> tuple[MergeLine, ...]:
    """The account of a built-in merged dataset (data/<id>/merge_account.csv); () if none."""
    path = DATA_DIR / dataset_id / ACCOUNT_FILE
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(MergeLine(r["indicator"], r["years"], r["result"],
                               tuple(p for p in r["parts"].split(" + ") if p), r["detail"])
                     for r in csv.DictReader(f))
