"""The validation report a Vietnamese planner reads (item 4): rows numbered as the
spreadsheet numbers them, no raw ids or English column names, explanations that explain."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import Workbook

from modules.data.dataset import from_rows, load_file
from modules.data.problems import InputError


def yearbook(value_2017="9.87b") -> bytes:
    """Title rows and an empty row above the header, as a provincial yearbook table has."""
    book = Workbook()
    sheet = book.active
    for line in (["UBND TỈNH ĐẮK LẮK"], ["Biểu 08"], [],
                 ["Chỉ tiêu", "Đơn vị tính", 2015, 2016, 2017, 2018],  # row 4
                 ["Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "tỷ đồng",
                  9876, 10500, 11200, 12100],                          # row 5
                 ["Chỉ số sản xuất công nghiệp", "%", 107.8, 108.1, 107.5, 109],  # row 6
                 ["Kim ngạch xuất khẩu", "triệu USD", 500, 520, value_2017, 600]):  # row 7
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_problem_names_the_row_excel_shows_after_an_empty_row():
    with pytest.raises(InputError) as refused:
        load_file(yearbook(), "bieu.xlsx")
    bad = next(p for p in refused.value.problems if p.code == "bad_value")
    assert (bad.row, bad.column) == (7, "2017")


def test_a_csv_row_number_counts_the_blank_lines_above_it():
    text = b"indicator,year,value\n\nexports,2019,10\n\nexports,2020,abc\n"
    with pytest.raises(InputError) as refused:
        load_file(text, "a.csv")
    assert [p.row for p in refused.value.problems] == [5]


def test_the_vietnamese_report_explains_without_ids():
    data = load_file(yearbook("9.876"), "bieu.xlsx")
    messages = {p.code: p.message("vi") for p in data.problems}
    assert "(retail_sales)" not in " ".join(messages.values())
    assert "(exports)" not in messages["indicator_mapped"]
    assert messages["number_style"].endswith("“9.876” là 9.876, không phải 9,876.")
    english = {p.code: p.message("en") for p in data.problems}
    assert english["number_style"].endswith("“9.876” is 9,876, not 9.876.")


def test_the_index_example_is_given_exactly_as_read():
    rows = pd.DataFrame({"indicator": ["industrial_production_index"] * 3,
                         "year": [2019, 2020, 2021], "value": [108.1, 103.1, 107.8]})
    data = from_rows("x", rows)
    converted = next(p for p in data.problems if p.code == "index_form_converted")
    assert converted.message("vi").endswith("ví dụ 107,8 → 7,8%.")


def test_an_editor_problem_names_the_column_in_the_users_language():
    rows = pd.DataFrame({"indicator": ["exports", "exports"], "year": [2020, 2021],
                         "value": ["500", "9.87b"]})
    with pytest.raises(InputError) as refused:
        from_rows("x", rows, lang="vi")
    bad = refused.value.problems[0]
    assert (bad.row, bad.column) == (2, "Giá trị")
