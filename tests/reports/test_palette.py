"""One palette: every verdict has a colour; charts and the PDF take theirs from it."""

import pytest

from modules.planning.feasibility import VERDICT_BANDS
from modules.reports import briefing, charts, palette


def test_every_verdict_has_a_colour_and_the_pdf_uses_it():
    assert set(palette.VERDICT) == {name for name, _ in VERDICT_BANDS}
    assert briefing.VERDICT_RGB["very_unlikely"] == (192, 57, 43)
    assert charts.TARGET_COLOUR == palette.TARGET and charts.HISTORY_COLOUR == palette.HISTORY


def test_rgb():
    assert palette.rgb("#1f4e79") == (31, 78, 121)
    with pytest.raises(ValueError, match="#rrggbb"):
        palette.rgb("red")
