"""Numbers written the reader's way: 13.956 and 107,8% in Vietnamese, 13,956 and 107.8% in English.

Babel does the locale work; rounding is half-up (planners expect 2,25 -> 2,3, Babel's
default is half-to-even).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_decimal

_LOCALES = {"vi": "vi_VN", "en": "en_US"}
# d3-format locale for Altair axes, matching Babel's vi_VN symbols.
D3_NUMBER_LOCALE = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def number(value, lang: str = "vi", decimals: int = 0, trim: bool = False) -> str:
    """A number with grouping and `decimals` decimals (at most, with trim); '—' for missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        quantum = Decimal(1).scaleb(-decimals)
        rounded = Decimal(str(value)).quantize(quantum)
        pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
        return format_decimal(rounded, format=pattern, locale=_LOCALES.get(lang, "vi_VN"),
                              decimal_quantization=False)


def smart_number(value, lang: str = "vi") -> str:
    """Decimals by magnitude, trailing zeros dropped: 13.956 / 982,7 / 450 / 4,82."""
    if value is None or not math.isfinite(value):
        return "—"
    magnitude = abs(value)
    decimals = 0 if magnitude >= 1000 else 1 if magnitude >= 100 else 2
    return number(value, lang, decimals, trim=True)


def percent(value_pct, lang: str = "vi", decimals: int = 1, signed: bool = False) -> str:
    """A percentage given in percent units: 7.8 -> '7,8%' (or '+7,8%' when signed)."""
    if value_pct is None or not math.isfinite(value_pct):
        return "—"
    text = number(value_pct, lang, decimals) + "%"
    if signed and not text.startswith("-") and float(value_pct) != 0:
        text = "+" + text
    return text.replace("-", "−")


def probability(p, lang: str = "vi") -> str:
    """A probability as a whole percentage, never claiming certainty: '>99%' / '<1%'."""
    if p is None or not math.isfinite(p):
        return "—"
    if p > 0.99:
        return ">99%"
    if p < 0.01:
        return "<1%"
    return percent(100 * p, lang, 0)


class NumberInputError(ValueError):
    """A typed number that cannot be read; `suggestion` is the locale's spelling, if any."""

    def __init__(self, text: str, suggestion: str = ""):
        super().__init__(text)
        self.text, self.suggestion = text, suggestion


def parse_typed(text, lang: str = "vi") -> float | None:
    """A number typed by a user in the UI language ('90.500', '5,4' in Vietnamese);
    None for a blank cell. Strict: '5.4' in Vietnamese is refused with a suggestion."""
    from babel.numbers import NumberFormatError, parse_decimal

    cleaned = str(text or "").strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    cleaned = cleaned.replace("−", "-")
    if not cleaned:
        return None
    try:
        value = float(parse_decimal(cleaned, locale=_LOCALES.get(lang, "vi_VN"), strict=True))
    except NumberFormatError as exc:
        suggestion = exc.suggestions[-1] if getattr(exc, "suggestions", None) else ""
        raise NumberInputError(str(text), suggestion) from None
    if not math.isfinite(value):
        raise NumberInputError(str(text))
    return value
