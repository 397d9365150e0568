"""Merged provinces in the app: the data page's merge section and the Overview of
the built-in merged Đắk Lắk."""

import pytest

from modules.data.dataset import load_builtin
from tests.app.helpers import DATA_PAGE, button, plain, run_app

COLUMNS = ["indicator", "year", "value", "unit", "price_basis", "coverage", "status", "flags",
           "source", "note"]


def csv_of(dataset_id: str) -> bytes:
    return load_builtin(dataset_id).observations.reindex(columns=COLUMNS).to_csv(
        index=False).encode()


@pytest.mark.parametrize("lang, heading, summed", [
    ("vi", "Tỉnh mới gộp từ các tỉnh cũ", "2005–2016: cộng Đắk Lắk + Phú Yên"),
    ("en", "A province merged from former provinces", "2005–2016: sum of Đắk Lắk + Phú Yên")])
def test_the_overview_of_the_merged_province_says_which_years_are_sums(lang, heading, summed):
    at = run_app(lang=lang, dataset="daklak_merged")
    assert any(heading in plain(s.value) for s in at.subheader)
    said = " ".join(plain(m.value) for m in at.markdown)
    assert summed in said
    assert ("2020–2024: thiếu số của Phú Yên" if lang == "vi"
            else "2020–2024: no figure of Phú Yên") in said
    # the merged province's own 2026 targets are the default year's
    assert any("2026" in plain(s.value) for s in at.subheader)


def test_the_data_page_merges_two_files_and_offers_the_result():
    at = run_app(DATA_PAGE, lang="en")
    at.file_uploader[1].set_value([("daklak.csv", csv_of("daklak_2025"), "text/csv"),
                                   ("phuyen.csv", csv_of("phuyen"), "text/csv")])
    at.run()
    assert not at.exception, at.exception
    assert any("Merged into" in plain(s.value) for s in at.success)
    account = next(d.value for d in at.dataframe if "Years" in d.value.columns)
    assert "2005–2016" in set(account["Years"])
    assert any("sum of daklak + phuyen" in text for text in account["What the merge did"])
    button(at, "Use the merged dataset").click()
    at.run()
    assert at.session_state["dataset"].startswith("session:")


def test_the_data_page_refuses_the_same_file_twice_with_a_message():
    at = run_app(DATA_PAGE, lang="en")
    at.file_uploader[1].set_value([("a.csv", csv_of("phuyen"), "text/csv"),
                                   ("b.csv", csv_of("phuyen"), "text/csv")])
    at.run()
    assert not at.exception, at.exception
    assert any("The merge is refused" in plain(e.value) for e in at.error)
    report = next(d.value for d in at.dataframe if "What is wrong" in d.value.columns)
    assert any("not added twice" in m for m in report["What is wrong"])
