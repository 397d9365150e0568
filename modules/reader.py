"""Reading a CSV or XLSX file into canonical observation rows.

Accepted layouts (headers in English or Vietnamese, any case):
- long: indicator, year, value (+ optional unit, price_basis, status, source, note);
- wide: a year column and one column per indicator;
- years as columns: an indicator column and one column per year (the yearbook layout).
Empty value cells are gaps, not errors. Every problem found is collected with its
row (as a spreadsheet numbers it: the header is row 1) and column, then raised
together as one InputError. Formulas are never evaluated: XLSX cells are read as
the values Excel stored.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pandas as pd

from .problems import InputError, Problem

COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "status", "source", "note"]
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
YEAR_RANGE = (1900, 2100)
STATUSES = {"final": "final", "chính thức": "final", "estimate": "estimate", "ước tính": "estimate",
            "ước": "estimate", "alternative": "alternative", "": "final"}
_HEADER_ALIASES = {
    "indicator": {"indicator", "chỉ tiêu", "chi tieu", "series", "name", "tên chỉ tiêu"},
    "year": {"year", "năm", "nam"},
    "value": {"value", "giá trị", "gia tri", "số liệu"},
    "unit": {"unit", "đơn vị", "don vi", "đơn vị tính", "đvt"},
    "price_basis": {"price_basis", "price basis", "giá", "loại giá"},
    "status": {"status", "trạng thái", "tình trạng"},
    "source": {"source", "nguồn", "nguon"},
    "note": {"note", "ghi chú", "ghi chu"},
}


def read_observations(source, name: str = "", trusted: bool = False) -> pd.DataFrame:
    """Canonical rows (COLUMNS + `row`) from a path or bytes; InputError if unusable."""
    if trusted:  # the built-in files are canonical already
        table = pd.read_csv(source, dtype=str, keep_default_na=False)
        table["year"] = table["year"].astype(int)
        table["value"] = table["value"].astype(float)
        table["row"] = range(2, len(table) + 2)
        return table
    grid, name = read_grid(source, name)
    return _to_canonical(grid, name)


def read_grid(source, name: str = "") -> tuple[list[list[str]], str]:
    """The non-empty rows of text cells of a CSV/XLSX (header first), and the file's name."""
    name = name or (Path(source).name if isinstance(source, (str, Path)) else "input")
    grid = _read_grid(_read_bytes(source, name), name)
    if len(grid) < 2:
        raise InputError([Problem("no_rows", file=name)])
    return grid, name


def _read_bytes(source, name: str) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError([Problem("file_missing", file=name)])
        if path.stat().st_size > MAX_BYTES:
            raise InputError([Problem("file_too_large", file=name,
                                      params={"limit_mb": MAX_BYTES // 2**20})])
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise InputError([Problem("file_too_large", file=name,
                                  params={"limit_mb": MAX_BYTES // 2**20})])
    if not data.strip():
        raise InputError([Problem("file_empty", file=name)])
    return data


def _read_grid(data: bytes, name: str) -> list[list[str]]:
    """Rows of text cells; the first row is the header."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, name)
    text = _decode(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return [row for row in rows if any(cell.strip() for cell in row)]


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem("not_a_table", file=name)])
    for encoding in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) \
            else ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError([Problem("not_a_table", file=name)])


def _read_xlsx(data: bytes, name: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
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
        return rows
    except InputError:
        raise
    except Exception:  # a broken or hostile workbook: refuse it, whatever openpyxl raised
        raise InputError([Problem("bad_xlsx", file=name)]) from None


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_key(cell: str) -> str:
    text = unicodedata.normalize("NFC", str(cell)).strip().lower()
    for key, aliases in _HEADER_ALIASES.items():
        if text in aliases:
            return key
    return text


def _to_canonical(grid: list[list[str]], name: str) -> pd.DataFrame:
    if len(grid) > MAX_ROWS:
        raise InputError([Problem("too_many_rows", file=name, params={"limit": MAX_ROWS})])
    header = [_header_key(c) for c in grid[0]]
    if {"indicator", "year", "value"} <= set(header):
        records = _long_records(grid, header)
    elif "year" in header:
        records = _wide_records(grid, header)
    elif "indicator" in header and any(_parse_year(c) for c in grid[0]):
        records = _years_as_columns_records(grid, header)
    else:
        raise InputError([Problem("unknown_layout", file=name)])
    return _parse_records(records, name)


def _long_records(grid, header):
    index = {key: header.index(key) for key in COLUMNS if key in header}
    for number, row in enumerate(grid[1:], start=2):
        cells = {key: (row[i].strip() if i < len(row) else "") for key, i in index.items()}
        yield number, cells, {"year": grid[0][index["year"]], "value": grid[0][index["value"]]}


def _wide_records(grid, header):
    year_at = header.index("year")
    for number, row in enumerate(grid[1:], start=2):
        for i, column in enumerate(grid[0]):
            if i == year_at or not str(column).strip():
                continue
            value = row[i].strip() if i < len(row) else ""
            yield number, {"indicator": str(column).strip(), "year": row[year_at].strip(),
                           "value": value}, {"year": grid[0][year_at], "value": column}


def _years_as_columns_records(grid, header):
    name_at = header.index("indicator")
    extra = {key: header.index(key) for key in COLUMNS[3:] if key in header}
    for number, row in enumerate(grid[1:], start=2):
        for i, column in enumerate(grid[0]):
            if _parse_year(column) is None:
                continue
            cells = {key: (row[j].strip() if j < len(row) else "") for key, j in extra.items()}
            cells.update(indicator=row[name_at].strip(), year=str(column),
                         value=row[i].strip() if i < len(row) else "")
            yield number, cells, {"year": column, "value": column}


def _parse_records(records, name: str) -> pd.DataFrame:
    rows, problems = [], []
    for number, cells, columns in records:
        if not cells.get("value") and not cells.get("indicator"):
            continue
        if not cells.get("value"):
            continue  # a gap
        year = _parse_year(cells.get("year", ""))
        value = parse_number(cells["value"])
        if not cells.get("indicator"):
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
        if len(problems) > 200:
            break
        rows.append({**{key: cells.get(key, "") for key in COLUMNS}, "year": year,
                     "value": value, "status": status, "row": number})
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([Problem("no_values", file=name)])
    return pd.DataFrame(rows, columns=COLUMNS + ["row"])


_YEAR = re.compile(r"^'?(\d{4})(\.0+)?$")


def _parse_year(text) -> int | None:
    match = _YEAR.match(str(text).strip())
    if not match:
        return None
    year = int(match.group(1))
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | None:
    """A plain number ('1136.5', '-17.7', '1,136.5'); None when the cell is not one."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None
    value = float(cleaned)
    return value if abs(value) < 1e15 else None
