"""Helpers shared by the AppTest modules: running the app, finding widgets, editing targets.

A plain module (not a test module): the tests import from here, never from each other.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from modules.ui.session import table_key

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
TARGETS_PAGE = "modules/ui/pages/targets.py"
METHODS_PAGE = "modules/ui/pages/methods.py"
DATA_PAGE = "modules/ui/pages/data.py"
PLANNING_PAGE = "modules/ui/pages/planning.py"
SCENARIOS_PAGE = "modules/ui/pages/scenarios.py"
OVERVIEW_PAGE = "modules/ui/pages/overview.py"
RELIABILITY_PAGE = "modules/ui/pages/reliability.py"
RETAIL = "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"


# The overview's parts drawn only when open (history charts, the other indicators, sources).
OVERVIEW_OPEN = {"overview_history": True, "overview_others": True, "overview_sources": True}


def run_app(page=None, **state) -> AppTest:
    """A fresh app run with `state` put in the session first, then switched to `page`."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    """No uncaught exception and no error boundary tripped (the boundary turns an exception
    into a translated message, which a test must still see as a failure)."""
    from modules.text.i18n import LANGUAGES, t

    assert not at.exception, at.exception
    tripped = {t("app.error_boundary", code) for code in LANGUAGES}
    assert not [e.value for e in at.error if e.value in tripped], "an error boundary tripped"


def results(at: AppTest):
    """The last dataframe on the page (the target page's results table), as a DataFrame."""
    table = at.dataframe[-1].value
    return table.data if hasattr(table, "data") else table


def target_boxes(at: AppTest, field: str, dataset_id: str = "daklak", year: int = 2022):
    """The target page's boxes for `field` ("target", "growth" or "direction"), one per row,
    in row order (of the current version)."""
    prefix = f"target:{table_key(dataset_id, year)}:"
    return [w for w in (*at.text_input, *at.radio)
            if str(w.key).startswith(prefix) and str(w.key).endswith(f":{field}")]


def edit(at: AppTest, row: int, column: str, text: str, dataset_id: str = "daklak",
         year: int = 2022) -> AppTest:
    """Type `text` in the target page's box `column` ("target" or "growth") of row `row`, as a
    user does (its on_change applies it), and rerun."""
    target_boxes(at, column, dataset_id, year)[row].input(text)
    at.run()
    assert_clean(at)
    return at


def button(at: AppTest, label: str):
    """The button labelled `label` (StopIteration if there is none)."""
    return next(b for b in at.button if b.label == label)


def plain(markdown: str) -> str:
    """Markdown source as the reader sees it: inline code spans as their content, backslash
    escapes resolved (for asserting on messages holding user text escaped by md())."""
    out, i = [], 0
    while i < len(markdown):
        c = markdown[i]
        if c == "`":
            fence = len(markdown[i:]) - len(markdown[i:].lstrip("`"))
            end = markdown.find("`" * fence, i + fence)
            while end != -1 and markdown[end + fence:end + fence + 1] == "`":
                end = markdown.find("`" * fence, end + 1)
            if end != -1:
                content = markdown[i + fence:end]
                if content.startswith(" ") and content.endswith(" ") and content.strip():
                    content = content[1:-1]
                out.append(content)
                i = end + fence
                continue
        if c == "\\" and i + 1 < len(markdown) and markdown[i + 1] in _PUNCTUATION:
            out.append(markdown[i + 1])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def outside_code(markdown: str) -> str:
    """The Markdown source with its inline code spans removed (what Markdown parses)."""
    import re

    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


def saved_id(name: str, kind: str = "dataset") -> str:
    """The stable id of the live saved item `name` in the test's database."""
    from modules.data.storage import Store

    return Store().find(kind, name).id
