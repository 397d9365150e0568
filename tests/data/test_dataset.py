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
        # a merged province has only what both former provinces give on one count
        assert len(data.indicators) >= (1 if data.meta.get("merged_from") else 4)
        assert (data.observations["source"].str.len() > 0).all()
        assert set(data.observations["status"]) <= {"final", "estimate", "alternative"}


def test_daklak_headline_series_as_of_january_2022(daklak):
    retail = daklak.series("retail_sales")
    # one statistic, two vintages: the statistics office's finals 2005-2015 (2016 preliminary)
    # and the province's year-end estimates 2020-2021; 2017-2019 stay a gap; the Party
    # Congress's Oct-2020 estimate is an alternative
    assert list(retail.years) == list(range(2005, 2017)) + [2020, 2021]
    assert retail.value_in(2015) == 52154.5 and retail.value_in(2005) == 5321.9
    assert retail.value_in(2010) == 26681.2 and retail.value_in(2014) == 48567.9  # finals
    assert retail.last_value == 85873 and not retail.notes
    exports = daklak.series("exports")
    assert list(exports.years) == [2021] and exports.last_value == 1136
    assert [n.code for n in exports.notes] == ["coverage_not_joined"]
    assert "2005, 2014, 2017" in exports.notes[0].message("en")
    imports = daklak.series("imports")
    assert list(imports.years) == [2021] and imports.last_value == 450  # 2014 (~15): another count
    iip = daklak.series("industrial_production_index")
    # the statistics office's index 2012-2016 (previous year = 100, as growth) and the
    # 2020-2021 stand-in (growth of production value at constant prices)
    assert iip.kind == "growth" and list(iip.years) == [2012, 2013, 2014, 2015, 2016, 2020, 2021]
    assert list(iip.values) == [10.5, 0.3, 3.8, -1.3, 7.1, 7.9, 14.8]


def test_levels_on_different_price_bases_are_not_joined(daklak):
    value = daklak.series("industrial_production_value")
    assert list(value.years) == [2021] and value.last_value == 13956
    assert value.notes and value.notes[0].code == "basis_not_joined"
    assert "2019" in value.notes[0].message("en")
    assert "Industrial production value" in value.notes[0].message("en")


def test_growth_record_prefers_reported_growth_and_skips_nominal_rates(daklak):
    record = daklak.growth_record("retail_sales")
    # 2014's +14.8% was estimated at the time; between the two finals the growth is +11.4%
    assert round(record[2014], 2) == 11.37 and round(record[2015], 2) == 7.38
    assert record[2020] == 11.3 and record[2021] == 2.8  # reported (no 2019 level)
    assert 2017 not in record and 2019 not in record     # gaps stay gaps
    # the 2021 level's basis is not stated: neither 2006 (current) nor 2020 (constant 2010)
    assert daklak.growth_record("industrial_production_value").to_dict() == {2021: 14.8}


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
        assert data.observations["source"].tolist() == template_frame(lang).iloc[:, 8].tolist()
        assert [p.code for p in data.problems if p.tells(lang)] == \
            (["sheet_read"] if name.endswith(".xlsx") else []) + ["few_years"]


def test_vietnamese_numbers_and_title_rows_are_read(write):
    text = ("BÁO CÁO SỐ LIỆU CÔNG THƯƠNG\n\nChỉ tiêu;Năm;Giá trị\n"
            "Xuất khẩu;2020;1.133,7\nXuất khẩu;2021;1.136\nBán lẻ;2021;85.873\n")
    data = load_file(write("vn.csv", text))
    assert data.series("exports").values.tolist() == [1133.7, 1136.0]
    assert data.series("Bán lẻ").values.tolist() == [85873.0]
    style = next(p for p in data.problems if p.code == "number_style")
    assert "Việt Nam" in style.message("vi") and style.row == 5  # “1.136”: the file's line 5


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


# --- coverage, flags and the built-in data's labels ------------------------


