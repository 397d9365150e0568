"""Numbers written the reader's way: 13.956 and 107,8% in Vietnamese, 13,956 and 107.8% in English.

Babel does the locale work; rounding is half-up (planners expect 2,25 -> 2,3, Babel's
default is half-to-even).
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import format_decimal

_LOCALES = {"vi": "vi_VN", "en": "en_US"}
# d3-format locale for Altair axes, matching Babel's vi_VN symbols.
D3_NUMBER_LOCALE = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", "\u00a0₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


MINUS = "\u2212"  # the true minus sign, never a hyphen
MAX_MAGNITUDE = 1e15  # numbers of this magnitude or more are refused: no planner's figure


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
    """A number with grouping and `decimals` decimals (at most, with trim), a true minus
    sign; '—' for missing, infinite, NaN or unreadable values. Never raises, whatever the
    magnitude (1e30, 31 digits)."""
    exact = _decimal(value)
    if exact is None:
        return "—"
    decimals = max(0, int(decimals))
    if abs(exact) > Decimal(repr(MAX_MAGNITUDE)):  # absurd sizes: 1,23E30 rather than 31 digits
        return _scientific(exact, lang)
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        # enough digits for any finite value: 1e30 with 2 decimals needs 33
        ctx.prec = max(28, exact.adjusted() + decimals + 3)
        ctx.Emax, ctx.Emin = 999_999, -999_999
        try:
            rounded = exact.quantize(Decimal(1).scaleb(-decimals))
            rounded = rounded.copy_abs() if rounded.is_zero() else rounded  # no "-0"
            pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
            text = format_decimal(rounded, format=pattern, locale=_LOCALES.get(lang, "vi_VN"),
                                  decimal_quantization=False)
            return text.replace("-", MINUS)
        except (ArithmeticError, ValueError):  # pragma: no cover - belt and braces
            return "—"


def _scientific(exact: Decimal, lang: str) -> str:
    """An absurd magnitude, short: 1,23E30, 5E-324."""
    from babel.numbers import format_scientific
    return format_scientific(exact, format="0.##E0", locale=_LOCALES.get(lang, "vi_VN"))


MIN_SHOWN = 1e-6  # smaller figures (never a planner's) print short: 5E-324


def decimals_for(magnitude: float) -> int:
    """The house rounding rule, by magnitude: whole numbers from 100 up (13.956; 450),
    one decimal from 1 to 100 (19,2; 3,9), two below 1 (0,48), and below 0,01 as many as
    two significant figures need (0,0011): a figure that is not zero never shows as 0."""
    magnitude = abs(magnitude)
    if magnitude >= 100:
        return 0
    if magnitude >= 1:
        return 1
    if magnitude >= 0.01 or magnitude == 0 or not math.isfinite(magnitude):
        return 2
    return 1 - math.floor(math.log10(magnitude))


def smart_number(value, lang: str = "vi") -> str:
    """A single figure by the house rule (decimals_for), trailing zeros dropped:
    13.956 / 983 / 19,2 / 95 / 0,48; '—' for missing. Never raises."""
    exact = _decimal(value)
    if exact is None:
        return "—"
    if 0 < abs(exact) < Decimal(repr(MIN_SHOWN)):
        return _scientific(exact, lang).replace("-", MINUS)
    return number(exact, lang, decimals_for(float(exact)), trim=True)


def exact_number(value, lang: str = "vi") -> str:
    """A number exactly as it was read, every decimal kept (a float's shortest repr, so at
    most 17 significant digits), with grouping and a true minus: 1,234 / 940,66 / 90.500; for
    a message saying how a text was read, where the house rounding would hide what it says.
    '—' for missing values. Never raises."""
    exact = _decimal(value)
    if exact is None:
        return "—"
    return number(exact, lang, max(0, -exact.normalize().as_tuple().exponent), trim=True)


def number_range(low, high, lang: str = "vi") -> str:
    """A range with both ends to the same decimals, set by the larger end
    (house rule): '3,9 – 19,2', '766 – 1.989'; '—' when an end is missing."""
    ends = [_decimal(v) for v in (low, high)]
    if any(e is None for e in ends):
        return "—"
    decimals = decimals_for(float(max(abs(e) for e in ends)))
    return f"{number(ends[0], lang, decimals)} – {number(ends[1], lang, decimals)}"


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
    exact = _decimal(value_pct)
    if exact is None:
        return "—"
    text = number(exact, lang, decimals) + "%"
    if signed and not text.startswith(MINUS) and exact != 0:
        text = "+" + text
    return text


def probability(p, lang: str = "vi", limits=()) -> str:
    """A probability as a whole percentage, never claiming certainty: '>99%' / '<1%'.
    Rounded half-up, except that a probability below one of `limits` (fractions, e.g. the
    verdict bands' 0.90) is never rounded up onto it: 0.896 is '89%' when 0.90 is a limit."""
    shown = probability_shown(p, limits)
    if shown is None:
        return "—"
    if shown > 0.99:
        return ">99%"
    if shown < 0.01:
        return "<1%"
    return percent(100 * shown, lang, 0)


def probability_shown(p, limits=()) -> float | None:
    """The probability as `probability` shows it, as a fraction (0.89 for 0.896 below a
    limit of 0.90); p itself above 0.99 or below 0.01 (shown '>99%', '<1%'); None when p is
    no number."""
    exact = _decimal(p)
    if exact is None:
        return None
    if not Decimal("0.01") <= exact <= Decimal("0.99"):
        return float(exact)
    whole = (100 * exact).quantize(Decimal(1), ROUND_HALF_UP)
    for limit in limits:
        edge = 100 * Decimal(repr(float(limit)))
        if exact * 100 < edge <= whole:  # never rounded up onto a limit it is below
            whole = edge.to_integral_value(rounding="ROUND_CEILING") - 1
    return float(whole / 100)


# --- reading numbers: the one reader for files, typed boxes, the editor and the CLI -------
# Vietnamese: 13.956 / 107,8 / 1.136,5 ; English: 13,956 / 107.8 / 1,136.5
_GROUPED = {"vi": re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?"),
            "en": re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")}
_PLAIN = {"vi": re.compile(r"[+-]?(\d+(,\d*)?|,\d+)"),
          "en": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")}
_DECIMAL_MARK = {"vi": ",", "en": "."}
_SCIENTIFIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+")
# one separator then exactly three digits, after a non-zero leading group: 1.136 / 90,500
AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")


def squeeze(text) -> str:
    """A cell's text without spaces (also no-break), with a real minus sign as '-', and
    every decimal digit of another script (full-width ９０, Arabic-Indic …) and full-width
    sign or separator (．，－＋％) as its ASCII form: '９０.５００' reads as '90.500' would."""
    return str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "") \
        .replace("\u2212", "-").translate(_ASCII)


class _AsciiDigits(dict):
    """str.translate table: any Unicode decimal digit (category Nd) to 0-9, full-width
    signs and separators to ASCII (superscripts and fractions are no digits: refused)."""

    def __missing__(self, code: int):
        char = chr(code)
        value = unicodedata.decimal(char, None)
        found = str(value) if value is not None and code > 127 else \
            _FULL_WIDTH.get(char, char)
        self[code] = found
        return found


_FULL_WIDTH = {"\uff0e": ".", "\uff0c": ",", "\uff0d": "-", "\uff0b": "+", "\uff05": "%",
               "\uff45": "e", "\uff25": "E"}
_ASCII = _AsciiDigits()


def read_number(text, style: str = "en", limit: bool = True) -> float | None:
    """The number a cell or box holds, read in `style` ("vi": 1.136,5; "en": 1,136.5).

    A number (int/float, as an XLSX cell stores it) is taken as it is, never re-read as
    text. Text may carry a trailing '%' (the number is in percent units already) and,
    in English style, an exponent (1e3). A thousands group never follows a lone 0
    ('0.735' is 0.735 in English, not 735). Returns None when the text is no number,
    or the value is not finite or (with `limit`) beyond ±MAX_MAGNITUDE.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        cleaned = squeeze(text)
        if cleaned.endswith("%"):
            cleaned = cleaned[:-1]
        style = style if style in _GROUPED else "en"
        if _GROUPED[style].fullmatch(cleaned):
            cleaned = cleaned.replace("," if style == "en" else ".", "")
        elif not _PLAIN[style].fullmatch(cleaned):
            if style != "en" or not _SCIENTIFIC.fullmatch(cleaned):
                return None
        value = float(cleaned.replace(",", ".") if style == "vi" else cleaned)
    if not math.isfinite(value) or (limit and abs(value) >= MAX_MAGNITUDE):
        return None
    return value


def editable_number(value, lang: str = "vi") -> str:
    """A number as the user would type it back (grouping, up to 10 decimals, no rounding
    a user would notice): 13956 -> '13.956', 107.8 -> '107,8' in Vietnamese."""
    if value is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return ""
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


class NumberInputError(ValueError):
    """A typed number that cannot be read. `suggestion` is the locale's spelling of what
    was probably meant; `readings` the two values an ambiguous text can mean."""

    def __init__(self, text: str, suggestion: str = "", readings: tuple = ()):
        super().__init__(text)
        self.text, self.suggestion, self.readings = text, suggestion, readings

    def message(self, lang: str = "vi") -> str:
        """The text for the user in `lang` (plain text; escape it for Markdown): the two
        readings of an ambiguous number, or the text not read with the likely spelling."""
        from modules.text.i18n import t
        if self.readings:
            return t("problem.number_ambiguous", lang, text=self.text,
                     first=exact_number(self.readings[0], lang),
                     second=exact_number(self.readings[1], lang))
        hint = f" → {self.suggestion}?" if self.suggestion else ""
        return t("problem.bad_value", lang, text=self.text) + hint


class MagnitudeError(NumberInputError):
    """A number beyond ±MAX_MAGNITUDE (e.g. a typed 1e30 or a 31-digit number)."""

    def message(self, lang: str = "vi") -> str:
        """The text for the user in `lang`: the typed text is too large, with the limit."""
        from modules.text.i18n import t
        return t("number.too_large", lang, text=self.text,
                 limit=number(MAX_MAGNITUDE, lang))


def check_magnitude(value, text: str | None = None) -> float:
    """The value, if it is finite and within ±MAX_MAGNITUDE; MagnitudeError (with a
    translated message(lang)) otherwise. For every number a user types or uploads that is
    kept: targets, values, growth rates."""
    exact = _decimal(value)
    if exact is None or abs(exact) >= Decimal(repr(MAX_MAGNITUDE)):
        raise MagnitudeError(str(value) if text is None else str(text))
    return float(exact)


def parse_typed(text, lang: str = "vi") -> float | None:
    """A number typed by a user in the UI language ('90.500', '5,4' in Vietnamese);
    None for a blank box. Strict, through the same reader as files (`read_number`):
    - a number written the other language's way ('5.4' in Vietnamese) is refused, with
      the UI language's spelling as `suggestion`;
    - one decimal mark followed by exactly three digits ('90,500' in Vietnamese, '3.150'
      in English) is refused as ambiguous, with both `readings`;
    - non-numbers and infinities are refused (NumberInputError), magnitudes beyond
      ±MAX_MAGNITUDE with MagnitudeError (a NumberInputError with a translated message).
    Raises NumberInputError."""
    lang = lang if lang in _GROUPED else "vi"
    other = "en" if lang == "vi" else "vi"
    cleaned = squeeze(text or "")
    if not cleaned:
        return None
    body = cleaned[:-1] if cleaned.endswith("%") else cleaned
    if AMBIGUOUS.fullmatch(body) and _DECIMAL_MARK[lang] in body:
        readings = (read_number(body, lang), read_number(body, other))
        raise NumberInputError(str(text), "", readings)
    mine = _GROUPED[lang].fullmatch(body) or _PLAIN[lang].fullmatch(body)
    value = read_number(body, lang) if mine else None
    if value is None and (mine or _SCIENTIFIC.fullmatch(body)):
        check_magnitude(read_number(body, "en" if not mine else lang, limit=False), text)
    if value is None:
        theirs = read_number(body, other) if (_GROUPED[other].fullmatch(body)
                                              or _PLAIN[other].fullmatch(body)) else None
        suggestion = number(theirs, lang, 6, trim=True) if theirs is not None else ""
        raise NumberInputError(str(text), suggestion)
    return value
