"""The product's colours, in one place: charts, the PDF briefing and the pages use these.

Colours are hex strings ("#rrggbb"); `rgb` converts one for fpdf2, which takes (r, g, b).
"""

from __future__ import annotations

HISTORY = "#1f4e79"   # observed values; also the PDF table headings
BAND = "#5b8cc4"      # the projection's median and its 80%/95% bands
TARGET = "#c0392b"    # the target point on a fan chart
MEDIAN = "#2f6db5"    # the projection's median (dashed)
BAND80 = "#9dbbe3"    # opaque tints of BAND, so that the legend shows what the chart shows
BAND95 = "#d5e3f4"
PATH = "#e67e22"      # a multi-year target's steady path
REGION = "#b7791f"    # a province's region beside it (compare with the provinces)
COUNTRY = "#6b6b6b"   # the whole country beside a province
OTHER_AREAS = "#b8c4d0"  # the other provinces, as dots of a rank strip
# the targets of compared scenarios on one chart, in scenario order (the first is TARGET)
SCENARIOS = (TARGET, "#7d3c98", PATH, "#117a65", "#5d6d7e", "#a04000")
CHANGED_ROW = "#fff3cd"  # a comparison row whose target or verdict differs between scenarios

# dark enough for white bold text on a badge (contrast ≥ 4.5:1 except "likely", ≥ 4:1)
VERDICT = {"very_likely": "#1e7b34", "likely": "#4f8f37", "toss_up": "#9a7400",
           "stretch": "#c25e12", "very_unlikely": "#c0392b"}


def rgb(colour: str) -> tuple[int, int, int]:
    """"#rrggbb" → (r, g, b), each 0–255. ValueError if `colour` is not of that form."""
    text = colour.removeprefix("#")
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