def _series_key(row):
    from modules.data.dataset import level_key
    return level_key(row, "price_basis"), level_key(row, "coverage"), row.unit


@pytest.mark.parametrize("dataset_id", ["daklak", "daklak_2025", "phuyen", "vietnam"])
def test_no_level_series_joins_two_compilers_or_price_bases(dataset_id):
    """No source in the built-in data bridges two coverages or bases, so every level series
    uses figures of one price basis, one coverage and one unit (a label the source does not
    state joins only its own source)."""
    from modules.data.catalogue import IndicatorKind, indicator
    from modules.data.dataset import select_rows

    data = load_builtin(dataset_id)
    checked = 0
    for indicator_id in data.indicators:
        if indicator(indicator_id).kind == IndicatorKind.GROWTH_RATE:
            continue
        used, left_out, _ = select_rows(data.observations, indicator_id)
        assert len({_series_key(r) for r in used}) <= 1, (indicator_id, used)
        assert list(data.series(indicator_id).years) == [r.year for r in used]
        for row, reason, other in left_out:
            if reason in ("price_basis", "coverage", "unit"):
                assert _series_key(row) != _series_key(other)
        checked += 1
    assert checked >= 3


def _frame(rows):
    import pandas as pd
    columns = ["indicator", "year", "value", "unit", "price_basis", "coverage", "status", "flags",
               "source"]
    return pd.DataFrame([dict(zip(columns, r)) for r in rows])


def test_levels_of_different_coverage_are_not_joined_and_unstated_ones_only_within_a_source():
    from modules.data.dataset import build_series
    rows = _frame([("x", 2018, 10, "M", "", "customs", "final", "", "a"),
                   ("x", 2019, 11, "M", "", "province", "final", "", "b"),
                   ("x", 2020, 12, "M", "", "province", "estimate", "", "c"),
                   ("y", 2019, 5, "M", "", "unstated", "final", "", "a"),
                   ("y", 2020, 6, "M", "", "unstated", "final", "", "b"),
                   ("y", 2021, 7, "M", "", "unstated", "final", "", "b"),
                   ("z", 2019, 5, "M", "", "", "final", "", "a"),   # no coverage column filled:
                   ("z", 2020, 6, "M", "", "", "final", "", "b")])  # no constraint
    x = build_series(rows, "x")
    assert list(x.years) == [2019, 2020] and x.notes[0].code == "coverage_not_joined"
    y = build_series(rows, "y")
    assert list(y.years) == [2020, 2021] and y.notes[0].code == "unstated_not_joined"
    assert list(build_series(rows, "z").years) == [2019, 2020]


def test_a_flagged_figure_never_outranks_a_plain_one_of_the_same_status_and_says_so():
    from modules.data.dataset import build_series
    rows = _frame([("x", 2019, 10, "M", "", "", "final", "approximate", "a"),
                   ("x", 2019, 11, "M", "", "", "final", "", "b"),
                   ("x", 2020, 12, "M", "", "", "final", "secondary_source", "c"),
                   ("x", 2020, 13, "M", "", "", "estimate", "", "d")])
    series = build_series(rows, "x")
    assert list(series.values) == [11, 12]  # plain final over flagged final; final over estimate
    flagged = [n for n in series.notes if n.code == "flagged_preferred"]
    assert flagged and "2020" in flagged[0].message("en")


def test_the_account_says_which_figures_were_used_and_why_others_were_left_out(daklak):
    from modules.data.provenance import account
    exports = account(daklak.observations, "exports")
    assert [f.year for f in exports.used] == [2021]
    assert {(item.figure.year, item.reason) for item in exports.left_out} == {
        (2005, "coverage"), (2014, "coverage"), (2017, "coverage")}
    lines = exports.lines("vi")
    assert lines[0] == "Được dùng (1): 2021: 1.136 (ước tính)."
    assert "2017: 575 (ước tính; cận dưới)" in lines[3]
    retail = account(daklak.observations, "retail_sales")
    assert ("alternative" in {i.reason for i in retail.left_out}
            and 82650 in {i.figure.value for i in retail.left_out})


