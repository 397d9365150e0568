"""Exports: the workbook opened with openpyxl, the PDF read with pypdf."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from modules.reports.briefing import Evaluated, pdf, workbook
from modules.data.dataset import load_builtin
from modules.planning.scenarios import Scenario, comparison, differing, evaluate_scenario
from modules.planning.targets import plan_targets


@pytest.fixture(scope="module")
def items():
    daklak = load_builtin("daklak")
    official = Scenario.from_table("Kế hoạch chính thức", "daklak", 2022, "auto",
                                   plan_targets(daklak, 2022))
    cautious_table = plan_targets(daklak, 2022)
    cautious_table.loc[cautious_table["indicator"] == "exports", "target"] = 1150.0
    cautious_table.loc[0, "indicator"] = "industrial_production_index"
    cautious = Scenario.from_table("=Thận trọng", "daklak", 2022, "auto", cautious_table)
    return [Evaluated(s, daklak, evaluate_scenario(s, daklak)) for s in (official, cautious)]


def test_scenario_payload_round_trips(items):
    scenario = items[0].scenario
    again = Scenario.from_payload(scenario.name, scenario.to_payload())
    assert again == scenario
    assert again.table()["typed"].tolist() == ["growth", "target", "target", "target"]


def test_comparison_marks_what_differs(items):
    long = comparison({i.scenario.name: i.results for i in items})
    assert len(long) == 8
    assert differing(long, "target") == {"exports"}


def test_workbook_has_one_sheet_per_part_numbers_as_numbers(items):
    book = load_workbook(io.BytesIO(workbook(items)))
    assert book.sheetnames == ["Đầu vào", "Dự báo", "Xác suất", "Đánh giá", "So sánh",
                               "Số liệu Đắk Lắk"]
    inputs = book["Đầu vào"]
    header = [c.value for c in inputs[1]]
    rows = [dict(zip(header, [c.value for c in row])) for row in inputs.iter_rows(min_row=2)]
    retail = next(r for r in rows if r["Chỉ tiêu"].startswith("Tổng mức bán lẻ"))
    assert retail["Mục tiêu"] == 90500 and isinstance(retail["Tăng so với năm gốc (%)"], float)
    assert retail["Đơn vị"] == "tỷ đồng"
    # user-typed text never becomes a formula
    assert {r["Kịch bản"] for r in rows} == {"Kế hoạch chính thức", "'=Thận trọng"}
    probabilities = book["Xác suất"]
    column = [c.value for c in probabilities[1]].index("Xác suất đạt") + 1
    cell = probabilities.cell(row=2, column=column)
    assert 0 < cell.value < 1 and cell.number_format == "0%"
    data = book["Số liệu Đắk Lắk"]
    assert [c.value for c in data[1]][:3] == ["Chỉ tiêu", "Năm", "Giá trị"]
    cells = {str(c.value) for row in data.iter_rows(min_row=2) for c in row[:6]}
    assert not cells & {"retail_sales", "exports_coffee", "million USD", "final", "estimate",
                        "current", "n/a"}  # names, not ids
    models = {c.value for c in book["Dự báo"][2]} | {c.value for c in inputs[2]}
    assert not models & {"auto", "drift", "mean"}
    assert any(row[6].value == "source-article-2022-01-04.vi.txt" for row in data.iter_rows(min_row=2))


def test_pdf_briefing_has_the_verdicts_caveats_and_sources_with_diacritics(items):
    document = PdfReader(io.BytesIO(pdf(items[:1])))
    assert 1 <= len(document.pages) <= 2
    text = " ".join(page.extract_text() for page in document.pages)
    assert "Báo cáo nhanh: tính khả thi của mục tiêu" in text
    assert "Kế hoạch chính thức" in text and "Đắk Lắk" in text
    assert "90.500" in text and "Rất có khả năng đạt" in text
    assert "Lưu ý khi đọc" in text and "điện gió" in text
    assert "socongthuong.daklak.gov.vn" in text
    assert len(document.pages[0].images) == 4  # one fan chart per target


def test_pdf_in_english(items):
    text = PdfReader(io.BytesIO(pdf(items[:1], "en"))).pages[0].extract_text()
    assert "Briefing: are the targets feasible?" in text and "Very likely" in text


def test_comparison_pdf_shows_each_scenarios_targets_indicator_by_indicator(items):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf(items))).pages)
    table = " ".join(text[:text.index("Lưu ý khi đọc")].split())  # cells wrap names
    # the subtitle names both, then one row per target and scenario
    assert table.count("Kế hoạch chính thức") >= 1 + 3 and table.count("Thận trọng") >= 1 + 3
    first_retail = table.index("Tổng mức bán lẻ")
    assert table.index("Thận trọng", first_retail) < table.index("Kim ngạch xuất khẩu")
