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

from dataclasses import dataclass
from enum import StrEnum


class IndicatorKind(StrEnum):
    """How an indicator's values behave; the string values are what files and payloads hold."""

    LEVEL = "level"
    GROWTH_RATE = "growth"
    SIGNED_RATIO = "signed_ratio"


# The old names, kept so that code written against the plain strings keeps working.
LEVEL = IndicatorKind.LEVEL
GROWTH = IndicatorKind.GROWTH_RATE
SIGNED_RATIO = IndicatorKind.SIGNED_RATIO


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
              "Industrial production index (IIP)", GROWTH, headline=True),
    Indicator("retail_sales", "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
              "Retail sales of goods and consumer services", headline=True),
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
    Indicator("iip_manufacturing", "IIP: chế biến, chế tạo", "IIP: manufacturing", GROWTH),
    Indicator("iip_electricity_water", "IIP: sản xuất và phân phối điện, nước",
              "IIP: electricity and water supply", GROWTH),
    Indicator("iip_electricity", "IIP: sản xuất và phân phối điện", "IIP: electricity", GROWTH),
    Indicator("iip_water_waste", "IIP: cung cấp nước, xử lý rác thải",
              "IIP: water supply and waste treatment", GROWTH),
    Indicator("iip_utilities_electricity_gas_water", "IIP: điện, khí đốt, nước",
              "IIP: electricity, gas and water", GROWTH),
    Indicator("iip_mining", "IIP: khai khoáng", "IIP: mining", GROWTH),
    Indicator("exports_customs", "Kim ngạch xuất khẩu (số liệu hải quan)",
              "Exports (customs statistics)"),
    Indicator("exports_coffee", "Kim ngạch xuất khẩu cà phê", "Coffee exports"),
    Indicator("industrial_output_value_1994prices", "Giá trị sản xuất công nghiệp (giá 1994)",
              "Industrial output value (1994 prices)"),
    Indicator("industrial_output_value_growth_1994prices",
              "Tăng trưởng giá trị sản xuất công nghiệp (giá 1994)",
              "Industrial output value growth (1994 prices)", GROWTH),
    Indicator("industry_value_added_growth", "Tăng trưởng giá trị tăng thêm ngành công nghiệp",
              "Industry value added growth", GROWTH),
    Indicator("manufacturing_value_added_growth",
              "Tăng trưởng giá trị tăng thêm ngành chế biến, chế tạo",
              "Manufacturing value added growth", GROWTH),
    Indicator("trade_deficit_pct_of_exports", "Nhập siêu so với kim ngạch xuất khẩu",
              "Trade deficit as % of exports", SIGNED_RATIO),
]

CATALOGUE: dict[str, Indicator] = {ind.id: ind for ind in _INDICATORS}


def indicator(indicator_id: str) -> Indicator:
    """The catalogue entry, or a generic positive level series named by its id."""
    return CATALOGUE.get(indicator_id) or Indicator(indicator_id, indicator_id, indicator_id)


def headline_ids() -> list[str]:
    """Ids of the headline indicators (overview, prefilled targets), in catalogue order."""
    return [ind.id for ind in _INDICATORS if ind.headline]
