"""The scenarios page: save, reopen, duplicate, rename, delete, compare, share link."""

import pytest
from streamlit.testing.v1 import AppTest

from modules.data.storage import Store
from modules.reports.palette import CHANGED_ROW
from tests.app.helpers import (
    APP,
    RETAIL,
    TARGETS_PAGE,
    button,
    edit,
    plain,
    results,
    run_app,
    saved_id,
)
from tests.app.helpers import SCENARIOS_PAGE as PAGE


def save(at, name, author="Lan"):
    inputs = {t.label: t for t in at.text_input}
    inputs["Tên kịch bản"].set_value(name)
    inputs["Người sửa"].set_value(author)
    button(at, "Lưu kịch bản").click()
    at.run()
    assert not at.exception, at.exception
    return at


def save_edited(at, row, text, name):
    """Type one target on the target page, then save the table as a scenario."""
    edit(at, row, "target", text)
    at.switch_page(PAGE)
    at.run()
    return save(at, name)


def listed(at):
    """The list of saved scenarios (a text table, its rows named by the scenario's name)."""
    return at.table[0].value.reset_index().map(lambda v: plain(str(v))).rename(columns=plain)


def pick(at, name):
    """Pick the saved scenario shown as `name` in the picker (its options are ids)."""
    picker = at.selectbox(key="scenario_selected")
    picker.select_index(picker.options.index(name)).run()
    assert not at.exception, at.exception
    return at


def prepare_downloads(at, key="prepare_one"):
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return [b.label for b in at.get("download_button")]


def test_save_then_list_with_author_and_version():
    at = save(run_app(PAGE), "Kế hoạch chính thức")
    assert any("Đã lưu kịch bản “Kế hoạch chính thức”" in s.value for s in at.success)
    at.run()
    table = listed(at)
    assert table["Tên kịch bản"].tolist() == ["Kế hoạch chính thức"]
    assert table["Người sửa"].tolist() == ["Lan"] and table["Phiên bản"].tolist() == ["1"]
    assert at.selectbox(key="scenario_selected").value is None  # nothing picked by itself
    pick(at, "Kế hoạch chính thức")
    assert prepare_downloads(at) == ["Tải bảng tính Excel", "Tải báo cáo nhanh PDF"]


def test_an_edited_target_set_is_saved_and_reopened_after_a_restart():
    save_edited(run_app(TARGETS_PAGE), 1, "100.000", "Tham vọng")
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.run()
    fresh.switch_page(PAGE)
    fresh.run()
    pick(fresh, "Tham vọng")
    button(fresh, "Mở").click()
    fresh.run()
    (done,) = [s.value for s in fresh.success if "Đã mở kịch bản “Tham vọng”" in s.value]
    # what opening did, and where to see it
    assert "năm 2022, mô hình Tự động (khuyến nghị), 4 mục tiêu" in done, done
    assert "thanh bên" in done
    assert [p.label for p in fresh.get("page_link")] == ["Xem kết quả ở trang Kiểm tra mục tiêu"]
    fresh.switch_page(TARGETS_PAGE)
    fresh.run()
    assert results(fresh).set_index("Chỉ tiêu").loc[RETAIL, "Mục tiêu"] == "100.000 tỷ đồng"


def test_duplicate_rename_and_delete_with_confirmation():
    at = save(run_app(PAGE), "A")
    at.run()
    pick(at, "A")
    at.text_input(key="copy_name").set_value("B")
    at.button(key="do_copy").click()
    at.run()
    assert listed(at)["Tên kịch bản"].tolist() == ["A", "B"]
    pick(at, "B")
    at.text_input(key="rename_name").set_value("C")
    at.button(key="do_rename").click()
    at.run()
    assert listed(at)["Tên kịch bản"].tolist() == ["A", "C"]
    assert at.button(key="do_delete").disabled  # not before confirming
    pick(at, "C")
    at.checkbox(key="confirm_delete").check().run()
    at.button(key="do_delete").click()
    at.run()
    assert listed(at)["Tên kịch bản"].tolist() == ["A"]