def test_built_in_labels_are_as_strong_as_the_sources(daklak):
    from modules.data.dataset import flags_of
    obs = daklak.observations.set_index(["indicator", "year", "unit"])
    assert flags_of(obs.loc[("iip_manufacturing", 2021, "% yoy"), "flags"]) == ("approximate",)
    assert flags_of(obs.loc[("exports", 2017, "million USD"), "flags"]) == ("lower_bound",)
    assert "possibly_plan" in obs.loc[("industrial_production_value", 2019, "billion VND"), "flags"]
    assert "approximate" in obs.loc[("exports_coffee", 2013, "million USD"), "flags"]
    # one sentence of the article, one price-basis label (the source states none)
    article = daklak.observations[
        (daklak.observations["indicator"] == "industrial_production_value")
        & (daklak.observations["year"] == 2021)]
    assert set(article["price_basis"]) == {"unspecified"}
    plans = daklak.plans[(daklak.plans["indicator"] == "industrial_production_value")
                         & (daklak.plans["year"] == 2021)]
    assert plans["note"].iloc[0].endswith("[khathi] price_basis: unspecified")
    vietnam = load_builtin("vietnam").observations
    assert "secondary_source" in vietnam.set_index(["indicator", "year", "unit", "value"]).loc[
        ("exports", 2008, "billion USD", 62.685), "flags"]
    converted = vietnam[vietnam["flags"].str.contains("converted")]
    assert len(converted[converted["unit"] == "% yoy"]) == 17  # the "index - 100" rows
    assert converted["note"].str.contains("[khathi] converted", regex=False).all()
    # a level's reported growth carries its level's price basis, so the nominal/real guard acts
    for indicator_id in ("retail_sales", "exports", "imports"):
        mine = vietnam[vietnam["indicator"] == indicator_id]
        assert set(mine["price_basis"]) == {"current"}, indicator_id


def test_pass3_figures_are_in_under_the_existing_rules(daklak):
    obs, plans = daklak.observations, daklak.plans
    # total goods circulation is another measure: never joined with retail sales
    circulation = obs[obs["indicator"] == "goods_circulation"]
    assert circulation["value"].tolist() == [29.8] and "goods_circulation" not in daklak.indicators
    assert 29.8 not in daklak.growth_record("retail_sales").values
    # conflicts: the later/level-consistent figure is kept, the other is an alternative
    alternatives = obs[obs["status"] == "alternative"]
    assert {(r.indicator, r.year, r.value) for r in alternatives.itertuples()} == {
        ("exports", 2014, 20.0), ("retail_sales", 2020, 82650.0),
        ("retail_sales", 2014, 48699.9)}  # the last: the office's earlier vintage (2017)
    assert daklak.series("retail_sales").value_in(2020) == 83500
    stated = plans[(plans["year"] == 2014) & (plans["kind"] == "plan_target")]
    assert dict(zip(stated["indicator"], stated["value"])) == {"exports": 750, "imports": 20}
    orientation = plans[plans["flags"] == "medium_term"]
    assert sorted(orientation["year"]) == [2015, 2020]
    assert obs.set_index(["indicator", "year", "unit"]).loc[
        ("imports", 2014, "million USD"), "value"] == 15


