"""The data page: upload with a validation report, the editor, saving by name."""

from streamlit.testing.v1 import AppTest

from modules.ui.session import data_editor_key
from tests.app.helpers import APP, DATA_PAGE, button, plain, run_app, saved_id

GOOD = (b"Ch\xe1\xbb\x89 ti\xc3\xaau,N\xc4\x83m,Gi\xc3\xa1 tr\xe1\xbb\x8b\n"
        b"sales,2018,1.000\nsales,2019,1.100\nsales,2020,\"1.210,5\"\nsales,2021,1.331\n")


def upload(at, name, content):
    at.file_uploader[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_template_downloads_are_offered():
    at = run_app(DATA_PAGE)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Tải tệp mẫu Excel", "Tải tệp mẫu CSV"]


def test_a_good_upload_is_reported_and_can_be_used_everywhere():
    at = upload(run_app(DATA_PAGE), "so-lieu.csv", GOOD)
    assert any("Đã đọc so-lieu.csv: 1 chỉ tiêu, 4 giá trị" in plain(s.value) for s in at.success)
    notes = at.dataframe[0].value
    assert any("Việt Nam" in m for m in notes["Nội dung"])  # the number style assumed
    button(at, "Dùng bộ số liệu này").click()
    at.run()
    assert at.session_state["dataset"] == "session:so-lieu"
    at.switch_page("modules/ui/pages/overview.py")
    at.run()
    at.session_state["overview_others"] = True  # opened once the page has drawn it
    at.run()
    assert not at.exception
    assert plain(at.title[0].value) == "Tổng quan: so-lieu"
    assert [r for r in at.dataframe[0].value["Giá trị"]] == ["1.331"]


def test_a_bad_upload_lists_each_problem_with_its_row():
    bad = b"indicator,year,value\nsales,2019,10\nsales,20x0,11\nsales,2021,abc\n"
    at = upload(run_app(DATA_PAGE), "bad.csv", bad)
    assert any("Chưa dùng được tệp này" in e.value for e in at.error)
    problems = at.dataframe[0].value
    # text: a file-wide problem shows a blank, not "None"
    assert list(problems["Dòng"]) == ["3", "4"]
    assert "“abc” không phải là số." in list(problems["Nội dung"])
    assert at.session_state["dataset"] == "daklak"  # nothing replaced


def edit_and_apply(at, edited_rows, added_rows=()):
    at.session_state[data_editor_key(_fingerprint(at))] = {"edited_rows": edited_rows,
                                                           "added_rows": list(added_rows),
                                                           "deleted_rows": []}
    at.run()
    button(at, "Kiểm tra và áp dụng").click()
    at.run()
    assert not at.exception, at.exception
    return at


def _fingerprint(at):
    from modules.data.dataset import load_builtin
    return load_builtin(at.session_state["dataset"]).fingerprint


def row_of(indicator, year, unit_not="% yoy"):
    from modules.data.dataset import load_builtin
    table = load_builtin("daklak").observations
    hit = table[(table["indicator"] == indicator) & (table["year"] == year)
                & (table["unit"] != unit_not)]
    return int(hit.index[0])


def test_an_edited_value_updates_the_overview():
    at = edit_and_apply(run_app(DATA_PAGE), {row_of("retail_sales", 2021): {"value": 90000}})
    assert at.session_state["dataset"] == "session:Đắk Lắk (số liệu đến tháng 1/2022) (đã sửa)"
    at.switch_page("modules/ui/pages/overview.py")
    at.run()
    metrics = {plain(m.label): m.value for m in at.metric}
    assert metrics["Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"] == "90.000"


def test_an_invalid_edit_is_reported_and_not_applied():
    at = edit_and_apply(run_app(DATA_PAGE), {row_of("exports", 2021): {"value": -5}})
    assert any("Kết quả kiểm tra" in e.value for e in at.error)
    assert at.session_state["dataset"] == "daklak"


def test_a_saved_dataset_survives_a_restart():
    at = run_app(DATA_PAGE)
    at.text_input[0].set_value("Đắk Lắk bản làm việc")
    at.text_input[1].set_value("Lan")
    button(at, "Lưu").click()
    at.run()
    assert any("Đã lưu “Đắk Lắk bản làm việc” (phiên bản 1)" in s.value for s in at.success)
    restarted = AppTest.from_file(APP, default_timeout=60)
    restarted.run()
    assert "Đắk Lắk bản làm việc (đã lưu)" in restarted.selectbox(key="dataset@vi").options
    restarted.selectbox(key="dataset@vi").set_value(
        "saved:" + saved_id("Đắk Lắk bản làm việc")).run()
    assert not restarted.exception
    assert restarted.title[0].value == "Tổng quan: Đắk Lắk bản làm việc"


def test_saving_under_a_taken_name_is_refused_without_overwrite():
    at = run_app(DATA_PAGE)
    at.text_input[0].set_value("A")
    button(at, "Lưu").click()
    at.run()
    button(at, "Lưu").click()
    at.run()
    assert any("Đã có mục tên “A”" in e.value for e in at.error)



def test_the_data_editor_shows_words_not_codes():
    at = run_app(DATA_PAGE)
    editor = next(d for d in at.dataframe if d.proto.editing_mode).value
    cells = set(editor["indicator"]) | set(editor["unit"]) | set(editor["status"])
    assert "Kim ngạch xuất khẩu" in cells and "triệu USD" in cells and "chính thức" in cells
    assert not cells & {"exports", "exports_coffee", "million USD", "% yoy", "final", "estimate"}


IIP_2021 = ("industrial_production_index", 2021, "x")  # (indicator, year, unit not)


def test_an_edit_typed_when_apply_is_clicked_is_applied():
    """Fixing a typo and clicking “apply” at once (the browser sends both in one request):
    the grid as it is then is applied, not the grid of the run before."""
    at = run_app(DATA_PAGE)
    iip, retail = row_of(*IIP_2021), row_of("retail_sales", 2014)
    key = data_editor_key(_fingerprint(at))
    edits = {iip: {"value": "8,1"}, retail: {"value": "49.42b"}}
    at = edit_and_apply(at, edits)
    assert any("Kết quả kiểm tra" in e.value for e in at.error)  # the typo refused
    at.session_state[key] = {"edited_rows": {iip: {"value": "8,1"}}, "added_rows": [],
                             "deleted_rows": []}  # the typo fixed back to the shown 49.425
    button(at, "Kiểm tra và áp dụng").click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["dataset"] == "session:Đắk Lắk (số liệu đến tháng 1/2022) (đã sửa)"
    data = at.session_state["user_datasets"]["Đắk Lắk (số liệu đến tháng 1/2022) (đã sửa)"]
    iip_2021 = data.observations.loc[iip]
    assert (iip_2021["indicator"], iip_2021["year"], iip_2021["value"]) == (
        "industrial_production_index", 2021, 8.1)
    assert data.observations.loc[retail, "value"] == 49425


def test_saving_with_edits_not_applied_is_refused_and_says_so():
    at = run_app(DATA_PAGE)
    at.session_state[data_editor_key(_fingerprint(at))] = {
        "edited_rows": {row_of("retail_sales", 2021): {"value": "90.000"}}, "added_rows": [],
        "deleted_rows": []}
    at.run()
    assert any("1 dòng đã sửa chưa áp dụng" in w.value for w in at.warning)
    at.text_input[0].set_value("Bản có sửa")
    button(at, "Lưu").click()
    at.run()
    assert any("Chưa lưu" in e.value for e in at.error)
    assert not [s for s in at.success if "Đã lưu" in s.value]
