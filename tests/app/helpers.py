"""Helpers shared by the AppTest modules: running the app, finding widgets, editing targets.

A plain module (not a test module): the tests import from here, never from each other.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from modules.ui.session import editor_key, table_key

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
TARGETS_PAGE = "modules/ui/pages/targets.py"
METHODS_PAGE = "modules/ui/pages/methods.py"
DATA_PAGE = "modules/ui/pages/data.py"
PLANNING_PAGE = "modules/ui/pages/planning.py"
SCENARIOS_PAGE = "modules/ui/pages/scenarios.py"
OVERVIEW_PAGE = "modules/ui/pages/overview.py"
RETAIL = "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"


def run_app(page=None, **state) -> AppTest:
    """A fresh app run with `state` put in the session first, then switched to `page`."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def results(at: AppTest):
    """The last dataframe on the page (the target page's results table), as a DataFrame."""
    table = at.dataframe[-1].value
    return table.data if hasattr(table, "data") else table


def target_editor(at: AppTest):
    """The target page's data editor (the only editable dataframe there), as a DataFrame."""
    editors = [d for d in at.dataframe if d.proto.editing_mode]
    assert len(editors) == 1, f"{len(editors)} data editors on the page"
    return editors[0].value


def edit(at: AppTest, row: int, column: str, text: str, dataset_id: str = "daklak",
         year: int = 2022, version: int = 0) -> AppTest:
    """Type `text` in the target editor's cell (row, column) and rerun."""
    at.session_state[editor_key(table_key(dataset_id, year), version)] = {
        "edited_rows": {row: {column: text}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    """The button labelled `label` (StopIteration if there is none)."""
    return next(b for b in at.button if b.label == label)
