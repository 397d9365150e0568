"""User text from a file shown as text in a real Chromium (item 2): an uploaded
file's name, indicator name, unit and price basis reach the overview, the target page and the
planning page as the characters typed: no link, no image, no formula, no colour, no
zero-width character inserted (a copied name equals the real one)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception
from tests.e2e.test_workflows import TIMEOUT_MS, go_to
from tests.harness import settle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NAME = "Doanh thu [mở](http://evil.example/n) :red[đỏ] $x^2$"
UNIT = "tỷ đồng ![ảnh](http://evil.example/p.png) www.evil.example"
BASIS = "giá [x](http://2130706433:8080/b) a@evil.example :blue[xanh]"
FILE = "kế hoạch [tải](www.evil.example)"


def _hostile_csv(tmp_path):
    path = tmp_path / f"{FILE}.csv"
    rows = [f'"{name}",{year},{1000 + 90 * i},"{UNIT}",final,"{BASIS}"'
            for name in (NAME, "retail_sales") for i, year in enumerate(range(2013, 2022))]
    path.write_text("indicator,year,value,unit,status,price_basis\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def _shown_as_text(page, where: str) -> str:
    """Assert the page holds no markup made from the file, and return its text."""
    main = page.get_by_test_id("stApp")
    hrefs = main.locator("a[href]").evaluate_all(
        "links => links.filter(a => a.origin !== location.origin).map(a => a.href)")
    assert not [h for h in hrefs if "evil" in h or "2130706433" in h], (where, hrefs)
    sources = main.locator("img").evaluate_all("images => images.map(i => i.src)")
    assert not [s for s in sources if "evil" in s], (where, sources)
    assert main.locator(".katex").count() == 0, where
    text = main.inner_text()
    assert "\u200b" not in text and "\u2060" not in text, where
    return text


def test_file_texts_are_shown_as_typed_on_every_page(page, app_url, tmp_path):
    expect.set_options(timeout=TIMEOUT_MS)
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url + "/data")
    settle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(
        _hostile_csv(tmp_path))
    expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible()
    settle(page)
    page.get_by_role("button", name="Dùng bộ số liệu này").click()
    settle(page)
    assert FILE in _shown_as_text(page, "data")

    go_to(page, "Tổng quan")
    text = _shown_as_text(page, "overview")
    assert UNIT in text, text[-3000:]  # retail's unit as typed (a headline indicator)
    go_to(page, "Kiểm tra mục tiêu")
    page.get_by_text("Mục tiêu (" + UNIT, exact=False).first.wait_for()
    text = _shown_as_text(page, "targets")
    assert NAME in text and f"Mục tiêu ({UNIT})" in text, text
    assert_no_exception(page)
    go_to(page, "Lập kế hoạch")
    _shown_as_text(page, "planning")
    assert_no_exception(page)
