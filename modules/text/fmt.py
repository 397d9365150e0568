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


MAX_MAGNITUDE = 1e18  # larger typed numbers are refused; above any Vietnamese aggregate in đồng


def _decimal(value) -> Decimal | None:
    """A finite Decimal for any number-like value (float, int, numpy, Decimal, numeric
    text); None for missing, infinite, NaN or unreadable values. Never raises."""
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, int):
            number = Decimal(value)
        else:
            as_float = float(value)
            if not math.isfinite(as_float):
                return None
            number = Decimal(repr(as_float)) if isinstance(value, float) else Decimal(str(value))
        return number if number.is_finite() else None
    except (ArithmeticError, TypeError, ValueError, OverflowError):
        return None


def number(value, lang: str = "vi", decimals: int = 0, trim: bool = False) -> str:
    """A number with grouping and `decimals` decimals (at most, with trim); '—' for missing,
    infinite, NaN or unreadable values. Never raises, whatever the magnitude (1e30, 31 digits)."""
    exact = _decimal(value)
    if exact is None:
        return "—"
    decimals = max(0, int(decimals))
    if abs(exact) > Decimal(repr(MAX_MAGNITUDE)):  # absurd sizes: 1,23E30 rather than 31 digits
        from babel.numbers import format_scientific
        return format_scientific(exact, format="0.##E0", locale=_LOCALES.get(lang, "vi_VN"))
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        # enough digits for any finite value: 1e30 with 2 decimals needs 33
        ctx.prec = max(28, exact.adjusted() + decimals + 3)
        ctx.Emax, ctx.Emin = 999_999, -999_999
        try:
            rounded = exact.quantize(Decimal(1).scaleb(-decimals))
            rounded = rounded.copy_abs() if rounded.is_zero() else rounded  # no "-0"
            pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
            return format_decimal(rounded, format=pattern, locale=_LOCALES.get(lang, "vi_VN"),
                                  decimal_quantization=False)
        except (ArithmeticError, ValueError):  # pragma: no cover - belt and braces
            return "—"


def smart_number(value, lang: str = "vi") -> str:
    """Decimals by magnitude, trailing zeros dropped: 13.956 / 982,7 / 450 / 4,82."""
    exact = _decimal(value)
    if exact is None:
        return "—"
    magnitude = abs(exact)
    decimals = 0 if magnitude >= 1000 else 1 if magnitude >= 100 else 2
    return number(value, lang, decimals, trim=True)


def percent(value_pct, lang: str = "vi", decimals: int = 1, signed: bool = False) -> str:
    """A percentage given in percent units: 7.8 -> '7,8%' (or '+7,8%' when signed)."""
    exact = _decimal(value_pct)
    if exact is None:
        return "—"
    text = number(exact, lang, decimals) + "%"
    if signed and not text.startswith("-") and exact != 0:
        text = "+" + text
    return text.replace("-", "−")


def probability(p, lang: str = "vi") -> str:
    """A probability as a whole percentage, never claiming certainty: '>99%' / '<1%'."""
    exact = _decimal(p)
    if exact is None:
        return "—"
    p = float(exact)
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


class MagnitudeError(NumberInputError):
    """A number beyond ±MAX_MAGNITUDE (e.g. a typed 1e30 or a 31-digit number)."""

    def message(self, lang: str = "vi") -> str:
        from modules.text.i18n import t
        return t("number.too_large", lang, text=self.text,
                 limit=number(MAX_MAGNITUDE, lang))


def check_magnitude(value, text: str | None = None) -> float:
    """The value, if it is finite and within ±MAX_MAGNITUDE; MagnitudeError (with a
    translated message(lang)) otherwise. For every number a user types or uploads that is
    kept: targets, values, growth rates."""
    exact = _decimal(value)
    if exact is None or abs(exact) > Decimal(repr(MAX_MAGNITUDE)):
        raise MagnitudeError(str(value) if text is None else str(text))
    return float(exact)


def parse_typed(text, lang: str = "vi") -> float | None:
    """A number typed by a user in the UI language ('90.500', '5,4' in Vietnamese);
    None for a blank cell. Strict: '5.4' in Vietnamese is refused with a suggestion
    (NumberInputError); beyond ±MAX_MAGNITUDE it is refused with MagnitudeError."""
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
    return check_magnitude(value, text)
