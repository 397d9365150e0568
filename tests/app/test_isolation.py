"""Two sessions of one app process: one user's one-off marks and edits never reach another.

Both AppTest sessions run in this process, so they share st.cache_resource (the built-in
datasets, the projections) exactly as two browser tabs share a server.
"""

from tests.app.test_data_page import DATA_PAGE, button, edit_and_apply, row_of
from tests.app.test_pages import RETAIL, TARGETS_PAGE, results, run_app

PLANNING_PAGE = "modules/ui/pages/planning.py"
OVERVIEW_PAGE = "modules/ui/pages/overview.py"


def _targets_table(at):
    at.switch_page(TARGETS_PAGE)
    at.run()
    assert not at.exception, at.exception
    return results(at).set_index("Chỉ tiêu")


def _retail_on_overview(at):
    at.switch_page(OVERVIEW_PAGE)
    at.run()
    return {m.label: m.value for m in at.metric}[RETAIL]


def test_one_sessions_marks_and_edits_never_appear_in_another():
    other = run_app(TARGETS_PAGE)
    before = _targets_table(other)

    mine = run_app(PLANNING_PAGE)
    mine.session_state["oneoff_editor"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"indicator": "imports", "year": 2021, "reason": "điện gió"}]}
    mine.run()
    button(mine, "Áp dụng").click()
    mine.run()
    marked = _targets_table(mine)
    mine.switch_page(DATA_PAGE)
    mine.run()
    edit_and_apply(mine, {row_of("retail_sales", 2021): {"value": 90000}})
    # the acting session sees its own changes (so the checks below can fail)
    assert mine.session_state["one_offs"] == [{"indicator": "imports", "year": 2021,
                                               "reason": "điện gió"}]
    assert mine.session_state["dataset"] == "session:daklak (đã sửa)"
    assert _retail_on_overview(mine) == "90.000"
    assert not marked.loc["Kim ngạch nhập khẩu"].equals(before.loc["Kim ngạch nhập khẩu"])

    # the other session, rerun on the same shared caches, sees none of it
    after = _targets_table(other)
    assert after.equals(before)
    assert other.session_state["dataset"] == "daklak"
    assert "one_offs" not in other.session_state or other.session_state["one_offs"] == []
    assert _retail_on_overview(other) == "85.873"
    # and a session opened afterwards starts from the untouched built-in data
    fresh = run_app()
    assert _retail_on_overview(fresh) == "85.873"
    assert _targets_table(fresh).equals(before)
