"""Đắk Lắk in two vintages (5, 6): the statistics office's history joined
with the province's estimates, the as-of rule of the January-2022 dataset, and the current
vintage whose look-back shows what happened to the 2022 targets."""

import pandas as pd
import pytest

from modules.data.dataset import build_series, flags_of, growth_record, load_builtin
from modules.data.provenance import account
from modules.planning.targets import evaluate, plan_targets
from modules.planning.tools import look_back

AFTER_2021 = ("outcomes_after_2021", "daklak_after_2021_pass3")


@pytest.fixture(scope="module")
def daklak():
    return load_builtin("daklak")


@pytest.fixture(scope="module")
def current():
    return load_builtin("daklak_2025")


def test_the_statistics_office_figures_with_their_right_values(daklak):
    retail, iip = daklak.series("retail_sales"), daklak.series("industrial_production_index")
    assert retail.value_in(2015) == 52154.5
    assert iip.value_in(2015) == -1.3           # index 98.7 (previous year = 100): a fall
    obs = daklak.observations
    gso = obs[obs["source"].str.contains("choisy/gso")]
    assert set(gso["coverage"]) == {"gso"}
    index_rows = gso[gso["indicator"] == "industrial_production_index"]
    assert len(index_rows) == 5 and set(index_rows["status"]) == {"final"}
    assert index_rows["flags"].map(lambda f: "converted" in flags_of(f)).all()
    assert index_rows["note"].str.contains("the index (previous year = 100) 98.7",
                                           regex=False).any()
    # the 2016 column is "Prel. 2016" in the table: an estimate
    assert obs[(obs["indicator"] == "retail_sales") & (obs["year"] == 2016)
               & obs["source"].str.contains("choisy")]["status"].tolist() == ["estimate"]


def test_the_overlap_years_show_how_far_the_estimates_were_from_the_finals(daklak):
    left_out = account(daklak.observations, "retail_sales").left_out
    differences = {item.figure.year: round(item.difference_pct, 1) for item in left_out
                   if item.reason == "outranked"}
    assert differences == {2010: -1.1, 2014: 1.8}  # 26,400 vs 26,681.2; 49,425 vs 48,567.9
    lines = account(daklak.observations, "retail_sales").lines("vi")
    assert any("26.400 (ước tính)" in line and "−1,1%" in line for line in lines)
    assert any("49.425 (ước tính)" in line and "+1,8%" in line for line in lines)
    assert any("this one differs from it by +1.8%" in line
               for line in account(daklak.observations, "retail_sales").lines("en"))


def test_territory_changes_are_respected(daklak):
    """Đắk Nông was split from Đắk Lắk on 1 Jan 2004: no Đắk Lắk figure before 2004 (they
    would cover both) is in any dataset of the province."""
    for dataset_id in ("daklak", "daklak_2025"):
        assert load_builtin(dataset_id).observations["year"].min() >= 2004
    assert daklak.series("retail_sales").years[0] == 2005


def test_exports_and_production_value_are_still_not_joined(daklak, current):
    for data in (daklak, current):
        exports = data.series("exports")
        assert exports.years[0] == 2021 and "coverage_not_joined" in [n.code for n in exports.notes]
        value = data.series("industrial_production_value")
        assert len(value) == 1 and value.notes  # one year: other bases / counts left out
    assert current.series("industrial_production_value").value_in(2022) == 17100
    # 2020's 17,805 is on the 2019-2020 count: not joined
    assert current.series("industrial_production_value").value_in(2020) is None


def test_the_january_2022_dataset_sees_nothing_published_later(daklak, current):
    obs, plans = daklak.observations, daklak.plans
    assert obs["year"].max() == 2021 and plans["year"].max() == 2022
    later = set(current.observations["source"]) - set(obs["source"])
    assert later and not later & set(obs["source"])
    assert not plans["source"].isin(later).any()
    assert daklak.meta["as_of"] == "2022-01-04"
    # the 2022 targets are the same in both vintages
    assert plan_targets(daklak, 2022).equals(plan_targets(current, 2022))


def test_labels_are_as_strong_as_the_sources(current):
    obs = current.observations.set_index(["indicator", "year", "unit"])
    assert flags_of(obs.loc[("retail_sales", 2022, "billion VND"), "flags"]) == ("lower_bound",)
    assert flags_of(obs.loc[("exports", 2022, "million USD"), "flags"]) == ("approximate",)
    assert "lower_bound" in flags_of(obs.loc[("retail_sales", 2023, "billion VND"), "flags"])
    assert "secondary_source" in flags_of(obs.loc[("retail_sales", 2023, "billion VND"), "flags"])
    assert (current.observations["source"].str.len() > 0).all()
    assert (current.plans["source"].str.len() > 0).all()
    # "% of plan" the collector computed (93,000 / 90,500) is no sourced figure: not kept
    pct = current.plans[(current.plans["kind"] == "pct_of_plan") & (current.plans["year"] == 2022)]
    assert pct.empty


def test_the_current_vintage_looks_back_on_the_2022_targets(current):
    table = look_back(current, 2022).drop_duplicates("indicator").set_index("indicator")
    assert table.loc["industrial_production_index", "actual"] == 22.23
    assert table.loc["retail_sales", "actual"] == 93000
    assert table.loc["exports", "actual"] == 1500
    assert table.loc[["industrial_production_index", "retail_sales", "exports"],
                     "reached"].tolist() == [True, True, True]
    assert not table["crosses_break"].any()
    # and a 2025 target can be tested on data up to 2024
    assessed = evaluate(current, plan_targets(current, 2025), 2025)
    assert [(r.indicator, r.target) for r in assessed] == [("retail_sales", 110000)]
    assert current.series("retail_sales").last_year == 2024
    assert current.meta["as_of"] == "2025-01-31"


def test_an_estimated_growth_never_overrides_growth_between_two_finals():
    rows = pd.DataFrame([
        ("x", 2019, 100.0, "M", "", "", "final", "", "a"),
        ("x", 2020, 110.0, "M", "", "", "final", "", "a"),
        ("x", 2020, 14.0, "% yoy", "", "", "estimate", "", "b"),   # said at the time
        ("x", 2021, 120.0, "M", "", "", "estimate", "", "b"),
        ("x", 2021, 9.5, "% yoy", "", "", "estimate", "", "b"),    # reported with the estimate
        ("x", 2023, 130.0, "M", "", "", "final", "", "a"),
        ("x", 2023, 8.0, "% yoy", "", "", "final", "", "a")],     # a final growth: kept
        columns=["indicator", "year", "value", "unit", "price_basis", "coverage", "status",
                 "flags", "source"])
    record = growth_record(rows, build_series(rows, "x"))
    assert record.round(2).to_dict() == {2020: 10.0, 2021: 9.5, 2023: 8.0}