def test_compare_two_scenarios_highlights_the_differences():
    at = save(run_app(PAGE), "Chính thức")
    at.switch_page(TARGETS_PAGE)
    at.run()
    save_edited(at, 2, "1.300", "Tham vọng")  # exports
    ids = {e.name: e.id for e in Store().entries("scenario")}
    at.multiselect(key="compare").set_value([ids["Chính thức"], ids["Tham vọng"]]).run()
    assert not at.exception
    table = at.table[-1]
    frame = table.value.reset_index().map(lambda v: plain(str(v))).rename(columns=plain)
    assert list(frame.columns)[:2] == ["Chỉ tiêu", "Nội dung"]  # rows named, never 0–15
    assert list(frame.columns)[-2:] == ["Chính thức", "Tham vọng"]  # one column per scenario
    exports = frame.index[frame["Chỉ tiêu"] == "Kim ngạch xuất khẩu"][0]
    assert frame.loc[exports, "Chính thức"] == "1.200 triệu USD"
    assert frame.loc[exports, "Tham vọng"] == "1.300 triệu USD"
    assert CHANGED_ROW.lstrip("#") in str(table.proto)  # the differing row is highlighted
    assert "Tải bảng so sánh (Excel)" in prepare_downloads(at, "prepare_compare")


def test_a_share_link_opens_the_scenario():
    save_edited(run_app(TARGETS_PAGE), 1, "95.000", "Chia sẻ")
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["scenario"] = "Chia sẻ"
    linked.run()
    linked.switch_page(TARGETS_PAGE)
    linked.run()
    assert results(linked).set_index("Chỉ tiêu").loc[RETAIL, "Mục tiêu"] == "95.000 tỷ đồng"


def test_the_selected_scenario_survives_a_page_switch():
    at = save(run_app(PAGE), "A kịch bản")
    save(at, "B kịch bản")
    pick(at, "B kịch bản")
    at.switch_page(TARGETS_PAGE)
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert at.selectbox(key="scenario_selected").value == saved_id("B kịch bản", "scenario")
    assert any("B%20k" in c.value for c in at.code)  # the share link names it


def test_a_share_link_names_the_scenario_on_the_target_page():
    save_edited(run_app(TARGETS_PAGE), 1, "95.000", "Chia sẻ 2")
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["scenario"] = "Chia sẻ 2"
    linked.run()
    linked.switch_page(TARGETS_PAGE)
    linked.run()
    assert any("Chia sẻ 2" in i.value for i in linked.info)


@pytest.mark.parametrize("what", ["missing", "deleted", "renamed"])
def test_a_share_link_to_no_such_scenario_does_not_claim_to_show_it(what):
    """A link to a scenario that does not exist, was deleted or was
    renamed says so, and neither the page nor its PDF is headed with that name."""
    from modules.planning.scenarios import KIND
    from modules.ui.session import LINK_OPENED

    name = "Kế hoạch cũ"
    if what != "missing":
        save_edited(run_app(TARGETS_PAGE), 1, "95.000", name)
        entry = Store().find(KIND, name)
        if what == "deleted":
            Store().delete(entry.ref)
        else:
            Store().rename(entry.ref, "Kế hoạch mới")
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["scenario"] = name
    linked.run()
    assert any(name in t.value for t in linked.toast), [t.value for t in linked.toast]
    linked.switch_page(TARGETS_PAGE)
    linked.run()
    assert not linked.exception, linked.exception
    assert not any(name in i.value for i in linked.info), [i.value for i in linked.info]
    assert linked.session_state[LINK_OPENED.name] is None  # the PDF's title: current targets
    assert results(linked).set_index("Chỉ tiêu").loc[RETAIL, "Mục tiêu"] != "95.000 tỷ đồng"


def test_a_share_link_that_opens_names_the_scenario_as_stored():
    from modules.ui.session import LINK_OPENED

    save_edited(run_app(TARGETS_PAGE), 1, "95.000", "Chia sẻ 3")
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["scenario"] = "Chia sẻ 3"
    linked.run()
    linked.switch_page(TARGETS_PAGE)
    linked.run()
    assert linked.session_state[LINK_OPENED.name] == "Chia sẻ 3"
    assert any("Chia sẻ 3" in i.value for i in linked.info)


def test_text_shows_as_typed_in_the_list_and_the_comparison():
    at = save(run_app(PAGE), "Chính thức")
    at.switch_page(TARGETS_PAGE)
    at.run()
    save_edited(at, 2, "1.300", "=Tham vọng +")
    assert "=Tham vọng +" in listed(at)["Tên kịch bản"].tolist()  # never '=Tham vọng +
    ids = {e.name: e.id for e in Store().entries("scenario")}
    at.multiselect(key="compare").set_value([ids["Chính thức"], ids["=Tham vọng +"]]).run()
    frame = at.table[-1].value.reset_index().map(lambda v: plain(str(v))).rename(columns=plain)
    assert "=Tham vọng +" in frame.columns
    cells = set(frame.values.ravel())
    assert not [c for c in cells if c.startswith("'")]  # growth reads +5,6%, not '+5,6%
    assert any(c.startswith("+") and c.endswith("%") for c in cells)
