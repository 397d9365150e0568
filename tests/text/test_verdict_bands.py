"""The verdict bands are stated from VERDICT_BANDS, never typed by hand (item 6):
the table's help and the Methods page in both languages, and the README, give its limits."""

import re
from pathlib import Path

import pytest

from modules.planning import feasibility
from modules.planning.feasibility import VERDICT_BANDS, band_limits
from modules.text.i18n import t

ROOT = Path(__file__).resolve().parents[2]
LIMITS = [round(100 * limit) for _, limit in VERDICT_BANDS if limit > 0]


def _stated(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"(\d+)\s?%\)", text)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_help_and_the_methods_page_state_the_bands_limits(lang):
    help_text = t("targets.help_verdict", lang, **band_limits(lang))
    assert _stated(help_text) == LIMITS + LIMITS[-1:]  # "below 10%" closes the list
    body = t("methods.body", lang, **band_limits(lang))
    assert "{" not in body and all(f"{x}%" in body for x in LIMITS)


def test_a_changed_band_changes_what_the_pages_say(monkeypatch):
    monkeypatch.setattr(feasibility, "VERDICT_BANDS", (("very_likely", 0.85),
                                                       ("likely", 0.6), ("toss_up", 0.4),
                                                       ("stretch", 0.15), ("very_unlikely", 0)))
    assert _stated(t("targets.help_verdict", "en", **feasibility.band_limits("en"))) == \
        [85, 60, 40, 15, 15]


def test_the_readme_states_the_same_bands():
    line = re.search(r"Verdict bands on P\(reaching the target\):(.*?)\.", (
        ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    assert [int(x) for x in re.findall(r"[≥<] (\d+)%", line)] == LIMITS + LIMITS[-1:]
