"""Every page through Streamlit's AppTest: real script runs, no browser."""

import pytest

from modules.data.dataset import load_builtin
from modules.ui.text import md
from tests.app.helpers import (
    METHODS_PAGE,
    OVERVIEW_OPEN,
    RETAIL,
    TARGETS_PAGE,
    assert_clean,
    edit,
    plain,
    results,
    run_app,
    target_boxes,
)


def percent(text: str) -> float:
    """A shown percentage ("12,3%", "< 1%") as a number, for comparisons."""
    return float(text.strip("<> %").replace(",", "."))


def test_overview_shows_headline_indicators_in_vietnamese():
    at = run_app(**OVERVIEW_OPEN)
    assert at.title[0].value.startswith("Tổng quan: Đắk Lắk")
    metrics = {plain(m.label): m.value for m in at.metric}
    assert metrics[RETAIL] == "85.873"
    assert metrics["Kim ngạch xuất khẩu"] == "1.136"
    assert metrics["Chỉ số sản xuất công nghiệp (IIP)"] == "+14,8%"
    assert any("+2,8%" in m.proto.body or "+2,8%" in str(m.delta) for m in at.metric)
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) >= 4
    spec = charts[0].proto.spec
    assert '"decimal": ","' in spec or '"decimal":","' in spec  # Vietnamese axis numbers


def test_overview_lists_sources_and_the_price_basis_break():
    at = run_app(**OVERVIEW_OPEN)
    sources = at.dataframe[-1].value
    # the article kept beside the data is named as a reader names it, as in the briefing
    assert "Bài báo ngày 04/01/2022 (bản lưu kèm bộ số liệu)" in set(sources["source"])
    assert not sources["source"].str.contains("source-article").any()
    assert {"ước tính", "chính thức"} <= set(sources["status"])
    others = at.dataframe[0].value
    notes = dict(zip(others["Chỉ tiêu"], others["Ghi chú"]))
    assert "không được nối" in notes["Giá trị sản xuất công nghiệp"]


@pytest.mark.parametrize("dataset_id,lang", [("daklak", "vi"), ("vietnam", "en")])
def test_every_flagged_figure_shows_its_flag_on_the_overview(dataset_id, lang):
    from modules.data.dataset import flags_of, load_builtin
    from modules.data.provenance import flag_name, source_name

    at = run_app(lang=lang, dataset=dataset_id, **OVERVIEW_OPEN)
    sources = at.dataframe[-1].value
    observations = load_builtin(dataset_id).observations
    assert len(sources) == len(observations)
    flagged = observations[observations["flags"] != ""]
    assert len(flagged) >= 10
    for i, row in flagged.iterrows():
        shown = sources.iloc[list(observations.index).index(i)]
        assert shown["source"] == source_name(row["source"], lang)
        for flag in flags_of(row["flags"]):
            assert flag_name(flag, lang) in shown["flags"], (row["indicator"], row["year"], flag)
    assert (sources.loc[observations["flags"] == "", "flags"] == "").all()


def test_overview_says_which_figures_the_projection_used():
    at = run_app(lang="en")
    text = " ".join(c.value for c in at.caption).replace("\\", "")  # Markdown escapes
    assert "Used (1): 2021: 1,136 (estimate)." in text
    assert "Left out: 2014: 730 (estimate; approximate): Department of Industry and Trade, " \
           "2014 count, not Department of Industry and Trade, count of the 2021 review" in text
    assert "Left out: 2017: 575 (estimate; lower bound): compiler not stated" in text


def test_overview_in_english_and_on_the_national_dataset():
    at = run_app(lang="en", dataset="vietnam")
    assert plain(at.title[0].value) == "Overview: Vietnam (national)"
    labels = [plain(m.label) for m in at.metric]
    assert "Exports" in labels


