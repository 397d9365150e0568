"""The leader's summary: one badge per official target, same numbers as the target test."""

import pytest

from modules.data.dataset import load_builtin
from modules.planning.summary import badges, driver_line, target_text
from modules.planning.targets import default_target_year, evaluate, plan_targets


@pytest.fixture(scope="module")
def daklak():
    return load_builtin("daklak")


def test_one_badge_per_official_target_with_the_target_pages_numbers(daklak):
    year = default_target_year(daklak)
    assert year == 2022
    shown = badges(daklak)
    assert [b.indicator for b in shown] == ["industrial_production_index", "retail_sales",
                                           "exports", "imports"]
    same = {r.indicator: r.assessment for r in evaluate(daklak, plan_targets(daklak, year), year)}
    for badge in shown:
        assert badge.probability == pytest.approx(same[badge.indicator].probability)
        assert badge.verdict == same[badge.indicator].verdict
        assert badge.problem is None


def test_driver_line_says_what_the_target_needs_beside_the_record(daklak):
    retail = next(b for b in badges(daklak) if b.indicator == "retail_sales")
    # the record runs from 2006 (the statistics office's finals): 2008's +58.1% at current
    # prices (13,271.4 after 8,395.7; consumer prices +23% that year) is its best year
    assert driver_line(retail, "vi") == ("cần +5,4%/năm; gần nhất +2,8% (2021), "
                                         "cao nhất +58,1% (2008)")
    assert driver_line(retail, "en") == "needs +5.4%/yr; latest +2.8% (2021), best +58.1% (2008)"
    assert target_text(retail, "vi") == "90.500 tỷ đồng"
    iip = next(b for b in badges(daklak) if b.indicator == "industrial_production_index")
    assert target_text(iip, "vi") == "+12,0%"
    assert "cao nhất" in driver_line(iip, "vi") and "(2021)" in driver_line(iip, "vi")


def test_no_official_targets_gives_no_badges(daklak):
    assert badges(daklak, 2030) == []


def test_model_column_never_shows_internal_ids():
    from modules.engine.projections import project
    from modules.planning.targets import model_text
    from modules.text.i18n import t
    vietnam = load_builtin("vietnam")
    for indicator_id in ("retail_sales", "industrial_production_index", "exports"):
        projection = project(vietnam, indicator_id, "auto", 1).projection
        for lang in ("vi", "en"):
            text = model_text(projection, lang)
            assert text.startswith(t("summary.auto_used", lang, models=""))
            raw = ("drift", "theta", "damped", "naive", "ses", "(", "+") if lang == "vi" \
                else ("drift+", "+theta", " ses", "origins", "dropped")
            assert not any(word in text for word in raw), (lang, text)


def test_models_that_cannot_run_say_why_in_the_readers_language(daklak):
    from modules.engine.projections import project
    from modules.engine.registry import available_models, why_unavailable
    series = daklak.series("retail_sales")
    assert "damped" not in available_models(series)
    problem = why_unavailable(series, "damped")
    assert problem.message("vi") == ("mô hình “Xu hướng chậm dần” cần ít nhất 8 năm số liệu dùng "
                                     "được, chuỗi “Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ "
                                     "tiêu dùng” chỉ có 2.")
    assert "damped" not in problem.message("en") and "8" in problem.message("en")
    assert why_unavailable(series, "drift") is None and why_unavailable(series, "auto") is None
    outcome = project(daklak, "retail_sales", "arima", 1)
    assert outcome.projection is None and outcome.problem.code == "model_too_short"
