"""The province list, the statistics office's "by province" tables and the territory rule,
with the right values (GSO tables in data/gso_provinces, downloaded 21 Sep 2018)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from modules.cli import main
from modules.data.dataset import (
    builtin_catalogue,
    builtin_panels,
    load_areas,
    load_builtin_panel,
    load_file,
)
from modules.data.problems import InputError
from modules.data.provinces import (
    COUNTRY,
    OTHER,
    PROVINCE,
    PROVINCE_2025,
    PROVINCES,
    PROVINCES_2025,
    REGION,
    REGIONS,
    area,
    formed_from,
    match_area,
    province_2025_of,
    provinces_of,
)

ROOT = Path(__file__).resolve().parents[2]
GSO = ROOT / "data" / "gso_provinces"
RETAIL = GSO / "Retail sales of goods and services at current prices by province.csv"
IIP = GSO / "Index of Industrial production by province.csv"
CORPUS = Path(__file__).resolve().parent / "corpus"


# --- the list ------------------------------------------------------------------------


def test_63_provinces_in_six_regions_with_unique_ids_and_names():
    assert len(PROVINCES) == 63 and len({p.id for p in PROVINCES}) == 63
    assert len({p.name_vi for p in PROVINCES}) == 63
    assert [len(provinces_of(r.id)) for r in REGIONS] == [11, 14, 14, 5, 6, 13]
    assert all(p.id.isascii() for p in PROVINCES)
    assert [p.name_vi for p in provinces_of("central_highlands")] == [
        "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"]
    assert all(r.is_aggregate for r in REGIONS) and COUNTRY.is_aggregate
    assert not any(p.is_aggregate for p in PROVINCES)


def test_the_34_provinces_of_july_2025_are_made_of_the_63_each_once():
    """Resolution 202/2025/QH15: 23 merged provinces from 52 former ones, 11 unchanged."""
    assert len(PROVINCES_2025) == 34
    parts = [p for new in PROVINCES_2025 for p in formed_from(new.id)]
    assert Counter(parts) == Counter(p.id for p in PROVINCES)
    merged = [p for p in PROVINCES_2025 if p.kind == PROVINCE_2025]
    assert len(merged) == 23
    assert {p.id for p in PROVINCES_2025 if p.kind == PROVINCE} == {
        "ha_noi", "thua_thien_hue", "lai_chau", "dien_bien", "son_la", "lang_son",
        "quang_ninh", "thanh_hoa", "nghe_an", "ha_tinh", "cao_bang"}
    assert formed_from("dak_lak_2025") == ("dak_lak", "phu_yen")
    assert province_2025_of("phu_yen").id == "dak_lak_2025"
    assert formed_from("lam_dong_2025") == ("lam_dong", "dak_nong", "binh_thuan")
    assert formed_from("ho_chi_minh_2025") == ("ho_chi_minh", "binh_duong", "ba_ria_vung_tau")
    assert province_2025_of("cao_bang").id == "cao_bang"
    assert area("phu_yen").last_year == 2024 and area("cao_bang").last_year is None


@pytest.mark.parametrize("text, expected", [
    ("Dak Lak", "dak_lak"), ("Đắk Lắk", "dak_lak"), ("ĐẮK LẮK", "dak_lak"),
    ("  dak  lak ", "dak_lak"),
    ("Daklak", "dak_lak"), ("Tỉnh Đắk Lắk", "dak_lak"), ("Đăk Lăk", "dak_lak"),
    ("Thua Thien-Hue", "thua_thien_hue"), ("Thừa Thiên Huế", "thua_thien_hue"),
    ("Huế", "thua_thien_hue"), ("Thai  Nguyen", "thai_nguyen"), ("TP. Ho Chi Minh", "ho_chi_minh"),
    ("Thành phố Hồ Chí Minh", "ho_chi_minh"), ("Ho Chi Minh city", "ho_chi_minh"),
    ("Ba Ria - Vung Tau", "ba_ria_vung_tau"), ("Bà Rịa–Vũng Tàu", "ba_ria_vung_tau"),
    ("Khanh  Hoa", "khanh_hoa"), ("Khánh Hoà", "khanh_hoa"), ("Hoà Bình", "hoa_binh"),
    ("Ha Tay", "ha_tay"), (" WHOLE COUNTRY", "vietnam"), ("CẢ NƯỚC", "vietnam"),
    ("Central Highlands", "central_highlands"), ("Tây Nguyên", "central_highlands"),
    ("Northern Central area and Central coastal area", "north_central_coast"),
    ("Đồng bằng sông Cửu Long", "mekong_delta"), ("Kontum", "kon_tum"),
])
def test_names_in_any_spelling_map_to_one_area(text, expected):
    assert match_area(text)[0].id == expected


def test_a_mapping_is_reported_unless_the_name_is_the_vietnamese_one():
    assert match_area("Đắk Lắk") == (area("dak_lak"), False)
    assert match_area("Dak Lak") == (area("dak_lak"), True)


def test_a_name_of_a_merged_province_means_the_july_2025_province_from_2025():
    assert match_area("Đắk Lắk", 2024)[0].id == "dak_lak"
    new, mapped = match_area("Đắk Lắk", 2026)
    assert new.id == "dak_lak_2025" and new.kind == PROVINCE_2025 and mapped
    assert match_area("Cao Bằng", 2026)[0].id == "cao_bang"  # unchanged: the same territory


def test_a_name_not_on_the_list_is_an_area_of_its_own():
    found, _ = match_area("Thành phố  Buôn Ma Thuột")
    assert found.kind == OTHER and found.id == "Thành phố Buôn Ma Thuột"


def test_every_row_of_the_statistics_office_tables_maps_to_the_list():
    for path in (RETAIL, IIP):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = [r for r in csv.reader(handle, delimiter=";") if r][2:]
        kinds = Counter(match_area(r[0])[0].kind for r in rows)
        assert kinds[OTHER] == 0, [r[0] for r in rows if match_area(r[0])[0].kind == OTHER]
        assert kinds[PROVINCE] == 63 and kinds[REGION] == 6 and kinds["country"] == 1
        assert len({match_area(r[0])[0].id for r in rows}) == len(rows)


# --- the tables read as published -------------------------------------------------------


@pytest.fixture(scope="module")
def retail():
    return load_areas(RETAIL)


@pytest.fixture(scope="module")
def iip():
    return load_areas(IIP)


def _value(dataset, indicator, year):
    rows = dataset.observations
    (value,) = rows.loc[(rows["indicator"] == indicator) & (rows["year"] == year), "value"]
    return value


def test_dak_lak_retail_2015_is_52154_5_bn_vnd_at_current_prices(retail):
    dak_lak = retail.datasets["dak_lak"]
    assert _value(dak_lak, "retail_sales", 2015) == 52154.5
    assert dak_lak.series("retail_sales").price_basis == "current"
    assert dak_lak.meta["region"] == "central_highlands" and dak_lak.meta["area_kind"] == PROVINCE
    rows = dak_lak.observations
    assert rows.loc[rows["year"] == 2016, "status"].item() == "estimate"  # "Prel. 2016"
    assert rows.loc[rows["year"] == 2015, "status"].item() == "final"


def test_dak_lak_iip_2015_is_minus_1_3_percent(iip):
    series = iip.datasets["dak_lak"].series("industrial_production_index")
    assert list(series.years) == [2012, 2013, 2014, 2015, 2016]
    assert list(series.values) == [10.5, 0.3, 3.8, -1.3, 7.1]  # 110.5 … 98.7 … 107.1
    # Thái Nguyên 2014's 322.8 (Samsung) does not stop the table from being read as an index
    assert iip.datasets["thai_nguyen"].series("industrial_production_index").values[2] == 222.8


def test_dak_lak_before_2004_is_another_territory_kept_out_and_said(retail):
    dak_lak = retail.datasets["dak_lak"]
    assert dak_lak.series("retail_sales").years[0] == 2004
    assert dak_lak.observations["year"].min() == 2004
    (note,) = [p for p in dak_lak.problems if p.code == "territory_change"]
    assert "1995–2003" in note.message("en") and "22/2003/QH11" in note.message("en")
    assert "Đắk Lắk" in note.message("vi")


def test_ha_tay_has_no_figures_from_2008_and_is_never_joined_to_ha_noi(retail):
    ha_tay, ha_noi = retail.datasets["ha_tay"], retail.datasets["ha_noi"]
    assert ha_tay.observations["year"].max() == 2007
    assert ha_tay.meta["area_kind"] == "former" and "ha_tay" not in retail.provinces()
    assert ha_noi.series("retail_sales").years[0] == 2008  # the enlarged Hà Nội only
    assert _value(ha_noi, "retail_sales", 2008) == 133312.0
    assert not (ha_noi.observations["province"] != "ha_noi").any()


def test_regions_and_the_country_are_aggregates_kept_apart(retail, iip):
    assert len(retail.provinces()) == 63
    assert set(retail.aggregates()) == {"vietnam", *(r.id for r in REGIONS)}
    assert _value(retail.datasets["central_highlands"], "retail_sales", 2015) == 148719.2
    assert "central_highlands" not in iip.datasets  # every cell `..`: no figure, no area
    assert len(retail.series("retail_sales")) == 63


def test_no_figure_is_a_gap_never_a_value(retail):
    dien_bien = retail.datasets["dien_bien"].observations
    assert dien_bien["year"].min() == 2004  # `..` before 2004


def test_a_vietnamese_table_reads_like_the_english_one():
    areas = load_areas(CORPUS / "gso_retail_vietnamese.csv")
    assert _value(areas.datasets["dak_lak"], "retail_sales", 2015) == 52154.5
    assert set(areas.aggregates()) == {"vietnam", "central_highlands"}
    assert _value(areas.datasets["phu_yen"], "retail_sales", 2015) == 22704.2


def test_a_made_up_area_is_kept_and_reported_never_refused():
    areas = load_areas(CORPUS / "gso_made_up_area.csv")
    assert set(areas.provinces()) == {"dak_lak", "Thành phố Buôn Ma Thuột", "Khu kinh tế Xanh"}
    unknown = [p for p in areas.problems if p.code == "area_unknown"]
    assert len(unknown) == 2 and "Khu kinh tế Xanh" in unknown[1].message("vi")
    assert _value(areas.datasets["Khu kinh tế Xanh"], "industrial_production_index", 2016) == 4.0


def test_a_long_file_with_a_province_column():
    areas = load_areas(CORPUS / "province_long.csv")
    assert set(areas.datasets) == {"dak_lak", "phu_yen"}
    assert set(areas.datasets["dak_lak"].indicators) == {"retail_sales", "exports"}
    assert areas.datasets["dak_lak"].observations["year"].min() == 2014  # 2003 kept out


def test_load_file_refuses_several_areas_and_reads_one(tmp_path):
    with pytest.raises(InputError) as caught:
        load_file(RETAIL)
    assert caught.value.problems[0].code == "several_areas"
    one = tmp_path / "one.csv"
    one.write_text("tỉnh,chỉ tiêu,năm,giá trị\nĐắk Lắk,retail_sales,2014,48567.9\n"
                   "Đắk Lắk,retail_sales,2015,52154.5\n", encoding="utf-8")
    dataset = load_file(one)
    assert dataset.meta == {"name_vi": "Đắk Lắk", "name_en": "Đắk Lắk", "area": "dak_lak",
                            "area_kind": "province", "region": "central_highlands"}


def test_a_file_without_areas_is_one_dataset_as_before():
    areas = load_areas(ROOT / "data" / "daklak" / "observations.csv")
    assert list(areas.datasets) == [""]
    assert (areas.datasets[""].observations["province"] == "").all()


# --- the built-in panel ------------------------------------------------------------------


def test_the_builtin_panel_is_the_statistics_office_tables_with_their_source():
    assert "vietnam_provinces" in builtin_panels()
    assert "vietnam_provinces" not in builtin_catalogue()  # not a sidebar dataset
    panel = load_builtin_panel("vietnam_provinces")
    dak_lak = panel.datasets["dak_lak"]
    assert _value(dak_lak, "retail_sales", 2015) == 52154.5
    assert _value(dak_lak, "industrial_production_index", 2015) == -1.3
    rows = dak_lak.observations
    assert set(rows["coverage"]) == {"gso"} and rows["source"].str.contains("choisy/gso").all()
    assert set(rows.loc[rows["indicator"] == "retail_sales", "unit"]) == {"billion VND"}
    assert set(rows.loc[rows["indicator"] == "industrial_production_index", "unit"]) == {"% yoy"}
    assert len(panel.series("retail_sales")) == 63
    assert len(panel.series("industrial_production_index")) == 63
    assert dak_lak.meta["as_of"] == "2018-09-21"


# --- the command line --------------------------------------------------------------------


def test_forecast_projects_63_provinces_and_the_aggregates_labelled(tmp_path, capsys):
    out = tmp_path / "f.csv"
    assert main(["forecast", str(RETAIL), "--output", str(out), "--quiet"]) == 0
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kinds = Counter(r["area_kind"] for r in rows)
    assert kinds == {"province": 63, "region": 6, "country": 1}
    assert list(rows[0])[:3] == ["province", "area_kind", "indicator"]
    assert {r["year"] for r in rows} == {"2017"}
    assert "ha_tay" not in {r["province"] for r in rows}
    provinces = [r["province"] for r in rows if r["area_kind"] == "province"]
    assert provinces == [p.id for p in PROVINCES]  # in the office's order, aggregates after
    assert rows[-1]["province"] != "dak_lak" and rows[-7]["area_kind"] == "country"


def test_forecast_says_why_ha_tay_is_not_projected(capsys):
    assert main(["forecast", str(RETAIL), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "Hà Tây: not projected — its territory ended in 2007" in err


def test_check_reads_targets_with_a_province(tmp_path, capsys):
    targets = tmp_path / "t.csv"
    targets.write_text("province,indicator,year,target\nDak Lak,retail_sales,2017,60000\n"
                       "Phú Yên,retail_sales,2017,27000\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    assert main(["check", str(RETAIL), "--targets", str(targets), "--output", str(out),
                 "--quiet"]) == 0
    with open(out, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["province"], r["year"], r["target"]) for r in rows] == [  # the data's order
        ("phu_yen", "2017", "27000"), ("dak_lak", "2017", "60000")]


def test_check_refuses_a_target_without_its_province_in_a_file_of_several(tmp_path, capsys):
    targets = tmp_path / "t.csv"
    targets.write_text("indicator,year,target\nretail_sales,2017,60000\n", encoding="utf-8")
    assert main(["check", str(RETAIL), "--targets", str(targets), "--quiet", "--lang", "en"]) == 2
    assert "each target of a file of several areas names its province" in capsys.readouterr().err


def test_validate_accepts_a_table_by_province(capsys):
    assert main(["validate", str(IIP), "--quiet", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "63 provinces or other areas, 1 aggregates" in out
