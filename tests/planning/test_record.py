"""The tool's own track record (planning.record): what is replayed, as of when, and that the
record never feeds back into a probability."""

import ast
from pathlib import Path

import pandas as pd
import pytest

from modules.data.dataset import Dataset, load_builtin
from modules.planning.record import (
    COIN_BRIER,
    RECORD_COLUMNS,
    breakdown,
    class_line,
    reliability,
    replay,
    scores,
)
from modules.planning.tools import look_back

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def vietnam():
    return load_builtin("vietnam")


@pytest.fixture(scope="module")
def national(vietnam):
    return replay([vietnam])


def test_one_row_per_target_with_a_known_outcome(national):
    assert list(national.columns) == RECORD_COLUMNS
    assert not national.duplicated(["dataset", "indicator", "year"]).any()
    assert national["met"].notna().all() and national["outcome"].notna().all()
    # 2006: a level (37.44) and a growth (+16.4%) stated for one target: the level is judged
    exports_2006 = national[(national["indicator"] == "exports") & (national["year"] == 2006)]
    assert exports_2006["kind"].tolist() == ["target_low"]
    assert exports_2006["target"].iloc[0] == 37.44
    # 2014's deficit cap has no outcome in the data: no row
    assert not ((national["indicator"] == "trade_deficit_pct_of_exports")
                & (national["year"] == 2014)).any()


def test_ranges_and_lower_bound_outcomes_are_judged_by_their_bound_and_labelled(national):
    row = national.set_index(["indicator", "year"]).loc[("exports", 2021)]
    assert row["kind"] == "target_growth_low"  # "+4–5%": the floor
    assert row["target"] == pytest.approx(281.5 * 1.04) and row["stated"] == 4
    assert row["unit"] == "billion USD"
    assert row["outcome"] == 336.3 and row["met"]  # "more than 336.3": judged by 336.3
    assert row["labels"].split(";") == ["range", "outcome_lower_bound"]
    point = national.set_index(["indicator", "year"]).loc[("exports", 2010)]
    assert point["labels"] == ""  # 63 to 63 is no range


def test_a_growth_target_without_the_year_before_is_not_judged(vietnam):
    # exports 2016 has only its reported growth: "+6–7% in 2017" has no level to stand for
    assert "exports" not in set(look_back(vietnam, 2017)["indicator"])
    assert 2017 in set(look_back(vietnam, 2017)["year"])  # the production index is judged


def test_each_year_is_judged_on_earlier_data_only(vietnam, national):
    changed = vietnam.observations.copy()
    later = changed["year"] >= 2015
    changed.loc[later, "value"] = changed.loc[later, "value"] * 0.5
    future = Dataset(vietnam.id, changed, vietnam.plans, vietnam.meta)
    again = replay([future])
    before = national[national["year"] <= 2015].reset_index(drop=True)
    assert again.loc[again["year"] <= 2015, "probability"].tolist() == \
        pytest.approx(before["probability"].tolist())
    # the outcomes halved: 2015's export target now missed by more, the P stays what it was
    assert not again.set_index(["indicator", "year"]).loc[("exports", 2015), "met"]


def test_the_reference_is_cut_to_the_same_january():
    daklak = load_builtin("daklak")
    seen = []

    def spy(data, indicator_id, model, horizon, reference=None):
        year = int(data.id.split("@")[1])  # look_back's dataset as of January of `year`
        seen.append((year, data.observations["year"].max(), reference.id,
                     reference.observations["year"].max()))
        from modules.engine.projections import project
        return project(data, indicator_id, model, horizon, reference)

    replay([daklak], project_fn=spy)
    assert seen and {year for year, *_ in seen} >= {2014, 2022}
    for year, data_last, reference_id, reference_last in seen:
        assert data_last < year and reference_last < year and reference_id == f"vietnam@{year}"


def test_the_outcomes_never_set_a_probability(vietnam, national):
    """The record is a fact about the tool: flipping every outcome changes `met`, never P."""
    flipped = vietnam.observations.copy()
    for row in national.itertuples():
        at = (flipped["indicator"] == row.indicator) & (flipped["year"] == row.year)
        flipped.loc[at, "value"] = flipped.loc[at, "value"] * (0.2 if row.met else 5)
    again = replay([Dataset(vietnam.id, flipped, vietnam.plans, vietnam.meta)])
    # the rows whose own year was flipped: same P, opposite outcome (later years see the
    # flipped history and may differ)
    first = national.iloc[0]
    assert again.iloc[0]["probability"] == pytest.approx(first["probability"])
    assert again.iloc[0]["met"] != first["met"]


