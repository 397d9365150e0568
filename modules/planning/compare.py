"""Compare a province with the others: its growth beside its region and the whole country,
its rank among the provinces in the latest year the panel has, and the outside view of a
target — how often a province of Vietnam reached that growth in a year.

All figures come from a panel of areas read by the one reader (the built-in
`vietnam_provinces`: the General Statistics Office's tables, `modules.data.dataset.
load_builtin_panel`), one source for the province, its region and the country alike. The
growth of a level (retail sales at current prices) is computed from consecutive levels of
the same territory and status (nominal growth, labelled "computed"); a growth indicator
(the production index) is used as published. Nothing is interpolated: a year without both
levels has no growth.

The as-of rule: every function takes `before` (a year) and uses nothing of that year or
later — for a dataset as of January 2022, `before=2022`; for a target of 2022, the smaller
of the two.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from modules.data.catalogue import IndicatorKind, indicator
from modules.data.dataset import Areas
from modules.data.provinces import COUNTRY, PROVINCE, lookup
from modules.data.vocabulary import Status

OUTSIDE_VIEW_YEARS = 10  # the outside view counts the panel's last ten years before `before`


def growth_table(panel: Areas, indicator_id: str, before: int) -> pd.DataFrame:
    """Yearly growth of every area of the panel, in %: columns area, kind (province |
    region | country), year, growth_pct, estimate (the year's figure is preliminary),
    computed (True: from levels). Only years < `before`; empty when the panel lacks the
    indicator."""
    rows = []
    computed = indicator(indicator_id).kind != IndicatorKind.GROWTH_RATE
    for area_id, dataset in {**panel.provinces(), **panel.aggregates()}.items():
        series = dataset.series(indicator_id)
        if not len(series):
            continue
        observations = dataset.observations
        estimate = set(observations.loc[(observations["indicator"] == indicator_id)
                                        & (observations["status"] == Status.ESTIMATE), "year"])
        years, values = np.asarray(series.years), np.asarray(series.values, dtype=float)
        if computed:
            step = np.diff(years) == 1
            pairs = zip(years[1:][step], (values[1:] / values[:-1] * 100 - 100)[step])
        else:
            pairs = zip(years, values)
        for year, growth in pairs:
            if year < before:
                rows.append({"area": area_id, "kind": dataset.meta.get("area_kind", ""),
                             "year": int(year), "growth_pct": float(growth),
                             "estimate": int(year) in estimate, "computed": computed})
    return pd.DataFrame(rows, columns=["area", "kind", "year", "growth_pct", "estimate",
                                       "computed"])


@dataclass(frozen=True)
class Comparison:
    """A province's growth beside its region and the country.

    `table`: year, area, role (province | region | country), growth_pct, estimate; `rank`
    (1 = fastest) among `ranked` provinces with a growth in `rank_year` (None when the
    province has none that year); `computed` says the growth was computed from levels."""

    indicator: str
    area: str
    region: str
    table: pd.DataFrame
    rank: int | None
    ranked: int
    rank_year: int | None
    rank_estimate: bool
    computed: bool
    spread: pd.DataFrame  # area, growth_pct of every province in rank_year (for the strip)

    def latest(self, role: str) -> tuple[int, float, bool] | None:
        """(year, growth %, estimate) of the latest year of one line (province, region,
        country); None when that line has no figure."""
        rows = self.table[self.table["role"] == role]
        if rows.empty:
            return None
        last = rows.iloc[-1]
        return int(last["year"]), float(last["growth_pct"]), bool(last["estimate"])


def compare(panel: Areas, area_id: str, indicator_id: str, before: int) -> Comparison | None:
    """The comparison of one province (an id of modules.data.provinces) for one indicator,
    using panel years < `before`; None when the panel has no growth of that province."""
    place = lookup(area_id)
    if place.kind != PROVINCE:
        return None
    growth = growth_table(panel, indicator_id, before)
    mine = growth[growth["area"] == area_id]
    if mine.empty:
        return None
    lines = [(area_id, "province"), (place.region, "region"), (COUNTRY.id, "country")]
    table = pd.concat([growth[growth["area"] == key].assign(role=role) for key, role in lines],
                      ignore_index=True)
    table = table[table["year"] >= int(mine["year"].min())]  # the province's own span
    provinces = growth[growth["kind"] == PROVINCE]
    rank_year = int(mine["year"].max())
    that_year = provinces[provinces["year"] == rank_year].sort_values(
        "growth_pct", ascending=False, kind="stable")
    own = float(mine.loc[mine["year"] == rank_year, "growth_pct"].iloc[0])
    rank = int((that_year["growth_pct"] > own).sum()) + 1
    return Comparison(indicator_id, area_id, place.region,
                      table[["year", "area", "role", "growth_pct", "estimate"]]
                      .reset_index(drop=True), rank, len(that_year), rank_year,
                      bool(mine.loc[mine["year"] == rank_year, "estimate"].iloc[0]),
                      bool(mine["computed"].iloc[0]),
                      that_year[["area", "growth_pct"]].reset_index(drop=True))


@dataclass(frozen=True)
class OutsideView:
    """How often a province reached a yearly growth: `hits` of `cases` province-years (of
    `provinces` provinces, `first_year`–`last_year`) grew by at least `growth_pct` (at most,
    for an at-most target)."""

    growth_pct: float
    hits: int
    cases: int
    provinces: int
    first_year: int
    last_year: int
    at_most: bool = False

    @property
    def share(self) -> float:
        """hits / cases (0–1)."""
        return self.hits / self.cases


def outside_view(panel: Areas, indicator_id: str, growth_pct: float, before: int,
                 at_most: bool = False, years: int = OUTSIDE_VIEW_YEARS) -> OutsideView | None:
    """The outside view of a yearly growth (in %): every province-year of the panel's last
    `years` years before `before` counted; None when the panel has none."""
    growth = growth_table(panel, indicator_id, before)
    growth = growth[growth["kind"] == PROVINCE]
    if growth.empty:
        return None
    last = int(growth["year"].max())
    window = growth[growth["year"] > last - years]
    reached = window["growth_pct"] <= growth_pct if at_most else \
        window["growth_pct"] >= growth_pct
    return OutsideView(growth_pct, int(reached.sum()), len(window), window["area"].nunique(),
                       int(window["year"].min()), last, at_most)
