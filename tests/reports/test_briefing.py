"""Exports: the workbook opened with openpyxl, the PDF read with pypdf."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from modules.data.dataset import load_builtin
from modules.planning.scenarios import Scenario, comparison, differing, evaluate_scenario
from modules.planning.targets import plan_targets
from modules.reports.briefing import Evaluated, pdf, workbook


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
    long = comparison({i.scenario.name: i.frame() for i in items})
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
    # user-typed text never becomes a formula: a text cell, as typed (no apostrophe shown)
    assert {r["Kịch bản"] for r in rows} == {"Kế hoạch chính thức", "=Thận trọng"}
    assert {c.data_type for row in inputs.iter_rows() for c in row
            if isinstance(c.value, str)} == {"s"}
    probabilities = book["Xác suất"]
    column = [c.value for c in probabilities[1]].index("Xác suất đạt") + 1
    cell = probabilities.cell(row=2, column=column)
    assert 0 < cell.value < 1 and cell.number_format == '[>0.99]">99%";[<0.01]"<1%";0%'
    data = book["Số liệu Đắk Lắk"]
    assert [c.value for c in data[1]][:3] == ["Chỉ tiêu", "Năm", "Giá trị"]
    cells = {str(c.value) for row in data.iter_rows(min_row=2) for c in row[:6]}
    assert not cells & {"retail_sales", "exports_coffee", "million USD", "final", "estimate",
                        "current", "n/a"}  # names, not ids
    models = {c.value for c in book["Dự báo"][2]} | {c.value for c in inputs[2]}
    assert not models & {"auto", "drift", "mean"}
    source = [c.value for c in data[1]].index("Nguồn")
    sources = {row[source].value for row in data.iter_rows(min_row=2)}
    assert "Bài báo ngày 04/01/2022 (bản lưu kèm bộ số liệu)" in sources  # not a file name
    assert "source-article-2022-01-04.vi.txt" not in sources
    # the collector's notes are kept verbatim, in English: the header says so
    assert "Ghi chú của người thu thập (nguyên văn, tiếng Anh)" in [c.value for c in data[1]]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_flagged_figure_shows_its_flag_in_the_data_sheet(items, lang):
    from modules.data.dataset import flags_of
    from modules.data.provenance import flag_name
    from modules.text.i18n import t

    book = load_workbook(io.BytesIO(workbook(items[:1], lang)))
    sheet = book[book.sheetnames[-1]]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    observations = items[0].dataset.observations
    assert len(rows) == len(observations)
    flagged = 0
    for row, (_, figure) in zip(rows, observations.iterrows()):
        assert row[t("template.year", lang)] == figure["year"]
        shown = row[t("template.flags", lang)] or ""
        for flag in flags_of(figure["flags"]):
            assert flag_name(flag, lang) in shown, (figure["indicator"], figure["year"], flag)
            flagged += 1
        assert bool(shown) == bool(figure["flags"])
    assert flagged >= 10


def test_pdf_briefing_has_the_verdicts_caveats_and_sources_with_diacritics(items):
    document = PdfReader(io.BytesIO(pdf(items[:1])))
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


# --- exports never fail silently -------------------------------------------

def _renamed(item, scenario_name=None, dataset_id=None):
    from dataclasses import replace
    scenario = replace(item.scenario, name=scenario_name or item.scenario.name)
    dataset = item.dataset if dataset_id is None else replace(item.dataset, id=dataset_id)
    return Evaluated(scenario, dataset, item.results)


@pytest.mark.parametrize("dataset_id", ["Dak Lak 2021/22", "plan: v2", "draft?", "[x]*\\",
                                        "a" * 200, "'quoted'"])
def test_workbook_accepts_any_dataset_name(items, dataset_id):
    book = load_workbook(io.BytesIO(workbook([_renamed(items[0], dataset_id=dataset_id)])))
    data_sheet = book.sheetnames[-1]
    assert data_sheet.startswith("Số liệu") and len(data_sheet) <= 31
    assert not set(data_sheet) & set(":\\/?*[]")


def test_two_datasets_with_the_same_long_prefix_get_two_sheets(items):
    first = _renamed(items[0], dataset_id="Bộ số liệu rất dài của Sở Công Thương A")
    second = _renamed(items[1], dataset_id="Bộ số liệu rất dài của Sở Công Thương B")
    book = load_workbook(io.BytesIO(workbook([first, second])))
    data_sheets = [s for s in book.sheetnames if s.startswith("Số liệu")]
    assert len(data_sheets) == 2 and len({s.casefold() for s in data_sheets}) == 2


def test_pdf_with_a_ten_thousand_character_name(items):
    long_name = "Kịch bản " + "rất dài " * 1250
    unbroken = "x" * 10_000
    for name in (long_name, unbroken):
        document = PdfReader(io.BytesIO(pdf([_renamed(items[0], scenario_name=name)])))
        text = "".join(page.extract_text() for page in document.pages)
        assert "Kịch bản" in text or "xxxx" in text
        assert len(document.pages) <= 4


def test_a_failing_export_raises_one_translated_error(items, monkeypatch, caplog):
    from modules.reports import briefing
    from modules.reports.exports import ExportError

    def broken(*args, **kwargs):
        raise ValueError("internal detail")
    monkeypatch.setattr(briefing, "xlsx_bytes", broken)
    with pytest.raises(ExportError) as failed:
        workbook(items)
    assert "internal detail" not in failed.value.message("vi")
    assert failed.value.message("vi") != failed.value.message("en")
    assert "internal detail" in caplog.text  # logged for the administrator
    monkeypatch.setattr(briefing, "_verdict_table", broken)
    with pytest.raises(ExportError):
        pdf(items)


def test_sheet_titles_are_valid_and_unique():
    from modules.reports.exports import sheet_title
    taken = []
    for text in ["Dak Lak 2021/22", "plan: v2", "draft?", "draft?", "x" * 40, "x" * 40,
                 "   ", "History", "'a'", "a\u202eb\x00c"]:
        taken.append(sheet_title(text, taken))
    assert taken[:4] == ["Dak Lak 2021-22", "plan- v2", "draft-", "draft- (2)"]
    assert taken[4] == "x" * 31 and taken[5] == "x" * 27 + " (2)"
    assert taken[6:] == ["Sheet", "History (2)", "a", "abc"]


def test_cells_with_control_characters_and_formulas_are_written_safely():
    from modules.reports.exports import xlsx_bytes
    frame = pd.DataFrame({"=cmd": ["a\x00b\x07c", "=HYPERLINK(\"http://x\")", "+1", "ok"],
                          "n": [1.5, float("inf"), float("nan"), -3]})
    content = xlsx_bytes({"t": frame})
    sheet = load_workbook(io.BytesIO(content))["t"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["=cmd", "n"]  # text cells as typed: the cell type is the guard
    assert [r[0] for r in values[1:]] == ["abc", "=HYPERLINK(\"http://x\")", "+1", "ok"]
    assert all(row[0].data_type == "s" for row in sheet.iter_rows())
    import zipfile
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
    assert [r[1] for r in values[1:]] == [1.5, None, None, -3]


def test_safe_frame_escapes_formula_like_text_for_any_table():
    from modules.reports.exports import safe_frame
    frame = pd.DataFrame({"@name": ["=1+1", "-x", "\tcmd", "\rcmd", "@SUM(A1)", "Đắk Lắk"],
                          "value": [1, -2, 3, 4, 5, 6]})
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'@name", "value"]
    assert safe["'@name"].tolist() == ["'=1+1", "'-x", "'\tcmd", "'\rcmd", "'@SUM(A1)", "Đắk Lắk"]
    assert safe["value"].tolist() == [1, -2, 3, 4, 5, 6]
    assert frame["@name"][0] == "=1+1"  # the original is untouched
def test_comparison_pdf_shows_each_scenarios_targets_indicator_by_indicator(items):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf(items))).pages)
    table = " ".join(text[:text.index("Lưu ý khi đọc")].split())  # cells wrap names
    # the subtitle names both, then one row per target and scenario
    assert table.count("Kế hoạch chính thức") >= 1 + 3 and table.count("Thận trọng") >= 1 + 3
    first_retail = table.index("Tổng mức bán lẻ")
    assert table.index("Thận trọng", first_retail) < table.index("Kim ngạch xuất khẩu")


def test_the_briefing_names_its_sources_readably(items):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf(items[:1]))).pages)
    assert "source-article-2022-01-04.vi.txt" not in text
    assert "Bài báo ngày 04/01/2022" in " ".join(text.split())


# --- the briefing a leader hands out ---------------------------------------

@pytest.fixture(scope="module")
def record():
    from modules.planning.record import replay, scores
    return scores(replay(model="auto"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_briefing_of_four_targets_fits_one_a4_portrait_page(items, record, lang):
    """Đắk Lắk 2022, four targets, with the record line the app adds (as the target page's
    download makes it, the scenario named "Mục tiêu đang xem")."""
    from dataclasses import replace

    from modules.text.i18n import t
    name = t("targets.current_targets", lang)
    item = Evaluated(replace(items[0].scenario, name=name), items[0].dataset, items[0].results)
    assert len(item.results) == 4
    document = PdfReader(io.BytesIO(pdf([item], lang, record=record)))
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    text = " ".join(document.pages[0].extract_text().split())
    assert text.count(name) == 1  # in the subtitle; no column repeating it on every row
    assert t("brief.sources", lang) in text and t("brief.caveats", lang) in text
    assert len(document.pages[0].images) == 4


def test_a_heading_is_never_the_last_line_of_a_page(items):
    """Comparisons of 1, 3 and 5 scenarios (4 to 20 rows): no page ends with a heading."""
    from dataclasses import replace
    headings = {"Lưu ý khi đọc", "Nguồn số liệu"}
    for n in (1, 3, 5):
        many = [Evaluated(replace(items[i % 2].scenario, name=f"Kịch bản {i}"),
                          items[i % 2].dataset, items[i % 2].results) for i in range(n)]
        for page in PdfReader(io.BytesIO(pdf(many))).pages:
            assert page.extract_text().splitlines()[-1].strip() not in headings, n


def test_a_heading_near_the_foot_of_a_page_starts_the_next_page():
    from fpdf import FPDF

    from modules.reports.briefing import FONTS, _heading
    document = FPDF(orientation="P", unit="mm", format="A4")
    document.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.set_auto_page_break(True, margin=10)
    document.add_page()
    document.set_y(document.page_break_trigger - 8)
    _heading(document, "Nguồn số liệu")
    assert document.page == 2


def test_the_comparison_charts_show_every_scenarios_target(items, monkeypatch):
    """Each chart of a comparison carries the targets of all compared scenarios (exports:
    1.200 official, 1.150 cautious), each named in the legend."""
    from modules.reports import briefing
    drawn = {}
    real = briefing.chart_png

    def spy(dataset, result, lang, targets=()):
        drawn[result.indicator] = list(targets)
        return real(dataset, result, lang, targets)
    monkeypatch.setattr(briefing, "chart_png", spy)
    pdf(items)
    assert [value for _, value in drawn["exports"]] == [1200.0, 1150.0]
    assert [name for name, _ in drawn["exports"]] == ["Kế hoạch chính thức", "=Thận trọng"]
    assert len(drawn) == 4 and all(len(targets) == 2 for targets in drawn.values())


def test_a_fan_chart_draws_each_named_target_in_its_own_colour_and_shape(items):
    from modules.reports.charts import fan_chart
    item, result = items[0], next(r for r in items[0].results if r.indicator == "exports")
    spec = fan_chart(item.dataset.series("exports"), result.projection, "vi", 1200.0, 2022,
                     targets=[("A", 1200.0), ("B", 1150.0)]).to_dict(validate=False)
    points = [layer for layer in spec["layer"] if isinstance(layer.get("mark"), dict)
              and layer["mark"].get("shape") not in (None, "circle")]
    assert [p["mark"]["shape"] for p in points] == ["diamond", "triangle-up"]
    rows = [spec["datasets"][p["data"]["name"]][0] for p in points]
    assert [(r["what"], r["value"]) for r in rows] == [("Mục tiêu: A", 1200.0),
                                                       ("Mục tiêu: B", 1150.0)]
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert {"Mục tiêu: A", "Mục tiêu: B"} <= set(domain) and "Mục tiêu" not in domain
