"""End-to-end workflows in a real headless Chromium: upload a workbook and see its series
projected; save a scenario, restart the server on the same database, reopen it and export it.

The reading and editing helpers (accessible grid of st.dataframe, data_editor cells) are in
conftest.py.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    VERDICTS,
    assert_no_exception,
    by_indicator,
    cell,
    dataframe_with_column,
    read_rows,
    target_box,
    text_table_rows,
    type_target,
)
from tests.harness import settle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SERIES = "Doanh thu dịch vụ"
VALUES = {2014: 1200, 2015: 1310, 2016: 1405, 2017: 1530, 2018: 1620, 2019: 1760, 2020: 1890,
          2021: 2010}
EXPORTS = "Kim ngạch xuất khẩu"
SCENARIO = "Tham vọng 2022"
AUTHOR = "Phòng Tổng hợp"
TIMEOUT_MS = 90_000


@pytest.fixture(autouse=True)
def patient_expect():
    """A fresh server's first run (imports, fits) can take half a minute on a busy machine."""
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        yield
    finally:
        expect.set_options(timeout=5_000)


def vn_number(text: str) -> float:
    """'2.134' or '2.134,5' (Vietnamese grouping) to a float."""
    return float(text.replace(".", "").replace(",", "."))


def by_scenario_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["Tên kịch bản"]: row for row in rows}


def go_to(page, title: str) -> None:
    """Follow the sidebar navigation (same session: a reload would start a new one) and wait
    for the page's own heading (the Overview's adds the dataset's name)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.locator("h1").first).to_contain_text(title)
    settle(page)


def pick_scenario(page, name: str) -> None:
    """Choose `name` in the scenario picker (nothing is picked until the user does)."""
    page.get_by_role("combobox", name="Chọn kịch bản").click()
    page.get_by_role("option", name=name, exact=True).click()
    settle(page)


def test_uploaded_workbook_is_projected(page, app_url, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Chỉ tiêu", "Năm", "Giá trị"])
    for year, value in VALUES.items():
        sheet.append([SERIES, year, value])
    path = tmp_path / "dich-vu.xlsx"
    book.save(path)

    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url + "/data")
    expect(page.locator("h1").first).to_have_text("Dữ liệu của bạn")
    settle(page)
    # the first uploader is the upload (the second merges former provinces)
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(path)
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_have_text("Đã đọc dich-vu.xlsx: 1 chỉ tiêu, 8 giá trị.")
    settle(page)
    # A clean file: no validation report.
    assert page.get_by_test_id("stAlertContentError").count() == 0
    assert page.get_by_test_id("stAlertContentWarning").count() == 0
    page.get_by_role("button", name="Dùng bộ số liệu này").click()
    # The page's own editor now shows the uploaded rows, and the sidebar picks the upload.
    expect(page.get_by_role("heading", name="3. Sửa hoặc nhập số liệu: dich-vu")).to_be_visible()
    settle(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Bộ số liệu")) \
        .to_have_value("dich-vu (phiên này)")
    uploaded_rows = read_rows(dataframe_with_column(page, "Giá trị"))
    assert {(r["Chỉ tiêu"], r["Năm"]) for r in uploaded_rows} == \
        {(SERIES, str(year)) for year in VALUES}
    assert_no_exception(page)

    go_to(page, "Kiểm tra mục tiêu")
    assert_no_exception(page)
    expect(page.get_by_role("combobox", name="Năm mục tiêu")).to_have_value("2022")
    # An uploaded dataset has no official targets: its series are listed, projected, blank.
    expect(page.get_by_test_id("stAlertContentInfo").filter(
        has_text="chưa có mục tiêu cho năm 2022")).to_be_visible()

    results = dataframe_with_column(page, "Dự báo (trung vị)")
    expect(cell(results, SERIES, "Dự báo (trung vị)")).to_have_text(re.compile(r"^[\d.,]+$"))
    settle(page)
    assert_no_exception(page)
    row = by_indicator(read_rows(results))[SERIES]
    # Projected one year past the upload's last value (2.010 in 2021, rising every year).
    median = vn_number(row["Dự báo (trung vị)"])
    assert VALUES[2021] < median < 2 * VALUES[2021], row
    low, high = (vn_number(x) for x in row["Khoảng 80%"].split(" – "))
    assert low < median < high, row
    assert row["Đánh giá"] == "—" and row["Mục tiêu"] == "—", row  # no target typed
    # The series' own growth record (2021: 2.010 / 1.890 - 1 = +6,3 %).
    assert row["Năm gần nhất"] == "+6,3%", row
    # Its fan chart, titled with the uploaded series and its base year.
    title = page.locator("[data-testid=stMarkdownContainer]").filter(
        has=page.locator("strong", has_text=re.compile(f"^{SERIES}$"))).filter(
        has_text="năm gốc 2021")
    expect(title).to_have_count(1)
    chart = page.get_by_test_id("stColumn").filter(has=title).get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    page.screenshot(path="/tmp/khathi-e2e-upload-targets.png", full_page=True)


def test_scenario_survives_restart_and_exports(browser, own_server, tmp_path):
    database = tmp_path / "k.db"
    base = own_server.start(database)
    try:
        edited_verdict = edit_and_save(browser, base)
    finally:
        own_server.stop()  # the whole process group, and checks that it is gone

    base = own_server.start(database)  # a new process on the same SQLite file
    try:
        pdf_path, xlsx_path = reopen_and_export(browser, base, tmp_path, edited_verdict)
    finally:
        own_server.stop()

    assert pdf_path.name == f"{SCENARIO}.pdf" and xlsx_path.name == f"{SCENARIO}.xlsx"
    check_workbook(xlsx_path)
    check_briefing(pdf_path, edited_verdict)


def edit_and_save(browser, base: str) -> str:
    """Type the exports target 1.300 on the target page and save the scenario; returns the
    verdict the page then showed."""
    context = browser.new_context(viewport={"width": 1600, "height": 1200})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(base + "/targets")
        results = dataframe_with_column(page, "Đánh giá")
        settle(page)
        before = by_indicator(read_rows(results))[EXPORTS]
        assert before["Mục tiêu"] != "1.300 triệu USD", before
        type_target(page, EXPORTS, "Mục tiêu", "1.300")
        expect(cell(results, EXPORTS, "Mục tiêu")).to_have_text("1.300 triệu USD")
        settle(page)
        assert_no_exception(page)
        edited_verdict = by_indicator(read_rows(results))[EXPORTS]["Đánh giá"]
        assert edited_verdict in VERDICTS

        go_to(page, "Kịch bản")
        form = page.get_by_test_id("stForm")
        form.get_by_label("Tên kịch bản").fill(SCENARIO)
        form.get_by_label("Người sửa").fill(AUTHOR)
        form.get_by_role("button", name="Lưu kịch bản").click()
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            f"Đã lưu kịch bản “{SCENARIO}”.")
        settle(page)
        assert_no_exception(page)
    finally:
        context.close()
    return edited_verdict


def reopen_and_export(browser, base: str, tmp_path, edited_verdict: str):
    """On a restarted server: the scenario listed, reopened with its target and verdict, and
    its PDF and Excel downloaded into tmp_path; returns (PDF path, workbook path)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1200},
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(base + "/scenarios")
        expect(page.locator("h1").first).to_have_text("Kịch bản")
        listed = by_scenario_name(text_table_rows(page, "Tên kịch bản"))
        settle(page)
        assert set(listed) == {SCENARIO}, listed
        assert listed[SCENARIO]["Người sửa"] == AUTHOR
        assert listed[SCENARIO]["Năm mục tiêu"] == "2022"
        assert listed[SCENARIO]["Phiên bản"] == "1"

        pick_scenario(page, SCENARIO)
        page.get_by_role("button", name="Mở", exact=True).click()
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            f"Đã mở kịch bản “{SCENARIO}”")
        settle(page)

        go_to(page, "Kiểm tra mục tiêu")
        results = dataframe_with_column(page, "Đánh giá")
        expect(cell(results, EXPORTS, "Mục tiêu")).to_have_text("1.300 triệu USD")
        expect(target_box(page, EXPORTS, "Mục tiêu")).to_have_value("1.300")
        reopened = by_indicator(read_rows(results))[EXPORTS]
        assert reopened["Đánh giá"] == edited_verdict, reopened
        assert_no_exception(page)

        go_to(page, "Kịch bản")
        assert_no_exception(page)
        page.get_by_role("button", name="Chuẩn bị tệp tải về").click()
        settle(page)
        buttons = page.locator("[data-testid=stDownloadButton] button")
        with page.expect_download() as pdf_download:
            buttons.filter(has_text="Tải báo cáo nhanh PDF").click()
        with page.expect_download() as xlsx_download:
            buttons.filter(has_text="Tải bảng tính Excel").click()
        pdf_path = tmp_path / pdf_download.value.suggested_filename
        pdf_download.value.save_as(pdf_path)
        xlsx_path = tmp_path / xlsx_download.value.suggested_filename
        xlsx_download.value.save_as(xlsx_path)
        page.screenshot(path="/tmp/khathi-e2e-scenarios.png", full_page=True)
    finally:
        context.close()
    return pdf_path, xlsx_path


