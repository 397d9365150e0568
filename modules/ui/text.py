"""Formatting shortcuts in the session's language (the one place pages get them from)."""

from __future__ import annotations

import re

from modules.data.catalogue import indicator
from modules.planning.shown import growth_text
from modules.text import fmt, i18n
from modules.text.i18n import t
from modules.ui.session import LANG


def lang() -> str:
    """The session's language code ("vi" or "en")."""
    return LANG.get()


def tr(key: str, **params) -> str:
    """The locale text `key` in the session's language, with `params` filled in."""
    return t(key, lang(), **params)


def indicator_name(indicator_id: str) -> str:
    """The catalogue name of the indicator in the session's language."""
    return indicator(indicator_id).name(lang())


def unit_name(unit: str) -> str:
    """The unit's name in the session's language."""
    return i18n.unit_name(unit, lang())


def number(value, decimals: int | None = None) -> str:
    """A number the session's way; without `decimals`, as many as its size needs."""
    if decimals is None:
        return fmt.smart_number(value, lang())
    return fmt.number(value, lang(), decimals)


def pct(value) -> str:
    """A signed percentage with one decimal ("+5,6%"), as growth rates are shown
    (planning.shown.growth_text in the session's language)."""
    return growth_text(value, lang())


# What could start Markdown in one line of user text, escaped with a backslash (invisible
# when rendered): emphasis, code, HTML and autolinks, KaTeX ($), tables, strikethrough,
# headings, link and image brackets. Other punctuation (.,;:'"()/%?@!) is left as typed,
# so that a screen reader reading a label hears the name, not its escapes.
_ALWAYS = frozenset("\\`*_[]<>$|~#")
_FIRST = frozenset("-+=")  # a list item, a setext underline or a rule at a line's start
_DIRECTIVE = re.compile(r"([:&])(?=\S)")  # :red[…], :material/x:, :smile:, &amp; &#58;
_ORDERED = re.compile(r"^(\d+)([.)])")  # "2022. Kế hoạch" would start a numbered list
# Streamlit links bare addresses in the text after escapes are resolved (http://…, www.…,
# a@b.c), whatever is escaped: such a word is shown as inline code, which it never links.
_LINK_LIKE = re.compile(r"(?i)(?::/|www\.|@[-\w]+\.)")


def _code(word: str) -> str:
    """`word` as an inline code span, fenced by one more backtick than it holds in a row."""
    fence = "`" * (max((len(run) for run in re.findall("`+", word)), default=0) + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


def _escape(word: str) -> str:
    escaped = "".join("\\" + c if c in _ALWAYS else c for c in word)
    return _DIRECTIVE.sub(r"\\\1", escaped)


def md(text) -> str:
    """User text (a dataset, scenario or indicator name, a unit, a note, a source, a price
    basis, a ?scenario= value, a file name) made safe to put into Markdown: cleaned of
    invisible and direction-override characters (as the reader cleans names), on one line,
    with what could start Markdown backslash-escaped (the backslashes do not show), so that it
    shows as typed and never becomes a link, an image, a formula, coloured text or HTML; a
    word Streamlit would link (http://…, www.…, a@b.c) is shown as inline code. Nothing is
    inserted into the text itself: a copied name equals the real one. Use it for every user
    text interpolated into st.title, st.caption, st.markdown, st.success/info/warning/error,
    st.toast, st.metric and widget labels (which render Markdown), and st.table through
    md_table; st.dataframe, st.data_editor and st.text/st.code need no escaping."""
    from modules.data.reader import clean_text

    words = clean_text(" ".join(str(text if text is not None else "").split())).split(" ")
    shown = " ".join(_code(w) if _LINK_LIKE.search(w) else _escape(w) for w in words)
    shown = _ORDERED.sub(r"\1\\\2", shown)
    return "\\" + shown if shown[:1] in _FIRST else shown


def md_table(frame):
    """A DataFrame for st.table, which renders its cells and headers as Markdown: every text
    cell, column header and index label through md(), so a name shows as typed and ">99%"
    stays ">99%" (not a quote). Returns a new DataFrame."""
    escape = (lambda v: md(v) if isinstance(v, str) else v)
    return frame.map(escape).rename(columns=escape, index=escape)


def mdtr(key: str, **params) -> str:
    """tr(key, ...) with every text parameter escaped by md() (numbers are left as they are):
    for locale texts shown as Markdown whose parameters are user text."""
    return tr(key, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})


def storage_message(exc) -> str:
    """A storage error's translated message (modules.data.storage.StorageError, or an
    ExportError) in the session's language, its user text escaped for Markdown."""
    from modules.data.storage import StaleEdit, StorageError

    if not isinstance(exc, StorageError):
        return exc.message(lang())
    key = ("storage.stale" if exc.name else "storage.stale_gone") \
        if isinstance(exc, StaleEdit) else exc.key
    name = exc.name if len(exc.name) <= 40 else exc.name[:40] + "…"
    return mdtr(key, **{**exc.params, "name": name})


def table(frame):
    """A table as shown on a page: formula-like text (= + - @ tab CR at the start) prefixed
    with an apostrophe, as modules.reports.exports.safe_text does for exports, so that the
    table toolbar's own "Download as CSV" cannot carry a formula into a spreadsheet. Text
    made only of digits, signs, separators and brackets ("-13.956", "+5,6%", "1 – 2") is left
    as it is: it computes nothing. Column headers too. Accepts a DataFrame or a list of row
    dicts; returns a new DataFrame."""
    import pandas as pd

    from modules.reports.exports import safe_text

    def shown(value):
        return value if not isinstance(value, str) or _HARMLESS.fullmatch(value) \
            else safe_text(value)

    frame = frame.copy() if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    for position, column in enumerate(frame.columns):
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame.isetitem(position, frame.iloc[:, position].map(shown))
    return frame.set_axis([shown(c) for c in frame.columns], axis=1)


_HARMLESS = re.compile(r"[\d\s.,%()\u2013\u2212+\-]*")


def typed_back(frame):
    """Undo table() on what comes back from an editable table: a cell "'=x" shown for "=x"
    is read as "=x" again. Returns a new DataFrame."""
    from modules.reports.exports import FORMULA_STARTS

    def back(value):
        if isinstance(value, str) and value.startswith("'") and value[1:].startswith(
                FORMULA_STARTS):
            return value[1:]
        return value

    import pandas as pd

    frame = frame.copy()
    for position, column in enumerate(frame.columns):
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame.isetitem(position, frame.iloc[:, position].map(back))
    return frame
