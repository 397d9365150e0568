"""Every page through Streamlit's AppTest: real script runs, no browser."""

import pytest

from tests.app.helpers import METHODS_PAGE, RETAIL, TARGETS_PAGE, edit, results, run_app, target_editor


def percent(text: str) -> float:
    """A shown percentage ("12,3%", "< 1%") as a number, for comparisons."""
    return float(text.strip("<> %").replace(",", "."))


def test_overview_shows_headline_indicators_in_vietnamese():
    at = run_app()
    assert at.title[0].value.startswith("Tổng quan: Đắk Lắk")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[RETAIL] == "85.873"
    assert metrics["Kim ngạch xuất khẩu"] == "1.136"
    assert metrics["Chỉ số sản xuất công nghiệp (IIP)"] == "+14,8%"
    assert any("+2,8%" in m.proto.body or "+2,8%" in str(m.delta) for m in at.metric)
    charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert len(charts) >= 4
    spec = charts[0].proto.spec
    assert '"decimal": ","' in spec or '"decimal":","' in spec  # Vietnamese axis numbers


def test_overview_lists_sources_and_the_price_basis_break():
    at = run_app()
    sources = at.dataframe[-1].value
    assert "source-article-2022-01-04.vi.txt" in set(sources["source"])
    assert {"ước tính", "chính thức"} <= set(sources["status"])
    others = at.dataframe[0].value
    notes = dict(zip(others["Chỉ tiêu"], others["Ghi chú"]))
    assert "không được nối" in notes["Giá trị sản xuất công nghiệp"]


@pytest.mark.parametrize("dataset_id,lang", [("daklak", "vi"), ("vietnam", "en")])
def test_every_flagged_figure_shows_its_flag_on_the_overview(dataset_id, lang):
    from modules.data.dataset import flags_of, load_builtin
    from modules.data.provenance import flag_name

    at = run_app(lang=lang, dataset=dataset_id)
    sources = at.dataframe[-1].value
    observations = load_builtin(dataset_id).observations
    assert len(sources) == len(observations)
    flagged = observations[observations["flags"] != ""]
    assert len(flagged) >= 10
    for i, row in flagged.iterrows():
        shown = sources.iloc[list(observations.index).index(i)]
        assert shown["source"] == row["source"]
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
    assert at.title[0].value == "Overview: Vietnam (national)"
    labels = [m.label for m in at.metric]
    assert "Exports" in labels


def test_target_page_prefills_the_official_targets_with_verdicts():
    at = run_app(TARGETS_PAGE)
    editor = target_editor(at)
    table = results(at)
    by_indicator = table.set_index("Chỉ tiêu")
    assert len(by_indicator) == 4
    assert by_indicator.loc[RETAIL, "Mục tiêu"] == "90.500"
    assert by_indicator.loc["Kim ngạch nhập khẩu", "Mục tiêu"] == "95"
    assert by_indicator.loc["Chỉ số sản xuất công nghiệp (IIP)", "Mục tiêu"] == "12"
    verdicts = set(by_indicator["Đánh giá"])
    assert verdicts <= {"Rất khả thi", "Khả thi", "Năm ăn năm thua", "Thách thức", "Rất khó đạt"}
    for probability in by_indicator["Xác suất đạt"]:
        assert probability.endswith("%")
    assert any("Bằng chứng còn mỏng" in w.value for w in at.warning)
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) == 4
    assert len(editor) == 4
    retail = editor.set_index("indicator").loc[RETAIL]
    assert (retail["target"], retail["base"]) == ("90.500", "85.873 (2021)")


def test_editing_a_target_changes_its_probability_and_verdict():
    at = run_app(TARGETS_PAGE)
    before = results(at).set_index("Chỉ tiêu").loc[RETAIL]
    edit(at, 1, "target", "120.000")
    after = results(at).set_index("Chỉ tiêu").loc[RETAIL]
    assert after["Mục tiêu"] == "120.000"
    assert percent(after["Xác suất đạt"]) < percent(before["Xác suất đạt"])  # a higher bar
    assert after["Đánh giá"] == "Rất khó đạt"


def test_a_growth_typed_target_derives_the_value():
    at = run_app(TARGETS_PAGE)
    edit(at, 2, "growth", "10")  # exports +10% from 1.136
    row = results(at).set_index("Chỉ tiêu").loc["Kim ngạch xuất khẩu"]
    assert row["Mục tiêu"] == "1.250"  # 1.136 × 1,10 = 1.249,6, shown rounded


def test_a_non_numeric_target_is_refused_with_a_message_and_the_old_value_kept():
    at = run_app(TARGETS_PAGE)
    edit(at, 1, "target", "chín mươi")
    assert any("không phải là số" in e.value for e in at.error)
    assert results(at).set_index("Chỉ tiêu").loc[RETAIL, "Mục tiêu"] == "90.500"


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
    assert "Những điều công cụ không biết" in text and "≥ 90%" in text
    at = run_app(METHODS_PAGE, lang="en")
    text = " ".join(m.value for m in at.markdown)
    assert "What the tool cannot know" in text and "Theta" in text


def test_evidence_from_past_projections_on_a_long_series():
    at = run_app(TARGETS_PAGE, dataset="vietnam")
    at.toggle(key="evidence:exports").set_value(True).run()
    assert not at.exception
    errors = next(d.value for d in at.dataframe if "Số lần kiểm" in d.value.columns)
    assert "Tự động (khuyến nghị)" in set(errors["Mô hình"]) and len(errors) >= 4
    assert any("Trong quá khứ, một dự báo như thế này" in c.value for c in at.caption)
    assert any("Mô hình đã dùng:" in c.value and "backtest" in c.value for c in at.caption)
    # the members are named as the code runs them, and those auto kept are ticked
    assert {"Giá trị năm cuối", "Theta theo thang log (tốc độ tăng)"} <= set(errors["Mô hình"])
    assert (errors["Tự động dùng"] == "✓").sum() >= 3  # 4 kept; one may not fit the last run
    assert any(c.value.startswith("Tự động: trung bình của") for c in at.caption)


def test_thin_series_say_where_their_range_comes_from():
    at = run_app(TARGETS_PAGE)
    warnings = " ".join(w.value for w in at.warning)
    assert "mượn độ biến động của cùng chỉ tiêu trong Việt Nam (toàn quốc)" in warnings
    at = run_app(TARGETS_PAGE, reference="-")
    assert "mức biến động tối thiểu giả định" in " ".join(w.value for w in at.warning)