def test_target_page_prefills_the_official_targets_with_verdicts():
    at = run_app(TARGETS_PAGE)
    table = results(at)
    by_indicator = table.set_index("Chỉ tiêu")
    assert len(by_indicator) == 4
    # written as the cards and the briefing write a target: with its unit, a rate as a rate
    assert by_indicator.loc[RETAIL, "Mục tiêu"] == "90.500 tỷ đồng"
    assert by_indicator.loc["Kim ngạch nhập khẩu", "Mục tiêu"] == "95 triệu USD"
    assert by_indicator.loc["Chỉ số sản xuất công nghiệp (IIP)", "Mục tiêu"] == "+12,0%"
    verdicts = set(by_indicator["Đánh giá"])
    assert verdicts <= {"Rất có khả năng đạt", "Có khả năng đạt", "Khả năng ngang nhau",
                        "Thách thức", "Rất khó đạt"}
    for probability in by_indicator["Xác suất đạt"]:
        assert probability.endswith("%")
    assert any("Bằng chứng còn mỏng" in w.value for w in at.warning)
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) == 4
    boxes = target_boxes(at, "target")
    assert [b.value for b in boxes] == ["12", "90.500", "1.200", "95"]
    assert [b.label for b in boxes][1] == "Mục tiêu (tỷ đồng)"
    assert any(RETAIL in plain(m.value) and "85.873 tỷ đồng (2021)" in plain(m.value)
               for m in at.markdown)


def test_editing_a_target_changes_its_probability_and_verdict():
    at = run_app(TARGETS_PAGE)
    before = results(at).set_index("Chỉ tiêu").loc[RETAIL]
    edit(at, 1, "target", "120.000")
    after = results(at).set_index("Chỉ tiêu").loc[RETAIL]
    assert after["Mục tiêu"] == "120.000 tỷ đồng"
    assert percent(after["Xác suất đạt"]) < percent(before["Xác suất đạt"])  # a higher bar
    assert after["Đánh giá"] == "Rất khó đạt"


def test_a_growth_typed_target_derives_the_value():
    at = run_app(TARGETS_PAGE)
    edit(at, 2, "growth", "10")  # exports +10% from 1.136
    row = results(at).set_index("Chỉ tiêu").loc["Kim ngạch xuất khẩu"]
    assert row["Mục tiêu"] == "1.250 triệu USD"  # 1.136 × 1,10 = 1.249,6, shown rounded


def test_a_non_numeric_target_is_refused_with_a_message_and_the_old_value_kept():
    at = run_app(TARGETS_PAGE)
    edit(at, 1, "target", "chín mươi")
    assert any("không phải là số" in e.value for e in at.error)
    assert results(at).set_index("Chỉ tiêu").loc[RETAIL, "Mục tiêu"] == "90.500 tỷ đồng"


def test_inverse_question_column_follows_the_chosen_probability():
    at = run_app(TARGETS_PAGE)
    at.select_slider[0].set_value(50).run()
    table = results(at)
    column = "Đạt được với xác suất 50%"
    assert column in table.columns
    assert (table[column] == table["Dự báo (trung vị)"]).all()


def test_target_page_in_english():
    at = run_app(TARGETS_PAGE, lang="en")
    assert at.title[0].value == "Target test"
    assert "Verdict" in results(at).columns
    # beside each result: which figures the projection used and why others were left out
    texts = [t.value for t in at.text]
    assert "Used (1): 2021: 1,136 (estimate)." in texts
    assert any(t.startswith("Left out: 2014: 730 (estimate; approximate)") for t in texts)
    assert any("2010 and 2014 are on other counts" in i.value for i in at.info)


def test_methods_page_in_both_languages():
    at = run_app(METHODS_PAGE)
    text = " ".join(m.value for m in at.markdown)
    assert "Những điều công cụ không biết" in text and "(từ 90%)" in text
    assert "Khoảng 80%" in text and "8 trên 10 lần" in text  # ranges in plain words
    for jargon in ("AICc", "ETS", "logarit", "bình quân nhân", "M3", "http", "benchmarks"):
        assert jargon not in text, jargon
    at = run_app(METHODS_PAGE, lang="en")
    text = " ".join(m.value for m in at.markdown)
    assert "What the tool cannot know" in text and "Theta" in text
    for jargon in ("AICc", "ETS", "log scale", "M3", "http", "benchmarks"):
        assert jargon not in text, jargon


def test_evidence_from_past_projections_on_a_long_series():
    at = run_app(TARGETS_PAGE, dataset="vietnam")
    at.toggle(key="evidence:exports").set_value(True).run()
    assert not at.exception
    errors = next(d.value for d in at.dataframe if "Số lần kiểm" in d.value.columns)
    assert "Tự động (khuyến nghị)" in set(errors["Mô hình"]) and len(errors) >= 4
    assert any("Trong quá khứ, một dự báo như thế này" in c.value for c in at.caption)
    # the members averaged are named once (not again as "Mô hình đã dùng")
    assert not any("Mô hình đã dùng" in c.value or "backtest" in c.value for c in at.caption)
    # the members are named as the code runs them, and those auto kept are ticked
    assert {"Giá trị năm cuối", "Phương pháp Theta theo tỷ lệ tăng"} <= set(errors["Mô hình"])
    assert (errors["Tự động dùng"] == "✓").sum() >= 3  # 4 kept; one may not fit the last run
    assert any(c.value.startswith("Tự động: trung bình của") for c in at.caption)


