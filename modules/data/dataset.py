"""The one data loader: built-in datasets and user files, into one canonical table.

Canonical observations (documented in data/README.md), one row per figure:
    indicator, year, value, unit, price_basis, coverage, status, flags, source, note
status is final | estimate | alternative (another sourced figure for the same year,
kept for the record, never modelled); flags (";"-separated, possibly empty) say how strong
a figure is (FLAGS below); coverage names who compiled the figure / what it counts. For a
level indicator, rows whose unit is "% yoy" are its reported growth. Plans (targets,
% of plan) live in plans.csv.

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
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from modules.data.catalogue import IndicatorKind, indicator, match_indicator
from modules.data.problems import InputError, Problem, ProblemCode, Severity, errors
from modules.data.provinces import AGGREGATE_KINDS, FORMER, OTHER, lookup, match_area
from modules.data.reader import (
    AREA,
    MAX_PROBLEMS,
    MAX_ROWS,
    _parse_records,
    read_canonical,
    read_observations,
)
from modules.data.series import YearlySeries
from modules.data.vocabulary import Status
from modules.text.i18n import t

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
GROWTH_UNIT = "% yoy"
MIN_MODEL_YEARS = 3

# Flags: how strong a figure is (data/README.md). Plain strings, kept here in one place.
LOWER_BOUND = "lower_bound"            # the source says "over", "more than"
APPROXIMATE = "approximate"            # "about", "nearly", or a round figure
SECONDARY_SOURCE = "secondary_source"  # read in a third-party copy of the publication
POSSIBLY_PLAN = "possibly_plan"        # may be a plan restated as an outcome
CONVERTED = "converted"                # written in another form than printed (note: original)
MEDIUM_TERM = "medium_term"            # plans: a medium-term orientation, not the annual plan
FLAGS = (LOWER_BOUND, APPROXIMATE, SECONDARY_SOURCE, POSSIBLY_PLAN, CONVERTED, MEDIUM_TERM)
# A figure with one of these never outranks a figure of the same status without them.
WEAK_FLAGS = frozenset({LOWER_BOUND, APPROXIMATE, SECONDARY_SOURCE, POSSIBLY_PLAN})
# Price basis or coverage the source does not state: such figures join only figures of
# their own source (two unknowns are not known to be the same). An empty cell (a file
# without the column) sets no constraint.
NOT_STATED = frozenset({"unspecified", "unstated"})


def flags_of(text) -> tuple[str, ...]:
    """'approximate;secondary_source' -> ('approximate', 'secondary_source'); '' -> ()."""
    if not isinstance(text, str):  # None, or NaN from an empty cell
        return ()
    return tuple(f.strip() for f in text.split(";") if f.strip())


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
        """Indicators with at least one modelled value, in first-seen order (a new list)."""
        return list(self._indicators)

    @cached_property  # the observations never change: computed once (pages ask many times)
    def _indicators(self) -> tuple[str, ...]:
        usable = self.observations[self.observations["status"] != Status.ALTERNATIVE]
        # a level's reported growth alone is no series
        is_level = usable["indicator"].map(
            lambda i: indicator(i).kind != IndicatorKind.GROWTH_RATE).astype(bool)
        levels_growth = (usable["unit"] == GROWTH_UNIT) & is_level
        return tuple(dict.fromkeys(usable.loc[~levels_growth, "indicator"]))

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
        """Growth in % per year (index: year) of the modelled series; see growth_record.
        Computed once per dataset and indicator; a copy is returned."""
        return self._cached(("growth", indicator_id), lambda: growth_record(
            self.observations, self.series(indicator_id))).copy()

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
    plans = pd.read_csv(folder / "plans.csv", dtype={"note": str, "source": str, "flags": str})
    plans["flags"] = plans["flags"].fillna("")
    return Dataset(dataset_id, observations, plans, meta)


PANEL = "panel"  # datasets.json "kind" of a multi-area built-in (the provinces' tables)

# The built-in dataset whose series are the reference class by default (the country).
DEFAULT_REFERENCE = "vietnam"


def default_reference_id(dataset: Dataset) -> str | None:
    """The built-in dataset a dataset's series learn from by default, the same in the app
    and the CLI: the `reference` of its datasets.json entry when it has one (None there:
    no reference), else DEFAULT_REFERENCE; never the dataset itself."""
    key = dataset.meta["reference"] if "reference" in dataset.meta else DEFAULT_REFERENCE
    return None if key is None or key == dataset.id else key


def default_reference(dataset: Dataset) -> Dataset | None:
    """The built-in dataset of default_reference_id, loaded (None: no reference)."""
    key = default_reference_id(dataset)
    return load_builtin(key) if key else None


def builtin_catalogue() -> dict[str, dict]:
    """{dataset id: meta} of the built-in datasets of one area (the sidebar's), from
    data/datasets.json; panels (several areas) are listed by builtin_panels."""
    return {key: meta for key, meta in _datasets_json().items() if meta.get("kind") != PANEL}


def builtin_panels() -> dict[str, dict]:
    """{panel id: meta} of the built-in multi-area datasets (data/datasets.json entries with
    "kind": "panel"; meta["files"] lists the tables read and what each figure is)."""
    return {key: meta for key, meta in _datasets_json().items() if meta.get("kind") == PANEL}


def _datasets_json() -> dict[str, dict]:
    return json.loads((DATA_DIR / "datasets.json").read_text(encoding="utf-8"))


def load_file(path_or_bytes, name: str = "", lang: str = "vi",
              sheet: str | None = None) -> Dataset:
    """A user's CSV/XLSX as a dataset of one area; raises InputError listing every error
    found, and `several_areas` for a file of several areas (read it with load_areas).
    `sheet` picks a workbook's sheet (default: the one a user means, see reader)."""
    areas = load_areas(path_or_bytes, name, sheet=sheet)
    if len(areas.datasets) > 1:
        raise InputError([Problem(ProblemCode.SEVERAL_AREAS, file=areas.file, params={
            "n": len(areas.datasets), "provinces": len(areas.provinces())})])
    (dataset,) = areas.datasets.values()
    return replace(dataset, problems=areas.problems + dataset.problems)


@dataclass(frozen=True)
class Areas:
    """The areas of one file (or built-in panel): `datasets` maps an area id (see
    modules.data.provinces; "" for a file that names no area) to that area's Dataset, in
    file order; `problems` are the file's own warnings (number style, names mapped, years
    kept out by the territory rule); each Dataset holds the warnings about its series."""

    datasets: Mapping[str, Dataset]
    problems: tuple[Problem, ...] = ()
    file: str = ""

    def provinces(self) -> dict[str, Dataset]:
        """The areas that are neither aggregates nor former provinces (Hà Tây, in
        `datasets`): provinces of either generation, areas not on the list, or the one
        dataset of a file that names no area."""
        return {k: d for k, d in self.datasets.items()
                if d.meta.get("area_kind") not in AGGREGATE_KINDS | {FORMER}}

    def aggregates(self) -> dict[str, Dataset]:
        """The regions and the whole country (sums of provinces, never one of them)."""
        return {k: d for k, d in self.datasets.items()
                if d.meta.get("area_kind") in AGGREGATE_KINDS}

    def series(self, indicator_id: str) -> dict[str, YearlySeries]:
        """{area id: series} of one indicator over the provinces that have it."""
        found = {k: d.series(indicator_id) for k, d in self.provinces().items()}
        return {k: s for k, s in found.items() if len(s)}


def load_areas(path_or_bytes, name: str = "", sheet: str | None = None,
               fill: Mapping | None = None) -> Areas:
    """A CSV/XLSX of one or several areas (a "by province" table, or rows with a
    `province` column) as one Dataset per area, validated as load_file validates;
    InputError listing every error found. `fill` gives values for columns the file leaves
    empty (unit, price_basis, coverage, source, note: the built-in panel's provenance)."""
    if not name and isinstance(path_or_bytes, (str, Path)):
        name = Path(path_or_bytes).name
    observations, warnings = read_observations(path_or_bytes, name=name, sheet=sheet)
    for column, value in (fill or {}).items():
        observations.loc[observations[column] == "", column] = value
    observations, problems = _validated_table(observations, warnings, name)
    return _split(observations, problems, name or "upload")


def _split(observations: pd.DataFrame, problems: list[Problem], file: str,
           meta: Mapping | None = None) -> Areas:
    """One Dataset per area of validated observations; file-level problems kept apart."""
    datasets = {}
    areas = list(dict.fromkeys(observations[AREA]))
    groups = {areas[0]: observations} if len(areas) == 1 else {
        key: rows.reset_index(drop=True) for key, rows in observations.groupby(AREA, sort=False)}
    for area_id in areas:
        rows = groups[area_id]
        own = [p for p in problems if p.area == area_id and area_id]
        if not area_id:
            datasets[""] = Dataset(file, rows, meta={"name_vi": file, "name_en": file, **(
                meta or {})}, problems=own)
            continue
        place = lookup(area_id)
        datasets[area_id] = Dataset(area_id, rows, meta={
            **(meta or {}), "name_vi": place.name("vi"), "name_en": place.name("en"),
            "area": area_id, "area_kind": place.kind, "region": place.region}, problems=own)
    return Areas(datasets, tuple(p for p in problems if not (p.area and p.area in datasets)),
                 file)


def load_builtin_panel(panel_id: str) -> Areas:
    """A built-in multi-area dataset (`builtin_panels`), its tables read by the one reader
    as a user's would be, each figure given the unit, price basis, compiler and source its
    datasets.json entry states. KeyError for an unknown id; InputError if a table no longer
    reads. Growth indicators (the production index) are in "% yoy" like the other built-ins."""
    meta = builtin_panels()[panel_id]
    tables, problems = [], []
    for entry in meta["files"]:
        path = DATA_DIR / entry["path"]
        observations, warnings = read_observations(path, name=path.name)
        for column in ("unit", "price_basis", "coverage", "source", "note"):
            if entry.get(column):
                observations.loc[observations[column] == "", column] = entry[column]
        tables.append(observations)
        problems += warnings
    observations, problems = _validated_table(pd.concat(tables, ignore_index=True), problems,
                                              panel_id)
    growth = observations["indicator"].map(
        lambda i: indicator(i).kind == IndicatorKind.GROWTH_RATE).astype(bool)
    observations.loc[growth, "unit"] = GROWTH_UNIT
    keep = {k: meta[k] for k in ("as_of", "reference") if k in meta}
    return _split(observations, problems, panel_id, {**keep, "panel": panel_id})


def _validated_table(observations: pd.DataFrame, warnings: list[Problem], file: str
                     ) -> tuple[pd.DataFrame, list[Problem]]:
    """The one validation after reading, for files, the editor and saved datasets: areas
    (names mapped, the territory rule), catalogue names, the index form of growth
    indicators, then `check`. InputError listing every error found."""
    observations, found = normalise(observations, file)
    problems = warnings + found
    if not errors(problems):
        problems += check(observations, file)
    if errors(problems):
        raise InputError(problems)
    return observations, problems


def _validated(dataset_id: str, observations: pd.DataFrame, warnings: list[Problem],
               file: str, meta: dict) -> Dataset:
    """A validated dataset of one area (the editor and saved datasets)."""
    if AREA not in observations:
        observations = observations.assign(**{AREA: ""})
    observations, problems = _validated_table(observations, warnings, file)
    return Dataset(dataset_id, observations, meta=meta, problems=problems)


# A growth indicator given as an index (previous year = 100) has values around 100: most of
# them within INDEX_RANGE (a provincial table has a few far years: Thái Nguyên 2014, 322.8)
# and a median no growth rate in % reaches.
INDEX_RANGE = (50.0, 250.0)
INDEX_SHARE_IN_RANGE = 0.75
INDEX_MEDIAN_AT_LEAST = 80.0


def normalise(observations: pd.DataFrame, file: str = "") -> tuple[pd.DataFrame, list[Problem]]:
    """Names mapped to catalogue ids (each mapping reported), and growth indicators given
    in the index form "previous year = 100" converted to growth in % (reported), or
    refused when the form cannot be told (values of both forms in one series)."""
    table, problems = _map_areas(observations.copy(), file)
    names = {}
    for raw in dict.fromkeys(table["indicator"]):
        found, index_named = match_indicator(raw)
        names[raw] = (found or raw, index_named)
        if found and found != raw:
            first = table.loc[table["indicator"] == raw, "row"].iloc[0]
            problems.append(Problem(ProblemCode.INDICATOR_MAPPED, Severity.WARNING, file=file,
                                    row=int(first), params={"text": str(raw)[:60],
                                                            "indicator": found, "id": found}))
    index_flag = table["indicator"].map(lambda raw: names[raw][1]) | \
        table["unit"].str.replace(" ", "").str.contains("=100", regex=False)
    table["indicator"] = table["indicator"].map(lambda raw: names[raw][0])
    for ind in dict.fromkeys(table["indicator"]):
        if indicator(ind).kind != IndicatorKind.GROWTH_RATE:
            continue
        mine = (table["indicator"] == ind) & (table["status"] != Status.ALTERNATIVE)
        values = table.loc[mine, "value"]
        if values.empty:
            continue
        stated = bool(index_flag[table["indicator"] == ind].any())
        clustered = values.between(*INDEX_RANGE).mean() >= INDEX_SHARE_IN_RANGE and \
            values.median() >= INDEX_MEDIAN_AT_LEAST and not (values < 40).any()
        if stated or clustered:
            rows = table["indicator"] == ind
            example = float(values.iloc[-1])
            table.loc[rows, "value"] = (table.loc[rows, "value"] - 100).round(9)  # 107.1 -> 7.1
            table.loc[rows & index_flag, "unit"] = "%"
            problems.append(Problem(
                ProblemCode.INDEX_FORM_CONVERTED, Severity.WARNING, file=file, params={
                "indicator": ind, "value": Decimal(repr(example)),  # as read: 114,8 → 14,8
                "growth": Decimal(repr(round(example - 100, 9)))}))
        elif (values >= 70).any() and (values < 40).any() and values.median() >= 70:
            problems.append(Problem(ProblemCode.INDEX_FORM_MIXED, file=file, row=int(
                table.loc[mine & (table["value"] < 40), "row"].iloc[0]), params={"indicator": ind}))
        elif (indexed := _index_form_years(values)).any():
            rows = table.loc[mine].loc[indexed].sort_values("year")
            problems.append(Problem(
                ProblemCode.INDEX_FORM_BREAK, file=file, row=int(rows["row"].iloc[0]), params={
                "indicator": ind, "years": _year_ranges(sorted(set(rows["year"].astype(int)))),
                "value": Decimal(repr(float(rows["value"].iloc[0]))),
                "growth": Decimal(repr(round(float(rows["value"].iloc[0]) - 100, 9))),
                "other": Decimal(repr(float(values[~indexed & (values < 40)].iloc[-1])))}))
    return table, problems


def _index_form_years(values: pd.Series) -> pd.Series:
    """Which values of a growth series in % (its median below the index range) are in the
    index form instead, by the series' own break: values of 70–250 that, read as an index
    (minus 100), fall among the other years' growth rates (7, 8, 9, 108, 118 -> the last
    two), where a true surge (7, 8, 9, 222.8) stays far from them."""
    low = values[values < 40]
    high = values.between(70, INDEX_RANGE[1])
    if low.empty or not high.any():
        return pd.Series(False, index=values.index)
    spread = max(10.0, float(low.max() - low.min()))
    return high & (values - 100).between(low.min() - spread, low.max() + spread)


def check(observations: pd.DataFrame, file: str = "") -> list[Problem]:
    """Problems of content (the reader has checked the form): conflicts, signs, gaps,
    jumps, length. Errors stop the file; warnings are shown beside it."""
    problems = []
    kinds = observations["indicator"].map(lambda i: indicator(i).kind)
    growth_rows = (kinds == IndicatorKind.GROWTH_RATE) | \
        ((kinds == IndicatorKind.LEVEL) & (observations["unit"] == GROWTH_UNIT))
    # signed ratios may be zero or negative
    level_rows = (kinds == IndicatorKind.LEVEL) & ~growth_rows
    for row in observations[level_rows & (observations["value"] <= 0)].itertuples():
        problems.append(Problem(ProblemCode.NONPOSITIVE, file=file, row=row.row, column="value",
                                params={"indicator": row.indicator, "value": row.value}))
    for row in observations[growth_rows & (observations["value"] <= -100)].itertuples():
        problems.append(Problem(ProblemCode.GROWTH_BELOW_FLOOR, file=file, row=row.row,
                                params={"indicator": row.indicator}))
    if AREA not in observations:
        observations = observations.assign(**{AREA: ""})
    usable = observations[observations["status"] != Status.ALTERNATIVE]
    keys = [AREA, "indicator", "year", "unit", "status"]
    repeated = usable[usable.duplicated(keys, keep=False)]
    for (place, ind, year, *_), rows in repeated.groupby(keys, sort=False):
        code, severity = (ProblemCode.DUPLICATE_CONFLICT, Severity.ERROR) \
            if rows["value"].nunique() > 1 else (ProblemCode.DUPLICATE_REPEAT, Severity.WARNING)
        problems.append(Problem(code, severity, file=file, row=int(rows["row"].iloc[1]),
                                params={"indicator": ind, "year": year}, area=place))
    if not errors(problems):
        for (place, ind), rows in observations.groupby([AREA, "indicator"], sort=False):
            problems.extend(replace(p, area=place)
                            for p in _series_warnings(build_series(rows, ind), file))
    return problems[:MAX_PROBLEMS]


def _map_areas(table: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Area names to area ids (modules.data.provinces, each mapping reported once), and
    the territory rule: a figure for a year its area's present territory does not hold
    is kept out (reported: which area, which years, why), never joined."""
    if AREA not in table:
        table[AREA] = ""
    if not (table[AREA] != "").any():
        return table, []
    problems, seen, ids, keep, outside = [], set(), [], [], {}
    for text, year, row in zip(table[AREA], table["year"], table["row"]):
        if not text:
            ids.append("")
            keep.append(True)
            continue
        place, mapped = match_area(text, int(year))
        ids.append(place.id)
        if (text, place.id) not in seen:
            seen.add((text, place.id))
            if place.kind == OTHER:
                problems.append(Problem(ProblemCode.AREA_UNKNOWN, Severity.WARNING, file=file,
                                        row=int(row), params={"text": text[:60]}))
            elif mapped:
                problems.append(Problem(ProblemCode.AREA_MAPPED, Severity.WARNING, file=file,
                                        row=int(row), params={"text": text[:60], "area": place.id,
                                                              "id": place.id,
                                                              "area_kind": place.kind}))
        held = place.holds(int(year))
        keep.append(held)
        if not held:
            why = place.began if place.first_year and year < place.first_year else place.ended
            outside.setdefault((place.id, why), []).append(int(year))
    for (place_id, why), years in outside.items():
        problems.append(Problem(
            ProblemCode.TERRITORY_CHANGE, Severity.WARNING, file=file, area=place_id, params={
            "years": _year_ranges(sorted(set(years))), "territory": why}))
    table[AREA] = ids
    return table[pd.Series(keep, index=table.index)].reset_index(drop=True), problems


JUMP_RATIO = 3.0  # a level more than tripling or falling to a third in a year is flagged


def _series_warnings(series: YearlySeries, file: str) -> list[Problem]:
    found = list(series.notes)
    name = {"indicator": series.indicator}
    if len(series) < MIN_MODEL_YEARS:
        found.append(Problem(ProblemCode.FEW_YEARS, Severity.WARNING, file=file,
                             params={**name, "n": len(series)}))
    missing = sorted(set(range(series.years[0], series.last_year + 1)) - set(series.years)) \
        if len(series) else []
    if missing:
        found.append(Problem(ProblemCode.GAP, Severity.WARNING, file=file, params={
            **name, "years": _year_ranges(missing)}))
    if series.kind == IndicatorKind.LEVEL and len(series) > 1:
        step = np.diff(series.years) == 1
        ratio = series.values[1:] / series.values[:-1]
        for year in series.years[1:][step & ((ratio > JUMP_RATIO) | (ratio < 1 / JUMP_RATIO))]:
            found.append(Problem(ProblemCode.JUMP, Severity.WARNING, file=file,
                                 params={**name, "year": int(year)}))
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

    Rules: alternatives are never used; final beats estimate in the same year, and a
    flagged figure (WEAK_FLAGS) never beats an unflagged one of the same status; for a
    level indicator the reported-growth rows are left aside; levels on a price basis or
    coverage other than the latest year's are not joined (different series; a basis or
    coverage the source does not state joins only figures of the same source); for growth
    rates, current-price (nominal) growth is not joined with constant-price growth.
    `select_rows` says which rows were used and why the others were left out.
    """
    kind = indicator(indicator_id).kind
    used, _, notes = select_rows(observations, indicator_id)
    if not used:
        return YearlySeries(indicator_id, [], [], kind)
    return YearlySeries(indicator_id, [r.year for r in used], [r.value for r in used],
                        kind, used[-1].unit, tuple(notes), used[-1].price_basis)


_ROW_FIELDS = ["year", "value", "unit", "price_basis", "coverage", "status", "flags", "source"]
_STATUS_RANK = {status.value: status.rank for status in Status}  # lower is preferred


def _rows(observations: pd.DataFrame, indicator_id: str) -> list:
    mine = observations[observations["indicator"] == indicator_id]
    for column in ("coverage", "flags", "source"):  # files without these columns
        if column not in mine.columns:
            mine = mine.assign(**{column: ""})
    return list(mine[_ROW_FIELDS].fillna("").itertuples(index=False))


def select_rows(observations: pd.DataFrame, indicator_id: str):
    """(used, left_out, notes): the rows a series is built from (sorted by year), the rows
    left out as [(row, reason, other)] with reason one of "alternative", "outranked" (another
    figure of that year preferred: `other`), "price_basis", "coverage", "unit", and the
    series' warnings (Problems). Rows are namedtuples with the fields of _ROW_FIELDS. For a
    level indicator its reported-growth rows are neither used nor listed."""
    kind = indicator(indicator_id).kind
    rows = [r for r in _rows(observations, indicator_id)
            if kind == IndicatorKind.GROWTH_RATE or r.unit != GROWTH_UNIT]
    left_out = [(r, "alternative", None) for r in rows if r.status == Status.ALTERNATIVE]
    best, outranked = _prefer_final(rows, with_losers=True)
    left_out += outranked
    if not best:
        return [], left_out, []
    used, dropped, notes = _one_basis(best, kind, indicator_id)
    left_out += dropped
    flagged = sorted({winner.year for _, _, winner in outranked if _is_weak(winner)}
                     & {r.year for r in used})
    if flagged:
        notes.append(Problem(ProblemCode.FLAGGED_PREFERRED, Severity.WARNING, params={
            "indicator": indicator_id, "years": _year_ranges(flagged)}))
    return used, sorted(left_out, key=lambda item: item[0].year), notes


def _is_weak(row) -> bool:
    return bool(WEAK_FLAGS & set(flags_of(getattr(row, "flags", ""))))


def _prefer_final(rows: list, with_losers: bool = False):
    """One row per year, final over estimate and unflagged over flagged (WEAK_FLAGS),
    alternatives dropped; sorted by year. With `with_losers`, also the rows that lost as
    [(row, "outranked", winner)]. (Plain rows, not DataFrames: this runs once per series
    on files of 100,000 rows.)"""
    best, losers = {}, []
    for row in rows:
        if row.status == Status.ALTERNATIVE:
            continue
        rank = (_STATUS_RANK.get(row.status, 1), _is_weak(row))  # unknown status: an estimate
        if row.year not in best or rank < best[row.year][0]:
            if row.year in best:
                losers.append(best[row.year][1])
            best[row.year] = (rank, row)
        else:
            losers.append(row)
    chosen = [best[year][1] for year in sorted(best)]
    if not with_losers:
        return chosen
    return chosen, [(row, "outranked", best[row.year][1]) for row in losers]


def _price_class(basis) -> str:
    """current | constant | "" (not stated, or not applicable as for USD trade values)."""
    text = str(basis or "").lower()
    return "current" if text.startswith("current") else "constant" if "constant" in text else ""


def _same_prices(a, b) -> bool:
    """Growth rates may bridge bases, but nominal growth never joins real growth."""
    ca, cb = _price_class(a), _price_class(b)
    return not ca or not cb or ca == cb


def level_key(row, field: str) -> tuple:
    """What must be equal for two level figures to be joined on `field` (price_basis or
    coverage): the label, and the source too when the label says it is not stated."""
    label = str(getattr(row, field, "") or "")
    return (label, row.source) if label in NOT_STATED else (label,)


def _one_basis(rows: list, kind: str, indicator_id: str):
    latest = rows[-1]
    notes, left_out = [], []
    if kind == IndicatorKind.GROWTH_RATE:
        joins = {"price_basis": lambda r: _same_prices(r.price_basis, latest.price_basis)}
    else:
        joins = {column: (lambda r, f=column: level_key(r, f) == level_key(latest, f))
                 for column in ("price_basis", "coverage")}
    kept = rows
    for column, joined in joins.items():
        out = [r for r in kept if not joined(r)]
        kept = [r for r in kept if joined(r)]
        if out:
            left_out += [(r, column, latest) for r in out]
            code = ProblemCode.BASIS_NOT_JOINED if column == "price_basis" \
                else ProblemCode.COVERAGE_NOT_JOINED
            if all(level_key(r, column)[0] == level_key(latest, column)[0] for r in out):
                code = ProblemCode.UNSTATED_NOT_JOINED  # same "not stated" label, another source
            notes.append(Problem(code, Severity.WARNING, params={
                "indicator": indicator_id, "years": ", ".join(str(r.year) for r in out),
                "bases": "; ".join(dict.fromkeys(str(getattr(r, column)) for r in out)),
                "basis": str(getattr(latest, column))}))
    if len({r.unit for r in kept}) > 1:
        unit = kept[-1].unit
        left_out += [(r, "unit", kept[-1]) for r in kept if r.unit != unit]
        kept = [r for r in kept if r.unit == unit]
        notes.append(Problem(ProblemCode.MIXED_UNITS, Severity.WARNING,
                             params={"indicator": indicator_id, "unit": unit}))
    return kept, left_out, notes


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
    if series.kind == IndicatorKind.LEVEL and reported_growth is not None:
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
    """Growth in % per year: for growth indicators the values themselves; for levels,
    the growth computed between consecutive observed years, overridden by the growth
    the sources report (which also covers years whose previous level is missing), except
    that an estimated growth never overrides growth computed between two final levels.
    Reported growth counts only when it is growth of this series: same coverage as the
    series' latest figure, no nominal growth for a real series (nor the reverse), and for a
    series whose price basis is not stated, growth of the same label and source."""
    if series.kind != IndicatorKind.LEVEL:  # growth rates and signed ratios: the values themselves
        return pd.Series(series.values, index=series.years, dtype=float)
    years, values = series.years, series.values
    consecutive = np.flatnonzero(np.diff(years) == 1)
    computed = pd.Series(100 * (values[consecutive + 1] / values[consecutive] - 1),
                         index=years[consecutive + 1], dtype=float)
    mine = observations[(observations["indicator"] == series.indicator)
                        & (observations["unit"] == GROWTH_UNIT)]
    used, _, _ = select_rows(observations, series.indicator)
    latest = used[-1] if used else None

    def of_this_series(row) -> bool:
        # nominal (current-price) growth is no record for a constant-price series, nor the reverse
        if not _same_prices(row.price_basis, series.price_basis):
            return False
        if latest is None:
            return True
        if str(latest.price_basis) in NOT_STATED and \
                level_key(row, "price_basis") != level_key(latest, "price_basis"):
            return False
        return level_key(row, "coverage") == level_key(latest, "coverage")

    # growth computed between two final levels is final: an estimated growth rate published
    # before the finals (2014 retail: +14.8% at the time, +11.4% between the finals) does not
    # override it, as a final level beats an estimate of the same year
    status = dict(zip((r.year for r in used), (r.status for r in used)))
    from_finals = {int(y) for y in computed.index
                   if status.get(y) == Status.FINAL and status.get(y - 1) == Status.FINAL}
    reported = _prefer_final([r for r in _rows(mine, series.indicator) if of_this_series(r)
                              and not (r.year in from_finals and r.status != Status.FINAL)])
    reported = pd.Series([r.value for r in reported], index=[r.year for r in reported],
                         dtype=float)
    record = reported.combine_first(computed).sort_index()
    return record[record.index <= series.last_year] if len(series) else record


# --- user datasets: to and from what storage keeps -----------------------------------

PAYLOAD_COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "coverage", "status",
                   "flags", "source", "note"]


def to_payload(dataset: Dataset) -> dict:
    """What storage keeps of a user dataset: {"observations": [row dicts], "meta": dict}."""
    rows = dataset.observations[PAYLOAD_COLUMNS]
    return {"observations": rows.to_dict(orient="records"), "meta": dict(dataset.meta)}


def from_rows(name: str, rows: pd.DataFrame, meta: dict | None = None,
              lang: str = "vi") -> Dataset:
    """A user dataset from canonical rows (an edited table, a stored payload): the same
    reading and checks as a file, with the same messages (rows numbered as the table
    shows them, from 1). Text cells (what was typed in the editor) are read as numbers
    typed in the UI language `lang` ('3.150' is 3150 in Vietnamese); numbers as they
    are. Years must be whole numbers in 1900–2100; values finite and below 1e15.
    Errors raised as InputError, warnings kept on the dataset."""
    table = rows.reindex(columns=PAYLOAD_COLUMNS)
    if len(table) > MAX_ROWS:
        raise InputError([Problem(ProblemCode.TOO_MANY_ROWS, params={"limit": MAX_ROWS})])
    records = []
    columns = {key: t(f"template.{key}", lang) for key in ("year", "value")}  # as the editor
    for number, cells in enumerate(table.itertuples(index=False), start=1):
        values = {key: _editor_cell(value) for key, value in zip(PAYLOAD_COLUMNS, cells)}
        if all(values[key] == "" for key in ("indicator", "year", "value")):
            continue  # an empty row the editor added
        if values["value"] == "":
            values["value"] = " "  # a blank value in the editor is a mistake, not a gap
        records.append((number, values, columns))
    if not records:
        raise InputError([Problem(ProblemCode.NO_VALUES)])
    observations, warnings = _parse_records(records, "", style=lang)
    return _validated(name, observations, warnings, "", meta or {"name_vi": name, "name_en": name})


def _editor_cell(value):
    """An editor or payload cell for the reader: text stays text, a number stays a
    number (a whole-number year as text, so 2021.5 is refused, never truncated)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return float(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else str(value)
    return str(value)


def from_payload(name: str, payload: dict) -> Dataset:
    """The dataset `to_payload` stored, checked again (InputError if it no longer passes)."""
    return from_rows(name, pd.DataFrame(payload["observations"]), payload.get("meta"))
