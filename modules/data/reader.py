"""Reading a CSV or XLSX file into canonical observation rows.

Accepted layouts (headers in English or Vietnamese, any case; title rows above the
header, as Excel reports have, are skipped):
- long: indicator, year, value (+ optional unit, price_basis, coverage, status, flags,
  source, note);
- wide: a year column and one column per indicator;
- years as columns: an indicator column and one column per year (the yearbook layout).

Words: a price basis, coverage, flag, status or known unit may be written as its code or in
the app's words in either language ("giá hiện hành", "tỷ đồng", "ước tính"); it is stored
as the code (see price_basis_code, unit_code, _codes).

Numbers: one decimal style per file, decided from the cells themselves (see
`number_style`); the user is told which was assumed. Empty value cells are gaps.
Every problem is collected with its row (as a spreadsheet numbers it) and column,
then raised together as one InputError. XLSX cells are read as the values Excel
stored: formulas are never evaluated, macros never run, external links never followed.

Numeric XLSX cells are numbers (never re-read as text); a cell formatted as percent
is read in percent units (0.085 shown as "8.5%" is 8.5). Yearbook headers "Sơ bộ 2021",
"Ước tính 2021", "2021*", "Prel. 2021" are the year 2021 with status estimate. A header
spread over two rows ("Năm" above the years) is read as one. Of a workbook, the sheet a
user means is read (the active one if visible and holding data, else the first visible
one holding data) and the others are named.

Limits (refused beyond, before the content is held in memory): 20 MB file, 200 MB
uncompressed XLSX content or a compression ratio over 100 (zip bombs), 200,000 data
rows, 1,000 columns, 2,000,000 cells (counted in the raw XML of the sheets the workbook
uses before parsing, from the declared dimension, then while streaming), 2,000,000 shared
strings, 200,000 XML elements in any other part read whole, 131,072 characters in one CSV
cell, 200 problems listed.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
import stat
import unicodedata
import zipfile
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from modules.data.catalogue import (
    CATALOGUE,
    IndicatorKind,
    UnitKind,
    match_indicator,
    name_key,
    split_unit,
    unit_fits,
    unit_of,
)
from modules.data.problems import InputError, Problem, ProblemCode, Severity
from modules.data.vocabulary import Status
from modules.text.fmt import MAX_MAGNITUDE, NumberInputError, parse_typed, read_number, squeeze
from modules.text.i18n import LANGUAGES, texts

COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "coverage", "status", "flags",
           "source", "note", "province"]
AREA = "province"  # the area a row belongs to, as written (mapped by dataset.normalise); "" none
GAP_CELLS = frozenset({"..", "...", "…"})  # the statistics office's "no figure": a gap
MAX_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_ROWS = 200_000          # data rows (the header is not counted)
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
MAX_PROBLEMS = 200
MAX_CELL_CHARS = csv.field_size_limit()  # 131,072 characters in one CSV cell (Python's csv)
HEADER_SEARCH_ROWS = 10
YEAR_RANGE = (1900, 2100)
# a status as files write it (or its words in the locale files, _words) to its code
STATUSES = {"final": Status.FINAL, "chính thức": Status.FINAL, "": Status.FINAL,
            "estimate": Status.ESTIMATE, "ước tính": Status.ESTIMATE, "ước": Status.ESTIMATE,
            "sơ bộ": Status.ESTIMATE, "alternative": Status.ALTERNATIVE}
_HEADER_ALIASES = {
    "indicator": {"indicator", "chỉ tiêu", "chi tieu", "series", "name", "tên chỉ tiêu"},
    "year": {"year", "năm", "nam"},
    "value": {"value", "giá trị", "gia tri", "số liệu", "so lieu"},
    "unit": {"unit", "đơn vị", "don vi", "đơn vị tính", "đvt"},
    "price_basis": {"price_basis", "price basis", "loại giá"},
    "coverage": {"coverage", "compiler", "phạm vi", "phạm vi / cơ quan tổng hợp"},
    "status": {"status", "trạng thái", "tình trạng"},
    "flags": {"flags", "flag", "lưu ý", "lưu ý về số liệu"},
    "source": {"source", "nguồn", "nguon"},
    "note": {"note", "ghi chú", "ghi chu", "ghi chú của người thu thập (nguyên văn, tiếng anh)",
             "note (the collector's, verbatim)"},
    "province": {"province", "provinces", "tỉnh", "tinh", "tỉnh/thành phố", "tỉnh, thành phố",
                 "tỉnh thành phố", "tỉnh/thành", "tỉnh thành", "địa phương", "dia phuong",
                 "cities, provincies", "cities, provinces", "cities/provinces", "city/province",
                 "province/city", "area", "khu vực", "địa bàn", "vùng/tỉnh"},
}
# zero-width, bidirectional-control and other invisible format characters
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")


def read_canonical(path) -> pd.DataFrame:
    """A built-in, already canonical file."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    if AREA not in table:
        table[AREA] = ""
    table["row"] = range(2, len(table) + 2)
    return table


def read_observations(source, name: str = "", sheet: str | None = None
                      ) -> tuple[pd.DataFrame, list[Problem]]:
    """Canonical rows (COLUMNS + `row`) from a path or bytes, and the warnings found on
    the way (number style assumed, sheet read, percent cells, …); InputError if the file
    is unusable. `sheet` names the workbook sheet to read (default: the one a user means)."""
    if sheet is None:  # of a workbook, the sheet that holds the data
        name = name or (Path(source).name if isinstance(source, (str, Path)) else "input")
        source = _read_bytes(source, name)
        if source[:4] == b"PK\x03\x04":
            sheet, _ = _data_sheet(source, name)
    grid, name, warnings = _read_any(source, name, sheet)
    try:
        table, found = _to_canonical(grid, name)
    except InputError as exc:  # say which sheet was read, and which others there are
        raise InputError(exc.problems + [p for p in warnings
                                         if p.code is ProblemCode.SHEET_READ]) from None
    return table, warnings + found


def _data_sheet(data: bytes, name: str) -> tuple[str | None, list[str]]:
    """(title, the other visible sheets) of the sheet that holds the data: of the visible
    sheets, in the order _choose_sheet prefers them, the first that reads as a table of
    figures (a notes sheet left active is passed over); None when none does (the preferred
    one is then read, and its problems reported). Refusals of the whole file pass through."""
    from openpyxl import load_workbook

    _refuse_zip_bomb(data, name)
    try:
        _scan_sheets(data, name)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        first = _choose_sheet(book)
        visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
        book.close()
    except InputError:
        raise
    except Exception:  # not a workbook: the reading itself says what is wrong
        return None, []
    order = [first.title] + [t for t in visible if t != first.title]
    if len(order) < 2:
        return None, []
    for title in order:
        try:
            grid, _ = _read_xlsx(data, name, title)
            if len(grid) >= 2:
                _to_canonical(grid, name)
                return title, [t for t in order if t != title]
        except InputError:
            continue
    return None, order


