"""User text shown as text (issue 12, items 7 and 9): md() escapes every Markdown payload,
table() escapes formula-like cells for the table toolbar's CSV download."""

import re

import pandas as pd
import pytest

from modules.ui.text import md, table, typed_back

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
    with every punctuation character escaped no link, image, emphasis, heading, list, HTML,
    KaTeX ($) or colour/icon directive (:red[…]) can start; bare addresses are broken by a
    zero-width space (Streamlit links http://…, www.… and a@b.c found in text)."""
    escaped = md(payload)
    unescaped = re.sub(r"\\(.)", r"\1", escaped)
    assert re.fullmatch(r"(?:\\[!-/:-@\[-`{-~]|[^!-/:-@\[-`{-~])*", escaped), escaped
    assert unescaped.replace("\u200b", "") == " ".join(payload.split())  # shown as typed
    for address in ("://", "www.", "@evil"):
        if address in payload:
            assert address not in unescaped


def test_invisible_and_direction_override_characters_are_removed():
    assert md("ab\u202ecd\u200b\u2066ef") == "abcdef"


def test_shown_tables_escape_formulas_but_not_numbers():
    shown = table(pd.DataFrame({"=HYPERLINK(\"x\")": ["=1+cmd", "+cmd", "@SUM(A1)", "-13.956",
                                                      "+5,6%", "ok"], "n": [1, 2, 3, 4, 5, 6]}))
    assert list(shown.columns) == ["'=HYPERLINK(\"x\")", "n"]
    assert shown.iloc[:, 0].tolist() == ["'=1+cmd", "'+cmd", "'@SUM(A1)", "-13.956", "+5,6%", "ok"]
    assert shown["n"].tolist() == [1, 2, 3, 4, 5, 6]
    assert typed_back(shown).iloc[:, 0].tolist()[:3] == ["=1+cmd", "+cmd", "@SUM(A1)"]
