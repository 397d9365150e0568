"""Compare with the provinces in a real Chromium: the Overview's expander
draws the two charts on every screen size without a horizontal scroll, in both languages,
and the target page gives the outside view of each target.

Screenshots: KHATHI_SHOTS=/some/folder keeps one per size and language.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_leader import SIZES, settle, shoot

pytestmark = pytest.mark.e2e

OPEN = {"vi": "So sánh Đắk Lắk với các tỉnh", "en": "Compare Đắk Lắk with the provinces"}
RANK = {"vi": "/63", "en": " of 63"}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_comparison_opens_and_fits_every_screen(browser, app_url, size, lang):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang={lang}")
        settle(page)
        page.get_by_text(OPEN[lang]).first.click()
        settle(page)
        charts = page.locator("[data-testid=stVegaLiteChart]")
        charts.nth(3).wait_for(timeout=60_000)  # retail and the index: growth and rank
        expander = page.locator("[data-testid=stExpander]").filter(has_text=OPEN[lang])
        expander.scroll_into_view_if_needed()
        text = expander.inner_text()
        assert RANK[lang] in text and ("Tây Nguyên" in text or "Central Highlands" in text)
        assert charts.count() == 4
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box and box["width"] <= width and box["height"] > 40, (i, box)
        expander.locator("[data-testid=stVegaLiteChart]").first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        shoot(page, f"compare-{size}-{lang}")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_target_page_gives_the_outside_view(browser, app_url, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/targets?lang={lang}")
        settle(page)
        heading = {"vi": "Góc nhìn bên ngoài", "en": "The outside view"}[lang]
        section = page.get_by_text(heading).first
        section.wait_for(timeout=60_000)
        section.scroll_into_view_if_needed()
        body = page.locator("[data-testid=stApp]").inner_text()
        assert ("tỉnh-năm" if lang == "vi" else "province-years") in body
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.wait_for_timeout(300)
        shoot(page, f"outside-view-phone-{lang}")
    finally:
        context.close()
