"""The planning page: every tab renders real results."""

from tests.app.helpers import PLANNING_PAGE as PAGE, button, run_app


def frames(at):
    return [d.value for d in at.dataframe]


def test_suggestions_sit_beside_the_official_targets():
    at = run_app(PAGE)
    suggestions = frames(at)[0].set_index("Chỉ tiêu")
    assert list(suggestions.columns) == ["Mục tiêu đề xuất", "Tăng so với năm gốc",
                                         "Mục tiêu chính thức", "Xác suất đạt"]
    assert suggestions.loc["Kim ngạch xuất khẩu", "Mục tiêu chính thức"] == "1.200"
    lower = run_app(PAGE)
    lower.select_slider(key="suggest_p").set_value(90).run()
    higher_confidence = frames(lower)[0].set_index("Chỉ tiêu")
    as_number = lambda text: float(text.replace(".", "").replace(",", "."))
    assert as_number(higher_confidence.loc["Kim ngạch xuất khẩu", "Mục tiêu đề xuất"]) < \
        as_number(suggestions.loc["Kim ngạch xuất khẩu", "Mục tiêu đề xuất"])


def test_a_2025_path_gives_a_probability_and_the_growth_needed():
    at = run_app(PAGE)
    at.selectbox(key="path_indicator").set_value("retail_sales").run()
    at.text_input(key="path_input_avg").set_value("10").run()
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
        "added_rows": [{"indicator": "imports", "year": 2021, "reason": "điện gió"}]}
    at.run()
    button(at, "Áp dụng").click()
    at.run()
    assert at.session_state["one_offs"] == [{"indicator": "imports", "year": 2021,
                                             "reason": "điện gió"}]
    side_by_side = next(f for f in frames(at) if "Cách tính" in f.columns)
    medians = dict(zip(side_by_side["Cách tính"], side_by_side["Dự báo (trung vị)"]))
    assert medians == {"Không đánh dấu": "450", "Có đánh dấu đột biến": "250"}
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


def test_look_back_marks_a_comparison_across_a_coverage_break():
    at = run_app(PAGE)
    at.selectbox(key="lookback_year").set_value(2014).run()
    table = next(f for f in frames(at) if "Đã đạt?" in f.columns)
    exports = table[table["Chỉ tiêu"] == "Kim ngạch xuất khẩu"].iloc[0]
    assert exports["Khác chuỗi hiện nay?"].startswith("có") and exports["Lưu ý"] == "nguồn thứ cấp"
    assert any("hai chuỗi khác nhau" in w.value for w in at.warning)


def test_look_back_on_the_national_data():
    at = run_app(PAGE, dataset="vietnam")
    at.selectbox(key="lookback_year").set_value(2020).run()
    table = next(f for f in frames(at) if "Đã đạt?" in f.columns)
    iip = table[table["Chỉ tiêu"] == "Chỉ số sản xuất công nghiệp (IIP)"]
    assert set(iip["Đã đạt?"]) == {"Không đạt"}  # 2020: 3,29% against 9–10%
