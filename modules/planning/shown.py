"""How an assessed target reads: the one set of formatters behind the target page's table
and cards, the printed briefing, the scenario comparison and the planning page's tables.

Each takes numbers as `targets.results_frame` gives them (one row per target) and returns
the text a reader sees in `lang` ("vi": 90.500 tỷ đồng, +5,4%; "en": 90,500 bn VND), "—"
where there is no number.
"""

from __future__ import annotations

import math

from modules.data.catalogue import IndicatorKind
from modules.data.vocabulary import Direction
from modules.planning.feasibility import probability_text
from modules.text import fmt
from modules.text.i18n import t, unit_name

NONE = "—"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def target_text(value, unit: str, kind: str, direction: str = Direction.AT_LEAST,
                lang: str = "vi") -> str:
    """A target as a reader writes it: '90.500 tỷ đồng'; '+12,0%' for a growth rate (the
    production index: `kind` IndicatorKind.GROWTH_RATE); '≤ ' in front of a ceiling
    (`direction` at_most); '—' when there is none. `unit` is the series' unit code."""
    if _missing(value):
        return NONE
    if IndicatorKind(kind) is IndicatorKind.GROWTH_RATE:
        text = fmt.percent(value, lang, 1, signed=True)
    else:
        name = unit_name(unit, lang)
        text = f"{fmt.smart_number(value, lang)}{'' if name.startswith('%') else ' '}{name}"
    return ("≤ " if Direction(direction) is Direction.AT_MOST else "") + text.strip()


def growth_text(pct, lang: str = "vi") -> str:
    """A growth rate in %, signed with one decimal ('+5,4%'); '—' for none."""
    return NONE if _missing(pct) else fmt.percent(pct, lang, 1, signed=True)


def value_text(value, lang: str = "vi") -> str:
    """A projected value (a median, a value reached) with as many decimals as its size
    needs ('90.915'); '—' for none."""
    return NONE if _missing(value) else fmt.smart_number(value, lang)


def verdict_text(verdict, lang: str = "vi") -> str:
    """A verdict id (feasibility.VERDICT_BANDS) in words; '—' when not assessed."""
    return t(f"verdict.{verdict}", lang) if isinstance(verdict, str) and verdict else NONE


def with_year(pct, year, lang: str = "vi") -> str:
    """A growth rate and the year it happened: '+14,8% (2014)'; '—' for none."""
    return NONE if _missing(pct) else f"{growth_text(pct, lang)} ({int(year)})"


def result_texts(row, lang: str = "vi") -> dict[str, str]:
    """One results_frame row (a dict or a pandas Series) in words, keyed by its columns:
    target, annual_growth_pct, median, range80, range95, reached, probability, verdict,
    record_last, record_avg5, record_best, record_worst."""
    get = row.get
    return {
        "target": target_text(get("target"), get("unit"), get("kind"), get("direction"), lang),
        "annual_growth_pct": growth_text(get("annual_growth_pct"), lang),
        "median": value_text(get("median"), lang),
        "range80": NONE if _missing(get("low80")) else
        fmt.number_range(get("low80"), get("high80"), lang),
        "range95": NONE if _missing(get("low95")) else
        fmt.number_range(get("low95"), get("high95"), lang),
        "reached": value_text(get("reached"), lang),
        "probability": probability_text(get("probability"), lang),
        "verdict": verdict_text(get("verdict"), lang),
        "record_last": growth_text(get("record_last"), lang),
        "record_avg5": growth_text(get("record_avg5"), lang),
        "record_best": with_year(get("record_best"), get("record_best_year"), lang),
        "record_worst": with_year(get("record_worst"), get("record_worst_year"), lang),
    }
