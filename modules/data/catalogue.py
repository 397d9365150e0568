"""The one indicator catalogue: ids, names in both languages, units and kind.

`kind` (an `IndicatorKind`) decides how an indicator is checked and modelled:
- LEVEL ("level"): a positive amount (retail sales, exports); modelled on the log scale.
- GROWTH_RATE ("growth"): a growth rate in % vs the previous year (the industrial
  production index); modelled as log(1 + g/100), the log of the year-on-year ratio.
- SIGNED_RATIO ("signed_ratio"): a ratio in % that may be zero or negative (the trade
  deficit as % of exports: negative in a surplus year); modelled on its own scale.
An id missing from the catalogue is a generic positive level series.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class IndicatorKind(StrEnum):
    """How an indicator's values behave; the string values are what files and payloads hold."""

    LEVEL = "level"
    GROWTH_RATE = "growth"
    SIGNED_RATIO = "signed_ratio"

    @property
    def pooled(self) -> "IndicatorKind":
        """The kind a model learns this one with (members, reference classes, backtests):
        growth rates by themselves, signed ratios with levels."""
        return self if self is IndicatorKind.GROWTH_RATE else IndicatorKind.LEVEL


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry: id, names in Vietnamese and English, kind, and whether it is a
    headline indicator.
    """
    id: str
    name_vi: str
    name_en: str
    kind: IndicatorKind | str = IndicatorKind.LEVEL  # a str is converted
    headline: bool = False  # shown on the overview and prefilled on the target page

    def __post_init__(self):
        object.__setattr__(self, "kind", IndicatorKind(self.kind))

    def name(self, lang: str) -> str:
        """The name in `lang` ("vi"; anything else gives the English name)."""
        return self.name_vi if lang == "vi" else self.name_en


_INDICATORS = [
    Indicator("industrial_production_index", "Chỉ số sản xuất công nghiệp (IIP)",
              "Industrial production index (IIP)", IndicatorKind.GROWTH_RATE, headline=True),
    Indicator("retail_sales", "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
              "Retail sales of goods and consumer services", headline=True),
    # never joined with retail sales: another measure (data/README.md)
    Indicator("goods_circulation", "Tổng mức lưu chuyển hàng hóa", "Total goods circulation"),
    Indicator("exports", "Kim ngạch xuất khẩu", "Exports", headline=True),
    Indicator("imports", "Kim ngạch nhập khẩu", "Imports", headline=True),
    Indicator("industrial_production_value", "Giá trị sản xuất công nghiệp",
              "Industrial production value"),
    Indicator("industrial_production_value_manufacturing", "GTSX công nghiệp: chế biến, chế tạo",
              "Industrial production value: manufacturing"),
    Indicator("industrial_production_value_electricity_water", "GTSX công nghiệp: điện, nước",
              "Industrial production value: electricity and water"),
    Indicator("industrial_production_value_mining", "GTSX công nghiệp: khai khoáng",
              "Industrial production value: mining"),
    Indicator("iip_manufacturing", "IIP: chế biến, chế tạo", "IIP: manufacturing",
              IndicatorKind.GROWTH_RATE),
    Indicator("iip_electricity_water", "IIP: sản xuất và phân phối điện, nước",
              "IIP: electricity and water supply", IndicatorKind.GROWTH_RATE),
    Indicator("iip_electricity", "IIP: sản xuất và phân phối điện", "IIP: electricity",
              IndicatorKind.GROWTH_RATE),
    Indicator("iip_water_waste", "IIP: cung cấp nước, xử lý rác thải",
              "IIP: water supply and waste treatment", IndicatorKind.GROWTH_RATE),
    Indicator("iip_utilities_electricity_gas_water", "IIP: điện, khí đốt, nước",
              "IIP: electricity, gas and water", IndicatorKind.GROWTH_RATE),
    Indicator("iip_mining", "IIP: khai khoáng", "IIP: mining", IndicatorKind.GROWTH_RATE),
    Indicator("exports_customs", "Kim ngạch xuất khẩu (số liệu hải quan)",
              "Exports (customs statistics)"),
    Indicator("exports_coffee", "Kim ngạch xuất khẩu cà phê", "Coffee exports"),
    Indicator("industrial_output_value_1994prices", "Giá trị sản xuất công nghiệp (giá 1994)",
              "Industrial output value (1994 prices)"),
    Indicator("industrial_output_value_growth_1994prices",
              "Tăng trưởng giá trị sản xuất công nghiệp (giá 1994)",
              "Industrial output value growth (1994 prices)", IndicatorKind.GROWTH_RATE),
    Indicator("industry_value_added_growth", "Tăng trưởng giá trị tăng thêm ngành công nghiệp",
              "Industry value added growth", IndicatorKind.GROWTH_RATE),
    Indicator("manufacturing_value_added_growth",
              "Tăng trưởng giá trị tăng thêm ngành chế biến, chế tạo",
              "Manufacturing value added growth", IndicatorKind.GROWTH_RATE),
    Indicator("trade_deficit_pct_of_exports", "Nhập siêu so với kim ngạch xuất khẩu",
              "Trade deficit as % of exports", IndicatorKind.SIGNED_RATIO),
]

CATALOGUE: dict[str, Indicator] = {ind.id: ind for ind in _INDICATORS}


def indicator(indicator_id: str) -> Indicator:
    """The catalogue entry, or a generic positive level series named by its id."""
    return CATALOGUE.get(indicator_id) or Indicator(indicator_id, indicator_id, indicator_id)


def headline_ids() -> list[str]:
    """Ids of the headline indicators (overview, prefilled targets), in catalogue order."""
    return [ind.id for ind in _INDICATORS if ind.headline]


# --- names as planners write them ------------------------------------------------------
# Besides each id and its two catalogue names, the usual ways files name an indicator.
# Matching ignores case, diacritics (đ = d), spacing, punctuation and a trailing
# "(IIP)"-like abbreviation in brackets.
ALIASES: dict[str, tuple[str, ...]] = {
    "industrial_production_index": (
        "Chỉ số sản xuất công nghiệp", "Chỉ số sản xuất toàn ngành công nghiệp",
        "Chỉ số sản xuất ngành công nghiệp", "Chỉ số phát triển sản xuất công nghiệp", "IIP",
        "Index of industrial production", "Industrial production index"),
    "retail_sales": (
        "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "Tổng mức bán lẻ",
        "Tổng mức bán lẻ hàng hóa", "Tổng mức bán lẻ hàng hoá và doanh thu dịch vụ",
        "Tổng mức bán lẻ hàng hóa và dịch vụ tiêu dùng", "Doanh thu bán lẻ hàng hóa",
        "Retail sales", "Total retail sales", "Retail sales of goods and services"),
    "exports": ("Kim ngạch xuất khẩu", "Kim ngạch xuất khẩu hàng hóa", "Xuất khẩu",
                "Giá trị xuất khẩu", "Tổng kim ngạch xuất khẩu", "Exports", "Export turnover",
                "Export value"),
    "imports": ("Kim ngạch nhập khẩu", "Kim ngạch nhập khẩu hàng hóa", "Nhập khẩu",
                "Giá trị nhập khẩu", "Tổng kim ngạch nhập khẩu", "Imports", "Import turnover",
                "Import value"),
    "industrial_production_value": ("Giá trị sản xuất công nghiệp",
                                    "Giá trị sản xuất ngành công nghiệp",
                                    "GTSX công nghiệp", "Industrial output value"),
}
_INDEX_FORM_IN_NAME = re.compile(r"\(?[^()]*=\s*100\s*\)?")


def name_key(text: str) -> str:
    """A name reduced for matching: lower case, no diacritics (đ as d), no punctuation,
    single spaces, without a trailing bracketed abbreviation such as "(IIP)"."""
    text = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = re.sub(r"\(\s*[a-z]{2,6}\s*\)\s*$", "", text)  # "(IIP)", "(GRDP)"
    text = re.sub(r"[^0-9a-z%]+", " ", text)
    return " ".join(text.split())


def _alias_table() -> dict[str, str]:
    table = {}
    for ind in _INDICATORS:
        for name in (ind.id, ind.id.replace("_", " "), ind.name_vi, ind.name_en):
            table.setdefault(name_key(name), ind.id)
    for indicator_id, names in ALIASES.items():
        for name in names:
            table.setdefault(name_key(name), indicator_id)
    return table


_ALIAS_TABLE = _alias_table()


# --- units as files write them ------------------------------------------------------
class UnitKind(StrEnum):
    """What a unit measures: an amount, a percentage, a growth rate, an index."""

    AMOUNT = "amount"    # billion VND, million USD, …
    PERCENT = "percent"  # "%" alone: a growth rate, a share or a ratio (the indicator tells)
    GROWTH = "growth"    # % vs the previous year ("% yoy")
    INDEX = "index"      # previous year = 100


# canonical unit (as data/ files write it) -> its kind and the ways files write it
UNITS: dict[str, tuple[UnitKind, tuple[str, ...]]] = {
    "billion VND": (UnitKind.AMOUNT, ("tỷ đồng", "tỷ VND", "billion VND", "bn VND", "billion dong",
                                      "billion dongs", "bill. dongs", "bill. dong")),
    "trillion VND": (UnitKind.AMOUNT, ("nghìn tỷ đồng", "ngàn tỷ đồng", "trillion VND",
                                       "trillion dongs")),
    "million VND": (UnitKind.AMOUNT, ("triệu đồng", "million VND", "mill. dongs")),
    "million USD": (UnitKind.AMOUNT, ("triệu USD", "triệu đô la", "triệu đô la Mỹ", "M USD",
                                      "million USD", "mill. USD", "USD million")),
    "billion USD": (UnitKind.AMOUNT, ("tỷ USD", "tỷ đô la", "tỷ đô la Mỹ", "billion USD", "bn USD",
                                      "bill. USD", "USD billion")),
    "thousand USD": (UnitKind.AMOUNT, ("nghìn USD", "ngàn USD", "thousand USD")),
    "% yoy": (UnitKind.GROWTH, ("% yoy", "% so với năm trước", "% so với cùng kỳ",
                                "% so cùng kỳ", "% year on year", "% vs previous year")),
    "%": (UnitKind.PERCENT, ("%", "phần trăm", "percent")),
    "% of exports": (UnitKind.PERCENT, ("% of exports", "% kim ngạch xuất khẩu",
                                        "% so với kim ngạch xuất khẩu")),
}


def _unit_key(text: str) -> str:
    return name_key(text.replace("%", " % "))


_UNIT_TABLE = {_unit_key(written): unit for unit, (_, spellings) in UNITS.items()
               for written in (unit, *spellings)}
_UNIT_IN_NAME = re.compile(r"^(?P<name>.*?\S)\s*(?:[(\[]\s*(?:(?:đvt|đơn vị(?: tính)?|unit)\s*:?"
                           r"\s*)?(?P<bracketed>[^()\[\]]+?)\s*[)\]]|\s[-–—]\s*(?P<dashed>[^-–—]+?)"
                           r"|,\s*(?P<comma>[^,]+?))\s*$", re.IGNORECASE)


def unit_of(text: str) -> tuple[str, UnitKind] | None:
    """(canonical unit, its kind) of a unit as written ("Tỷ đồng" -> ("billion VND",
    AMOUNT); "năm trước = 100" -> ("previous year = 100", INDEX)); None for a unit the
    catalogue does not know (tonnes, persons: any is accepted) or an empty one."""
    text = str(text or "")
    if re.search(r"=\s*100", text):
        return "previous year = 100", UnitKind.INDEX
    unit = _UNIT_TABLE.get(_unit_key(text)) if text.strip() else None
    return (unit, UNITS[unit][0]) if unit else None


def split_unit(name: str) -> tuple[str, str]:
    """(the name, the unit it states) of an indicator name ending in a known unit:
    "Chỉ số sản xuất công nghiệp (%)", "Tổng mức bán lẻ (tỷ đồng)", "Xuất khẩu - triệu USD",
    "Kim ngạch xuất khẩu (ĐVT: triệu USD)" -> ("…", "%" | "tỷ đồng" | "triệu USD").
    A name with no such ending is returned whole with "" (brackets that are no unit stay)."""
    found = _UNIT_IN_NAME.match(str(name))
    if found:
        written = found.group("bracketed") or found.group("dashed") or found.group("comma")
        if unit_of(written) and unit_of(written)[1] is not UnitKind.INDEX:
            return found.group("name").strip(), written.strip()
    return str(name), ""


def unit_fits(indicator_id: str, unit: str) -> bool:
    """Whether a unit can be that of a catalogue indicator's values: a growth rate in %,
    growth or index form; a signed ratio in %; a level in an amount, or its reported growth
    (% yoy). A unit the catalogue does not know, and an indicator outside it, always fit."""
    found = unit_of(unit)
    if found is None or indicator_id not in CATALOGUE:
        return True
    kind = CATALOGUE[indicator_id].kind
    if kind is IndicatorKind.LEVEL:
        return found[1] in (UnitKind.AMOUNT, UnitKind.GROWTH)
    if kind is IndicatorKind.GROWTH_RATE:
        return found[1] is not UnitKind.AMOUNT
    return found[1] is UnitKind.PERCENT


def match_indicator(name: str) -> tuple[str | None, bool]:
    """(catalogue id or None, whether the name says the index form "previous year = 100").

    "Chỉ số sản xuất công nghiệp (IIP)", "chi so san xuat cong nghiep", "Kim ngạch xuất
    khẩu", "Exports" and "industrial_production_index" all find their id; a name stating
    "(năm trước = 100)" finds its id with the flag set; a unit ending the name ("(%)",
    "- tỷ đồng", see split_unit) is no part of it. An unknown name gives None."""
    text = split_unit(str(name))[0]  # "Chỉ số sản xuất công nghiệp (%)"
    index_form = bool(re.search(r"=\s*100", text))
    if index_form:
        text = _INDEX_FORM_IN_NAME.sub(" ", text)
    return _ALIAS_TABLE.get(name_key(text)), index_form
