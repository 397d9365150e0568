"""The product's colours, in one place: charts, the PDF briefing and the pages use these.

Colours are hex strings ("#rrggbb"); `rgb` converts one for fpdf2, which takes (r, g, b).
"""

from __future__ import annotations

HISTORY = "#1f4e79"   # observed values; also the PDF table headings
BAND = "#5b8cc4"      # the projection's median and its 80%/95% bands
TARGET = "#c0392b"    # the target point on a fan chart
CHANGED_ROW = "#fff3cd"  # a comparison row whose target or verdict differs between scenarios

VERDICT = {"very_likely": "#1e7b34", "likely": "#5fa845", "toss_up": "#d4a017",
           "stretch": "#e07b24", "very_unlikely": "#c0392b"}


def rgb(colour: str) -> tuple[int, int, int]:
    """"#rrggbb" → (r, g, b), each 0–255. ValueError if `colour` is not of that form."""
    text = colour.removeprefix("#")
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
