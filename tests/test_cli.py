import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from modules.cli import main
from tests.conftest import ROOT

HISTORY = "indicator,year,value\n" + "".join(
    f"sales,{2010 + i},{100 * 1.07 ** i * (1 + 0.02 * (-1) ** i):.2f}\n" for i in range(12)) + \
    "iip,2019,9.1\niip,2020,3.3\niip,2021,4.8\n"


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def check(data, targets, capsys):
    """`khathi check`, which must succeed, as a table."""
    code, out, err = run(["check", data, "--targets", targets], capsys)
    assert code == 0, err
    return pd.read_csv(io.StringIO(out))


def test_forecast_writes_the_contract_columns(write, capsys):
    path = write("h.csv", HISTORY)
    code, out, _ = run(["forecast", path, "--horizon", "3", "--level", "80", "95"], capsys)
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == ["indicator", "year", "model", "point", "lower_80",
                                   "upper_80", "lower_95", "upper_95"]
    assert len(table) == 6 and set(table["year"]) == {2022, 2023, 2024}
    assert (table["lower_95"] <= table["lower_80"]).all()
    assert (table["lower_80"] <= table["point"]).all() and (table["point"] <= table["upper_80"]).all()


@pytest.mark.parametrize("model", ["naive", "drift", "loglinear", "damped", "arima", "theta"])
def test_forecast_with_each_named_model(write, capsys, tmp_path, model):
    path = write("h.csv", HISTORY.split("iip")[0])
    output = tmp_path / "out.csv"
    code, _, _ = run(["forecast", path, "--model", model, "--output", output], capsys)
    assert code == 0
    assert pd.read_csv(output)["model"].tolist() == [model]


def test_check_accepts_value_or_growth_and_gives_verdicts(write, capsys):
    data = write("h.csv", HISTORY)
    targets = write("t.csv", "indicator,year,target,growth_pct,direction\n"
                    "sales,2022,,5\nsales,2022,1000,,\nsales,2024,,0,at_most\niip,2022,12,,\n")
    table = check(data, targets, capsys)
    assert list(table.columns) == ["indicator", "year", "target", "implied_growth_pct", "point",
                                   "probability", "verdict"]
    assert table.loc[1, "verdict"] == "very_unlikely"  # 1000 from ~210
    assert table.loc[1, "probability"] < table.loc[0, "probability"]
    assert set(table["verdict"]) <= {"very_likely", "likely", "toss_up", "stretch",
                                     "very_unlikely"}
    last = 100 * 1.07 ** 11 * (1 + 0.02 * (-1) ** 11)
    assert table.loc[0, "target"] == pytest.approx(last * 1.05, rel=1e-3)


def test_check_refuses_bad_targets_with_row_numbers(write, capsys):
    data = write("h.csv", HISTORY)
    targets = write("t.csv", "indicator,year,target,growth_pct\nsales,2022,abc,\n"
                    "sales,2020,100,\nnothing,2022,5,\nsales,2022,,\n")
    code, _, err = run(["check", data, "--targets", targets, "--lang", "en"], capsys)
    assert code == 2
    assert "row 2" in err and "“abc” is not a number" in err
    assert "row 5" in err and "exactly one of target, growth_pct or avg_growth_pct" in err
    assert "Traceback" not in err


def test_check_refuses_past_years_and_unknown_indicators(write, capsys):
    data = write("h.csv", HISTORY)
    targets = write("t.csv", "indicator,year,target\nsales,2020,100\nnothing,2022,5\n")
    code, _, err = run(["check", data, "--targets", targets, "--lang", "en"], capsys)
    assert code == 2 and "not after the last data year (2021)" in err and "“nothing”" in err


def test_validate_summarises_or_lists_problems_in_the_chosen_language(write, capsys):
    good = write("good.csv", HISTORY)
    code, out, _ = run(["validate", good, "--lang", "en"], capsys)
    assert code == 0 and "2 indicators" in out and "2010–2021" in out
    bad = write("bad.csv", "year,sales\n2020,1\n2021,x\n20x1,3\n")
    code, _, err = run(["validate", bad], capsys)
    assert code == 2
    assert "bad.csv, dòng 3, cột “sales”: “x” không phải là số." in err
    assert "dòng 4" in err and "không phải là năm" in err


def test_validate_never_shows_a_traceback_for_junk(write, capsys):
    for name, content in [("z.xlsx", b"PK\x03\x04garbage"), ("e.csv", b""), ("b.csv", b"\x00" * 50)]:
        code, _, err = run(["validate", write(name, content)], capsys)
        assert code == 2 and "Traceback" not in err and err.strip()
    code, _, err = run(["validate", "/no/such/file.csv"], capsys)
    assert code == 2 and "không tìm thấy" in err


def test_hundreds_of_series_in_one_call(write, capsys):
    rng = np.random.default_rng(1)
    lines = ["indicator,year,value"]
    for k in range(300):
        level = 100.0
        for year in range(2005, 2022):
            level *= np.exp(rng.normal(0.05, 0.08))
            lines.append(f"s{k},{year},{level:.3f}")
    data = write("many.csv", "\n".join(lines) + "\n")
    code, out, _ = run(["forecast", data, "--model", "drift"], capsys)
    assert code == 0 and len(pd.read_csv(io.StringIO(out))) == 300


