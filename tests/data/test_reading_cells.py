"""Header keys and cell reading (item 5), with the right values: spaces of any
kind inside a header or a name are spaces (no-break, doubled, a line break typed in a
cell), and a whole year 1900–2100 typed into a date-formatted Excel cell is that year,
whatever the workbook's date system; a real date stays a date (refused as a year)."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from modules.data.problems import InputError
from modules.data.reader import read_observations


def _values(table):
    return table[["indicator", "year", "value"]].values.tolist()


@pytest.mark.parametrize("header", [
    "Chỉ\u00a0tiêu,Năm,Giá\u00a0trị",              # no-break spaces
    "Chỉ  tiêu,Năm ,Giá trị",                     # a double space, a trailing space
    '"Chỉ\ntiêu","Năm","Giá\r\ntrị"',              # line breaks typed in the cells
    "Chỉ\u202ftiêu,\u3000Năm,Giá\u2009trị",        # narrow, ideographic and thin spaces
])
def test_spaces_of_any_kind_in_a_header_are_spaces(header):
    rows = [header, "Kim\u00a0ngạch xuất  khẩu,2020,110", "Kim ngạch xuất khẩu,2021,121"]
    table, warnings = read_observations("\n".join(rows).encode(), "t.csv")
    assert _values(table) == [["Kim ngạch xuất  khẩu", 2020, 110.0],
                              ["Kim ngạch xuất khẩu", 2021, 121.0]]
    assert "text_sanitised" not in {p.code for p in warnings}  # a space is not invisible


def _book(rows, formats, date1904=False) -> bytes:
    book = Workbook()
    if date1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in formats.items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("date1904", [False, True])
def test_a_year_in_a_date_formatted_cell_is_that_year(date1904):
    data = _book([["indicator", "year", "value"], ["exports", 2020, 110], ["exports", 2021, 121]],
                 {"B2": "dd/mm/yyyy", "B3": "yyyy-mm-dd h:mm"}, date1904)
    table, warnings = read_observations(data, "t.xlsx")
    assert _values(table) == [["exports", 2020, 110.0], ["exports", 2021, 121.0]]
    note = next(p for p in warnings if p.code == "date_cells_as_years")
    assert note.params["n"] == 2 and note.params["year"] == 2020
    assert note.params["text"] == ("13/07/1909" if date1904 else "12/07/1905")
    assert "2020" in note.message("vi") and "2.020" not in note.message("vi")


def test_years_as_column_headers_in_date_cells_and_a_value_that_is_a_year_number():
    data = _book([["Chỉ tiêu", "Đơn vị tính", 2019, 2020, 2021],
                  ["Kim ngạch xuất khẩu", "triệu USD", 1000, 1950, 1136]],
                 {"C1": "mm/dd/yy", "D1": "d-mmm-yy", "E1": "dd/mm/yyyy", "D2": "dd/mm/yyyy"})
    table, _ = read_observations(data, "t.xlsx")
    assert _values(table) == [["Kim ngạch xuất khẩu", 2019, 1000.0],
                              ["Kim ngạch xuất khẩu", 2020, 1950.0],
                              ["Kim ngạch xuất khẩu", 2021, 1136.0]]


def test_a_real_date_in_the_year_column_is_still_refused():
    data = _book([["indicator", "year", "value"], ["exports", datetime(2020, 1, 1), 110],
                  ["exports", 2021, 121]], {})
    with pytest.raises(InputError) as refused:
        read_observations(data, "t.xlsx")
    assert [p.code for p in refused.value.problems] == ["bad_year"]


@pytest.mark.parametrize("lines_before", [0, 3])
def test_a_cell_over_the_limit_names_the_line_it_begins_on(lines_before):
    """A quote left open joins the rest of the file into one cell: the refusal names the
    limit and the line where that cell's row begins, not where the reading stopped."""
    rows = "".join(f"exports,{2010 + i},{100 + i}\n" for i in range(lines_before))
    text = "indicator,year,value\n" + rows + 'exports,2020,"99\n' + "9,9\n" * 40_000
    with pytest.raises(InputError) as refused:
        read_observations(text.encode(), "open.csv")
    (problem,) = refused.value.problems
    assert problem.code == "cell_too_long" and problem.row == 2 + lines_before
    assert "131.072" in problem.message("vi") and "131,072" in problem.message("en")