def check_workbook(xlsx_path) -> None:
    """The workbook's inputs sheet: one exports row, this scenario's, target 1.300 for 2022."""
    from openpyxl import load_workbook

    book = load_workbook(xlsx_path, read_only=True)
    assert "Đầu vào" in book.sheetnames
    rows = list(book["Đầu vào"].iter_rows(values_only=True))
    header = list(rows[0])
    inputs = [dict(zip(header, r)) for r in rows[1:]]
    exports = [r for r in inputs if r["Chỉ tiêu"] == EXPORTS]
    assert len(exports) == 1, inputs
    assert exports[0]["Kịch bản"] == SCENARIO
    assert exports[0]["Mục tiêu"] == pytest.approx(1300)
    assert exports[0]["Năm mục tiêu"] == 2022
    assert {r["Kịch bản"] for r in inputs} == {SCENARIO}


def check_briefing(pdf_path, edited_verdict: str) -> None:
    """The briefing names the scenario; its exports row has the reopened target and the
    verdict the page showed; four verdict rows."""
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    flat = " ".join(text.split())  # the subtitle is justified: extraction doubles some spaces
    assert "Báo cáo nhanh" in flat
    assert f"Kịch bản: {SCENARIO}." in flat
    # The verdict table's exports row: the reopened target and the verdict the page showed.
    exports_lines = [" ".join(line.split()) for line in text.splitlines()
                     if line.startswith(EXPORTS)]
    assert len(exports_lines) == 1, text
    assert "1.300" in exports_lines[0] and exports_lines[0].endswith(edited_verdict), \
        exports_lines
    assert sum(line.rstrip().endswith(VERDICTS) for line in text.splitlines()) == 4, text
