"""Writing tables for spreadsheets: CSV and XLSX, numbers as numbers, text never a formula.

A text cell beginning with = + - @ (or tab / carriage return) would become a formula
in Excel (CSV injection): such text is prefixed with an apostrophe. Numbers are
written as numbers, so they are untouched.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text that a spreadsheet will show, never evaluate; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot become spreadsheet formulas (see safe_text);
    numbers stay numbers.
    """
    text_columns = [c for c in frame.columns if frame[c].dtype == object or
                    pd.api.types.is_string_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(safe_text) for c in text_columns}) \
        if text_columns else frame


def csv_bytes(frame: pd.DataFrame, float_format: str | None = None) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Vietnamese correctly."""
    return safe_frame(frame).to_csv(index=False, float_format=float_format).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], number_formats: dict[str, str] | None = None,
               column_widths: dict[str, int] | None = None) -> bytes:
    """A workbook with one sheet per table; `number_formats` maps column names to Excel
    formats (e.g. '#,##0.0'); Excel shows them in the reader's own locale."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        frame = safe_frame(frame)
        sheet.append([str(c) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            sheet.append([_cell_value(v) for v in row])
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
        return value.item()
    if isinstance(value, str) and value.startswith("="):  # belt and braces
        return "'" + value
    return value
