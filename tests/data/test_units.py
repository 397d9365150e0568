"""Misread inputs that would get a verdict (item 4): a unit in the indicator's name,
a per-cent sign in an amount series, the index form in some years of a growth series.
The corpus (tests/data/corpus) holds the files; here: the catalogue's unit vocabulary, the
targets file and the table editor, which read through the same rules."""

import io
import math

import pandas as pd
import pytest

from modules.cli import main
from modules.data.catalogue import UnitKind, match_indicator, split_unit, unit_fits, unit_of
from modules.data.dataset import from_rows, load_file
from modules.data.problems import InputError, ProblemCode
from modules.planning.targets import read_targets

IIP = "Chỉ số sản xuất công nghiệp"


@pytest.mark.parametrize("name, bare, unit", [
    (f"{IIP} (%)", IIP, "%"),
    (f"{IIP} - %", IIP, "%"),
    (f"{IIP} (tỷ đồng)", IIP, "tỷ đồng"),
    ("Kim ngạch xuất khẩu (triệu USD)", "Kim ngạch xuất khẩu", "triệu USD"),
    ("Kim ngạch xuất khẩu (ĐVT: triệu USD)", "Kim ngạch xuất khẩu", "triệu USD"),
    ("Tổng mức bán lẻ, tỷ đồng", "Tổng mức bán lẻ", "tỷ đồng"),
    # brackets that are no unit stay part of the name
    ("Kim ngạch xuất khẩu (số liệu hải quan)", "Kim ngạch xuất khẩu (số liệu hải quan)", ""),
    (f"{IIP} (IIP)", f"{IIP} (IIP)", ""),
    (f"{IIP} (năm trước = 100)", f"{IIP} (năm trước = 100)", ""),
])
def test_a_unit_ending_a_name_is_split_off(name, bare, unit):
    assert split_unit(name) == (bare, unit)


def test_names_with_their_unit_find_their_catalogue_id():
    assert match_indicator(f"{IIP} (%)") == ("industrial_production_index", False)
    assert match_indicator("Exports (million USD)") == ("exports", False)
    assert match_indicator("Kim ngạch xuất khẩu (số liệu hải quan)")[0] == "exports_customs"


def test_units_and_what_they_can_measure():
    assert unit_of("Tỷ đồng") == ("billion VND", UnitKind.AMOUNT)
    assert unit_of("% so với năm trước") == ("% yoy", UnitKind.GROWTH)
    assert unit_of("Năm trước = 100")[1] is UnitKind.INDEX
    assert unit_of("tấn") is None and unit_of("") is None
    assert not unit_fits("industrial_production_index", "tỷ đồng")
    assert not unit_fits("retail_sales", "%") and not unit_fits("exports", "năm trước = 100")
    assert unit_fits("retail_sales", "% yoy") and unit_fits("exports", "triệu USD")
    assert unit_fits("industrial_production_index", "%") and unit_fits("tourism", "%")


def test_the_issues_growth_target_stays_a_growth_target(write, capsys):
    """IIP named with its unit: growth 12 was a level target 16.576 (14.8 × 1.12)."""
    data = write("iip.csv", "indicator,year,value\n" + "".join(
        f"{IIP} (%),{2016 + i},{v}\n" for i, v in enumerate([7.1, 6.5, 8.2, 9.0, 7.4, 14.8])))
    targets = write("t.csv", f"indicator,year,growth_pct\n{IIP} (%),2022,12\n")
    assert main(["check", str(data), "--targets", str(targets), "--quiet"]) == 0
    row = pd.read_csv(io.StringIO(capsys.readouterr().out)).iloc[0]
    assert row["indicator"] == "industrial_production_index"
    assert row["target"] == 12 and row["implied_growth_pct"] == 12


def test_a_targets_file_refuses_a_percent_amount_and_a_unit_that_cannot_be(write):
    path = write("t.csv", "indicator,year,target,growth_pct\n"
                          "retail_sales,2022,12%,\n"
                          f"{IIP} (tỷ đồng),2022,,12\n"
                          "industrial_production_index,2022,12%,\n")  # a growth rate: fine
    with pytest.raises(InputError) as caught:
        read_targets(path)
    found = [(p.code, p.row, p.column) for p in caught.value.problems]
    assert found == [(ProblemCode.PERCENT_IN_TARGET, 2, "target"),
                     (ProblemCode.UNIT_DISAGREES, 3, "indicator")]
    assert "“12%”" in caught.value.problems[0].message("vi")


def test_a_name_and_a_unit_column_that_disagree_are_named_once(write):
    path = write("x.csv", "Chỉ tiêu,Năm,Giá trị,Đơn vị tính\n" + "".join(
        f"Kim ngạch xuất khẩu (triệu USD),{y},900,tỷ đồng\n" for y in (2019, 2020, 2021)))
    with pytest.raises(InputError) as caught:
        load_file(path)
    assert [(p.code, p.row) for p in caught.value.problems] == [(ProblemCode.UNIT_CONFLICT, 2)]


def test_the_name_unit_fills_an_empty_unit_and_growth_units_are_one(write):
    path = write("x.csv", "Chỉ tiêu,Năm,Giá trị,Đơn vị tính\n"
                          "Kim ngạch xuất khẩu (triệu USD),2020,900,\n"
                          "Kim ngạch xuất khẩu (triệu USD),2021,990,\n"
                          "Kim ngạch xuất khẩu,2021,10,% so với năm trước\n")
    table = load_file(path).observations
    assert table["unit"].tolist() == ["million USD", "million USD", "% yoy"]


def test_the_editor_refuses_a_percent_in_an_amount_series_too():
    rows = pd.DataFrame({"indicator": ["retail_sales"] * 3, "year": [2019, 2020, 2021],
                         "value": ["81.200", "8,5%", "85.873"], "unit": ["tỷ đồng"] * 3})
    with pytest.raises(InputError) as caught:
        from_rows("mine", rows, lang="vi")
    problem = caught.value.problems[0]
    assert (problem.code, problem.row) == (ProblemCode.PERCENT_IN_AMOUNT, 2)


def test_index_years_are_found_by_the_break_wherever_they_are(write):
    """The issue's series (median 8.8): 2019–2021 in the index form are refused, not read
    as growth of 108.6 … 118.2 %; a true surge of +222.8 % stays a growth rate."""
    values = [7.1, 6.5, 8.2, 9.0, 7.4, 8.8, 9.3, 108.6, 109.1, 118.2]
    path = write("late.csv", "indicator,year,value\n" + "".join(
        f"industrial_production_index,{2012 + i},{v}\n" for i, v in enumerate(values)))
    with pytest.raises(InputError) as caught:
        load_file(path)
    problem = next(p for p in caught.value.problems if p.severity == "error")
    assert problem.code == ProblemCode.INDEX_FORM_BREAK and problem.row == 9
    assert problem.params["years"] == "2019–2021"
    assert "108,6" in problem.message("vi") and "8,6%" in problem.message("vi")
    surge = write("surge.csv", "indicator,year,value\n" + "".join(
        f"industrial_production_index,{2016 + i},{v}\n"
        for i, v in enumerate([7.1, 6.5, 8.2, 222.8, 9.0])))
    series = load_file(surge).observations["value"].tolist()
    assert series == [7.1, 6.5, 8.2, 222.8, 9.0] and not math.isnan(series[3])
