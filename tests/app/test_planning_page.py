"""The planning page: every tab renders real results."""

from tests.app.helpers import PLANNING_PAGE as PAGE
from tests.app.helpers import assert_clean, button, run_app


def frames(at):
    return [d.value for d in at.dataframe]


def test_suggestions_sit_beside_the_official_targets():
    at = run_app(PAGE)
    suggestions = frames(at)[0].set_index("Chỉ tiêu")
    assert list(suggestions.columns) == ["Mục tiêu đề xuất", "Tăng so với năm gốc",
                                         "Mục tiêu chính thức", "Xác suất đạt"]
    assert suggestions.loc["Kim ngạch xuất khẩu", "Mục tiêu chính thức"] == "1.200 triệu USD"
    # the production index's target is a growth rate, written as one (was a bare "12")
    assert suggestions.loc["Chỉ số sản xuất công nghiệp (IIP)", "Mục tiêu chính thức"] == "+12,0%"
    assert suggestions.loc["Chỉ số sản xuất công nghiệp (IIP)", "Mục tiêu đề xuất"].startswith("+")
    lower = run_app(PAGE)
    lower.select_slider(key="suggest_p").set_value(90).run()
    higher_confidence = frames(lower)[0].set_index("Chỉ tiêu")
    as_number = lambda text: float(text.split()[0].replace(".", "").replace(",", "."))
    assert as_number(higher_confidence.loc["Kim ngạch xuất khẩu", "Mục tiêu đề xuất"]) < \
        as_number(suggestions.loc["Kim ngạch xuất khẩu", "Mục tiêu đề xuất"])


def test_a_2025_path_gives_a_probability_and_the_growth_needed():
    at = run_app(PAGE)
    at.selectbox(key="path_indicator").set_value("retail_sales").run()
    # it starts at the end of the five-year plan, at the indicator's own recent pace
    from modules.data.dataset import load_builtin
    from modules.planning.tools import path_defaults
    from modules.text import fmt

    end_year, average = path_defaults(load_builtin("daklak"), "retail_sales")
    assert at.selectbox(key="path_year").value == end_year == 2025
    assert at.text_input(key="path_input_avg_retail_sales").value == fmt.number(average, "vi", 1)
    at.text_input(key="path_input_avg_retail_sales").set_value("10").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mục tiêu năm 2025"] == "125.727"  # 85.873 × 1,10^4 = 125.726,7
    assert metrics["Xác suất đạt cuối kỳ"].endswith("%")
    path = next(f for f in frames(at) if "Lộ trình tăng đều" in f.columns)
    assert path["Năm"].tolist() == ["2022", "2023", "2024", "2025"]


def test_marking_2021_imports_one_off_changes_the_projection():
    at = run_app(PAGE)
    at.session_state["oneoff_editor"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"indicator": "Kim ngạch nhập khẩu", "year": 2021, "reason": "điện gió"}]}
    at.run()
    button(at, "Áp dụng").click()
    at.run()
    assert at.session_state["one_offs"] == [{"indicator": "imports", "year": 2021,
                                             "reason": "điện gió"}]
    side_by_side = next(f for f in frames(at) if "Cách tính" in f.columns)
    medians = dict(zip(side_by_side["Cách tính"], side_by_side["Dự báo (trung vị)"]))
    # one year each (2021 450; marked: 2020 250, from the reported +80 %), projected to 2022
    # with the drift the reference class shows
    assert medians == {"Không đánh dấu": "570", "Có đánh dấu đột biến": "314"}
    at.switch_page("modules/ui/pages/targets.py")
    at.run()
    assert any("Kim ngạch nhập khẩu 2021" in i.value for i in at.info)


def test_sectors_consistency_record_and_look_back_render():
    at = run_app(PAGE)
    labels = {m.label for m in at.metric}
    assert "IIP chung suy ra từ các ngành, năm 2022" in labels
    sectors = next(f for f in frames(at) if "Tỷ trọng" in f.columns)
    assert len(sectors) == 3
    assert any("Hai con số khớp nhau" in s.value for s in at.success)
    assert any("kế hoạch giảm" in w.value for w in at.warning)
    record = next(f for f in frames(at) if "Kế hoạch (suy ra)" in f.columns)
    assert "100,3%" in record["% kế hoạch"].tolist()
    assert any("thói quen của sở" in c.value for c in at.caption)
    # the 2014 export plan is on another count than today's series: said in the table and below
    crossed = record[record["Khác chuỗi hiện nay?"] != ""]
    assert set(zip(crossed["Chỉ tiêu"], crossed["Năm"])) >= {("Kim ngạch xuất khẩu", "2014")}
    assert any("kế hoạch các năm 2014" in w.value for w in at.warning)


def test_look_back_on_the_national_data():
    at = run_app(PAGE, dataset="vietnam")
    at.selectbox(key="lookback_year").set_value(2020).run()
    table = next(f for f in frames(at) if "Đã đạt?" in f.columns)
    iip = table[table["Chỉ tiêu"] == "Chỉ số sản xuất công nghiệp (IIP)"]
    assert set(iip["Đã đạt?"]) == {"Không đạt"}  # 2020: 3,29% against 9–10%


