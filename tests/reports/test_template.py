"""The data template in the UI language: downloaded, filled in with the allowed values
its own sheet lists, and read back by the one reader into the right series."""

import io

import pytest
from openpyxl import load_workbook

from modules.data.dataset import load_builtin, load_file
from modules.reports.template import template_csv, template_xlsx
from modules.text.i18n import t

CODES = {"retail_sales", "billion VND", "current", "gso", "estimate", "final", "n/a",
         "million USD", "% yoy"}


def sheets(lang: str) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(template_xlsx(lang)))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}


def allowed(lang: str, column: str) -> list[str]:
    """The allowed values of one column, as the template's own sheet lists them."""
    rows = sheets(lang)[t("template.allowed_sheet", lang)]
    return [value for header, value, _ in rows[1:] if header == t(f"template.{column}", lang)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_template_is_written_in_the_ui_language(lang):
    data = sheets(lang)[t("template.sheet", lang)]
    header, rows = data[0], data[1:]
    assert header[:3] == [t("template.indicator", lang), t("template.year", lang),
                          t("template.value", lang)]
    cells = {str(c) for row in rows for c in row if c is not None}
    retail = load_builtin("daklak").observations.query("indicator == 'retail_sales'")
    assert not cells & set(retail["note"])  # the collector's English notes are not copied
    if lang == "vi":
        assert not cells & CODES
        assert {"Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "tỷ đồng",
                "giá hiện hành", "ước tính"} <= cells
        assert "Bài báo ngày 04/01/2022 (bản lưu kèm bộ số liệu)" in cells  # not a file name
    else:
        assert {"Retail sales of goods and consumer services", "bn VND", "current prices",
                "estimate"} <= cells
        assert not cells & {"retail_sales", "billion VND", "current", "gso"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_allowed_values_sheet_lists_names_units_statuses_and_price_bases(lang):
    names = allowed(lang, "indicator")
    assert t("template.allowed_sheet", lang) in sheets(lang)
    assert "Chỉ số sản xuất công nghiệp (IIP)" in names if lang == "vi" else \
        "Industrial production index (IIP)" in names
    assert set(("tỷ đồng", "triệu USD", "% so với năm trước") if lang == "vi" else
               ("bn VND", "M USD", "% year on year")) <= set(allowed(lang, "unit"))
    assert {t(f"status.{s}", lang) for s in ("final", "estimate", "alternative")} == \
        set(allowed(lang, "status"))
    assert t("price_basis.current", lang) in allowed(lang, "price_basis")
    if lang == "vi":
        listed = {v for c in ("indicator", "unit", "status", "price_basis")
                  for v in allowed(lang, c)}
        assert not listed & CODES


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_allowed_value_is_read_back_as_its_code(lang):
    """One row per allowed value (as the sheet writes it): the reader gives the code."""
    from modules.data.catalogue import CATALOGUE
    from modules.data.dataset import FLAGS
    from modules.reports.template import PRICE_BASES
    h = lambda c: t(f"template.{c}", lang)
    lines = [",".join([h("indicator"), h("year"), h("value"), h("unit"), h("price_basis"),
                       h("status"), h("flags")])]
    names = allowed(lang, "indicator")
    units = allowed(lang, "unit")[:6]  # the amounts
    bases = [b for b in allowed(lang, "price_basis") if "<" not in b]
    statuses, flags = allowed(lang, "status"), allowed(lang, "flags")
    for i, name in enumerate(names):
        kind = CATALOGUE[next(k for k, v in CATALOGUE.items() if v.name(lang) == name)].kind
        unit = units[i % len(units)] if kind == "level" else "%"
        lines.append(f'"{name}",{2000 + i},5,{unit},{bases[i % len(bases)]},'
                     f'{statuses[i % 2]},{flags[i % len(flags)]}')
    data = load_file(("\n".join(lines) + "\n").encode(), "all.csv")
    rows = data.observations
    assert rows["indicator"].tolist() == list(CATALOGUE)
    assert set(rows["unit"]) <= {"billion VND", "trillion VND", "million VND", "million USD",
                                 "billion USD", "thousand USD", "%"}
    assert set(rows["price_basis"]) == set(PRICE_BASES)
    assert set(rows["status"]) == {"final", "estimate"}
    assert set(rows["flags"]) == set(FLAGS) - {"medium_term"}
    # catalogue names in the UI language: the report has no note "X is read as X"
    assert not [p for p in data.problems if p.tells(lang) and p.code == "indicator_mapped"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_filled_template_reads_back_the_right_series(lang, kind):
    """Filled in as a planner would (names, units, statuses and price bases copied from the
    allowed values): each series is the built-in one, with its codes."""
    daklak = load_builtin("daklak")
    iip, exports = allowed(lang, "indicator")[0], allowed(lang, "indicator")[3]
    final = t("status.final", lang)
    estimate = t("status.estimate", lang)
    added = [(iip, 2020, 7.9, "%", t("price_basis.constant_2010", lang), final),
             (iip, 2021, 14.8, "%", t("price_basis.unspecified", lang), estimate),
             (exports, 2021, 1136, t("unit.million USD", lang), t("price_basis.n/a", lang),
              estimate)]
    if kind == "xlsx":
        book = load_workbook(io.BytesIO(template_xlsx(lang)))
        sheet = book[t("template.sheet", lang)]
        for name, year, value, unit, basis, status in added:
            sheet.append([name, year, value, unit, basis, "", status])
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    else:
        text = template_csv(lang).decode("utf-8-sig")
        text += "".join(f'"{n}",{y},"{str(v).replace(".", "," if lang == "vi" else ".")}",'
                        f'{u},{b},,{s},,,\n' for n, y, v, u, b, s in added)
        content = text.encode()
    data = load_file(content, f"mau.{kind}")
    assert set(data.indicators) == {"retail_sales", "industrial_production_index", "exports"}
    retail = data.series("retail_sales")
    assert retail.values.tolist() == [83500.0, 85873.0]
    builtin = daklak.series("retail_sales")
    assert retail.values.tolist() == [v for y, v in zip(builtin.years, builtin.values)
                                      if y in (2020, 2021)]
    assert retail.unit == daklak.series("retail_sales").unit == "billion VND"
    assert retail.price_basis == "current"
    rows = data.observations.set_index(["indicator", "year"])
    assert rows.loc[("retail_sales", 2020), "coverage"] == "gso"
    assert rows.loc[("retail_sales", 2020), "status"] == "estimate"
    assert rows.loc[("industrial_production_index", 2020), "price_basis"] == "constant_2010"
    assert rows.loc[("industrial_production_index", 2021), "price_basis"] == "unspecified"
    assert rows.loc[("exports", 2021), "unit"] == "million USD"
    assert rows.loc[("exports", 2021), "price_basis"] == "n/a"
    assert data.series("industrial_production_index").values.tolist() == [7.9, 14.8]
    assert data.series("exports").values.tolist() == [1136.0]
    assert not [p for p in data.problems if p.severity == "error"]
    assert not [p for p in data.problems if p.code == "indicator_mapped" and p.tells(lang)]


@pytest.mark.parametrize("written", ["giá so sánh 2015", "Giá so sánh năm 2015",
                                     "constant 2015 prices", "constant_2015"])
def test_another_base_year_is_read_and_shown_in_words(written):
    from modules.data.reader import price_basis_code
    from modules.text.i18n import price_basis_name
    assert price_basis_code(written) == "constant_2015"
    assert price_basis_name("constant_2015", "vi") == "giá so sánh 2015"
    assert price_basis_name("constant_2015", "en") == "constant 2015 prices"
    data = load_file(f"Chỉ tiêu,Năm,Giá trị,Loại giá\nXuất khẩu,2021,5,{written}\n".encode(),
                     "a.csv")
    assert data.observations["price_basis"].tolist() == ["constant_2015"]
