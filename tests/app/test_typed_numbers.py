"""Typing numbers in the app: the target boxes and the data editor read what was typed
the UI language's way, through the one number reader (items 6 and 7)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tests.app.helpers import DATA_PAGE, RETAIL, TARGETS_PAGE, edit, plain, results, run_app
from tests.app.test_data_page import edit_and_apply, row_of


def target_of(at, name):
    return results(at).set_index("Chỉ tiêu").loc[name, "Mục tiêu"]


def test_a_vietnamese_box_asks_about_90_comma_500_and_keeps_the_old_value():
    at = run_app(TARGETS_PAGE)
    edit(at, 1, "target", "90,500")
    assert any("có thể hiểu hai cách" in plain(e.value) and "90,5" in plain(e.value)
               and "90.500" in plain(e.value) for e in at.error)  # user text is escaped
    assert target_of(at, RETAIL) == "90.500 tỷ đồng"


def test_a_target_far_outside_the_record_is_flagged_beside_its_row():
    at = run_app(TARGETS_PAGE)
    edit(at, 2, "target", "99.000")  # exports: ×87 the 2021 value of 1.136
    assert target_of(at, "Kim ngạch xuất khẩu") == "99.000 triệu USD"  # kept, but asked about
    assert any("gấp" in w.value and "Kim ngạch xuất khẩu" in w.value for w in at.warning)


def test_a_concern_beside_its_row_names_the_indicator_once_and_is_shown_as_text():
    at = run_app(TARGETS_PAGE)
    edit(at, 2, "target", "99.000")
    warning = next(w.value for w in at.warning if "gấp" in w.value)
    assert plain(warning).count("Kim ngạch xuất khẩu") == 1, warning
    assert plain(warning) == warning  # an ordinary name needs no escape: none is shown


def test_an_impossible_growth_is_refused_with_a_message():
    at = run_app(TARGETS_PAGE)
    edit(at, 2, "growth", "-150")
    assert any("không thể có" in e.value for e in at.error)
    table = results(at).set_index("Chỉ tiêu")  # the last valid target is kept and judged
    assert table.loc["Kim ngạch xuất khẩu", "Mục tiêu"] == "1.200 triệu USD"
    assert table.loc["Kim ngạch xuất khẩu", "Đánh giá"] != "—"


def test_the_editor_stores_3_150_as_3150_in_vietnamese():
    at = edit_and_apply(run_app(DATA_PAGE), {row_of("exports", 2021): {"value": "3.150"}})
    assert at.session_state["dataset"] == "session:Đắk Lắk (số liệu đến tháng 1/2022) (đã sửa)"
    at.switch_page("modules/ui/pages/overview.py")
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kim ngạch xuất khẩu"] == "3.150"


def test_the_editor_asks_about_90_comma_500_and_applies_nothing():
    at = edit_and_apply(run_app(DATA_PAGE), {row_of("exports", 2021): {"value": "90,500"}})
    assert at.session_state["dataset"] == "daklak"
    assert any("có thể hiểu hai cách" in m for m in at.dataframe[-1].value["Nội dung"])


def test_a_workbook_with_several_sheets_offers_the_choice():
    book = Workbook()
    book.active.title = "Cũ"
    book.active.append(["indicator", "year", "value"])
    book.active.append(["exports", 2015, 50])
    book.active.append(["exports", 2016, 55])
    new = book.create_sheet("Số liệu")
    for row in (["indicator", "year", "value"], ["exports", 2019, 100], ["exports", 2020, 110],
                ["exports", 2021, 121]):
        new.append(row)
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    at = run_app(DATA_PAGE)
    at.file_uploader[0].set_value(("hai-trang.xlsx", buffer.getvalue(),
                                   "application/vnd.openxmlformats-officedocument."
                                   "spreadsheetml.sheet"))
    at.run()
    assert not at.exception, at.exception
    choice = at.selectbox(key="data_sheet")
    assert choice.options == ["Số liệu", "Cũ"]
    assert any("3 giá trị" in s.value for s in at.success)
    choice.set_value("Cũ").run()
    assert any("2 giá trị" in s.value for s in at.success)
