"""The one data loader: built-in datasets and user files, into one canonical table.

Canonical observations (documented in data/README.md), one row per figure:
    indicator, year, value, unit, price_basis, status, source, note
status is a vocabulary.Status: final | estimate | alternative (another sourced figure
for the same year, kept for the record, never modelled). For a level indicator, rows
whose unit is "% yoy" are its reported growth. Plans (targets, % of plan) live in
plans.csv.

A Dataset is immutable: its variants (`with_one_offs`, `renamed`, an edited table through
`from_rows`) are new instances, so a dataset shared by every session (st.cache_resource)
is never changed by one of them. Its series are built lazily into a private cache filled
under a lock (Streamlit runs sessions in concurrent threads).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from modules.data.catalogue import GROWTH, LEVEL, IndicatorKind, indicator
from modules.data.problems import ERROR, WARNING, InputError, Problem, errors
from modules.data.reader import MAX_PROBLEMS, read_canonical, read_observations
from modules.data.series import YearlySeries
from modules.data.vocabulary import Status

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
GROWTH_UNIT = "% yoy"
MIN_MODEL_YEARS = 3


@dataclass(frozen=True)
class OneOff:
    """A year marked exceptional for one indicator: the models leave it out."""

    indicator: str
    year: int
    reason: str = ""


PLAN_COLUMNS = ["indicator", "year", "kind", "value", "unit", "source", "note"]


@dataclass(frozen=True, eq=False)
class Dataset:
    """Observations (canonical rows, see above), plans, metadata and the warnings found
    when it was read, plus the one-off years its series leave out.

    Immutable: never assign to a field or change the frames in place; make a variant
    with `with_one_offs`, `renamed` or `dataclasses.replace`. Compared by identity.
    """

    id: str
    observations: pd.DataFrame
    plans: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PLAN_COLUMNS))
    meta: Mapping = field(default_factory=dict)
    problems: Sequence[Problem] = ()  # stored as a tuple
    one_offs: Sequence[OneOff] = ()   # stored as a tuple, sorted
    _cache: dict = field(init=False, repr=False)  # series and fingerprint, filled lazily
    _lock: threading.RLock = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))
        object.__setattr__(self, "problems", tuple(self.problems))
        object.__setattr__(self, "one_offs", tuple(sorted(
            set(self.one_offs), key=lambda o: (o.indicator, o.year, o.reason))))
        object.__setattr__(self, "_cache", {})
        object.__setattr__(self, "_lock", threading.RLock())

    def name(self, lang: str) -> str:
        """The display name in `lang` ("vi" | "en"), from meta; the id when none is given."""
        return self.meta.get(f"name_{lang}", self.id)

    @property
    def indicators(self) -> list[str]:
        """Indicators with at least one modelled value, in first-seen order."""
        usable = self.observations[self.observations["status"] != Status.ALTERNATIVE]
        return list(dict.fromkeys(usable["indicator"]))

    @property
    def fingerprint(self) -> str:
        """Identifies the content ("id:sha256-prefix", plus "|oneoff:…" with marks): an
        edited or marked dataset never reuses stale projections."""
        def compute():
            content = self.observations.reindex(columns=PAYLOAD_COLUMNS).to_csv(index=False)
            text = f"{self.id}:{hashlib.sha256(content.encode()).hexdigest()[:16]}"
            if self.one_offs:
                text += "|oneoff:" + ",".join(
                    sorted({f"{o.indicator}:{o.year}" for o in self.one_offs}))
            return text
        return self._cached(("fingerprint",), compute)

    def series(self, indicator_id: str) -> YearlySeries:
        """The series the models see for one indicator (see build_series), with the years
        marked one-off left out (see without_one_offs). Empty when there is no data."""
        def compute():
            series = build_series(self.observations, indicator_id)
            marked = [o.year for o in self.one_offs if o.indicator == indicator_id]
            if marked:
                series = without_one_offs(series, marked,
                                          growth_record(self.observations, series))
            return series
        return self._cached(("series", indicator_id), compute)

    def growth_record(self, indicator_id: str) -> pd.Series:
        """Growth in % per year (index: year) of the modelled series; see growth_record."""
        return growth_record(self.observations, self.series(indicator_id))

    def with_one_offs(self, one_offs: Iterable[OneOff]) -> Dataset:
        """This dataset with `one_offs` marked (replacing any marks it had); itself when
        the marks are the same."""
        marks = tuple(one_offs)
        if set(marks) == set(self.one_offs):
            return self
        return replace(self, one_offs=marks)

    def renamed(self, name: str) -> Dataset:
        """The same content under the id `name`, shown as `name` in both languages."""
        return replace(self, id=name, meta={**self.meta, "name_vi": name, "name_en": name})

    def _cached(self, key: tuple, compute):
        """The cached value for `key`, computed once under the lock."""
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]


def load_builtin(dataset_id: str) -> Dataset:
    """A built-in dataset (data/<id>/observations.csv and plans.csv); KeyError for an
    unknown id, InputError if its files no longer read."""
    meta = builtin_catalogue()[dataset_id]
    folder = DATA_DIR / dataset_id
    observations = read_canonical(folder / "observations.csv")
    plans = pd.read_csv(folder / "plans.csv", dtype={"note": str, "source": str})
    return Dataset(dataset_id, observations, plans, meta)


def builtin_catalogue() -> dict[str, dict]:
    """{dataset id: meta} of the built-in datasets, from data/datasets.json."""
    return json.loads((DATA_DIR / "datasets.json").read_text(encoding="utf-8"))


def load_file(path_or_bytes, name: str = "", lang: str = "vi") -> Dataset:
    """A user's CSV/XLSX as a dataset; raises InputError listing every error found."""
    if not name and isinstance(path_or_bytes, (str, Path)):
        name = Path(path_or_bytes).name
    observations, warnings = read_observations(path_or_bytes, name=name)
    problems = warnings + check(observations, name)
    if errors(problems):
        raise InputError(problems)
    return Dataset(name or "upload", observations, meta={"name_vi": name, "name_en": name},
                   problems=problems)


