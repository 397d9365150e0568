"""Compare with the provinces on the Overview and the target page."""

from modules.data.dataset import load_builtin_panel
from modules.planning.compare import compare, outside_view
from tests.app.helpers import TARGETS_PAGE, assert_clean, run_app


def _charts(at):
    return at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_the_overview_compares_dak_lak_with_its_region_and_the_country_when_opened():
    at = run_app()
    assert not _charts(at)  # drawn only when opened
    at.session_state["overview_provinces"] = True
    at.run()
    assert_clean(at)
    comparison = compare(load_builtin_panel("vietnam_provinces"), "dak_lak", "retail_sales", 2022)
    text = " ".join(m.value for m in at.markdown)
    assert f"Xếp hạng **{comparison.rank}/63** tỉnh" in text
    assert "Đắk Lắk +11,4% năm 2016, sơ bộ: Tây Nguyên +11,4%, cả nước +10,7%." in text
    assert len(_charts(at)) == 4  # retail and the index: growth lines and the rank strip
    captions = " ".join(c.value for c in at.caption)
    assert "không công bố chỉ số này theo vùng" in captions  # the index has no regional line
    assert "chỉ dùng các năm trước 2022" in captions


def test_the_comparison_speaks_english():
    at = run_app(lang="en")
    at.session_state["overview_provinces"] = True
    at.run()
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "Rank **" in text and " of 63** provinces by growth" in text
    assert "Central Highlands" in text


def test_the_national_dataset_has_no_province_comparison():
    at = run_app(dataset="vietnam")
    assert not [e for e in at.expander if "So sánh" in e.label and "tỉnh" in e.label]


def test_the_target_page_gives_the_outside_view_of_each_target():
    at = run_app(TARGETS_PAGE)
    assert_clean(at)
    (heading,) = [s for s in at.subheader if s.value.startswith("Góc nhìn bên ngoài")]
    lines = [m.value for m in at.markdown if "tỉnh-năm" in m.value]
    view = outside_view(load_builtin_panel("vietnam_provinces"), "industrial_production_index",
                        12.0, 2022)
    iip = [line for line in lines if "Chỉ số sản xuất công nghiệp" in line]
    assert iip and f"**{view.hits}/{view.cases}** tỉnh-năm" in iip[0] and "2012–2016" in iip[0]
    assert len(lines) == 2  # the index and retail; exports and imports are not in the panel


def test_the_outside_view_reads_a_year_with_its_space_in_english():
    """A level target's growth is per year: “+5.4% a year” (the space was stripped)."""
    at = run_app(TARGETS_PAGE, lang="en")
    retail = [m.value for m in at.markdown if "province-years" in m.value and "Retail" in m.value]
    assert retail and "% a year:" in retail[0], retail
