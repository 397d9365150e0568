"""With the database down every page still works on built-in data, with a short message and
no connection details (item 10)."""

from tests.app.helpers import (
    DATA_PAGE,
    OVERVIEW_PAGE,
    PLANNING_PAGE,
    SCENARIOS_PAGE,
    TARGETS_PAGE,
    button,
    run_app,
)
from tests.harness import free_port


def page_text(at) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "warning", "error",
                                               "info", "success", "title")
                    for e in getattr(at, kind))


def test_every_page_works_with_the_database_down(monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setenv("KHATHI_DATABASE_URL",
                       f"postgresql+psycopg://secretuser:pw@127.0.0.1:{port}/secretdb")
    at = run_app()
    for page in (OVERVIEW_PAGE, TARGETS_PAGE, PLANNING_PAGE, SCENARIOS_PAGE, DATA_PAGE):
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, at.exception)
        shown = page_text(at) + " ".join(w.value for w in at.sidebar.warning)
        assert "cơ sở dữ liệu" in shown.lower() or "lưu trữ" in shown.lower(), page
        for secret in ("secretuser", "secretdb", str(port), "psycopg"):
            assert secret not in shown, (page, secret)
    at.text_input[0].set_value("Đắk Lắk bản làm việc")  # saving says why it cannot
    button(at, "Lưu").click()
    at.run()
    assert not at.exception, at.exception
    assert at.error and all("secretdb" not in e.value for e in at.error)