def check(observations: pd.DataFrame, file: str = "") -> list[Problem]:
    """Problems of content (the reader has checked the form): conflicts, signs, gaps,
    jumps, length. Errors stop the file; warnings are shown beside it."""
    problems = []
    kinds = observations["indicator"].map(lambda i: indicator(i).kind)
    growth_rows = (kinds == GROWTH) | ((kinds == LEVEL) & (observations["unit"] == GROWTH_UNIT))
    level_rows = (kinds == LEVEL) & ~growth_rows  # signed ratios may be zero or negative
    for row in observations[level_rows & (observations["value"] <= 0)].itertuples():
        problems.append(Problem("nonpositive", file=file, row=row.row, column="value",
                                params={"indicator": row.indicator, "value": row.value}))
    for row in observations[growth_rows & (observations["value"] <= -100)].itertuples():
        problems.append(Problem("growth_below_floor", file=file, row=row.row,
                                params={"indicator": row.indicator}))
    usable = observations[observations["status"] != Status.ALTERNATIVE]
    keys = ["indicator", "year", "unit", "status"]
    repeated = usable[usable.duplicated(keys, keep=False)]
    for (ind, year, *_), rows in repeated.groupby(keys, sort=False):
        code, severity = ("duplicate_conflict", ERROR) if rows["value"].nunique() > 1 \
            else ("duplicate_repeat", WARNING)
        problems.append(Problem(code, severity, file=file, row=int(rows["row"].iloc[1]),
                                params={"indicator": ind, "year": year}))
    if not errors(problems):
        for ind, rows in observations.groupby("indicator", sort=False):
            problems.extend(_series_warnings(build_series(rows, ind), file))
    return problems[:MAX_PROBLEMS]


JUMP_RATIO = 3.0  # a level more than tripling or falling to a third in a year is flagged


def _series_warnings(series: YearlySeries, file: str) -> list[Problem]:
    found = list(series.notes)
    name = {"indicator": series.indicator}
    if len(series) < MIN_MODEL_YEARS:
        found.append(Problem("few_years", WARNING, file=file, params={**name, "n": len(series)}))
    missing = sorted(set(range(series.years[0], series.last_year + 1)) - set(series.years)) \
        if len(series) else []
    if missing:
        found.append(Problem("gap", WARNING, file=file, params={
            **name, "years": _year_ranges(missing)}))
    if series.kind == LEVEL and len(series) > 1:
        step = np.diff(series.years) == 1
        ratio = series.values[1:] / series.values[:-1]
        for year in series.years[1:][step & ((ratio > JUMP_RATIO) | (ratio < 1 / JUMP_RATIO))]:
            found.append(Problem("jump", WARNING, file=file, params={**name, "year": int(year)}))
    return [replace(p, file=file) for p in found]


