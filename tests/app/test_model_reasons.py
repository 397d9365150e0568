"""A model that cannot run on several series is said once, naming them (item 9):
no sentence per series, no stray '2.;' where sentences were joined."""

from __future__ import annotations

import pytest

from tests.app.helpers import TARGETS_PAGE, run_app


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "không chạy được với 4 chỉ tiêu: cần ít nhất 8 năm số liệu dùng được, mà "
           "Chỉ số sản xuất công nghiệp (IIP) có 2, Tổng mức bán lẻ hàng hóa và doanh thu "
           "dịch vụ tiêu dùng có 2, Kim ngạch xuất khẩu có 1, Kim ngạch nhập khẩu có 1."),
    ("en", "cannot run on 4 indicators: it needs at least 8 usable years of data, and ")])
def test_arima_on_short_series_is_one_message_naming_them(lang, expected):
    at = run_app(TARGETS_PAGE, lang=lang)
    at.selectbox(key=f"model@{lang}").set_value("arima").run()
    main = [w.value for w in at.main.warning if "ARIMA" in w.value]
    side = [w.value for w in at.sidebar.warning if "ARIMA" in w.value]
    assert len(main) == 1 and len(side) == 1, (main, side)
    assert expected in main[0] and main[0] == side[0]
    assert not [w.value for w in at.warning if ".;" in w.value]
