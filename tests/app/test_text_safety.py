"""User text shown as text (items 7 and 9): md() escapes every Markdown payload,
table() escapes formula-like cells for the table toolbar's CSV download."""

import re

import pandas as pd
import pytest

from modules.ui.text import md, table, typed_back
from tests.app.helpers import outside_code, plain

PAYLOADS = [
    "[click me](https://evil.example/phish)",
    "![pixel](https://tracker.example/p.png)",
    "$$\\rule{10cm}{5000px}$$ and $x^2$",
    ":red[alarm] :material/warning: :smile:",
    "<img src=x onerror=alert(1)> <b>bold</b>",
    "# heading\n- list\n> quote",
    "**bold** _it_ ~~strike~~ `code`",
    "https://evil.example www.evil.example a@evil.example",
    "Dak Lak 2021/22 · plan: v2 · draft?",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payloads_are_escaped_to_the_text_typed(payload):
    """CommonMark: a backslash before ASCII punctuation makes it a literal character, so
    with every character that could start markup escaped no link, image, emphasis, heading,
    list, HTML, KaTeX ($) or colour/icon directive (:red[…]) can start; a word Streamlit links
    although escaped (http://…, www.…, a@b.c) is an inline code span. Nothing is inserted:
    the text shown is the text typed (one line)."""
    escaped = md(payload)
    assert plain(escaped) == " ".join(payload.split())  # shown as typed
    assert "\u200b" not in escaped and "\u2060" not in escaped
    parsed = outside_code(escaped)
    assert not re.search(r"(?<!\\)[\[\]<>$`*_~|#]", parsed.replace("\\\\", "")), escaped
    assert not re.search(r"(?<!\\):\w", parsed), escaped  # :red[, :smile:
    for address in ("://", "www.", "@evil"):
        assert address not in parsed.replace("\\", "")


@pytest.mark.parametrize("name", ["Kế hoạch 2022 (tham vọng)", "Đắk Lắk: kịch bản 2, 10,5%",
                                  "Phương án A/B – 'gốc'?"])
def test_common_names_are_left_as_typed(name):
    """A screen reader reads a widget label as its source: an ordinary name carries no
    backslash (the delete box reads 'Xóa “Kế hoạch 2022 (tham vọng)”')."""
    assert md(name) == name


def test_a_leading_number_list_or_rule_is_escaped():
    assert plain(md("2022. Kế hoạch")) == "2022. Kế hoạch" and md("2022. A").startswith("2022\\.")
    assert md("- a") == "\\- a" and md("=== a") == "\\=== a" and md("+5%") == "\\+5%"


def test_invisible_and_direction_override_characters_are_removed():
    assert md("ab\u202ecd\u200b\u2066ef") == "abcdef"


def test_shown_tables_escape_formulas_but_not_numbers():
    shown = table(pd.DataFrame({"=HYPERLINK(\"x\")": ["=1+cmd", "+cmd", "@SUM(A1)", "-13.956",
                                                      "+5,6%", "ok"], "n": [1, 2, 3, 4, 5, 6]}))
    assert list(shown.columns) == ["'=HYPERLINK(\"x\")", "n"]
    assert shown.iloc[:, 0].tolist() == ["'=1+cmd", "'+cmd", "'@SUM(A1)", "-13.956", "+5,6%", "ok"]
    assert shown["n"].tolist() == [1, 2, 3, 4, 5, 6]
    assert typed_back(shown).iloc[:, 0].tolist()[:3] == ["=1+cmd", "+cmd", "@SUM(A1)"]


LINK = "[click me](https://evil.example/phish)"


def test_a_scenario_link_with_markdown_in_its_name_is_shown_as_text():
    """The ?scenario= parameter, echoed on the target page when the link opened a scenario."""
    from streamlit.testing.v1 import AppTest

    from modules.data.dataset import load_builtin
    from modules.data.storage import Store
    from modules.planning.scenarios import KIND, Scenario
    from modules.planning.targets import default_targets
    from tests.app.helpers import APP, TARGETS_PAGE

    table = default_targets(load_builtin("daklak"), 2022)
    Store().create(KIND, LINK, Scenario.from_table(LINK, "daklak", 2022, "auto", table, [],
                                                   "-").to_payload())
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scenario"] = LINK
    at.run()
    at.switch_page(TARGETS_PAGE)
    at.run()
    assert not at.exception, at.exception
    shown = [i.value for i in at.info if "evil" in i.value]
    assert shown, [i.value for i in at.info]
    assert all("](" not in outside_code(text) and "\\[" in text for text in shown), shown


def test_an_uploaded_dataset_named_like_a_link_is_shown_as_text_on_the_landing_page():
    from tests.app.helpers import DATA_PAGE, OVERVIEW_PAGE, button, run_app

    at = run_app(DATA_PAGE)
    rows = "".join(f"retail_sales,{y},{80000 + 1000 * i},billion VND,final\n"
                   for i, y in enumerate(range(2012, 2022)))
    at.file_uploader[0].set_value((f"{LINK}.csv", ("indicator,year,value,unit,status\n" + rows)
                                   .encode(), "text/csv"))
    at.run()
    button(at, "Dùng bộ số liệu này").click()
    at.run()
    at.switch_page(OVERVIEW_PAGE)
    at.run()
    assert not at.exception, at.exception
    texts = [e.value for e in [*at.caption, *at.title, *at.markdown] if "evil" in e.value]
    assert texts, "the dataset's name is shown on the landing page"
    assert all("](" not in outside_code(text) for text in texts), texts


def test_tables_that_render_markdown_show_every_text_as_typed():
    """st.table renders cells, headers and index labels as Markdown: md_table escapes them
    all (a name like a link, a heading or a quote: '>99%' printed as a quote, i.e. '99%')."""
    from modules.ui.text import md_table

    frame = pd.DataFrame({LINK: [">99%", "# 12", 7]}, index=["<1%", "**A**", "- b"])
    shown = md_table(frame)
    assert [plain(c) for c in shown.columns] == [LINK]
    assert [plain(i) for i in shown.index] == ["<1%", "**A**", "- b"]
    assert [plain(v) for v in shown[shown.columns[0]][:2]] == [">99%", "# 12"]
    assert shown[shown.columns[0]].iloc[2] == 7  # numbers left as they are
    assert all(text.startswith("\\") for text in [*shown.index, shown.iloc[0, 0]])