def _year_ranges(years: list[int]) -> str:
    """[2011, 2012, 2013, 2015] -> '2011–2013, 2015'."""
    ranges, start = [], years[0]
    for previous, year in zip(years, years[1:] + [None]):
        if year != previous + 1 if year is not None else True:
            ranges.append(str(start) if start == previous else f"{start}–{previous}")
            start = year
    return ", ".join(ranges)


# --- from rows to a modelled series -------------------------------------------------


def build_series(observations: pd.DataFrame, indicator_id: str) -> YearlySeries:
    """The values a model sees for one indicator.

    Rules: alternatives are never used; final beats estimate in the same year; for a
    level indicator the reported-growth rows are left aside; rows on a price basis
    other than the latest year's are not joined (levels on different bases are
    different series); for growth rates, current-price (nominal) growth is not
    joined with constant-price growth. Signed ratios join like levels.
    Every IndicatorKind is handled (a test iterates over them).
    """
    kind = indicator(indicator_id).kind
    mine = observations[observations["indicator"] == indicator_id]
    rows = [r for r in mine[_ROW_FIELDS].itertuples(index=False)
            if kind != LEVEL or r.unit != GROWTH_UNIT]
    rows = _prefer_final(rows)
    if not rows:
        return YearlySeries(indicator_id, [], [], kind)
    rows, notes = _one_basis(rows, kind, indicator_id)
    return YearlySeries(indicator_id, [r.year for r in rows], [r.value for r in rows],
                        kind, rows[-1].unit, tuple(notes), rows[-1].price_basis)


_ROW_FIELDS = ["year", "value", "unit", "price_basis", "status"]
_STATUS_RANK = {status.value: status.rank for status in Status}


def _prefer_final(rows: list) -> list:
    """One row per year, final over estimate, alternatives dropped; sorted by year.
    (Plain rows, not DataFrames: this runs once per series on files of 100,000 rows.)"""
    best = {}
    for row in rows:
        if row.status == Status.ALTERNATIVE:
            continue
        rank = _STATUS_RANK.get(row.status, 1)  # an unknown status ranks as an estimate
        if row.year not in best or rank < best[row.year][0]:
            best[row.year] = (rank, row)
    return [best[year][1] for year in sorted(best)]


def _price_class(basis) -> str:
    """current | constant | "" (not stated, or not applicable as for USD trade values)."""
    text = str(basis or "").lower()
    return "current" if text.startswith("current") else "constant" if "constant" in text else ""


def _same_prices(a, b) -> bool:
    """Growth rates may bridge bases, but nominal growth never joins real growth."""
    ca, cb = _price_class(a), _price_class(b)
    return not ca or not cb or ca == cb


def _one_basis(rows: list, kind: IndicatorKind, indicator_id: str):
    """The rows on the latest row's price basis (growth rates: same price class) and in
    its unit, with a warning Problem for each kind of row left out: (rows, notes)."""
    latest = rows[-1].price_basis
    joins = (lambda b: _same_prices(b, latest)) if kind == GROWTH else (lambda b: b == latest)
    kept = [r for r in rows if joins(r.price_basis)]
    left_out = [r for r in rows if not joins(r.price_basis)]
    notes = []
    if left_out:
        notes.append(Problem("basis_not_joined", WARNING, params={
            "indicator": indicator_id, "years": ", ".join(str(r.year) for r in left_out),
            "bases": "; ".join(dict.fromkeys(r.price_basis for r in left_out)),
            "basis": latest}))
    if len({r.unit for r in kept}) > 1:
        unit = kept[-1].unit
        kept = [r for r in kept if r.unit == unit]
        notes.append(Problem("mixed_units", WARNING, params={"indicator": indicator_id,
                                                             "unit": unit}))
    return kept, notes


# --- one-off years -------------------------------------------------------------------


