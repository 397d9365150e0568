"""Merging former provinces: one function (modules.data.merge.merge) behind
`khathi merge`, the data page and the built-in dataset of the merged Đắk Lắk."""

import subprocess
import sys

import pandas as pd
import pytest

from modules.data.dataset import Dataset, builtin_catalogue, load_builtin
from modules.data.merge import GAP, NOT_JOINED, RATE_NOT_ADDED, SUMMED, builtin_account, merge
from modules.data.problems import InputError
from modules.planning.targets import evaluate, plan_targets

COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "coverage", "status", "flags",
           "source", "note"]


def part(name, rows, plans=None):
    observations = pd.DataFrame([dict(zip(COLUMNS, r + ("",) * (len(COLUMNS) - len(r))))
                                 for r in rows], columns=COLUMNS)
    return Dataset(name, observations, plans if plans is not None else
                   pd.DataFrame(columns=["indicator", "year", "kind", "value", "unit"]),
                   {"name_vi": name, "name_en": name})


@pytest.fixture(scope="module")
def provinces():
    return merge([load_builtin("daklak_2025"), load_builtin("phuyen")], ["Đắk Lắk", "Phú Yên"])


def _lines(merged, indicator_id, result=None):
    return [line for line in merged.account if line.indicator == indicator_id
            and (result is None or line.result == result)]


def test_retail_2005_2016_is_the_exact_sum_of_the_two_provinces(provinces):
    retail = provinces.observations[provinces.observations["indicator"] == "retail_sales"]
    by_year = dict(zip(retail["year"], retail["value"]))
    assert sorted(by_year) == list(range(2005, 2017))
    assert by_year[2015] == 74858.7  # 52,154.5 + 22,704.2
    assert by_year[2005] == 8498.0   # 5,321.9 + 3,176.1
    row = retail[retail["year"] == 2015].iloc[0]
    assert row["note"].endswith("Đắk Lắk 52,154.5 + Phú Yên 22,704.2 = 74,858.7")
    assert row["status"] == "final" and row["coverage"] == "gso"
    # 2016 is preliminary in the statistics office's table: the sum of two estimates
    assert retail[retail["year"] == 2016]["status"].tolist() == ["estimate"]
    assert [line.years for line in _lines(provinces, "retail_sales", SUMMED)] == ["2005–2016"]


def test_a_year_one_part_lacks_stays_a_gap(provinces):
    gaps = _lines(provinces, "retail_sales", GAP)
    assert [(line.years, line.parts) for line in gaps] == [("2020–2024", ("Phú Yên",))]
    assert "thiếu số của Phú Yên: để trống, không điền" in gaps[0].text("vi")
    merged = Dataset("m", provinces.observations)
    assert merged.series("retail_sales").value_in(2021) is None  # Đắk Lắk alone: not the sum


def test_two_production_indices_are_not_added(provinces):
    assert "industrial_production_index" not in set(provinces.observations["indicator"])
    line, = _lines(provinces, "industrial_production_index")
    assert line.result == RATE_NOT_ADDED and "weight" in line.text("en")


def test_figures_of_different_compilers_are_not_summed(provinces):
    """Exports 2022: Đắk Lắk's Department (the 2021 count) and a press review for Phú Yên."""
    assert "exports" not in set(provinces.observations["indicator"])
    not_joined = _lines(provinces, "exports", NOT_JOINED)
    assert [line.years for line in not_joined] == ["2022", "2024"]
    assert "compiler (Đắk Lắk: Department of Industry and Trade, count of the 2021 review; " \
           "Phú Yên: compiler not stated)" in not_joined[0].text("en")


def test_growth_of_the_merged_level_is_computed_from_the_sums(provinces):
    merged = Dataset("m", provinces.observations)
    record = merged.growth_record("retail_sales")
    assert record[2015] == pytest.approx(100 * (74858.7 / 68644.2 - 1))
    assert _lines(provinces, "retail_sales", "growth_from_levels")[0].years == "2006–2016"
    # the parts' own reported growth rates (Phú Yên 2010 +26.9%) are not added
    assert _lines(provinces, "retail_sales", "reported_growth")


def test_targets_of_the_parts_are_not_summed(provinces):
    line, = [line for line in provinces.account if line.result == "targets_not_summed"]
    assert line.parts == ("Đắk Lắk", "Phú Yên")
    assert "Phú Yên: 2020–2024" in line.detail


