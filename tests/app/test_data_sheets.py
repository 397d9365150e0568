"""The sheet that holds the data (item 3): a provincial workbook whose active sheet
is a notes sheet is read from its data sheet, named; the user's choice of sheet is kept."""

from __future__ import annotations

import io

from openpyxl import Workbook

from modules.data.dataset import load_file
from tests.app.helpers import DATA_PAGE, plain, run_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def provincial_book(notes_table: bool = False, extra: str | None = None) -> bytes:
    """Title rows, "Chỉ tiêu | Đơn vị tính | 2015 … | Sơ bộ 2021", a notes sheet first and
    active (with a small table of its own when `notes_table`)."""
    book = Workbook()
    notes = book.active
    notes.title = "Ghi chú"
    for line in (["Ghi chú"], ["Số liệu năm 2021 là số sơ bộ."], ["Nguồn: Niên giám 2021."]):
        notes.append(line)
    if notes_table:
        for line in (["Năm", "Sự kiện"], [2020, "Dịch Covid-19"], [2021, "Dịch Covid-19"]):
            notes.append(line)
    data = book.create_sheet("Biểu 08")
    for line in (["UBND TỈNH ĐẮK LẮK"], ["Biểu 08: Một số chỉ tiêu thương mại"], [],
                 ["Chỉ tiêu", "Đơn vị tính", 2015, 2016, 2017, 2018, 2019, 2020, "Sơ bộ 2021"],
                 ["Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "tỷ đồng",
                  9876, 10500, 11200, 12100, 13000, 12500, 13100]):
        data.append(line)
    if extra:
        other = book.create_sheet(extra)
        for line in (["Chỉ tiêu", "Năm", "Giá trị"], ["Kim ngạch xuất khẩu", 2020, 500],
                     ["Kim ngạch xuất khẩu", 2021, 550]):
            other.append(line)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_opened_on_its_notes_sheet_is_read_from_the_data_sheet():
    for notes_table in (False, True):
        data = load_file(provincial_book(notes_table), "bieu.xlsx")
        assert len(data.observations) == 7
        notes = [p.message("vi") for p in data.problems if p.code == "sheet_read"]
        assert notes == ["bieu.xlsx: đã đọc trang “Biểu 08”; tệp còn có: Ghi chú."]


def upload(at, name, content):
    at.file_uploader[0].set_value((name, content, XLSX))
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_data_page_reads_the_data_sheet_and_keeps_the_choice_across_uploads():
    at = upload(run_app(DATA_PAGE), "bieu-08.xlsx", provincial_book(True, extra="Xuất khẩu"))
    choice = at.selectbox(key="data_sheet")
    assert choice.value == "Biểu 08"
    assert any("7 giá trị" in plain(s.value) for s in at.success)
    choice.set_value("Xuất khẩu").run()
    assert any("2 giá trị" in plain(s.value) for s in at.success)
    at.run()  # a rerun keeps it
    assert at.selectbox(key="data_sheet").value == "Xuất khẩu"
    upload(at, "bieu-08-ban-2.xlsx", provincial_book(False, extra="Xuất khẩu"))  # a new upload
    assert at.selectbox(key="data_sheet").value == "Xuất khẩu"
    assert any("2 giá trị" in plain(s.value) for s in at.success)