def read_grid(source, name: str = "", sheet: str | None = None) -> tuple[list[list], str]:
    """The non-empty rows of cells of a CSV/XLSX (header first), and the file's name.
    A cell is text, or a float where an XLSX stores a number."""
    grid, name, _ = _read_any(source, name, sheet)
    return grid, name


def sheet_names(source) -> list[str]:
    """The visible sheets of a workbook (empty for a CSV or an unreadable file), the one
    read by default first."""
    try:
        data = _read_bytes(source, "input")
        if data[:4] != b"PK\x03\x04":
            return []
        _refuse_zip_bomb(data, "input")
        _scan_sheets(data, "input")
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        chosen = _choose_sheet(book).title
        names = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
        book.close()
        chosen = _data_sheet(data, "input")[0] or chosen
    except Exception:  # the reading itself will say what is wrong
        return []
    return [chosen] + [n for n in names if n != chosen]


def _read_any(source, name: str, sheet: str | None = None):
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "input")
    data = _read_bytes(source, name)
    if data[:4] == b"PK\x03\x04":
        grid, warnings = _read_xlsx(data, name, sheet)
    else:
        grid, warnings = _read_csv(data, name), []
    if len(grid) < 2:
        raise InputError([Problem(ProblemCode.NO_ROWS, file=name)])
    if len(grid) - 1 > MAX_ROWS:
        raise InputError([Problem(ProblemCode.TOO_MANY_ROWS, file=name,
                                  params={"limit": MAX_ROWS})])
    return grid, name, warnings


