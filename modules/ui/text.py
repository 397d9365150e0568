"""Formatting shortcuts in the session's language (the one place pages get them from)."""

from __future__ import annotations

from modules.data.catalogue import indicator
from modules.text import fmt, i18n
from modules.text.i18n import t
from modules.ui.session import LANG


def lang() -> str:
    """The session's language code ("vi" or "en")."""
    return LANG.get()


def tr(key: str, **params) -> str:
    """The locale text `key` in the session's language, with `params` filled in."""
    return t(key, lang(), **params)


def indicator_name(indicator_id: str) -> str:
    return indicator(indicator_id).name(lang())


def unit_name(unit: str) -> str:
    return i18n.unit_name(unit, lang())


def number(value, decimals: int | None = None) -> str:
    """A number the session's way; without `decimals`, as many as its size needs."""
    if decimals is None:
        return fmt.smart_number(value, lang())
    return fmt.number(value, lang(), decimals)


def pct(value) -> str:
    """A signed percentage with one decimal ("+5,6%"), as growth rates are shown."""
    return fmt.percent(value, lang(), 1, signed=True)
