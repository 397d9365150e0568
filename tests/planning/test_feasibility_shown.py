"""The probability shown and its verdict band agree: a card never shows a
band's limit beside the band below it."""

import pytest

from modules.planning.feasibility import BAND_LIMITS, VERDICT_BANDS, probability_text, verdict
from modules.reports.briefing import shown


@pytest.mark.parametrize(("p", "text", "band"), [
    (0.896, "89%", "likely"), (0.8951, "89%", "likely"), (0.90, "90%", "very_likely"),
    (0.6499, "64%", "toss_up"), (0.65, "65%", "likely"), (0.3455, "34%", "stretch"),
    (0.0951, "9%", "very_unlikely"), (0.1685, "17%", "stretch"), (0.525, "53%", "toss_up"),
    (0.9999, ">99%", "very_likely"), (0.004, "<1%", "very_unlikely")])
def test_the_shown_percent_agrees_with_the_verdict(p, text, band):
    assert (probability_text(p, "vi"), verdict(p)) == (text, band)


def test_every_whole_percent_shown_lies_in_its_verdicts_band():
    limits = {name: 100 * limit for name, limit in VERDICT_BANDS}
    upper = dict(zip([n for n, _ in VERDICT_BANDS[1:]], [100 * x for _, x in VERDICT_BANDS]))
    for k in range(100_000):
        p = k / 100_000
        text = probability_text(p, "en")
        if text in (">99%", "<1%"):
            continue
        whole = int(text.rstrip("%"))
        band = verdict(p)
        assert limits[band] <= whole < upper.get(band, 101), (p, text, band)
    assert BAND_LIMITS == (0.90, 0.65, 0.35, 0.10)


def test_excel_cells_hold_the_probability_as_shown():
    assert shown(0.896) == 0.89 and shown(0.9) == 0.9 and shown(0.9999) == 0.9999
    assert shown(None) is None
