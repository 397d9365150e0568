"""The target boxes always show what the cards judge (item 5):
after a model that cannot run and a switch of year, a refused value, an emptied box."""

from __future__ import annotations

from tests.app.helpers import RETAIL, TARGETS_PAGE, edit, plain, results, run_app, target_boxes

OFFICIAL = ["12", "90.500", "1.200", "95"]  # Đắk Lắk's 2022 targets as the boxes show them


def values(at, field="target", year=2022):
    return [b.value for b in target_boxes(at, field, year=year)]


def card_names(at):
    cards = next(m.value for m in at.markdown if 'class="kt-grid"' in m.value)
    return cards.count('data-kt="badge"'), cards


def test_boxes_show_every_target_after_arima_and_a_year_switch():
    at = run_app(TARGETS_PAGE)
    at.selectbox(key="model@vi").set_value("arima").run()
    at.selectbox(key="target_year").set_value(2023).run()
    at.selectbox(key="target_year").set_value(2022).run()
    assert values(at) == OFFICIAL  # the production index's box was blank here
    assert card_names(at)[0] == 4  # a card for the index too, saying why it is not assessed
    at.selectbox(key="model@vi").set_value("auto").run()
    assert values(at) == OFFICIAL
    assert values(at, "growth")[0] == "12"


def test_a_negative_target_is_refused_and_the_box_keeps_the_last_value():
    at = run_app(TARGETS_PAGE)
    edit(at, 1, "target", "-5")
    assert any("không thể có" in plain(e.value) and "giá trị trước" in plain(e.value)
               for e in at.error)
    assert values(at)[1] == "90.500"
    assert card_names(at)[0] == 4  # no card went away
    assert results(at).set_index("Chỉ tiêu").loc[RETAIL, "Mục tiêu"] == "90.500 tỷ đồng"


def test_minus_100_percent_is_refused_in_the_growth_box():
    at = run_app(TARGETS_PAGE)
    edit(at, 1, "growth", "-100")
    assert any("không thể có" in plain(e.value) for e in at.error)
    assert values(at, "growth")[1] == "5,4" and values(at)[1] == "90.500"


def test_emptying_a_box_says_which_target_is_gone():
    at = run_app(TARGETS_PAGE)
    edit(at, 2, "target", "")
    count, _ = card_names(at)
    assert count == 3
    assert any("Chưa có mục tiêu" in plain(c.value) and "Kim ngạch xuất khẩu" in plain(c.value)
               for c in at.caption)


def test_a_refusal_message_goes_once_a_valid_value_is_typed():
    at = run_app(TARGETS_PAGE)
    edit(at, 1, "target", "1e20")
    assert any("quá lớn" in plain(e.value) for e in at.error)
    edit(at, 1, "target", "91.000")
    assert not [e for e in at.error if "quá lớn" in plain(e.value)]


def test_a_typed_value_is_redrawn_as_typed_not_rounded():
    at = run_app(TARGETS_PAGE)
    edit(at, 1, "target", "91.234,56")
    assert values(at)[1] == "91.234,56"  # was redrawn "91.235"
    assert values(at, "growth")[1] == "6,2"  # the derived form, rounded