def test_a_price_basis_the_source_does_not_state_is_never_the_same_as_another_parts():
    a = part("A", [("industrial_production_value", 2020, 10.0, "billion VND", "unspecified",
                    "", "final", "", "a")])
    b = part("B", [("industrial_production_value", 2020, 5.0, "billion VND", "unspecified",
                    "", "final", "", "b")])
    c = part("C", [("industrial_production_value", 2020, 5.0, "billion VND", "unspecified",
                    "", "final", "", "a")])
    with pytest.raises(InputError):  # nothing summed
        merge([a, b])
    assert merge([a, c]).observations["value"].tolist() == [15.0]  # same source: same basis


@pytest.mark.parametrize("lang, words", [("vi", "đơn vị khác nhau"), ("en", "different units")])
def test_different_units_are_refused_in_the_users_language(lang, words):
    a = part("A", [("retail_sales", 2020, 10.0, "billion VND", "current")])
    b = part("B", [("retail_sales", 2020, 0.01, "trillion VND", "current")])
    with pytest.raises(InputError) as refused:
        merge([a, b])
    problem, = refused.value.problems
    assert problem.code == "merge_units_differ" and words in problem.message(lang)
    assert "A: billion VND" in problem.message("en") or "A: tỷ đồng" in problem.message(lang)


def test_an_empty_part_the_same_data_twice_and_a_lone_part_are_refused():
    a = part("A", [("retail_sales", 2020, 10.0, "billion VND", "current")])
    empty = part("E", [])
    with pytest.raises(InputError) as refused:
        merge([a, empty])
    assert [p.code for p in refused.value.problems] == ["merge_part_empty"]
    twin = part("A2", [("retail_sales", 2020, 10.0, "billion VND", "current")])
    with pytest.raises(InputError) as refused:
        merge([a, twin])
    assert [p.code for p in refused.value.problems] == ["merge_same_twice"]
    with pytest.raises(InputError) as refused:
        merge([a])
    assert [p.code for p in refused.value.problems] == ["merge_too_few"]


def test_two_index_files_alone_are_refused_saying_why():
    a = part("A", [("industrial_production_index", 2015, -1.3, "% yoy", "n/a")])
    b = part("B", [("industrial_production_index", 2015, 9.3, "% yoy", "n/a")])
    with pytest.raises(InputError) as refused:
        merge([a, b])
    problem, = refused.value.problems
    assert problem.code == "merge_nothing" and "never added" in problem.message("en")
    assert "không bao giờ cộng" in problem.message("vi")


def test_the_built_in_merged_province_is_built_by_the_same_function(provinces):
    meta = builtin_catalogue()["daklak_merged"]
    assert meta["merged_from"] == ["daklak_2025", "phuyen"]
    assert meta["name_en"] == "Đắk Lắk, from 1 July 2025 (with former Phú Yên)"
    built = load_builtin("daklak_merged")
    mine = provinces.observations
    assert built.observations[["indicator", "year", "value", "status"]].reset_index(drop=True) \
        .equals(mine[["indicator", "year", "value", "status"]].reset_index(drop=True))
    assert builtin_account("daklak_merged") == provinces.account
    # the merged province's own targets (not sums of the parts'), testable
    targets = plan_targets(built, 2026).set_index("indicator")
    assert targets.loc["retail_sales", "target"] == 204500
    assert targets.loc["exports", "target"] == 2900
    retail, = [r for r in evaluate(built, plan_targets(built, 2026), 2026)
               if r.indicator == "retail_sales"]
    assert 0 < retail.assessment.probability < 1


def test_khathi_merge_writes_the_sums_and_the_account(tmp_path):
    for dataset_id in ("daklak_2025", "phuyen"):
        load_builtin(dataset_id).observations.reindex(columns=COLUMNS).to_csv(
            tmp_path / f"{dataset_id}.csv", index=False)
    out = tmp_path / "merged.csv"
    done = subprocess.run([sys.executable, "-m", "modules", "merge",
                           str(tmp_path / "daklak_2025.csv"), str(tmp_path / "phuyen.csv"),
                           "--output", str(out), "--quiet", "--lang", "en"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    merged = pd.read_csv(out)
    assert merged.set_index("year").loc[2015, "value"] == 74858.7
    account = pd.read_csv(pd.io.common.StringIO(done.stdout))
    assert {"summed", "gap", "rate_not_added", "not_joined"} <= set(account["result"])
    twice = subprocess.run([sys.executable, "-m", "modules", "merge", str(out), str(out),
                            "--output", str(tmp_path / "x.csv")],
                           capture_output=True, text=True, timeout=120)
    assert twice.returncode == 2 and "không được cộng hai lần" in twice.stderr
    assert "Traceback" not in twice.stderr