def test_installed_entry_points(write):
    data = write("h.csv", HISTORY)
    for command in ([sys.executable, "-m", "modules"], [str(ROOT / ".venv/bin/khathi")]):
        if not (ROOT / ".venv/bin/khathi").exists() and "khathi" in command[0]:
            pytest.fail("the khathi command is not installed")
        result = subprocess.run(command + ["validate", str(data), "--lang", "en"], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and "valid" in result.stdout


def test_suggest_fed_back_to_check_returns_the_chosen_probability(write, capsys, tmp_path):
    data = write("h.csv", HISTORY)
    suggestions = tmp_path / "s.csv"
    code, _, _ = run(["suggest", data, "--probability", "70", "--year", "2023",
                      "--output", suggestions], capsys)
    assert code == 0
    table = pd.read_csv(suggestions)
    assert list(table.columns) == ["indicator", "year", "target", "growth_pct"]
    assert set(table["year"]) == {2023}
    checked = check(data, suggestions, capsys)
    assert checked["probability"].tolist() == pytest.approx([0.7, 0.7], abs=1e-6)


def test_multi_year_target_as_average_annual_growth(write, capsys):
    data = write("h.csv", HISTORY)
    targets = write("t.csv", "indicator,year,avg_growth_pct,growth_pct\nsales,2025,7,\n"
                    "sales,2025,,31.079601\n")
    table = check(data, targets, capsys)
    assert table.loc[0, "implied_growth_pct"] == pytest.approx(100 * (1.07 ** 4 - 1))
    assert table.loc[0, "probability"] == pytest.approx(table.loc[1, "probability"], abs=1e-6)


def test_reference_file_widens_or_narrows_thin_series(write, capsys):
    thin = write("thin.csv", "indicator,year,value\nsales,2019,100\nsales,2020,104\nsales,2021,108\n")
    long = write("long.csv", HISTORY)
    _, alone, _ = run(["forecast", thin], capsys)
    _, borrowed, _ = run(["forecast", thin, "--reference", long], capsys)
    width = lambda out: (lambda row: row["upper_80"] / row["lower_80"])(
        pd.read_csv(io.StringIO(out)).iloc[0])
    assert width(alone) != pytest.approx(width(borrowed))


# --- one answer per question, bounded requests ----------------------------------------


def test_forecast_for_a_year_does_not_depend_on_the_horizon(write, capsys):
    path = write("h.csv", HISTORY)
    tables = {}
    for horizon in (1, 6):
        code, out, _ = run(["forecast", path, "--horizon", horizon], capsys)
        assert code == 0
        tables[horizon] = pd.read_csv(io.StringIO(out))
    shared = tables[6][tables[6]["year"] == 2022].reset_index(drop=True)
    pd.testing.assert_frame_equal(tables[1], shared)


def test_check_for_a_year_does_not_depend_on_other_rows(write, capsys):
    path = write("h.csv", HISTORY)
    alone = write("t1.csv", "indicator,year,target,growth_pct\nsales,2022,,5\n")
    more = write("t2.csv", "indicator,year,target,growth_pct\nsales,2022,,5\nsales,2030,,60\n")
    first, both = check(path, alone, capsys), check(path, more, capsys)
    pd.testing.assert_frame_equal(first, both.iloc[:1])


@pytest.mark.parametrize("argv,words", [
    (["forecast", "{h}", "--horizon", "31"], "30"),
    (["forecast", "{h}", "--horizon", "0"], "30"),
    (["suggest", "{h}", "--probability", "1e-300"], "0.1%"),
    (["suggest", "{h}", "--probability", "0.9999"], "99.9%"),
    (["suggest", "{h}", "--probability", "0.5", "--year", "99999999"], "99999999"),
    (["check", "{h}", "--targets", "{t}"], "20222"),
])
def test_requests_beyond_the_limits_are_refused_in_the_users_language(write, capsys, argv,
                                                                      words):
    h = write("h.csv", HISTORY)
    t = write("t.csv", "indicator,year,target\nsales,20222,100\n")
    argv = [a.format(h=h, t=t) for a in argv]
    code, out, err = run(argv + ["--lang", "en"], capsys)
    assert code == 2 and out == "" and words in err and "Traceback" not in err
    code, _, err_vi = run(argv, capsys)
    assert code == 2 and err_vi != err  # Vietnamese by default


def test_a_model_that_cannot_run_says_why_and_no_rows_exit_non_zero(write, capsys):
    path = write("h.csv", HISTORY.split("iip")[0])
    code, out, err = run(["forecast", path, "--model", "mean", "--lang", "en"], capsys)
    assert code == 1
    assert "growth rates" in err and "needs 1 consecutive" not in err
    assert len(pd.read_csv(io.StringIO(out))) == 0


def test_an_extreme_year_is_named_on_stderr(write, capsys):
    values = [100, 106, 111, 118, 122, 5000, 131, 137, 144, 150, 155]
    path = write("s.csv", "indicator,year,value\n" + "".join(
        f"imports,{2011 + i},{v}\n" for i, v in enumerate(values)))
    code, out, err = run(["forecast", path, "--lang", "en"], capsys)
    assert code == 0 and "2016" in err
    row = pd.read_csv(io.StringIO(out)).iloc[0]
    assert 100 < row["lower_95"] and row["upper_95"] < 250
