"""Reading a CSV or XLSX file into canonical observation rows.

Accepted layouts (headers in English or Vietnamese, any case; title rows above the
header, as Excel reports have, are skipped):
- long: indicator, year, value (+ optional unit, price_basis, coverage, status, flags,
  source, note);
- wide: a year column and one column per indicator;
- years as columns: an indicator column and one column per year (the yearbook layout).

Numbers: one decimal style per file, decided from the cells themselves (see
`number_style`); the user is told which was assumed. Empty value cells are gaps.
Every problem is collected with its row (as a spreadsheet numbers it) and column,
then raised together as one InputError. XLSX cells are read as the values Excel
stored: formulas are never evaluated, macros never run, external links never followed.

Limits (refused beyond): 20 MB file, 200 MB uncompressed XLSX content or a
compression ratio over 100 (zip bombs), 200,000 rows, 200 problems listed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from modules.data.problems import WARNING, InputError, Problem

COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "coverage", "status", "flags",
           "source", "note"]
MAX_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_ROWS = 200_000
MAX_PROBLEMS = 200
HEADER_SEARCH_ROWS = 10
YEAR_RANGE = (1900, 2100)
STATUSES = {"final": "final", "chính thức": "final", "estimate": "estimate", "ước tính": "estimate",
            "ước": "estimate", "alternative": "alternative", "": "final"}
_HEADER_ALIASES = {
    "indicator": {"indicator", "chỉ tiêu", "chi tieu", "series", "name", "tên chỉ tiêu"},
    "year": {"year", "năm", "nam"},
    "value": {"value", "giá trị", "gia tri", "số liệu"},
    "unit": {"unit", "đơn vị", "don vi", "đơn vị tính", "đvt"},
    "price_basis": {"price_basis", "price basis", "loại giá"},
    "coverage": {"coverage", "compiler", "phạm vi", "phạm vi / cơ quan tổng hợp"},
    "status": {"status", "trạng thái", "tình trạng"},
    "flags": {"flags", "flag", "lưu ý", "lưu ý về số liệu"},
    "source": {"source", "nguồn", "nguon"},
    "note": {"note", "ghi chú", "ghi chu"},
}
# zero-width, bidirectional-control and other invisible format characters
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")


def read_canonical(path) -> pd.DataFrame:
    """A built-in, already canonical file."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    table["row"] = range(2, len(table) + 2)
    return table


def read_observations(source, name: str = "") -> tuple[pd.DataFrame, list[Problem]]:
    """Canonical rows (COLUMNS + `row`) from a path or bytes, and the warnings found on
    the way (number style assumed, …); InputError if the file is unusable."""
    grid, name, warnings = _read_any(source, name)
    table, found = _to_canonical(grid, name)
    return table, warnings + found


def read_grid(source, name: str = "") -> tuple[list[list[str]], str]:
    """The non-empty rows of text cells of a CSV/XLSX (header first), and the file's name."""
    grid, name, _ = _read_any(source, name)
    return grid, name


def _read_any(source, name: str):
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "input")
    data = _read_bytes(source, name)
    warnings = []
    if data[:4] == b"PK\x03\x04":
        grid, formulas = _read_xlsx(data, name)
        if formulas:
            warnings.append(Problem("formula_cells", WARNING, file=name,
                                    params={"n": formulas}))
    else:
        grid = _read_csv(data, name)
    if len(grid) < 2:
        raise InputError([Problem("no_rows", file=name)])
    if len(grid) > MAX_ROWS:
        raise InputError([Problem("too_many_rows", file=name, params={"limit": MAX_ROWS})])
    return grid, name, warnings


