"""Writing tables for spreadsheets: CSV and XLSX, numbers as numbers, text never a formula.

A text cell beginning with = + - @ (or tab / carriage return) would become a formula
in Excel (CSV injection): such text is prefixed with an apostrophe. Numbers are
written as numbers, so they are untouched. `safe_frame` is also what every table shown
on a page should go through (the table toolbar's own CSV download writes cells as shown).

Sheet titles are made valid (`sheet_title`: no : \\ / ? * [ ], at most 31 UTF-16 units as
Excel counts them, unique); cell text is cleaned of characters a workbook cannot hold and
cut at 32,767 UTF-16 units; a failure raises ExportError, whose message(lang) the page shows.
"""

from __future__ import annotations

import io
import logging
import math
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_LIMIT = 31  # Excel's limit
CELL_TEXT_LIMIT = 32_767  # Excel's limit, in UTF-16 units
FILE_NAME_BYTES = 200  # of a download's name before the extension (255 on most file systems)
_SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:\x00-\x1f\x7f]")
_ILLEGAL_IN_CELLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # as openpyxl refuses
logger = logging.getLogger("khathi.exports")


class ExportError(Exception):
    """An export could not be built; `message(lang)` is a short text for the user (the
    cause is logged to "khathi.exports"). `what` is "workbook" or "pdf"."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what

    def message(self, lang: str = "vi") -> str:
        """The short text for the user in `lang`, naming what failed (workbook or PDF)."""
        from modules.text.i18n import t
        return t("export.failed", lang, what=t(f"export.{self.what}", lang))


def guarded(what: str):
    """Decorator: any failure of the export becomes one ExportError (details logged)."""
    from functools import wraps

    def decorate(function):
        @wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except ExportError:
                raise
            except Exception:
                logger.exception("export (%s) failed", what)
                raise ExportError(what) from None
        return wrapper
    return decorate


def file_name(text, extension: str, limit: int = 80) -> str:
    """A download file name from user text: no path separators, control or reserved
    characters, at most `limit` characters and 200 UTF-8 bytes (file systems count bytes)
    before ".extension" ("plan: v2" -> "plan- v2.xlsx")."""
    from modules.data.reader import clean_text

    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "-", clean_text(str(text))).strip(" .")
    stem = stem[:limit]
    while len(stem.encode("utf-8")) > FILE_NAME_BYTES:
        stem = stem[:-1]
    return f"{stem.rstrip(' .') or 'khathi'}.{extension}"


def sheet_title(text, taken=()) -> str:
    """A valid, unique worksheet title from any text: forbidden characters (: \\ / ? * [ ])
    become "-", no leading or trailing apostrophe, not blank, at most 31 UTF-16 units (as
    Excel counts: an emoji is two), and
    different (ignoring case) from every title in `taken` ("Dak Lak 2021/22" ->
    "Dak Lak 2021-22"; a second "draft?" -> "draft- (2)")."""
    from modules.data.reader import clean_text

    base = _SHEET_FORBIDDEN.sub("-", clean_text(str(text))).strip().strip("'").strip()
    base = base or "Sheet"
    used = {str(t).casefold() for t in taken}
    title, n = utf16_cut(base, SHEET_TITLE_LIMIT), 1
    while title.casefold() in used or title.casefold() == "history":  # reserved by Excel
        n += 1
        suffix = f" ({n})"
        title = utf16_cut(base, SHEET_TITLE_LIMIT - len(suffix)).rstrip() + suffix
    return title


def utf16_cut(text: str, limit: int) -> str:
    """The longest start of `text` of at most `limit` UTF-16 code units, as Excel counts
    lengths (an emoji is two), never half a character."""
    units = 0
    for position, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:position]
    return text


def safe_text(value):
    """Text that a spreadsheet will show, never evaluate; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with formula-like text (= + - @ tab CR at the start) in cells and in
    column headers prefixed with an apostrophe; numbers untouched. For every export and
    every table shown on a page (a header can be user text, e.g. a scenario name)."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object or
                    pd.api.types.is_string_dtype(frame[c])]
    if text_columns:
        frame = frame.copy()
        for position, column in enumerate(frame.columns):
            if column in text_columns:
                frame.isetitem(position, frame.iloc[:, position].map(safe_text))
    if any(isinstance(c, str) and c.startswith(FORMULA_STARTS) for c in frame.columns):
        frame = frame.set_axis([safe_text(c) for c in frame.columns], axis=1)
    return frame


def csv_bytes(frame: pd.DataFrame, float_format: str | None = None) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese correctly."""
    return safe_frame(frame).to_csv(index=False, float_format=float_format).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], number_formats: dict[str, str] | None = None,
               column_widths: dict[str, int] | None = None) -> bytes:
    """A workbook with one sheet per table; `number_formats` maps column names to Excel
    formats (e.g. '#,##0.0'); Excel shows them in the reader's own locale. Text is stored as
    text cells, as typed: one that looks like a formula (`=Tham vọng +`) is a string cell, never
    a formula, and carries no apostrophe (the guard is the cell type, not the text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title=sheet_title(title, book.sheetnames))
        sheet.append([_cell_value(str(c)) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            sheet.append([_cell_value(v) for v in row])
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # openpyxl takes "=…" text as a formula: keep it text
                    cell.data_type = "s"
        for index, column in enumerate(frame.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            width = (column_widths or {}).get(column) or min(60, max(10, len(str(column)) + 2))
            sheet.column_dimensions[letter].width = width
            number_format = (number_formats or {}).get(column)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        value = utf16_cut(_ILLEGAL_IN_CELLS.sub("", value), CELL_TEXT_LIMIT)
    return value