def test_the_one_off_editor_offers_names_not_ids():
    at = run_app(PAGE)
    editor = next(d for d in at.dataframe if d.proto.editing_mode)
    import json
    options = json.dumps(json.loads(editor.proto.columns), ensure_ascii=False)
    assert "Kim ngạch nhập khẩu" in options
    assert "retail_sales" not in options and "iip_mining" not in options


def test_path_inputs_that_cannot_be_assessed_give_a_message_not_a_traceback():
    for mode, typed, _key in (("value", "-5", "plan.path_bad_value"),
                              ("avg", "1e9", "plan.path_bad_growth"),
                              ("avg", "1000000000", "plan.path_bad_growth")):
        at = run_app(PAGE)
        at.selectbox(key="path_indicator").set_value("retail_sales").run()
        at.radio(key="path_mode").set_value(mode).run()
        at.text_input(key=f"path_input_{mode}_retail_sales").set_value(typed).run()
        assert_clean(at)
        errors = " ".join(e.value for e in at.error)
        assert errors, (mode, typed)
        assert "Traceback" not in errors


def test_the_path_is_drawn_on_the_chart():
    at = run_app(PAGE)
    at.selectbox(key="path_indicator").set_value("retail_sales").run()
    import json
    specs = [json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
             for c in at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")]
    assert any("Lộ trình tăng đều" in spec for spec in specs)


def test_sector_tab_never_calls_a_needed_growth_impossible_and_shows_the_direct_p():
    at = run_app(PAGE)
    sectors = next(f for f in frames(at) if "Tỷ trọng" in f.columns)
    assert not any("không thể" in str(v) for v in sectors.values.ravel())
    metrics = {m.label: m.value for m in at.metric}
    shown = metrics["Xác suất trên trang Kiểm tra mục tiêu"]
    target_page = run_app("modules/ui/pages/targets.py")
    from tests.app.helpers import results
    iip = results(target_page).set_index("Chỉ tiêu").loc["Chỉ số sản xuất công nghiệp (IIP)"]
    assert shown == iip["Xác suất đạt"]  # the same projection and feasibility function


def test_look_back_explains_why_there_is_nothing_to_look_back_on():
    at = run_app(PAGE)
    assert any("chưa có năm nào để nhìn lại" in i.value for i in at.info)


def sector_boxes(at):
    return [b for b in at.text_input if str(b.key).startswith("w_")]


def test_sector_weights_are_typed_and_shown_the_vietnamese_way():
    at = run_app(PAGE)
    boxes = sector_boxes(at)
    assert len(boxes) == 3 and all("." not in b.value for b in boxes)  # "2,9", never "2.90"
    boxes[0].input("80,5").run()
    assert_clean(at)
    assert not at.error
    sectors = next(f for f in frames(at) if "Tỷ trọng" in f.columns)
    assert sectors["Tỷ trọng"].iloc[0] != "100,0%"  # 80,5 is 80.5, not 805 clipped


def test_a_weight_out_of_range_or_in_english_is_refused_in_vietnamese():
    at = run_app(PAGE)
    sector_boxes(at)[0].input("805").run()
    assert any("nằm ngoài khoảng cho phép 0 đến 100" in e.value for e in at.error)
    sector_boxes(at)[1].input("2.9").run()
    assert any("2,9" in e.value for e in at.error)  # the Vietnamese spelling suggested
    assert not any("Number is outside" in e.value for e in at.error)


def test_the_aggregate_target_box_reads_a_decimal_comma():
    at = run_app(PAGE)
    box = next(b for b in at.text_input if str(b.key).startswith("aggregate_target"))
    assert box.value == "12"
    box.input("12,5").run()
    labels = {m.label for m in at.metric}
    assert any("12,5%" in label for label in labels), labels


def test_a_one_off_year_outside_1900_2100_is_refused_with_a_message():
    from modules.ui.session import ONE_OFF_EDITOR
    at = run_app(PAGE)
    at.session_state[ONE_OFF_EDITOR.name] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"indicator": "Kim ngạch nhập khẩu", "year": 20212021, "reason": ""}]}
    at.run()
    button(at, "Áp dụng").click()
    at.run()
    assert_clean(at)
    assert any("20212021" in e.value for e in at.error)
    assert not at.session_state["one_offs"] if "one_offs" in at.session_state else True


def test_the_page_starts_by_telling_sector_planning_from_the_target_test():
    """One paragraph where the page starts, naming both views."""
    for lang, words in (("vi", ("Kiểm tra mục tiêu", "Cơ cấu ngành", "tỷ trọng")),
                        ("en", ("Target test", "Sectors", "weights"))):
        at = run_app(PAGE, lang=lang)
        texts = [m.value for m in at.main.markdown if not m.value.startswith("<style>")]
        assert all(w in texts[0] for w in words), texts[:1]
