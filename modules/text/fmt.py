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


MINUS = "\u2212"  # the true minus sign, never a hyphen


def number(value, lang: str = "vi", decimals: int = 0, trim: bool = False) -> str:
    """A number with grouping and `decimals` decimals (at most, with trim), a true minus
    sign; '—' for missing or non-finite values."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        ctx.prec = 400  # room for any finite float: 1e300 quantizes instead of raising
        quantum = Decimal(1).scaleb(-decimals)
        rounded = Decimal(str(value)).quantize(quantum)
        pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
        text = format_decimal(rounded, format=pattern, locale=_LOCALES.get(lang, "vi_VN"),
                              decimal_quantization=False)
    return text.replace("-", MINUS)


def decimals_for(magnitude: float) -> int:
    """The house rounding rule, by magnitude: whole numbers from 100 up (13.956; 450),
    one decimal from 1 to 100 (19,2; 3,9), two below 1 (0,48)."""
    magnitude = abs(magnitude)
    return 0 if magnitude >= 100 else 1 if magnitude >= 1 else 2


def smart_number(value, lang: str = "vi") -> str:
    """A single figure by the house rule (decimals_for), trailing zeros dropped:
    13.956 / 983 / 19,2 / 95 / 0,48; '—' for missing."""
    if value is None or not math.isfinite(value):
        return "—"
    return number(value, lang, decimals_for(value), trim=True)


def number_range(low, high, lang: str = "vi") -> str:
    """A range with both ends to the same decimals, set by the larger end
    (house rule): '3,9 – 19,2', '766 – 1.989'; '—' when an end is missing."""
    if any(v is None or not math.isfinite(v) for v in (low, high)):
        return "—"
    decimals = decimals_for(max(abs(low), abs(high)))
    return f"{number(low, lang, decimals)} – {number(high, lang, decimals)}"


def date(value, lang: str = "vi") -> str:
    """A date (or datetime, or ISO text '2022-01-04[T…]') the reader's way:
    '04/01/2022' in Vietnamese, '4 Jan 2022' in English; text that is not a date as given,
    '—' for missing."""
    import datetime as _dt

    from babel.dates import format_date

    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    pattern = "dd/MM/yyyy" if lang == "vi" else "d MMM yyyy"
    return format_date(value, pattern, locale=_LOCALES.get(lang, "vi_VN"))


def percent(value_pct, lang: str = "vi", decimals: int = 1, signed: bool = False) -> str:
    """A percentage given in percent units: 7.8 -> '7,8%' (or '+7,8%' when signed)."""
    if value_pct is None or not math.isfinite(value_pct):
        return "—"
    text = number(value_pct, lang, decimals) + "%"
    if signed and not text.startswith(MINUS) and float(value_pct) != 0:
        text = "+" + text
    return text


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
    """A typed number that cannot be read; `suggestion` is the locale's spelling, if Babel has one."""

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