def test_the_readme_table_of_series_matches_what_the_app_builds():
    """data/README.md lists, per built-in series, the years each projection uses."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text("utf-8")
    section = readme.split("## Series and the years each projection uses")[1].split("\n## ")[0]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith(tuple(f"| {d} |" for d in builtin_catalogue()))]
    listed = {(r[0], r[1]): r[2] for r in rows}
    built = {}
    for dataset_id in builtin_catalogue():
        data = load_builtin(dataset_id)
        for indicator_id in data.indicators:
            years = [int(y) for y in data.series(indicator_id).years]
            if years:
                built[(dataset_id, indicator_id)] = _ranges(years)
    assert listed == built


def _ranges(years):
    from modules.data.dataset import _year_ranges
    return _year_ranges(years)
# --- an immutable dataset ------------------------------------------------------------------


def test_a_dataset_cannot_be_changed_in_place():
    import dataclasses
    data = load_builtin("daklak")
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.id = "other"
    with pytest.raises(TypeError):
        data.meta["name_vi"] = "khác"
    assert isinstance(data.problems, tuple) and isinstance(data.one_offs, tuple)


def test_variants_are_new_datasets_and_leave_the_original_alone():
    from modules.data.dataset import OneOff
    data = load_builtin("daklak")
    fingerprint, imports = data.fingerprint, data.series("imports")
    renamed = data.renamed("Bản của Lan")
    assert (renamed.id, renamed.name("vi"), renamed.name("en")) == ("Bản của Lan",) * 3
    assert renamed.fingerprint.startswith("Bản của Lan:")
    assert renamed.meta["as_of"] == data.meta["as_of"]  # the rest of meta is kept
    marked = data.with_one_offs([OneOff("imports", 2021, "điện gió")])
    assert marked.series("imports").years.tolist() == [2020]
    assert marked.one_offs == (OneOff("imports", 2021, "điện gió"),)
    assert marked.with_one_offs(marked.one_offs) is marked
    assert marked.with_one_offs([]).fingerprint == fingerprint
    assert (data.id, data.name("vi"), data.fingerprint, data.one_offs) == \
        ("daklak", "Đắk Lắk (số liệu đến tháng 1/2022)", fingerprint, ())
    assert data.series("imports") is imports and imports.years.tolist() == [2021]


def test_series_built_from_many_threads_are_built_once():
    from concurrent.futures import ThreadPoolExecutor
    data = load_builtin("vietnam")
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: data.series("exports"), range(32)))
    assert all(series is got[0] for series in got)
    assert len(got[0]) > 10


def test_a_left_out_basis_beside_a_series_that_states_none_reads_without_a_double_negative(daklak):
    from modules.data.provenance import account
    vi = account(daklak.observations, "industrial_production_value").lines("vi")
    en = account(daklak.observations, "industrial_production_value").lines("en")
    assert ("Bị loại: 2020: 17.805 (ước tính): loại giá: giá so sánh 2010, trong khi năm 2021 "
            "không ghi loại giá.") in vi
    assert ("Left out: 2020: 17,805 (estimate): price basis: constant 2010 prices, where 2021 "
            "states none.") in en
    for line in vi + en:
        assert "không phải không" not in line and "not not" not in line, line
        assert "loại giá giá" not in line, line


def _observations(spec):
    import pandas as pd

    from modules.data.reader import COLUMNS
    return pd.DataFrame([dict(zip(COLUMNS, (*row, "", ""))) for row in spec], columns=COLUMNS)


def test_a_left_out_compiler_beside_a_series_that_names_none_reads_without_a_double_negative():
    from modules.data.provenance import account
    rows = [("exports", 2019, 300.0, "million USD", "current", "doit", "final", "", "s1"),
            ("exports", 2020, 310.0, "million USD", "current", "unstated", "final", "", "s2"),
            ("exports", 2021, 320.0, "million USD", "current", "unstated", "final", "", "s2")]
    lines = account(_observations(rows), "exports")
    assert lines.lines("vi")[1] == ("Bị loại: 2019: 300 (chính thức): Sở Công Thương, trong khi "
                                    "năm 2021 không rõ cơ quan tổng hợp.")
    assert lines.lines("en")[1] == ("Left out: 2019: 300 (final): Department of Industry and "
                                    "Trade, where 2021 names no compiler.")
    # both unknown, from another source: the older text, no "where"
    rows[0] = ("exports", 2019, 300.0, "million USD", "current", "unstated", "final", "", "s1")
    assert account(_observations(rows), "exports").lines("en")[1] == (
        "Left out: 2019: 300 (final): compiler not stated, and from another source than 2021.")
