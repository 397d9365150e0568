"""Compare a province with the others, with the right values from the
statistics office's tables (data/gso_provinces)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from modules.data.dataset import load_areas, load_builtin_panel
from modules.planning.compare import compare, growth_table, outside_view

GSO = Path(__file__).resolve().parents[2] / "data" / "gso_provinces"
RETAIL = GSO / "Retail sales of goods and services at current prices by province.csv"
IIP = GSO / "Index of Industrial production by province.csv"
AGGREGATES = {" WHOLE COUNTRY", "Red River Delta", "Northern midlands and mountain areas",
              "Northern Central area and Central coastal area", "Central Highlands",
              "South East", "Mekong River Delta", "Ha Tay"}


@pytest.fixture(scope="module")
def panel():
    return load_builtin_panel("vietnam_provinces")


def _table(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter=";") if r]
    return rows[1], {r[0]: r[1:] for r in rows[2:]}


def test_dak_lak_retail_growth_beside_the_central_highlands_and_the_country(panel):
    comparison = compare(panel, "dak_lak", "retail_sales", 2022)
    table = comparison.table.set_index(["role", "year"])["growth_pct"]
    assert table["province", 2015] == pytest.approx((52154.5 / 48567.9 - 1) * 100)  # +7.38%
    assert table["region", 2015] == pytest.approx((148719.2 / 137032.2 - 1) * 100)
    assert table["country", 2015] == pytest.approx((3223202.6 / 2916233.9 - 1) * 100)
    assert comparison.table["year"].min() == 2005  # Đắk Lắk's series starts in 2004
    assert comparison.region == "central_highlands" and comparison.computed


def test_dak_lak_rank_among_63_in_the_latest_year(panel):
    header, rows = _table(RETAIL)
    at = header.index("Prel. 2016")
    growth = {name: float(v[at - 1]) / float(v[at - 2]) for name, v in rows.items()
              if name not in AGGREGATES}
    assert len(growth) == 63
    expected = 1 + sum(g > growth["Dak Lak"] for g in growth.values())
    comparison = compare(panel, "dak_lak", "retail_sales", 2022)
    assert (comparison.rank, comparison.ranked, comparison.rank_year) == (expected, 63, 2016)
    assert comparison.rank_estimate  # 2016 is preliminary
    assert len(comparison.spread) == 63


def test_the_index_is_compared_as_published_and_the_region_has_no_figure(panel):
    comparison = compare(panel, "dak_lak", "industrial_production_index", 2022)
    assert comparison.latest("province") == (2016, pytest.approx(7.1), False)
    assert comparison.latest("country") == (2016, pytest.approx(7.4), False)
    assert comparison.latest("region") is None and not comparison.computed


def test_outside_view_counts_province_years_with_the_right_values(panel):
    header, rows = _table(IIP)
    cells = [float(c) for name, v in rows.items() if name not in AGGREGATES for c in v
             if c != ".."]
    view = outside_view(panel, "industrial_production_index", 12.0, 2022)
    assert (view.cases, view.provinces, view.first_year, view.last_year) == (315, 63, 2012, 2016)
    assert view.hits == sum(c - 100 >= 12.0 - 1e-9 for c in cells)
    at_most = outside_view(panel, "industrial_production_index", 12.0, 2022, at_most=True)
    assert at_most.hits == sum(c - 100 <= 12.0 + 1e-9 for c in cells)


def test_nothing_of_the_target_year_or_later_is_used(panel, tmp_path):
    """As of: a panel whose 2015–2016 figures are changed gives the same answers before 2015."""
    text = RETAIL.read_text(encoding="utf-8-sig")
    header, *_ = [line for line in text.splitlines() if line.startswith('"Cities')]
    changed = [";".join(cells[:-2] + ["99999.0", "88888.0"])
               if not line.startswith('"Cities') and (cells := line.split(";"))[-1] != ".."
               and len(cells) > 2 else line for line in text.splitlines()]
    (tmp_path / "changed.csv").write_text("\n".join(changed), encoding="utf-8")
    other = load_areas(tmp_path / "changed.csv")
    assert growth_table(other, "retail_sales", 2022)["growth_pct"].max() > 1000  # it changed
    for before in (2015, 2010):
        a, b = compare(panel, "dak_lak", "retail_sales", before), \
            compare(other, "dak_lak", "retail_sales", before)
        assert a.rank_year == before - 1 and a.table.equals(b.table) and a.rank == b.rank
        assert outside_view(panel, "retail_sales", 15, before) == \
            outside_view(other, "retail_sales", 15, before)
    assert growth_table(panel, "retail_sales", 2015)["year"].max() == 2014


def test_aggregates_and_unknown_areas_are_not_compared(panel):
    assert compare(panel, "central_highlands", "retail_sales", 2022) is None
    assert compare(panel, "vietnam", "retail_sales", 2022) is None
    assert compare(panel, "Khu kinh tế Xanh", "retail_sales", 2022) is None