def test_evidence_on_a_short_series_names_the_rule_auto_used():
    at = run_app(TARGETS_PAGE)
    at.toggle(key="evidence:imports").set_value(True).run()
    assert not at.exception
    used = [c.value for c in at.caption if c.value.startswith("Mô hình đã dùng: Tự động: ")]
    rules = ("Tiếp nối tốc độ tăng bình quân, thu nhỏ theo độ dao động",
             "Tốc độ tăng riêng, kéo về mức của nhóm tham chiếu")
    assert len(used) == 1 and used[0].removeprefix("Mô hình đã dùng: Tự động: ") in rules, used


def test_thin_series_say_where_their_range_comes_from():
    at = run_app(TARGETS_PAGE)
    warnings = " ".join(w.value for w in at.warning)
    assert "mức sai của các dự báo quá khứ cho cùng chỉ tiêu trong Việt Nam (toàn quốc)" in warnings
    # the thin ones are exports and imports, which the provinces' panel does not hold
    assert "ở các tỉnh" not in warnings and warnings.count("Bằng chứng còn mỏng") == 2
    at = run_app(TARGETS_PAGE, reference="-")
    assert "mức biến động tối thiểu giả định" in " ".join(w.value for w in at.warning)


def test_overview_shows_one_escaped_card_per_official_target():
    at = run_app()
    cards = next(m.value for m in at.markdown if 'data-kt="badge"' in m.value)
    assert cards.count('data-kt="badge"') == 4
    # retail and exports are judged on the Department's own count only
    # (short series learn from the national series and the 63 provinces)
    for verdict in ("Thách thức", "Có khả năng đạt", "Rất có khả năng đạt"):
        assert verdict in cards
    assert "cần +5,4%/năm; gần nhất +2,8% (2021), cao nhất +58,1% (2008)" in cards


def test_a_fall_is_a_red_down_arrow_and_text_deltas_have_no_arrow():
    from streamlit.proto.Metric_pb2 import Metric
    at = run_app(dataset="vietnam")
    metrics = {m.label.replace("\\", ""): m.proto for m in at.metric}  # labels are escaped
    retail = metrics["Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"]
    assert retail.delta.startswith("−3,8%")
    assert retail.color == Metric.MetricColor.RED
    assert retail.direction == Metric.MetricDirection.DOWN
    iip = metrics["Chỉ số sản xuất công nghiệp (IIP)"]
    assert iip.direction == Metric.MetricDirection.NONE


def test_models_that_cannot_run_are_marked_with_a_reason():
    at = run_app()
    labels = at.sidebar.selectbox(key="model@vi").options
    assert any("Xu hướng chậm dần — không chạy được" in label for label in labels)
    at.sidebar.selectbox(key="model@vi").set_value("damped").run()
    assert any("cần ít nhất 8 năm" in w.value for w in at.sidebar.warning)
    at.switch_page(TARGETS_PAGE)
    at.run()
    assert not at.exception
    assert any("cần ít nhất 8 năm" in w.value for w in at.warning)


def test_the_target_page_offers_a_pdf_of_the_current_targets():
    at = run_app(TARGETS_PAGE)
    assert "Tải báo cáo nhanh PDF của các mục tiêu này" in [b.label for b in
                                                          at.get("download_button")]
    assert len([m for m in at.markdown if 'data-kt="badge"' in m.value]) == 1


