import pytest

from modules.data.dataset import builtin_catalogue, load_builtin, load_file
from modules.data.problems import InputError
from modules.planning.targets import plan_targets


@pytest.fixture(scope="module")
def daklak():
    return load_builtin("daklak")


def test_builtin_datasets_load_with_sources_on_every_row():
    for dataset_id in builtin_catalogue():
        data = load_builtin(dataset_id)
        assert len(data.indicators) >= 4
        assert (data.observations["source"].str.len() > 0).all()
        assert set(data.observations["status"]) <= {"final", "estimate", "alternative"}


def test_daklak_headline_series_as_of_january_2022(daklak):
    retail = daklak.series("retail_sales")
    assert list(retail.years) == [2010, 2014, 2020, 2021]  # gaps stay gaps
    assert retail.last_value == 85873
    assert daklak.series("exports").last_value == 1136
    assert daklak.series("imports").last_value == 450
    iip = daklak.series("industrial_production_index")
    assert iip.kind == "growth" and list(iip.values) == [7.9, 14.8]


def test_levels_on_different_price_bases_are_not_joined(daklak):
    value = daklak.series("industrial_production_value")
    assert list(value.years) == [2021] and value.last_value == 13956
    assert value.notes and value.notes[0].code == "basis_not_joined"
    assert "2019" in value.notes[0].message("en")
    assert "Industrial production value" in value.notes[0].message("en")


def test_growth_record_prefers_reported_growth_and_skips_nominal_rates(daklak):
    assert daklak.growth_record("retail_sales").to_dict() == {2014: 14.8, 2020: 11.3, 2021: 2.8}
    assert 2006 not in daklak.growth_record("industrial_production_value")  # current prices


def test_finals_beat_estimates_and_alternatives_are_never_modelled():
    vietnam = load_builtin("vietnam")
    exports = vietnam.series("exports")
    assert exports.value_in(2021) == 336.3        # final, over the 336.25 estimate
    assert exports.value_in(2007) == 48.561       # 48.4 is kept as an alternative only


def test_official_2022_targets(daklak):
    targets = plan_targets(daklak, 2022).set_index("indicator")
    assert targets.loc["industrial_production_index", "growth_pct"] == 12
    assert targets.loc["retail_sales", "target"] == 90500
    assert targets.loc["exports", "target"] == 1200
    assert targets.loc["imports", "target"] == 95


def test_long_and_wide_files_give_the_same_series(write):
    long = write("long.csv", "indicator,year,value,comment\nsales,2019,10,x\nsales,2020,12,\n"
                 "sales,2021,13,\n")
    wide = write("wide.csv", "year,sales\n2019,10\n2020,12\n2021,13\n")
    years_as_columns = write("yearbook.csv", "Chỉ tiêu,2019,2020,2021\nsales,10,12,13\n")
    for path in (long, wide, years_as_columns):
        series = load_file(path).series("sales")
        assert list(series.years) == [2019, 2020, 2021] and list(series.values) == [10, 12, 13]


def test_wide_file_blank_cells_are_gaps(write):
    data = load_file(write("gaps.csv", "year,a,b\n2019,1,\n2020,,5\n2021,3,6\n"))
    assert list(data.series("a").years) == [2019, 2021]
    assert list(data.series("b").years) == [2020, 2021]


@pytest.mark.parametrize("text, code, row", [
    ("", "file_empty", None),
    ("indicator,year,value\n", "no_rows", None),
    ("indicator,year,value\nsales,twenty,5\n", "bad_year", 2),
    ("indicator,year,value\nsales,2020,abc\n", "bad_value", 2),
    ("indicator,year,value\nsales,2020,5\nsales,2020,6\n", "duplicate_conflict", 3),
    ("indicator,year,value\nsales,2020,-5\n", "nonpositive", 2),
    ("foo,bar\n1,2\n", "unknown_layout", None),
])
def test_bad_files_are_refused_with_row_and_reason(write, text, code, row):
    with pytest.raises(InputError) as caught:
        load_file(write("bad.csv", text))
    problem = caught.value.problems[0]
    assert problem.code == code and problem.row == row
    assert "bad.csv" in problem.message("vi")


def test_binary_junk_is_refused(write):
    with pytest.raises(InputError) as caught:
        load_file(write("junk.csv", bytes(range(256)) * 10))
    assert caught.value.problems[0].code == "not_a_table"


def test_years_written_as_2021_0_or_quoted_are_read(write):
    data = load_file(write("y.csv", "indicator,year,value\na,2020.0,1\na,'2021,2\n"))
    assert list(data.series("a").years) == [2020, 2021]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_template_round_trips_in_both_formats(lang):
    from modules.reports.template import template_csv, template_frame, template_xlsx
    expected = template_frame(lang).iloc[:, 2].tolist()
    for name, content in (("t.xlsx", template_xlsx(lang)), ("t.csv", template_csv(lang))):
        data = load_file(content, name)
        assert data.observations["value"].tolist() == expected
        assert data.observations["status"].tolist() == ["estimate", "estimate"]
        assert data.observations["source"].str.startswith(("https://", "source-")).all()
        assert [p.code for p in data.problems] == ["few_years"]


def test_vietnamese_numbers_and_title_rows_are_read(write):
    text = ("BÁO CÁO SỐ LIỆU CÔNG THƯƠNG\n\nChỉ tiêu;Năm;Giá trị\n"
            "Xuất khẩu;2020;1.133,7\nXuất khẩu;2021;1.136\nBán lẻ;2021;85.873\n")
    data = load_file(write("vn.csv", text))
    assert data.series("exports").values.tolist() == [1133.7, 1136.0]
    assert data.series("Bán lẻ").values.tolist() == [85873.0]
    style = next(p for p in data.problems if p.code == "number_style")
    assert "Việt Nam" in style.message("vi") and style.row == 4


def test_mixed_decimal_styles_are_refused(write):
    with pytest.raises(InputError) as caught:
        load_file(write("mixed.csv", "year,a\n2020,\"1.136,5\"\n2021,\"1,140.2\"\n"))
    assert caught.value.problems[0].code == "mixed_decimal_styles"


def test_storage_payload_round_trips_a_dataset():
    from modules.data.dataset import from_payload, to_payload
    daklak = load_builtin("daklak")
    again = from_payload("copy", to_payload(daklak))
    assert again.series("retail_sales").values.tolist() == \
        daklak.series("retail_sales").values.tolist()
    assert again.meta["default_target_year"] == 2022
