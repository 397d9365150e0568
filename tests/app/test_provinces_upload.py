"""A table by province uploaded on the data page: the area is picked, then used."""

from pathlib import Path

from tests.app.helpers import DATA_PAGE, OVERVIEW_PAGE, button, run_app

RETAIL = (Path(__file__).resolve().parents[2] / "data" / "gso_provinces"
          / "Retail sales of goods and services at current prices by province.csv")


def test_a_table_by_province_is_read_and_one_area_is_used():
    at = run_app(DATA_PAGE)
    at.file_uploader[0].set_value((RETAIL.name, RETAIL.read_bytes(), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    (picker,) = [s for s in at.selectbox if s.label == "Địa bàn trong bảng"]
    assert picker.options[0] == "Hà Nội" and "Đắk Lắk" in picker.options
    assert "Tây Nguyên (vùng: số tổng hợp, không phải một tỉnh)" in picker.options
    assert len(picker.options) == 71  # 63 provinces, Hà Tây, 6 regions, the country
    picker.set_value("dak_lak")
    at.run()
    assert not at.exception, at.exception
    report = " ".join(" ".join(map(str, d.value.to_numpy().ravel())) for d in at.dataframe)
    assert "1995–2003" in report and "22/2003/QH11" in report  # the territory note is shown
    button(at, "Dùng bộ số liệu này").click()
    at.run()
    assert at.session_state["dataset"].endswith("— Đắk Lắk")
    at.switch_page(OVERVIEW_PAGE)
    at.run()
    assert not at.exception, at.exception
