"""The leader's summary: one badge per official target, same numbers as the target test."""

import pytest

from modules.data.dataset import load_builtin
from modules.planning.summary import badges, default_year, driver_line, target_text
from modules.planning.targets import evaluate, plan_targets


@pytest.fixture(scope="module")
def daklak():
    return load_builtin("daklak")


def test_one_badge_per_official_target_with_the_target_pages_numbers(daklak):
    year = default_year(daklak)
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
    assert driver_line(retail, "vi") == "cần +5,4%/năm; gần nhất +2,8% (2021), cao nhất +14,8% (2014)"
    assert driver_line(retail, "en") == "needs +5.4%/yr; latest +2.8% (2021), best +14.8% (2014)"
    assert target_text(retail, "vi") == "90.500 tỷ đồng"
    iip = next(b for b in badges(daklak) if b.indicator == "industrial_production_index")
    assert target_text(iip, "vi") == "+12,0%"
    assert "cao nhất" in driver_line(iip, "vi") and "(2021)" in driver_line(iip, "vi")


def test_no_official_targets_gives_no_badges(daklak):
    assert badges(daklak, 2030) == []


def test_a_target_year_already_observed_is_never_the_default(daklak):
    from dataclasses import replace
    meta = dict(daklak.meta, default_target_year=2019)
    import modules.data.dataset as ds
    moved = ds.Dataset(daklak.id, daklak.observations, daklak.plans, meta, daklak.problems)
    assert default_year(moved) == 2022