def _read_bytes(source, name: str) -> bytes:
    too_large = InputError([Problem(ProblemCode.FILE_TOO_LARGE, file=name,
                                    params={"limit_mb": MAX_BYTES // 2**20})])
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise InputError([Problem(ProblemCode.FILE_MISSING, file=name)]) from None
        except OSError as exc:
            raise InputError([Problem(ProblemCode.FILE_UNREADABLE, file=name,
                                      params={"reason": exc.strerror or type(exc).__name__})]) \
                from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError([Problem(ProblemCode.FILE_IS_DIRECTORY, file=name)])
        if not stat.S_ISREG(info.st_mode):  # a FIFO, a device (/dev/zero), a socket
            raise InputError([Problem(ProblemCode.FILE_NOT_REGULAR, file=name)])
        if info.st_size > MAX_BYTES:
            raise too_large
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError([Problem(ProblemCode.FILE_UNREADABLE, file=name,
                                      params={"reason": exc.strerror or type(exc).__name__})]) \
                from None
    if len(data) > MAX_BYTES:
        raise too_large
    if not data.strip():
        raise InputError([Problem(ProblemCode.FILE_EMPTY, file=name)])
    return data


class _Row(list):
    """The cells of one non-empty row, with `number`: its row as the file numbers it (an
    empty row above, skipped, still counts), for messages that name the row."""

    __slots__ = ("number",)

    def __init__(self, cells, number: int):
        super().__init__(cells)
        self.number = number


def _number_of(row, fallback: int) -> int:
    """The file's row number of a grid row (`fallback` for a row made here, e.g. a header
    merged from two rows)."""
    return getattr(row, "number", fallback)


def _read_csv(data: bytes, name: str) -> list[list[str]]:
    text = _decode(data, name)
    delimiter = _delimiter(text)
    rows, cells, begins = [], 0, 1
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            begins = reader.line_num + 1  # the line the next row begins on
            if not any(cell.strip() for cell in row):
                continue
            cells += len(row)
            _check_size(name, len(rows), len(row), cells)
            rows.append(_Row(row, reader.line_num))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # one cell of megabytes
            raise InputError([Problem(ProblemCode.CELL_TOO_LONG, file=name, row=begins, params={
                "limit": MAX_CELL_CHARS})]) from None
        raise InputError([Problem(ProblemCode.NOT_A_TABLE, file=name)]) from None
    return rows


def _check_size(name: str, rows: int, width: int, cells: int) -> None:
    """Refuse, while reading, a table over the row, column or cell limits."""
    if rows - 1 > MAX_ROWS:
        raise InputError([Problem(ProblemCode.TOO_MANY_ROWS, file=name,
                                  params={"limit": MAX_ROWS})])
    if width > MAX_COLUMNS:
        raise InputError([Problem(ProblemCode.TOO_MANY_COLUMNS, file=name,
                                  params={"n": width, "limit": MAX_COLUMNS})])
    if cells > MAX_CELLS:
        raise InputError([Problem(ProblemCode.TOO_MANY_CELLS, file=name,
                                  params={"limit": MAX_CELLS})])


def _delimiter(text: str) -> str:
    """The candidate that splits the first lines into the most columns, most consistently
    (title lines above the header have none of them, so csv.Sniffer is easily misled)."""
    sample = text[:16384].splitlines()[:50]

    def score(candidate):
        try:
            widths = [len(row) for row in csv.reader(sample, delimiter=candidate) if len(row) > 1]
        except csv.Error:
            return 0, 0
        if not widths:
            return 0, 0
        common = max(set(widths), key=widths.count)
        return widths.count(common), common

    return max((",", ";", "\t"), key=score)


def _decode(data: bytes, name: str) -> str:
    has_bom16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:4096] and not has_bom16:
        raise InputError([Problem(ProblemCode.NOT_A_TABLE, file=name)])
    for encoding in ("utf-16",) if has_bom16 else ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:4096]
        if "\x00" in head or sum(not c.isprintable() and c not in "\r\n\t" for c in head) \
                > len(head) / 4:
            break  # binary junk that happened to decode
        return unicodedata.normalize("NFC", text)  # Windows-1258 writes tones as combining marks
    raise InputError([Problem(ProblemCode.NOT_A_TABLE, file=name)])


def _read_xlsx(data: bytes, name: str, wanted: str | None = None):
    """(rows of cells, problems) of the sheet a user means. Numbers stay numbers; a cell
    formatted as percent is given in percent units; formulas give their stored values,
    and a formula without one is an error naming its cell."""
    from openpyxl import load_workbook

    _refuse_zip_bomb(data, name)
    try:
        has_formulas = _scan_sheets(data, name)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        sheet = _choose_sheet(book, wanted, name)
        problems = _sheet_note(book, sheet, name)
        _check_dimension(sheet, name)
        formulas = _formula_cells(data, sheet.title, name) if has_formulas else set()
        sheet.reset_dimensions()  # stream the cells present, never a padded rectangle
        cells = _SheetCells(name, sheet.title, book.epoch, formulas)
        rows = cells.rows(sheet)
        book.close()
    except InputError:
        raise
    except MemoryError:  # never "damaged": what was too much for the memory it may use
        raise InputError([Problem(ProblemCode.OUT_OF_MEMORY, file=name,
                                  params={"limit": MAX_CELLS})]) \
            from None
    except Exception:  # a broken or hostile workbook: refuse it, whatever openpyxl raised
        raise InputError([Problem(ProblemCode.BAD_XLSX, file=name)]) from None
    if cells.missing:
        raise InputError(cells.missing)
    return rows, problems + cells.notes()


class _SheetCells:
    """The cells of one XLSX sheet as the reader takes them, and what it noted on the way:
    formulas without a stored value (errors), dates read as years and numbers formatted
    as percent (warnings), each as (row, column letter, value)."""

    def __init__(self, name: str, title: str, epoch, formulas: set[tuple[int, int]]):
        self.name, self.title, self.epoch, self.formulas = name, title, epoch, formulas
        self.missing, self.dated, self.percent = [], [], []

    def rows(self, sheet) -> list[_Row]:
        """The sheet's non-empty rows, numbered as the sheet numbers them; refuses a sheet
        over the size limits (InputError)."""
        rows, cells = [], 0
        for row in sheet.iter_rows():
            cells += len(row)
            _check_size(self.name, len(rows), len(row), cells)
            values = [self.value(cell) for cell in row]
            number = next((c.row for c in row if getattr(c, "row", None)), None)
            if any(v != "" and (not isinstance(v, str) or v.strip()) for v in values):
                rows.append(_Row(values, number or len(rows) + 1))
        return rows

    def value(self, cell):
        """One cell: a float for a number (a PercentCell in percent units for a cell
        formatted as percent), a year for a date-formatted whole year, else text ("" when
        empty)."""
        value = getattr(cell, "value", None)
        if self.formulas and value is None and (cell.row, cell.column) in self.formulas \
                and len(self.missing) < MAX_PROBLEMS:
            self.missing.append(Problem(ProblemCode.FORMULA_NO_VALUE, file=self.name,
                                        row=cell.row, column=cell.column_letter,
                                        params={"sheet": self.title}))
        if isinstance(value, (datetime, date)) and \
                (year := _date_as_year(value, self.epoch)) is not None:
            self.dated.append((cell.row, cell.column_letter, value))
            value = year
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float(value)
            if "%" in str(getattr(cell, "number_format", "") or ""):
                self.percent.append((cell.row, cell.column_letter, value))
                value = PercentCell(value * 100)
        return "" if value is None else value if isinstance(value, float) else str(value)

    def notes(self) -> list[Problem]:
        """The warnings on what was read: formulas, dates read as years, percent cells."""
        name, notes = self.name, []
        if self.formulas:
            notes.append(Problem(ProblemCode.FORMULA_CELLS, Severity.WARNING, file=name,
                                 params={"n": len(self.formulas)}))
        if self.dated:
            row, column, value = self.dated[0]
            year = int(_date_as_year(value, self.epoch))
            notes.append(Problem(ProblemCode.DATE_CELLS_AS_YEARS, Severity.WARNING, file=name,
                                 row=row, column=column,
                                 params={"n": len(self.dated), "year": year,
                                         "text": value.strftime("%d/%m/%Y")}))
        if self.percent:
            row, column, value = self.percent[0]
            notes.append(Problem(ProblemCode.PERCENT_CELLS, Severity.WARNING, file=name,
                                 row=row, column=column,
                                 params={"n": len(self.percent), "text": f"{100 * value:g}%",
                                         "value": 100 * value}))
        return notes


class PercentCell(float):
    """A number an XLSX cell shows with a per-cent sign, in percent units (0.085 -> 8.5)."""


def _date_as_year(value, epoch) -> float | None:
    """The year typed into a date-formatted cell (2021 shown as 13/07/1905): its serial
    number, when it is a whole number in YEAR_RANGE; None for a real date or time."""
    from openpyxl.utils.datetime import to_excel

    try:
        serial = to_excel(value, epoch)
    except (TypeError, ValueError, OverflowError):
        return None
    if serial is None or serial != int(serial) or not YEAR_RANGE[0] <= serial <= YEAR_RANGE[1]:
        return None
    return float(serial)


def _formula_cells(data: bytes, title: str, name: str) -> set[tuple[int, int]]:
    """(row, column) of the formula cells of one sheet (their stored values are used)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False,
                         keep_links=False)
    sheet = book[title]
    sheet.reset_dimensions()
    found, cells = set(), 0
    for row in sheet.iter_rows():
        cells += len(row)
        _check_size(name, 0, len(row), cells)
        found.update((c.row, c.column) for c in row
                     if isinstance(getattr(c, "value", None), str) and c.value.startswith("="))
    book.close()
    return found


MAX_PART_ELEMENTS = 200_000  # XML elements of a part read whole (styles, workbook, links)
# A counted element, prefixed or not (`<c/>`, `<x:c>`, `<x-y.z:c>`): the namespace prefix
# is the document's choice, never a way around a count. Comments count too (never fewer).
_COUNTED = re.compile(r"<(?:[^\s<>/:=!?\"']+:)?(c|row|si|f)[\s>/]")
_NAMES = {"c": "cells", "row": "rows", "si": "strings", "f": "formulas"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"), (b"\x00\x00\x00<", "utf-32-be"),
         (b"<\x00\x00\x00", "utf-32-le"), (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"))
_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']")


def _scan_sheets(data: bytes, name: str) -> bool:
    """Count, streaming, the XML elements of what openpyxl will parse, before it parses
    any (it builds a whole row, and whole style and string tables, in memory). The
    worksheets counted are the ones the workbook uses, found as openpyxl finds them
    (content types, the workbook part, its relationships), whatever their path or
    namespace prefix. Refused: a worksheet of more than MAX_CELLS cells or rows, shared
    strings of more than MAX_CELLS strings, and any other part read whole (content
    types, workbook, relationships, styles, properties, chart sheets and their drawings)
    of more than MAX_PART_ELEMENTS elements. Returns whether any worksheet holds a formula."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.constants import (
        ARC_CONTENT_TYPES,
        ARC_CORE,
        ARC_CUSTOM,
        ARC_STYLE,
        SHARED_STRINGS,
    )
    from openpyxl.xml.functions import fromstring

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = _Parts(archive, name)
        parts.small(ARC_CONTENT_TYPES)
        package = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
        workbook = _find_workbook_part(package).PartName[1:]
        parts.small(workbook)
        parts.small(get_rels_path(workbook))
        parser = WorkbookParser(archive, workbook, keep_links=False)
        parser.parse()
        formulas = False
        for _, rel in parser.find_sheets():
            if "chartsheet" in rel.Type:
                parts.dependents(rel.target, 2)
            else:
                formulas = parts.worksheet(rel.target) or formulas
        parts.shared_strings(package.find(SHARED_STRINGS))
        for part in (ARC_STYLE, ARC_CORE, ARC_CUSTOM):
            parts.small(part)
    return formulas


class _Parts:
    """The parts of an XLSX archive, counted before openpyxl reads them (_scan_sheets);
    each check refuses its part with an InputError naming the file `name`."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self.archive, self.name = archive, name
        self.present = set(archive.namelist())

    def small(self, part: str) -> bool:
        """Whether `part` is present, refusing it beyond MAX_PART_ELEMENTS elements."""
        if part not in self.present:
            return False
        if _count_elements(self.archive, part, self.name)["elements"] > MAX_PART_ELEMENTS:
            raise InputError([Problem(ProblemCode.XLSX_TOO_MANY_ELEMENTS, file=self.name,
                                      params={"part": clean_text(part)[:80],
                                              "limit": MAX_PART_ELEMENTS})])
        return True

    def dependents(self, part: str, depth: int) -> None:
        """A chart sheet, its drawings and their charts: each read whole."""
        from openpyxl.packaging.relationship import get_dependents, get_rels_path

        rels = get_rels_path(part)
        if self.small(part) and depth and self.small(rels):
            for rel in get_dependents(self.archive, rels).Relationship:
                if rel.TargetMode != "External":
                    self.dependents(rel.target, depth - 1)

    def worksheet(self, part: str) -> bool:
        """Refuse a worksheet of more than MAX_CELLS cells or rows (its relationships are
        read whole); whether it holds a formula."""
        from openpyxl.packaging.relationship import get_rels_path

        self.small(get_rels_path(part))
        if part not in self.present:
            return False
        found = _count_elements(self.archive, part, self.name)
        if max(found["cells"], found["rows"]) > MAX_CELLS:
            raise InputError([Problem(ProblemCode.TOO_MANY_CELLS, file=self.name,
                                      params={"limit": MAX_CELLS})])
        return found["formulas"] > 0

    def shared_strings(self, shared) -> None:
        """Refuse shared strings (the manifest's entry, or None) of more than MAX_CELLS."""
        if shared is None or shared.PartName[1:] not in self.present:
            return
        if _count_elements(self.archive, shared.PartName[1:], self.name)["strings"] > MAX_CELLS:
            raise InputError([Problem(ProblemCode.TOO_MANY_STRINGS, file=self.name,
                                      params={"limit": MAX_CELLS})])


def _count_elements(archive, part: str, name: str) -> dict[str, int]:
    """Elements of one part, and of them cells, rows, shared strings and formulas, read
    1 MB at a time in the part's own encoding (UTF-8, UTF-16, UTF-32 or as declared);
    the count stops a little beyond MAX_CELLS cells, rows or strings."""
    found = dict.fromkeys(("elements", *_NAMES.values()), 0)

    def count(text: str) -> None:
        found["elements"] += text.count("<") - text.count("</") - text.count("<!") \
            - text.count("<?")
        for match in _COUNTED.finditer(text):
            found[_NAMES[match.group(1)]] += 1

    with archive.open(part) as member:
        chunk = member.read(1 << 20)
        encoding = next((e for bom, e in _BOMS if chunk.startswith(bom)), None)
        if encoding is None:
            declared = _DECLARED.match(chunk[:200])
            encoding = declared.group(1).decode() if declared else "utf-8"
        try:
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        except LookupError:
            raise InputError([Problem(ProblemCode.BAD_XLSX, file=name)]) from None
        tail = ""
        while chunk and max(found["cells"], found["rows"], found["strings"]) <= MAX_CELLS:
            text = tail + decoder.decode(chunk)
            cut = text.rfind("<")  # a tag cut in two is counted with the next chunk
            if cut < len(text) - 256:
                cut = len(text)
            count(text[:cut])
            tail = text[cut:]
            chunk = member.read(1 << 20)
        count(tail + decoder.decode(b"", final=True))
    return found


def _check_dimension(sheet, name: str) -> None:
    """Refuse early what the sheet declares (its dimension) beyond the limits."""
    try:
        rows, columns = sheet.max_row, sheet.max_column
    except Exception:  # no or a broken dimension: counted while streaming
        return
    if rows and columns:
        if columns > MAX_COLUMNS:
            raise InputError([Problem(ProblemCode.TOO_MANY_COLUMNS, file=name,
                                      params={"n": columns, "limit": MAX_COLUMNS})])
        if rows * columns > MAX_CELLS:
            raise InputError([Problem(ProblemCode.TOO_MANY_CELLS, file=name,
                                      params={"limit": MAX_CELLS})])


def _choose_sheet(book, wanted: str | None = None, name: str = ""):
    """The named sheet; else the active sheet if it is visible and looks like data; else
    the first visible sheet that does; else the active (or first visible) sheet."""
    if wanted:
        if wanted not in book.sheetnames:
            raise InputError([Problem(ProblemCode.SHEET_MISSING, file=name, params={
                "sheet": wanted, "sheets": ", ".join(book.sheetnames)})])
        return book[wanted]
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"] or book.worksheets
    try:
        active = book.active
    except Exception:
        active = None
    candidates = ([active] if active in visible else []) + [ws for ws in visible
                                                            if ws is not active]
    for ws in candidates:
        if _looks_like_data(ws):
            return ws
    return candidates[0]


def _looks_like_data(sheet) -> bool:
    """A header the reader knows in the first rows, and numbers under it."""
    header, numbers = False, 0
    for values in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS + 10, values_only=True):
        cells = [v if not isinstance(v, (datetime, date)) else
                 _date_as_year(v, sheet.parent.epoch) or v
                 for v in values[:MAX_COLUMNS] if v is not None]
        keys = {header_key(c) for c in cells}
        header = header or bool(keys & {"indicator", "year"}) or \
            sum(_year_status(c)[0] is not None for c in cells) >= 2
        numbers += sum(isinstance(v, (int, float)) and not isinstance(v, bool) for v in cells)
    return header and numbers > 0


def _sheet_note(book, sheet, name: str) -> list[Problem]:
    others = [ws.title + ("" if ws.sheet_state == "visible" else " (ẩn/hidden)")
              for ws in book.worksheets if ws is not sheet]
    if not others:
        return []
    return [Problem(ProblemCode.SHEET_READ, Severity.WARNING, file=name,
                    params={"sheet": sheet.title, "others": ", ".join(others)})]


def _refuse_zip_bomb(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            uncompressed = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError([Problem(ProblemCode.BAD_XLSX, file=name)]) from None
    if uncompressed > MAX_XLSX_UNCOMPRESSED or uncompressed > MAX_XLSX_RATIO * max(len(data), 1):
        raise InputError([Problem(ProblemCode.XLSX_TOO_LARGE, file=name,
                                  params={"limit_mb": MAX_XLSX_UNCOMPRESSED // 2**20})])


CACHED_TEXT = 200  # characters: longer cell texts (notes, sources) are cleaned, never cached


def clean_text(text: str) -> str:
    """NFC, without invisible or control characters: one name, one indicator. Short texts
    (names, units, statuses repeat on every row) are cached; at most 4096 × CACHED_TEXT
    characters stay in memory after a file is read, whatever the file held."""
    return _clean_short(text) if len(text) <= CACHED_TEXT else _clean(text)


@lru_cache(maxsize=4096)
def _clean_short(text: str) -> str:
    return _clean(text)


def _clean(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text.strip()
    # any space (no-break, thin, ideographic, a line break in a cell) is a space, never
    # removed with the invisible and control characters: "Chỉ\u00a0tiêu" is "Chỉ tiêu"
    text = _SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", str(text))))
    return "".join(c for c in text if c.isprintable()).strip()


_SPACES = re.compile(r"\s")


def header_key(cell) -> str:
    """The canonical column a header cell names ("Năm", "year " -> "year"; COLUMNS and
    the area column, _HEADER_ALIASES), else the header as written, lower case, spaces
    squeezed. Shared with the target-table reader (modules.planning.targets)."""
    text = " ".join(clean_text(cell_text(cell)).lower().split())
    for key, aliases in _HEADER_ALIASES.items():
        if text in aliases:
            return key
    return text


def cell_text(cell) -> str:
    """A cell (str, or float from XLSX) as text: numbers as Excel shows them plainly (2021,
    not 2021.0). Shared with the target-table reader."""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell)


def _to_canonical(grid: list[list], name: str) -> pd.DataFrame:
    for start in range(min(HEADER_SEARCH_ROWS, len(grid) - 1)):
        header = [header_key(c) for c in grid[start]]
        data = grid[start:]
        offset = start
        if "indicator" in header and "value" not in header and \
                not any(_year_status(c)[0] for c in grid[start]):
            below = grid[start + 1] if start + 1 < len(grid) else []
            if sum(_year_status(c)[0] is not None for c in below) >= 1 and \
                    not _cell(below, header.index("indicator")):
                # a header on two rows: "Chỉ tiêu, Đơn vị tính, Năm" over "…, 2017, 2018"
                merged = [below[i] if i < len(below) and _year_status(below[i])[0] is not None
                          else cell if _cell(grid[start], i) else
                          (below[i] if i < len(below) else "")
                          for i, cell in enumerate(grid[start])]
                merged += below[len(merged):]
                merged = _Row(merged, _number_of(below, start + 2))
                data, offset = [merged] + grid[start + 2:], start + 1
                header = [header_key(c) for c in merged]
            elif "year" in header:
                raise InputError([Problem(ProblemCode.TWO_ROW_HEADER, file=name,
                                          row=_number_of(grid[start], start + 1))])
        if AREA in header and "indicator" not in header and "year" not in header and \
                any(_year_status(c)[0] for c in data[0]):
            records = _area_table_records(data, header, offset, _title(grid[:start], name))
        elif {"indicator", "year", "value"} <= set(header):
            records = _long_records(data, header, offset)
        elif "year" in header and "indicator" not in header:
            records = _wide_records(data, header, offset)
        elif "indicator" in header and any(_year_status(c)[0] for c in data[0]):
            records = _years_as_columns_records(data, header, offset)
        else:
            continue
        return _parse_records(list(records), name)
    raise InputError([Problem(ProblemCode.UNKNOWN_LAYOUT, file=name)])


def _numbered(grid, offset: int):
    """(file row number, row) of the data rows under a grid's header row."""
    for position, row in enumerate(grid[1:], start=offset + 2):
        yield _number_of(row, position), row


def _cell(row, i):
    """The cell at i: stripped text, a number as it is, "" past the row's end."""
    if i >= len(row):
        return ""
    cell = row[i]
    return cell.strip() if isinstance(cell, str) else cell


def _long_records(grid, header, offset):
    index = {key: header.index(key) for key in COLUMNS if key in header}
    columns = {key: cell_text(grid[0][index[key]]) for key in ("year", "value")}
    width = len(grid[0])
    for number, row in _numbered(grid, offset):
        cells = {key: _cell(row, i) for key, i in index.items()}
        extra = [cell_text(c).strip() for c in row[width:] if cell_text(c).strip()]
        if extra:  # "7,9" unquoted in a comma-separated file: never read as 7
            cells["_extra"] = ",".join(extra)
        yield number, cells, columns


def _wide_records(grid, header, offset):
    year_at = header.index("year")
    area_at = header.index(AREA) if AREA in header else None
    for number, row in _numbered(grid, offset):
        area = cell_text(_cell(row, area_at)) if area_at is not None else ""
        for i, column in enumerate(grid[0]):
            if i not in (year_at, area_at) and cell_text(column).strip():
                yield number, {"indicator": cell_text(column), "year": _cell(row, year_at),
                               "value": _cell(row, i), AREA: area}, \
                    {"year": cell_text(grid[0][year_at]), "value": cell_text(column)}


# A "by province" table's title: "Retail sales of goods and services at current prices by
# province (*) by Cities, provincies and Year", "Chỉ số sản xuất công nghiệp phân theo địa
# phương": the indicator is what comes before "by province" / "phân theo địa phương".
_TITLE_CUT = re.compile(r"\s*(?:\bby\s+(?:provinces?|cities|city|region)\b|"
                        r"\b(?:phân|chia)\s+theo\s+(?:địa\s+phương|tỉnh|vùng)|"
                        r"\btheo\s+(?:địa\s+phương|tỉnh\b)).*$", re.IGNORECASE)
_TITLE_BASIS = [
    (re.compile(r"\s*\b(?:at\s+current\s+prices|theo\s+giá\s+hiện\s+hành)\b", re.I),
     lambda m: "current"),
    (re.compile(r"\s*\b(?:at\s+constant\s+(\d{4})\s+prices|theo\s+giá\s+so\s+sánh(?:\s+năm)?"
                r"\s+(\d{4}))", re.I), lambda m: f"constant_{m.group(1) or m.group(2)}"),
]


def _title(above: list[list], name: str) -> tuple[str, str, str]:
    """(indicator as the title names it, price basis, unit) of a "by province" table, from
    the first text line above its header, else from the file name without its extension."""
    title = next((c.strip() for row in above for c in row if isinstance(c, str) and c.strip()),
                 "") or Path(name).stem
    title = clean_text(title)
    basis = unit = ""
    for bracket in re.findall(r"\s*\(([^()]*)\)", title):  # "(Bill. dongs)", "(tỷ đồng)"
        if unit_of(bracket) and unit_of(bracket)[1] is UnitKind.AMOUNT:
            title, unit = re.sub(rf"\s*\({re.escape(bracket)}\)", "", title), unit_of(bracket)[0]
    title = _TITLE_CUT.sub("", title)
    for pattern, label in _TITLE_BASIS:
        found = pattern.search(title)
        if found:
            title, basis = pattern.sub("", title), label(found)
    title = re.sub(r"\s*\(\*+\)", "", title).strip(" ,;:-")
    return title or Path(name).stem, basis, unit


def _area_table_records(grid, header, offset, title):
    """A "by province" table: one row per area (province, region, the country), one column
    per year, the indicator named by the title line."""
    indicator, basis, unit = title
    area_at = header.index(AREA)
    for number, row in _numbered(grid, offset):
        area = cell_text(_cell(row, area_at)).strip()
        for i, column in enumerate(grid[0]):
            if _year_status(column)[0] is not None:
                yield number, {"indicator": indicator, "year": column, "value": _cell(row, i),
                               AREA: area, "price_basis": basis, "unit": unit}, \
                    {"year": cell_text(column), "value": cell_text(column)}


def _years_as_columns_records(grid, header, offset):
    name_at = header.index("indicator")
    extra = {key: header.index(key) for key in COLUMNS[3:] if key in header}
    for number, row in _numbered(grid, offset):
        for i, column in enumerate(grid[0]):
            if _year_status(column)[0] is not None:
                cells = {key: _cell(row, j) for key, j in extra.items()}
                cells.update(indicator=cell_text(_cell(row, name_at)), year=column,
                             value=_cell(row, i))
                yield number, cells, {"year": cell_text(column), "value": cell_text(column)}


def fmt_limit() -> Decimal:
    """MAX_MAGNITUDE as a Problem parameter (shown exactly, in the reader's language)."""
    return Decimal(repr(MAX_MAGNITUDE))


def _parse_records(records, name: str, style: str | None = None) -> pd.DataFrame:
    """Canonical rows from (row number, cells, column names) records; `style` forces the
    decimal style (the editor's UI language), else it is decided from the cells."""
    records = [r for r in records if not _is_gap(r[1].get("value"))]
    typed = style is not None  # typed in the editor: numbers read strictly
    warnings = []
    if style is None:
        style, warnings = _file_style(records, name)
    reading = _Records(name, style, typed)
    rows = []
    for number, cells, columns in records:
        row = reading.row(number, cells, columns)
        if row is None:
            continue
        if len(reading.problems) >= MAX_PROBLEMS:
            break
        rows.append(row)
    problems = reading.problems + _unit_problems(reading.units, name)
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    if not rows:
        raise InputError([Problem(ProblemCode.NO_VALUES, file=name)])
    return pd.DataFrame(rows, columns=COLUMNS + ["row"]), warnings + reading.notes()


def _is_gap(value) -> bool:
    """An empty value cell, or the statistics office's "no figure" (GAP_CELLS)."""
    return value in ("", None) or (isinstance(value, str) and value.strip() in GAP_CELLS)


def _file_style(records, name: str) -> tuple[str, list[Problem]]:
    """The decimal style of a file's value cells and its warning (number_style); refuses
    a file of mixed styles (InputError): reading its numbers would only mislead."""
    text_cells = [(n, c["value"], cols["value"]) for n, c, cols in records
                  if isinstance(c["value"], str)]
    style, problems = number_style(text_cells, name)
    if problems and problems[0].severity != Severity.WARNING:
        raise InputError(problems)
    return style, problems


class _Records:
    """The reading of one file's records into canonical rows (_parse_records), and what
    it found on the way: `problems` (errors, in row order), names cleaned of control
    characters, years marked as estimates, and each series' unit (for _unit_problems).
    `typed`: the values were typed in the editor, read strictly (parse_typed)."""

    def __init__(self, name: str, style: str, typed: bool):
        self.name, self.style, self.typed = name, style, typed
        self.problems, self.sanitised, self.estimated, self.units = [], 0, {}, {}

    def row(self, number: int, cells: dict, columns: dict) -> dict | None:
        """The canonical row of one record, its problems appended; None for a typed value
        that reads two ways (reported, the record skipped)."""
        indicator, unit = self._indicator(number, cells, columns)
        year, estimate = _year_status(cells.get("year", ""))
        value, readable = self._value(number, cells, columns)
        if not readable:
            return None
        self._check(number, cells, columns, indicator, year, value)
        status = self._status(number, cells, year, estimate)
        row = {key: clean_text(cell_text(cells.get(key, ""))) for key in COLUMNS}
        return {**row, **_codes(row), "indicator": indicator, "year": year, "value": value,
                "status": status, "unit": unit_code(unit), "row": number}

    def _indicator(self, number: int, cells: dict, columns: dict) -> tuple[str, str]:
        """(name, unit) of a record, the unit read from the name when the unit cell is
        empty (_stated_unit); notes the per-cent signs of the series' values."""
        raw_indicator = _SPACES.sub(" ", cell_text(cells.get("indicator", ""))).strip()
        indicator = clean_text(raw_indicator)
        self.sanitised += indicator != raw_indicator
        indicator, unit = _stated_unit(indicator, clean_text(cell_text(cells.get("unit", ""))),
                                       number, self.name, self.problems)
        first = self.units.setdefault((indicator, unit), [number, None, 0])
        if has_percent_sign(cells["value"]):
            shown = f"{cells['value']:g}%" if isinstance(cells["value"], PercentCell) \
                else cell_text(cells["value"])
            first[1] = first[1] or (number, str(columns["value"]), shown)
            first[2] += 1
        return indicator, unit

    def _value(self, number: int, cells: dict, columns: dict) -> tuple[float | None, bool]:
        """(value or None, readable): False for a typed value that reads two ways
        (number_ambiguous appended)."""
        if not (self.typed and isinstance(cells["value"], str)):
            return read_number(cells["value"], self.style), True
        try:
            return parse_typed(cells["value"], self.style), True
        except NumberInputError as exc:
            if not exc.readings:
                return None, True
            self.problems.append(Problem(ProblemCode.NUMBER_AMBIGUOUS, file=self.name,
                                         row=number, column=str(columns["value"]), params={
                                             "text": exc.text[:40],
                                             "first": _as_read(exc.readings[0]),
                                             "second": _as_read(exc.readings[1])}))
            return None, False

    def _check(self, number: int, cells: dict, columns: dict, indicator: str,
               year: int | None, value: float | None) -> None:
        """Append the errors of a record: no name, no year, no value, extra cells."""
        name = self.name
        if not indicator:
            self.problems.append(Problem(ProblemCode.MISSING_INDICATOR, file=name, row=number))
        if year is None:
            self.problems.append(Problem(ProblemCode.BAD_YEAR, file=name, row=number,
                                         column=str(columns["year"]),
                                         params={"text": cell_text(cells.get("year", ""))[:40]}))
        if value is None:
            large = read_number(cells["value"], self.style, limit=False)
            self.problems.append(Problem(
                ProblemCode.BAD_VALUE if large is None or not math.isfinite(large)
                else ProblemCode.VALUE_TOO_LARGE,
                file=name, row=number, column=str(columns["value"]),
                params={"text": cell_text(cells["value"])[:40], "limit": fmt_limit()}))
        if cells.get("_extra"):
            self.problems.append(Problem(ProblemCode.EXTRA_CELLS, file=name, row=number,
                                         params={"text": cells["_extra"][:40]}))

    def _status(self, number: int, cells: dict, year: int | None, estimate: bool):
        """The record's status (a year marked as an estimate, "2024*", with no status
        stated is an estimate); None, with bad_status appended, for an unknown status."""
        status_text = cell_text(cells.get("status", "")).strip().lower()
        status = STATUSES.get(status_text) or _words("status").get(_word_key(status_text))
        if status is None:
            self.problems.append(Problem(ProblemCode.BAD_STATUS, file=self.name, row=number,
                                         column="status", params={"text": status_text[:40]}))
        elif estimate and not status_text:
            status = Status.ESTIMATE
            self.estimated.setdefault(cell_text(cells.get("year", "")), (number, year))
        return status

    def notes(self) -> list[Problem]:
        """The warnings of the reading: names cleaned, years read as estimates."""
        notes = []
        if self.sanitised:
            notes.append(Problem(ProblemCode.TEXT_SANITISED, Severity.WARNING, file=self.name,
                                 params={"n": self.sanitised}))
        for text, (number, year) in list(self.estimated.items())[:20]:
            notes.append(Problem(ProblemCode.ESTIMATE_YEAR, Severity.WARNING, file=self.name,
                                 row=number,
                                 params={"text": clean_text(text)[:40], "year": year}))
        return notes


# --- the words of the coded columns, as the app writes them in either language ---------
# A price basis, coverage, flag or status is stored as a code ("current", "gso",
# "approximate", "estimate"); a file may give the code or its words in Vietnamese or
# English as the app shows them (the locale files' [price_basis], [coverage], [flag],
# [status]), any case. Words the app does not know are kept as written.
_CONSTANT = re.compile(r"^(?:gia so sanh|gia co dinh|constant)(?: nam)? (\d{4})(?: prices?)?$")
_CURRENT = frozenset({"gia hien hanh", "gia thuc te", "current", "current prices",
                      "current price"})


def _word_key(text: str) -> str:
    return name_key(text.replace("%", " % "))


@lru_cache(maxsize=8)
def _words(section: str) -> dict[str, str]:
    """{word key: code} of one locale section in both languages, the codes included."""
    table = {}
    for lang in LANGUAGES:
        for key, text in texts(lang).items():
            if key.startswith(section + "."):
                code = key[len(section) + 1:]
                table.setdefault(_word_key(code), code)
                table.setdefault(_word_key(text), code)
    return table


def price_basis_code(text: str) -> str:
    """The code of a price basis as written: "giá hiện hành", "Current prices" ->
    "current"; "giá so sánh 2010", "constant 2010 prices" -> "constant_2010"; the app's
    other words ("không áp dụng" -> "n/a"); anything else as written."""
    key = _word_key(text)
    if key in _CURRENT:
        return "current"
    if found := _CONSTANT.match(key):
        return f"constant_{found.group(1)}"
    return _words("price_basis").get(key, text) if key else text


def unit_code(text: str) -> str:
    """The canonical unit of a unit as written ("tỷ đồng" -> "billion VND", see
    catalogue.UNITS); a unit the catalogue does not know as written."""
    found = unit_of(text)
    return found[0] if found and found[1] is not UnitKind.INDEX else text


def _codes(row: dict) -> dict:
    """The coded columns of a row read back from their words (see above)."""
    coverage = row.get("coverage", "")
    flags = [f.strip() for f in row.get("flags", "").split(";") if f.strip()]
    return {"price_basis": price_basis_code(row.get("price_basis", "")),
            "coverage": _words("coverage").get(_word_key(coverage), coverage) if coverage else "",
            "flags": ";".join(_words("flag").get(_word_key(f), f) for f in flags)}


def has_percent_sign(cell) -> bool:
    """Whether a value cell shows a per-cent sign: typed ("8,5%") or an XLSX percent format.
    Shared with the target-table reader."""
    return isinstance(cell, PercentCell) or (isinstance(cell, str) and squeeze(cell).endswith("%"))


def _stated_unit(indicator: str, unit: str, number: int, name: str, problems: list
                 ) -> tuple[str, str]:
    """(name, unit) of a row whose name may end in its unit ("Chỉ số sản xuất công
    nghiệp (%)", "Tổng mức bán lẻ - tỷ đồng"): the name as written (the catalogue's
    matching ignores the unit), the unit taken from the name when the unit cell is empty;
    a name's unit that contradicts the unit cell is an error (appended). A growth unit
    however written ("% so với năm trước") is "% yoy"."""
    if unit_of(unit) and unit_of(unit)[1] is UnitKind.GROWTH:
        unit = unit_of(unit)[0]  # "% so với năm trước" is the files' "% yoy"
    named = split_unit(indicator)[1]
    if not named:
        return indicator, unit
    stated = unit_of(named)[0]
    if unit and unit_of(unit) and unit_of(unit)[0] != stated and not any(
            p.code is ProblemCode.UNIT_CONFLICT and p.params["text"] == indicator[:60]
            for p in problems):
        problems.append(Problem(ProblemCode.UNIT_CONFLICT, file=name, row=number, column="unit",
                                params={"text": indicator[:60], "named": named,
                                        "unit": unit[:40]}))
    return indicator, unit or stated


def _unit_problems(units: dict, name: str) -> list[Problem]:
    """Units that cannot be those of their indicator (an index stated in tỷ đồng, an amount
    in %), and per-cent signs in an amount series: one error per series, at its first row.
    `units`: (indicator, unit) -> [first row, (row, column, text) of the first per-cent
    cell or None, number of per-cent cells]."""
    problems = []
    for (indicator, unit), (first, percent, n) in units.items():
        found = match_indicator(indicator)[0]
        kind = unit_of(unit)[1] if unit_of(unit) else None
        if found and not unit_fits(found, unit):
            problems.append(Problem(ProblemCode.UNIT_DISAGREES, file=name, row=first, params={
                "indicator": found, "unit": unit[:40], "kind": CATALOGUE[found].kind}))
        elif percent and (kind is UnitKind.AMOUNT or (
                kind is None and found and CATALOGUE[found].kind is IndicatorKind.LEVEL)):
            row, column, text = percent
            problems.append(Problem(ProblemCode.PERCENT_IN_AMOUNT, file=name, row=row,
                                    column=column, params={"text": text[:40], "n": n,
                                                           "indicator": found or indicator[:60]}))
    return problems


# A year, or a yearbook's preliminary / estimated year: "Sơ bộ 2021", "Ước tính 2021",
# "Ước TH 2021", "Ước thực hiện 2021", "2021*", "Prel. 2021", "Est. 2021", "2021 (ước)".
_ESTIMATE_WORDS = (r"sơ bộ|so bo|ước tính|uoc tinh|ước thực hiện|uoc thuc hien|ước th|uoc th|"
                   r"ước|uoc|sb|prel\.?|preliminary|est\.?|estimated?|e|p")
_YEAR = re.compile(rf"^(?:({_ESTIMATE_WORDS})\s*)?'?(\d{{4}})(\.0+)?\s*"
                   rf"(\*+|\(\s*(?:{_ESTIMATE_WORDS})\s*\)|\s(?:{_ESTIMATE_WORDS}))?$")


def _year_status(cell) -> tuple[int | None, bool]:
    """(year, is an estimate) of a year cell or column header; (None, False) if none."""
    if isinstance(cell, float):
        year = int(cell) if cell.is_integer() else None
        return (year, False) if year and YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else (None, False)
    text = unicodedata.normalize("NFC", str(cell)).strip().lower()
    if not text:
        return None, False
    match = _YEAR.match(text)
    if not match:
        return None, False
    year = int(match.group(2))
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        return None, False
    return year, bool(match.group(1) or match.group(4))


def parse_year(text) -> int | None:
    """The year a cell holds (2021.0, "2021", "2021*": an estimate's year), or None.
    Shared with the target-table reader."""
    return _year_status(text)[0]


# --- numbers: one decimal style per file -----------------------------------------------
# Vietnamese: 13.956 / 107,8 / 1.136,5 ; English: 13,956 / 107.8 / 1,136.5
_VI_ONLY = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,})|0,\d+"
                      r"|\d{1,3}(\.\d{3}){2,})%?$")
_EN_ONLY = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+\.\d+|\d+\.(\d{1,2}|\d{4,})|\d{4,}\.\d+|0\.\d+"
                      r"|\d{1,3}(,\d{3}){2,})%?$")
_AMBIGUOUS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}%?$")    # 1.136: 1136 (vi) or 1.136 (en)?
_AMBIGUOUS_COMMA = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}%?$")  # 1,136: 1136 (en) or 1.136 (vi)?
def number_style(cells, name: str = "") -> tuple[str, list[Problem]]:
    """The decimal style of a file, from its value cells [(row, text, column)].

    Rule: a cell that can only be Vietnamese (107,8; 1.136,5) or only English (107.8;
    1,136.5) decides. A file with both is refused. With no such cell, a separator
    followed by exactly three digits (1.136 or 1,136) is a thousands separator.
    Returns the style and the problems: an error for mixed styles, else one
    `number_style` warning saying what was assumed (when any separator was seen).
    """
    first = {}
    for row, text, column in cells:
        cleaned = squeeze(text)
        for key, pattern in (("vi", _VI_ONLY), ("en", _EN_ONLY), ("dot", _AMBIGUOUS_DOT),
                             ("comma", _AMBIGUOUS_COMMA)):
            if key not in first and pattern.match(cleaned):
                first[key] = (row, text, column)
    vi_seen = "vi" in first or ("dot" in first and "en" not in first)
    en_seen = "en" in first or ("comma" in first and "vi" not in first)
    if vi_seen and en_seen:
        (vi_row, vi_text, _), (en_row, en_text, _) = first.get("vi", first.get("dot")), \
            first.get("en", first.get("comma"))
        return "en", [Problem(ProblemCode.MIXED_DECIMAL_STYLES, file=name, params={
            "vi_row": vi_row, "vi_text": vi_text[:20], "en_row": en_row, "en_text": en_text[:20]})]
    style = "vi" if vi_seen else "en"
    if not first:
        return style, []
    row, text, column = first.get("dot") or first.get("comma") or first.get(style)
    return style, [Problem(ProblemCode.NUMBER_STYLE, Severity.WARNING, file=name, row=row,
                           column=str(column),
                           params={"style": style, "text": text[:20],
                                   "value": _as_read(read_number(text, style)),
                                   "other": _as_read(read_number(
                                       text, "en" if style == "vi" else "vi"))})]


def _as_read(value: float | None):
    """A value as read, for a Problem's params: a Decimal, which messages show exactly."""
    return None if value is None else Decimal(repr(value))


