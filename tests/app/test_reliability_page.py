"""The reliability page, the CLI's `khathi record` and the PDF briefing show one record
(planning.record), and the target page shows its line beside the verdicts."""

import io
import json
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from modules.cli import main
from modules.data.dataset import load_builtin
from modules.planning.record import VERDICTS, class_line, replay, scores
from modules.planning.scenarios import Scenario, evaluate_scenario
from modules.planning.targets import plan_targets
from modules.reports.briefing import Evaluated, pdf
from modules.ui import cache
from tests.app.helpers import RELIABILITY_PAGE, TARGETS_PAGE, plain, run_app

COUNT = re.compile(r"(\d+)/(\d+) mục tiêu")


@pytest.fixture(scope="module")
def replayed():
    return replay()


def _classes(at) -> str:
    """The page's per-class sentences (a Markdown list)."""
    return next(m.value for m in at.markdown if m.value.startswith("- "))


def _page_counts(at) -> dict[str, tuple[int, int]]:
    """{verdict name: (met, n)} from the page's per-class sentences (Vietnamese)."""
    found = {}
    for line in _classes(at).splitlines():
        name = re.search(r"“(.+?)”", line)
        count = COUNT.search(line)
        if name and count:
            found[name.group(1)] = (int(count.group(1)), int(count.group(2)))
    return found


def test_the_page_shows_every_replayed_target_and_the_scores(replayed):
    at = run_app(RELIABILITY_PAGE)
    assert at.title[0].value == "Độ tin cậy của Khả thi"
    tables = [t.value for t in at.table[2:]]  # every target, as text, one table per dataset
    table = pd.concat(tables)
    table.columns = [plain(c) for c in table.columns]
    assert len(table) == len(replayed) > 20
    assert sorted(table.index) == sorted(replayed["year"].astype(str))
    first = table.iloc[0]  # exports 2001: "+14–16%" judged by its floor, missed
    assert plain(first["Mục tiêu"]) == "≥ 16,3 tỷ USD (+14,0%)¹"  # ¹ a range
    assert plain(first["Khả thi đã nói (xác suất)"]) == "Thách thức (19%)"
    assert plain(first["Kết quả"]) == "15,1: không đạt"
    found = scores(replayed)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Điểm Brier của Khả thi"] == f"{found.brier:.2f}".replace(".", ",")
    assert metrics["Tung đồng xu (luôn nói 50%)"] == "0,25"
    assert any(label.startswith("Luôn nói ") for label in metrics)
    chart = (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))[0]
    axes = [layer["encoding"]["x"]["axis"]["title"] for layer in json.loads(
        chart.proto.spec)["layer"]]
    assert set(axes) == {"Khả thi đã nói (trung bình)"}
    assert "Theo chỉ tiêu" in [s.value for s in at.subheader]
    legend = " ".join(plain(c.value) for c in at.caption)
    assert "¹ mục tiêu là một khoảng: xét theo mức thấp" in legend
    assert "³ kết quả là “hơn X”: xét theo X" in legend
    assert any(plain(v).endswith("đạt³") for v in table["Kết quả"])  # exports 2012, 2021


def test_the_page_in_english():
    at = run_app(RELIABILITY_PAGE, lang="en")
    assert at.title[0].value == "How reliable is Khả thi"
    assert _classes(at).startswith("- When Khả thi said “")
    assert "Khả thi said (probability)" in [plain(c) for c in at.table[-1].value.columns]
    outcomes = [plain(v) for table in at.table[2:] for v in table.value.iloc[:, -1]]
    assert any(v.endswith(": met") for v in outcomes)
    assert any(": missed" in v for v in outcomes)


def test_page_cli_and_briefing_show_the_same_record(replayed, capsys):
    found = scores(replayed)
    # the page
    page = _page_counts(run_app(RELIABILITY_PAGE))
    from modules.text.i18n import t
    expected = {t(f"verdict.{v}", "vi"): (c.met, c.n) for v, c in found.classes.items() if c.n}
    assert page == expected
    # the command line: the same table, the same sentences on stderr
    assert main(["record"]) == 0
    out, err = capsys.readouterr()
    cli = pd.read_csv(io.StringIO(out))
    assert len(cli) == len(replayed)
    assert cli["probability"].tolist() == pytest.approx(replayed["probability"].tolist())
    assert cli["met"].tolist() == replayed["met"].tolist()
    for verdict in VERDICTS:
        assert class_line(found, verdict, "vi") in err
    # the briefing: the line for the table's verdict classes
    daklak = load_builtin("daklak")
    official = Scenario.from_table("Kế hoạch", "daklak", 2022, "auto", plan_targets(daklak, 2022))
    results = evaluate_scenario(official, daklak)
    text = " ".join(PdfReader(io.BytesIO(pdf([Evaluated(official, daklak, results)], "vi",
                                             record=found))).pages[0].extract_text().split())
    for verdict in {r.assessment.verdict for r in results if r.assessment}:
        c = found.classes[verdict]
        name = t(f"verdict.{verdict}", "vi")
        assert (f"“{name}” {c.met}/{c.n}" in text if c.n else f"“{name}” chưa có" in text)


def test_the_target_page_shows_the_record_of_its_verdict_classes():
    cache.record("auto")  # as the warm-up does; the page itself never waits for it
    at = run_app(TARGETS_PAGE)
    lines = [c.value for c in at.caption if c.value.startswith("Khi Khả thi đánh giá")]
    assert lines, [c.value for c in at.caption]
    found = scores(cache.record("auto"))
    shown = lines[0].split("  \n")
    assert all(line in {class_line(found, v, "vi") for v in VERDICTS} for line in shown)
