"""All user-facing text, one TOML file per language in modules/locales/.

Keys are dotted paths ("problem.bad_year"). A missing key in English falls back to
Vietnamese and vice versa, and a test pins that both files have the same keys.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
_LOCALES = Path(__file__).with_name("locales")


@cache
def texts(lang: str) -> dict[str, str]:
    """Every text of locale `lang` ("vi" | "en") as {"section.key": text};
    FileNotFoundError for another language.
    """
    with open(_LOCALES / f"{lang}.toml", "rb") as handle:
        return _flatten(tomllib.load(handle))


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def t(key: str, lang: str = DEFAULT_LANGUAGE, default: str | None = None, **params) -> str:
    """The text for `key` in `lang`, with {placeholders} filled in; `default` (else the key
    itself) when neither language has it, e.g. a unit or a caveat the files do not name.
    With n=1, `key`_one when the language has it (English: "only 1 year of data")."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    other = "en" if lang == "vi" else "vi"
    template = texts(lang).get(key, texts(other).get(key))
    if params.get("n") == 1:  # a singular form where the language has one ("only 1 year")
        template = texts(lang).get(f"{key}_one", template)
    if template is None:
        return key if default is None else default
    return template.format(**params) if params else template


def unit_name(unit: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A unit as readers write it ("tỷ đồng"); an unknown unit as given."""
    return t(f"unit.{unit}", lang, default=unit)


def price_basis_name(basis: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A price basis in words ("current" -> "giá hiện hành", "constant_2015" -> "giá so sánh
    2015"); an unknown one as given."""
    found = re.fullmatch(r"constant_(\d{4})", str(basis))
    default = t("price_basis_of.constant", lang, year=found.group(1)) if found else str(basis)
    return t(f"price_basis.{basis}", lang, default=default)


def caveat(dataset_id: str, indicator_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a reader must know about this indicator in this dataset ("" when nothing)."""
    return t(f"caveat.{dataset_id}.{indicator_id}", lang, default="")