def without_one_offs(series: YearlySeries, years, reported_growth: pd.Series | None = None
                     ) -> YearlySeries:
    """The series as the models see it when `years` are marked exceptional.

    A one-off year is taken out. For a level series whose last year is the one-off
    and whose year before is missing, the level before the jump is reconstructed from
    the growth the source reports for that year (value / (1 + growth)), so that the
    projection starts from where the series was before the exceptional year. The
    reconstruction is used for modelling only; it is never written to the data.
    """
    marked = set(int(y) for y in years)
    keep = ~np.isin(series.years, list(marked))
    years_kept, values_kept = list(series.years[keep]), list(series.values[keep])
    if series.kind == LEVEL and reported_growth is not None:
        for year in sorted(marked):
            before = year - 1
            growth = reported_growth.get(year)
            value = series.value_in(year)
            if value is not None and growth is not None and before not in years_kept \
                    and not any(y > year for y in years_kept):
                years_kept.append(before)
                values_kept.append(value / (1 + growth / 100))
    order = np.argsort(years_kept)
    return replace(series, years=np.asarray(years_kept)[order],
                   values=np.asarray(values_kept)[order])


# --- the growth record a target is compared with -------------------------------------


def growth_record(observations: pd.DataFrame, series: YearlySeries) -> pd.Series:
    """Growth in % per year (a float Series indexed by year): for growth indicators the
    values themselves, and likewise for signed ratios (the figure a target is compared
    with); for levels, the growth computed between consecutive observed years, overridden
    by the growth the sources report (which also covers years whose previous level is
    missing)."""
    if series.kind != LEVEL:
        return pd.Series(series.values, index=series.years, dtype=float)
    years, values = series.years, series.values
    consecutive = np.flatnonzero(np.diff(years) == 1)
    computed = pd.Series(100 * (values[consecutive + 1] / values[consecutive] - 1),
                         index=years[consecutive + 1], dtype=float)
    mine = observations[(observations["indicator"] == series.indicator)
                        & (observations["unit"] == GROWTH_UNIT)]
    # nominal (current-price) growth is no record for a constant-price series, nor the reverse
    reported = _prefer_final([r for r in mine[_ROW_FIELDS].itertuples(index=False)
                              if _same_prices(r.price_basis, series.price_basis)])
    reported = pd.Series([r.value for r in reported], index=[r.year for r in reported],
                         dtype=float)
    record = reported.combine_first(computed).sort_index()
    return record[record.index <= series.last_year] if len(series) else record


# --- user datasets: to and from what storage keeps -----------------------------------

PAYLOAD_COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "status", "source", "note"]


def to_payload(dataset: Dataset) -> dict:
    """What storage keeps of a user dataset: {"observations": [row dicts], "meta": dict}."""
    rows = dataset.observations[PAYLOAD_COLUMNS]
    return {"observations": rows.to_dict(orient="records"), "meta": dict(dataset.meta)}


def from_rows(name: str, rows: pd.DataFrame, meta: dict | None = None) -> Dataset:
    """A user dataset from canonical rows (an edited table, a stored payload): the same
    checks as a file, errors raised as InputError, warnings kept on the dataset."""
    table = rows.reindex(columns=PAYLOAD_COLUMNS).copy()
    for column in ("indicator", "unit", "price_basis", "status", "source", "note"):
        table[column] = table[column].fillna("").astype(str)
    table["status"] = table["status"].replace("", Status.FINAL.value)
    table["year"] = pd.to_numeric(table["year"], errors="coerce")
    table["value"] = pd.to_numeric(table["value"], errors="coerce")
    table["row"] = range(2, len(table) + 2)
    table = table.dropna(subset=["indicator", "year", "value"], how="all")
    problems = [Problem("bad_year" if pd.isna(r.year) else "bad_value", row=int(r.row),
                        params={"text": ""}) for r in table.itertuples()
                if pd.isna(r.year) or pd.isna(r.value)]
    problems += [Problem("missing_indicator", row=int(r.row)) for r in table.itertuples()
                 if not r.indicator.strip()]
    if problems:
        raise InputError(problems)
    table["year"] = table["year"].astype(int)
    problems = check(table, name)
    if errors(problems):
        raise InputError(problems)
    return Dataset(name, table, meta=meta or {"name_vi": name, "name_en": name},
                   problems=problems)


def from_payload(name: str, payload: dict) -> Dataset:
    """The dataset `to_payload` stored, checked again (InputError if it no longer passes)."""
    return from_rows(name, pd.DataFrame(payload["observations"]), payload.get("meta"))