def test_no_engine_or_feasibility_module_reads_the_record():
    for path in [*(ROOT / "modules" / "engine").glob("*.py"),
                 ROOT / "modules" / "planning" / "feasibility.py",
                 ROOT / "modules" / "planning" / "targets.py"]:
        tree = ast.parse(path.read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "modules.planning.record" not in imported, path


def _table(rows):
    return pd.DataFrame([{"dataset": "d", "indicator": "exports", "year": y, "kind": "plan_target",
                          "direction": "at_least", "stated": 1.0, "target": 1.0,
                          "unit": "million USD", "probability": p,
                          "verdict": v, "outcome": 1.0, "met": m, "labels": ""}
                         for y, p, v, m in rows], columns=RECORD_COLUMNS)


def test_scores_with_the_right_values():
    table = _table([(2001, 0.8, "likely", True), (2002, 0.7, "likely", False),
                    (2003, 0.2, "stretch", False), (2005, 0.5, "toss_up", True)])
    s = scores(table)
    assert (s.n, s.met, s.first_year, s.last_year) == (4, 2, 2001, 2005)
    assert s.brier == pytest.approx((0.04 + 0.49 + 0.04 + 0.25) / 4)
    assert s.coin == COIN_BRIER == 0.25
    assert s.base_rate == 0.5 and s.brier_base == pytest.approx(0.25)
    likely = s.classes["likely"]
    assert (likely.n, likely.met, likely.first_year, likely.last_year) == (2, 1, 2001, 2002)
    assert likely.mean_probability == pytest.approx(0.75)
    assert s.classes["very_likely"].n == 0
    chart = reliability(table)
    assert chart["verdict"].tolist() == ["likely", "toss_up", "stretch"]
    assert chart["share_met"].tolist() == [0.5, 1.0, 0.0]
    assert breakdown(table, "indicator").iloc[0].to_dict() == {
        "indicator": "exports", "n": 4, "met": 2, "brier": pytest.approx(s.brier),
        "first_year": 2001, "last_year": 2005}
    assert class_line(s, "likely", "vi") == \
        "Khi Khả thi đánh giá “Có khả năng đạt”, 1/2 mục tiêu đã đạt (2001–2002)."
    assert class_line(s, "toss_up", "en") == \
        "When Khả thi said “Even chance”, 1 of 1 targets were met (2005)."
    assert "chưa có" in class_line(s, "very_likely", "vi")
    empty = scores(_table([]))
    assert empty.n == 0 and empty.brier is None and empty.classes["likely"].n == 0


def test_the_briefing_line_names_each_class_shown_once():
    from modules.planning.record import classes_line
    s = scores(_table([(2001, 0.8, "likely", True), (2004, 0.7, "likely", False),
                       (2003, 0.2, "stretch", False)]))
    assert classes_line(s, ["stretch", "likely", "likely", "very_likely"], "vi") == (
        "Độ tin cậy của Khả thi, số mục tiêu chính thức đã đạt theo đánh giá (2001–2004): "
        "“Rất có khả năng đạt” chưa có; “Có khả năng đạt” 1/2; “Thách thức” 0/1.")
    assert classes_line(s, ["likely"], "en") == \
        "Khả thi's record, official targets met by verdict (2001–2004): “Likely” 1/2."
    assert classes_line(s, ["very_likely"], "en").endswith("verdict: “Very likely” none yet.")
    assert classes_line(s, [], "vi") == ""


def test_a_target_in_two_vintages_is_kept_once_from_the_latest(vietnam, national):
    older = Dataset("vietnam_then", vietnam.observations[vietnam.observations["year"] <= 2015],
                    vietnam.plans, {**vietnam.meta, "as_of": "2016-01-10"})
    both = replay([older, vietnam])
    assert len(both) == len(national)
    assert set(both["dataset"]) == {"vietnam"}  # as_of 2022-04-30 beats 2016-01-10