def _read_bytes(source, name: str) -> bytes:
    too_large = InputError([Problem("file_too_large", file=name,
                                    params={"limit_mb": MAX_BYTES // 2**20})])
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError([Problem("file_missing", file=name)])
        if path.stat().st_size > MAX_BYTES:
            raise too_large
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise too_large
    if not data.strip():
        raise InputError([Problem("file_empty", file=name)])
    return data


def _read_csv(data: bytes, name: str) -> list[list[str]]:
    text = _decode(data, name)
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise InputError([Problem("not_a_table", file=name)]) from None
    return [row for row in rows if any(cell.strip() for cell in row)]


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
        raise InputError([Problem("not_a_table", file=name)])
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
    raise InputError([Problem("not_a_table", file=name)])


def _read_xlsx(data: bytes, name: str) -> tuple[list[list[str]], int]:
    from openpyxl import load_workbook

    _refuse_zip_bomb(data, name)
    try:
        formulas = _count_formulas(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS:
                raise InputError([Problem("too_many_rows", file=name, params={"limit": MAX_ROWS})])
            cells = ["" if v is None else _cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append(cells)
        book.close()
        return rows, formulas
    except InputError:
        raise
    except Exception:  # a broken or hostile workbook: refuse it, whatever openpyxl raised
        raise InputError([Problem("bad_xlsx", file=name)]) from None


def _refuse_zip_bomb(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            uncompressed = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError([Problem("bad_xlsx", file=name)]) from None
    if uncompressed > MAX_XLSX_UNCOMPRESSED or uncompressed > MAX_XLSX_RATIO * max(len(data), 1):
        raise InputError([Problem("xlsx_too_large", file=name,
                                  params={"limit_mb": MAX_XLSX_UNCOMPRESSED // 2**20})])


def _count_formulas(data: bytes) -> int:
    """Cells of the first sheet that hold a formula (their stored values are used)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    count = sum(1 for row in book.worksheets[0].iter_rows(values_only=True)
                for value in row if isinstance(value, str) and value.startswith("="))
    book.close()
    return count


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@lru_cache(maxsize=4096)
def clean_text(text: str) -> str:
    """NFC, without invisible or control characters: one name, one indicator."""
    if text.isascii() and text.isprintable():
        return text.strip()
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", str(text)))
    return "".join(c for c in text if c.isprintable()).strip()


def _header_key(cell: str) -> str:
    text = clean_text(cell).lower()
    for key, aliases in _HEADER_ALIASES.items():
        if text in aliases:
            return key
    return text


def _to_canonical(grid: list[list[str]], name: str) -> pd.DataFrame:
    for start in range(min(HEADER_SEARCH_ROWS, len(grid) - 1)):
        header = [_header_key(c) for c in grid[start]]
        data = grid[start:]
        if {"indicator", "year", "value"} <= set(header):
            records = _long_records(data, header, start)
        elif "year" in header:
            records = _wide_records(data, header, start)
        elif "indicator" in header and any(_parse_year(c) for c in grid[start]):
            records = _years_as_columns_records(data, header, start)
        else:
            continue
        return _parse_records(list(records), name)
    raise InputError([Problem("unknown_layout", file=name)])


def _cell(row, i) -> str:
    return row[i].strip() if i < len(row) else ""


def _long_records(grid, header, offset):
    index = {key: header.index(key) for key in COLUMNS if key in header}
    columns = {"year": grid[0][index["year"]], "value": grid[0][index["value"]]}
    for number, row in enumerate(grid[1:], start=offset + 2):
        yield number, {key: _cell(row, i) for key, i in index.items()}, columns


def _wide_records(grid, header, offset):
    year_at = header.index("year")
    for number, row in enumerate(grid[1:], start=offset + 2):
        for i, column in enumerate(grid[0]):
            if i != year_at and str(column).strip():
                yield number, {"indicator": str(column), "year": _cell(row, year_at),
                               "value": _cell(row, i)}, {"year": grid[0][year_at], "value": column}


def _years_as_columns_records(grid, header, offset):
    name_at = header.index("indicator")
    extra = {key: header.index(key) for key in COLUMNS[3:] if key in header}
    for number, row in enumerate(grid[1:], start=offset + 2):
        for i, column in enumerate(grid[0]):
            if _parse_year(column) is not None:
                cells = {key: _cell(row, j) for key, j in extra.items()}
                cells.update(indicator=_cell(row, name_at), year=str(column), value=_cell(row, i))
                yield number, cells, {"year": column, "value": column}


def _parse_records(records, name: str) -> pd.DataFrame:
    records = [r for r in records if r[1].get("value")]  # a blank value is a gap
    style, problems = number_style([(n, c["value"], cols["value"]) for n, c, cols in records], name)
    if problems and problems[0].severity != WARNING:
        raise InputError(problems)  # mixed styles: reading the numbers would only mislead
    warnings = problems
    problems = []
    rows, sanitised = [], 0
    for number, cells, columns in records:
        indicator = clean_text(cells.get("indicator", ""))
        sanitised += indicator != cells.get("indicator", "").strip()
        year = _parse_year(cells.get("year", ""))
        value = parse_number(cells["value"], style)
        if not indicator:
            problems.append(Problem("missing_indicator", file=name, row=number))
        if year is None:
            problems.append(Problem("bad_year", file=name, row=number, column=str(columns["year"]),
                                    params={"text": cells.get("year", "")[:40]}))
        if value is None:
            problems.append(Problem("bad_value", file=name, row=number,
                                    column=str(columns["value"]),
                                    params={"text": cells["value"][:40]}))
        status = STATUSES.get(cells.get("status", "").strip().lower())
        if status is None:
            problems.append(Problem("bad_status", file=name, row=number, column="status",
                                    params={"text": cells.get("status", "")[:40]}))
        if len(problems) >= MAX_PROBLEMS:
            break
        rows.append({**{key: clean_text(cells.get(key, "")) for key in COLUMNS},
                     "indicator": indicator, "year": year, "value": value, "status": status,
                     "row": number})
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([Problem("no_values", file=name)])
    if sanitised:
        warnings.append(Problem("text_sanitised", WARNING, file=name, params={"n": sanitised}))
    return pd.DataFrame(rows, columns=COLUMNS + ["row"]), warnings


_YEAR = re.compile(r"^'?(\d{4})(\.0+)?$")


def _parse_year(text) -> int | None:
    match = _YEAR.match(str(text).strip())
    if not match:
        return None
    year = int(match.group(1))
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


# --- numbers: one decimal style per file -----------------------------------------------
# Vietnamese: 13.956 / 107,8 / 1.136,5 ; English: 13,956 / 107.8 / 1,136.5
_VI_ONLY = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,})|\d{1,3}(\.\d{3}){2,})$")
_EN_ONLY = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+\.\d+|\d+\.(\d{1,2}|\d{4,})|\d{4,}\.\d+"
                      r"|\d{1,3}(,\d{3}){2,})$")
_AMBIGUOUS_DOT = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")    # 1.136: 1136 (vi) or 1.136 (en)?
_AMBIGUOUS_COMMA = re.compile(r"^[+-]?\d{1,3},\d{3}$")  # 1,136: 1136 (en) or 1.136 (vi)?


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
        cleaned = _squeeze(text)
        for key, pattern in (("vi", _VI_ONLY), ("en", _EN_ONLY), ("dot", _AMBIGUOUS_DOT),
                             ("comma", _AMBIGUOUS_COMMA)):
            if key not in first and pattern.match(cleaned):
                first[key] = (row, text, column)
    vi_seen = "vi" in first or ("dot" in first and "en" not in first)
    en_seen = "en" in first or ("comma" in first and "vi" not in first)
    if vi_seen and en_seen:
        (vi_row, vi_text, _), (en_row, en_text, _) = first.get("vi", first.get("dot")), \
            first.get("en", first.get("comma"))
        return "en", [Problem("mixed_decimal_styles", file=name, params={
            "vi_row": vi_row, "vi_text": vi_text[:20], "en_row": en_row, "en_text": en_text[:20]})]
    style = "vi" if vi_seen else "en"
    if not first:
        return style, []
    row, text, column = first.get("dot") or first.get("comma") or first.get(style)
    return style, [Problem("number_style", WARNING, file=name, row=row, column=str(column),
                           params={"style": style, "text": text[:20],
                                   "value": parse_number(text, style)})]


def _squeeze(text) -> str:
    return str(text).strip().replace("\u00a0", "").replace(" ", "").replace("−", "-")


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text, style: str = "en") -> float | None:
    """A number in the file's style ('1.136,5' vi, '1,136.5' en); None if the cell is none."""
    cleaned = _squeeze(text)
    if style == "vi":
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", cleaned) or "." not in cleaned:
            cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None
    value = float(cleaned)
    return value if abs(value) < 1e15 else None
