"""Lengths as the consumer counts them (item 8): Excel counts sheet titles
(31) and cell texts (32,767) in UTF-16 units, where an emoji is two; file systems count
a download's name in bytes. Checked on the workbook written and read back."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from modules.reports.exports import file_name, sheet_title, xlsx_bytes


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_sheet_titles_count_utf16_units():
    title = sheet_title("📈" * 20)                       # 40 units as 20 code points
    assert title == "📈" * 15 and units(title) == 30
    name = "Kịch bản " + "🎯" * 12
    second = sheet_title(name, [sheet_title(name)])
    assert second == "Kịch bản " + "🎯" * 9 + " (2)" and units(second) == 31
    assert units(sheet_title("𝐃𝐚𝐤 𝐋𝐚𝐤 2022 — 𝐤ị𝐜𝐡 𝐛ả𝐧")) <= 31


def test_a_workbook_of_emoji_titles_and_long_emoji_cells_stays_within_excel_limits():
    frame = pd.DataFrame({"note": ["🙂" * 20_000, "=" + "😀" * 20_000]})
    book = load_workbook(io.BytesIO(xlsx_bytes({"🌾" * 30: frame, "🌾" * 31: frame})))
    assert book.sheetnames == ["🌾" * 15, "🌾" * 13 + " (2)"]  # 30 and 30 units
    cells = [row[0].value for row in book[book.sheetnames[0]].iter_rows(min_row=2)]
    assert [units(c) for c in cells] == [32_766, 32_767]  # 16,383 emoji; "=" + 16,383
    assert cells[1].startswith("=😀")  # a text cell as typed, no apostrophe


def test_download_names_fit_a_file_system():
    name = file_name("🌾" * 80, "xlsx")
    assert len(name.encode()) <= 255 and name == "🌾" * 50 + ".xlsx"
    assert file_name("Kế hoạch: 2022", "pdf") == "Kế hoạch- 2022.pdf"
