"""Fixtures for the end-to-end tests: one Streamlit server and one headless Chromium per worker.

Each pytest(-xdist) worker starts its own server on its own free port, so `pytest -n 2` works.
Debian's Chromium is used as is (never `playwright install`). The servers, the browser and
`settle` are tests/harness.py's, shared with the benchmarks.

Also the page helpers shared by the e2e modules. Dataframes are drawn by glide-data-grid on a
canvas. Underneath the canvas it keeps an accessible `<table role=grid>` whose
`td[role=gridcell]` hold the cell text (ids `glide-cell-<col>-<row>`, `aria-selected="true"` on
the selected cell). It is virtualised (only the columns in view are there) and its ids repeat
between dataframes, so cells are always read inside one `stDataFrame`, by column header text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.harness import CHROMIUM, AppServer, chromium_missing, launch_chromium


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = chromium_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def app_url(chromium_path, tmp_path_factory) -> str:
    """Start the app as `make app` does on a free port; yield its base URL."""
    with AppServer(tmp_path_factory.mktemp("streamlit")) as server:
        yield server.url


class OwnServer:
    """A server of one test's own, which the test may stop and start again (on the same
    database file, say); whatever still runs is stopped when the test ends."""

    def __init__(self, folder: Path):
        self.folder, self.server = folder, None

    def start(self, database: Path) -> str:
        self.stop()
        self.server = AppServer(self.folder, database=database)
        return self.server.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            assert self.server.process.poll() is not None, "streamlit did not stop"
            self.server = None


@pytest.fixture
def own_server(chromium_path, tmp_path_factory):
    server = OwnServer(tmp_path_factory.mktemp("own-streamlit"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh browser context (hence a fresh Streamlit session) per test."""
    context = browser.new_context(viewport={"width": 1600, "height": 1200})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# --- page helpers shared by the e2e modules ------------------------------------------------

RETAIL = "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"
OFFICIAL = ("Chỉ số sản xuất công nghiệp (IIP)", RETAIL, "Kim ngạch xuất khẩu",
            "Kim ngạch nhập khẩu")
VERDICTS = ("Rất có khả năng đạt", "Có khả năng đạt", "Khả năng ngang nhau", "Thách thức",
            "Rất khó đạt")
PROBABILITY = re.compile(r"^(<1%|>99%|\d{1,2}%)$")


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    assert "Traceback" not in page.locator("[data-testid=stApp]").inner_text()


def dataframe_with_column(page, header: str):
    """The stDataFrame whose accessible table has a column headed `header`."""
    frame = page.locator("[data-testid=stDataFrame]").filter(
        has=page.locator("th[role=columnheader]", has_text=re.compile(f"^{re.escape(header)}$")))
    frame.locator("td[role=gridcell]").first.wait_for(state="attached")
    return frame


def read_rows(frame) -> list[dict[str, str]]:
    """The rows of a dataframe as {header: text}, from its accessible table."""
    return frame.locator("table[role=grid]").evaluate("""table => {
        const headers = {};
        for (const th of table.querySelectorAll('thead th[role=columnheader]'))
            headers[th.getAttribute('aria-colindex')] = th.textContent.trim();
        return [...table.querySelectorAll('tbody tr[role=row]')].map(tr => {
            const row = {};
            for (const td of tr.querySelectorAll('td[role=gridcell]'))
                row[headers[td.getAttribute('aria-colindex')]] = td.textContent.trim();
            return row;
        });
    }""")


def text_table_rows(page, index_name: str) -> list[dict[str, str]]:
    """The rows of the st.table whose row labels are headed (or named) `index_name`, as
    {header: text}, the row label under `index_name`."""
    table = page.locator("[data-testid=stTable] table").filter(has_text=index_name).first
    table.wait_for()
    return table.evaluate("""(table, name) => {
        const heads = [...table.querySelectorAll('thead tr:last-child th')]
            .map(th => th.textContent.trim());
        return [...table.querySelectorAll('tbody tr')].map(tr => {
            const cells = [...tr.querySelectorAll('th, td')].map(c => c.textContent.trim());
            const names = heads.length === cells.length ? heads : [name, ...heads];
            const row = {};
            names.forEach((h, i) => { row[h || name] = cells[i]; });
            return row;
        });
    }""", index_name)


def by_indicator(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["Chỉ tiêu"]: row for row in rows}


def cell(frame, indicator: str, header: str):
    """The accessible cell in the row of `indicator` under column `header` (re-resolved on use)."""
    column = frame.locator("th[role=columnheader]",
                           has_text=re.compile(f"^{re.escape(header)}$"))
    index = column.get_attribute("aria-colindex")
    row = frame.locator("tbody tr[role=row]").filter(
        has=frame.page.locator("td[aria-colindex='1']", has_text=re.compile(
            f"^{re.escape(indicator)}$")))
    return row.locator(f"td[role=gridcell][aria-colindex='{index}']")


def target_box(page, indicator_name: str, label: str):
    """The target page's box whose label starts with `label` ("Mục tiêu", "Tăng so với năm gốc",
    "Loại mục tiêu") in the row of `indicator_name`."""
    row = (page.locator("[data-testid=stHorizontalBlock]").filter(has_text=indicator_name)
           .filter(has=page.locator("[data-testid=stTextInput]")))
    return row.get_by_label(re.compile("^" + re.escape(label)))


def type_target(page, indicator_name: str, label: str, text: str) -> None:
    """Type `text` into a target box and commit it with Enter, as a user does."""
    box = target_box(page, indicator_name, label)
    box.scroll_into_view_if_needed()
    box.fill(text)
    box.press("Enter")
