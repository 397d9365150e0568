"""All user-facing text, one TOML file per language in modules/locales/.

Keys are dotted paths ("problem.bad_year"). A missing key in English falls back to
Vietnamese and vice versa, and a test pins that both files have the same keys.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
_LOCALES = Path(__file__).with_name("locales")


@cache
def texts(lang: str) -> dict[str, str]:
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


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params) -> str:
    """The text for `key` in `lang`, with {placeholders} filled in."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    template = texts(lang).get(key)
    if template is None:
        other = "en" if lang == "vi" else "vi"
        template = texts(other).get(key, key)
    return template.format(**params) if params else template