def test_an_exception_in_a_page_shows_a_short_translated_message(monkeypatch):
    from streamlit.testing.v1 import AppTest

    import modules.planning.summary as summary
    from modules.text.i18n import t
    from tests.app.helpers import APP

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(summary, "badge_of", broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(TARGETS_PAGE)
    at.run()
    assert not at.exception  # no traceback reaches the user
    assert t("app.error_boundary", "vi") in [e.value for e in at.error]
    assert "Kết quả" in [h.value for h in at.subheader]  # the rest of the page goes on


def test_after_a_language_switch_the_pickers_show_the_new_language():
    at = run_app()
    at.sidebar.selectbox(key="dataset@vi").set_value("vietnam").run()
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    dataset = at.sidebar.selectbox(key="dataset@en")
    assert dataset.value == "vietnam" and dataset.options == [
        "Đắk Lắk (data as of January 2022)", "Đắk Lắk before the merger (data as of January 2025)",
        "Phú Yên before the merger (data as of November 2024)",
        "Đắk Lắk, from 1 July 2025 (with former Phú Yên)", "Vietnam (national)"]
    assert at.sidebar.selectbox(key="model@en").options[0] == "Automatic (recommended)"


def test_the_boxes_show_the_derived_form_and_a_refused_box_its_last_valid_value():
    at = edit(run_app(TARGETS_PAGE), 1, "target", "120.000")
    assert target_boxes(at, "growth")[1].value == "39,7"  # 120.000 / 85.873 = 1,3974
    edit(at, 1, "growth", "ba mươi")
    assert any("không phải là số" in e.value for e in at.error)
    assert (target_boxes(at, "target")[1].value, target_boxes(at, "growth")[1].value) == \
        ("120.000", "39,7")


def test_the_target_type_box_turns_a_floor_into_a_ceiling():
    at = run_app(TARGETS_PAGE)
    before = results(at).set_index("Chỉ tiêu").loc["Kim ngạch nhập khẩu", "Xác suất đạt"]
    target_boxes(at, "direction")[3].set_value("at_most")
    at.run()
    assert_clean(at)
    assert target_boxes(at, "direction")[3].value == "at_most"
    after = results(at).set_index("Chỉ tiêu").loc["Kim ngạch nhập khẩu", "Xác suất đạt"]
    assert percent(after) == pytest.approx(100 - percent(before), abs=1)


def test_the_overview_draws_its_charts_and_tables_only_when_opened():
    at = run_app()
    assert not (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))
    assert len(at.dataframe) == 0
    assert [e.label for e in at.expander if "mở để" in e.label] == [
        "Biểu đồ diễn biến qua các năm (mở để vẽ)",
        "So sánh Đắk Lắk với các tỉnh: tốc độ tăng bên cạnh vùng và cả nước, thứ hạng trong 63 "
        "tỉnh (mở để vẽ)", "Bảng 9 chỉ tiêu (mở để xem)",
        f"Bảng nguồn của {len(load_builtin('daklak').observations)} số liệu (mở để xem)"]
    at.session_state["overview_history"] = True
    at.run()
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) == 4


def test_two_boxes_changed_in_one_request_both_count():
    at = run_app(TARGETS_PAGE)
    target_boxes(at, "target")[1].input("100.000")  # retail
    target_boxes(at, "target")[2].input("1.300")    # exports, sent with it
    at.run()
    assert_clean(at)
    table = results(at).set_index("Chỉ tiêu")
    assert (table.loc[RETAIL, "Mục tiêu"], table.loc["Kim ngạch xuất khẩu", "Mục tiêu"]) == \
        ("100.000 tỷ đồng", "1.300 triệu USD")


def test_after_a_language_switch_the_boxes_speak_it_and_an_edit_applies():
    at = run_app(TARGETS_PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert_clean(at)
    assert [b.value for b in target_boxes(at, "target")] == ["12", "90,500", "1,200", "95"]
    assert target_boxes(at, "direction")[2].value == "at_least"
    edit(at, 2, "target", "1,300")
    assert results(at).set_index("Indicator").loc["Exports", "Target"] == "1,300 M USD"


def test_the_printed_results_table_shows_over_99_percent_as_written():
    at = run_app(TARGETS_PAGE)
    printed = at.table[-1].value  # st.table renders Markdown: "> 99%" would print as a quote
    imports = printed.loc[md("Kim ngạch nhập khẩu"), md("Xác suất đạt")]
    assert imports.startswith("\\>") and plain(imports) == ">99%"


def test_an_edit_keeps_every_box_under_its_key_so_a_focused_box_keeps_the_focus():
    at = run_app(TARGETS_PAGE)
    keys = [b.key for field in ("target", "growth", "direction") for b in target_boxes(at, field)]
    edit(at, 1, "target", "91.000")
    assert [b.key for field in ("target", "growth", "direction")
            for b in target_boxes(at, field)] == keys
    assert target_boxes(at, "growth")[1].value == "6,0"  # derived again: 91.000 / 85.873
