"""Whatever validation accepts, every page shows without an exception (items 5-6):
uploads of only "alternative" figures, only growth rows with no level, extreme magnitudes;
and a poisoned target (1e30, 31 digits) saved in a scenario and opened by anyone."""


import pytest
from streamlit.testing.v1 import AppTest

from modules.data.storage import Store
from modules.planning.scenarios import KIND
from tests.app.helpers import (
    APP,
    DATA_PAGE,
    OVERVIEW_PAGE,
    PLANNING_PAGE,
    SCENARIOS_PAGE,
    TARGETS_PAGE,
    button,
    outside_code,
    run_app,
)

PAGES = (OVERVIEW_PAGE, TARGETS_PAGE, PLANNING_PAGE, SCENARIOS_PAGE, DATA_PAGE)
HEADER = "indicator,year,value,unit,status\n"
FILES = {
    "alternative-only": HEADER + "".join(
        f"retail_sales,{y},{80000 + 1000 * i},billion VND,alternative\n"
        for i, y in enumerate(range(2012, 2022))),
    "growth-only": HEADER + "".join(
        f"retail_sales,{y},{5 + i % 3},% yoy,final\nexports,{y},{4 + i % 2},% yoy,final\n"
        for i, y in enumerate(range(2012, 2022))),
    "extreme": HEADER + "".join(
        f"retail_sales,{y},{10 ** 12 * (50 + i) + 7},billion VND,final\n"
        f"exports,{y},0.{'0' * 29}{1 + i},million USD,final\n"
        for i, y in enumerate(range(2012, 2022))),
}


def visit_every_page(at: AppTest) -> list[str]:
    """Visit each page; the pages that raised (with their exceptions)."""
    failed = []
    for page in PAGES:
        at.switch_page(page)
        at.run()
        if at.exception:
            failed.append(f"{page}: {at.exception[0].message}")
    return failed


@pytest.mark.parametrize("name", list(FILES))
def test_an_accepted_upload_never_breaks_a_page(name):
    at = run_app(DATA_PAGE)
    at.file_uploader[0].set_value((f"{name}.csv", FILES[name].encode(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    if not [b for b in at.button if b.label == "Dùng bộ số liệu này"]:
        pytest.skip(f"{name} is refused by validation: nothing for the pages to handle")
    button(at, "Dùng bộ số liệu này").click()
    at.run()
    assert at.session_state["dataset"] == f"session:{name}"
    assert visit_every_page(at) == []


POISON = {"1e30": 1e30, "31 digits": 1234567890123456789012345678901}


@pytest.mark.parametrize("label", list(POISON))
def test_a_poisoned_target_saved_in_a_scenario_never_gives_a_traceback(label):
    from modules.data.dataset import load_builtin
    from modules.planning.scenarios import Scenario
    from modules.planning.targets import default_targets

    table = default_targets(load_builtin("daklak"), 2022)
    table.loc[table["indicator"] == "retail_sales", "target"] = POISON[label]
    payload = Scenario.from_table("poison", "daklak", 2022, "auto", table, [], "-").to_payload()
    Store().create(KIND, "poison", payload)
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["scenario"] = "poison"
    linked.run()
    assert not linked.exception, linked.exception
    assert visit_every_page(linked) == []
    at = run_app(SCENARIOS_PAGE)
    picker = at.selectbox(key="scenario_selected")
    picker.select_index(picker.options.index("poison")).run()
    at.button(key="prepare_one").click().run()
    button(at, "Mở").click()
    at.run()
    assert not at.exception, at.exception
    assert visit_every_page(at) == []


@pytest.mark.parametrize("shared", ["a\x00b", "x" * 201, "[link](http://example.com)"])
def test_a_bad_scenario_link_gives_a_message(shared):
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["scenario"] = shared
    linked.run()
    assert not linked.exception, linked.exception
    toasts = [t.value for t in linked.toast]
    assert toasts and "Không tìm thấy" in toasts[0]
    assert "](http" not in outside_code(toasts[0])  # text, never a link
