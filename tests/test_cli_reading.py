"""The command line reads its files and arguments as documented."""

from __future__ import annotations

import io
import os

import pandas as pd
import pytest

from modules.cli import main
from modules.data import reader
from modules.data.problems import InputError

HISTORY = "indicator,year,value\n" + "".join(
    f"retail_sales,{2010 + i},{60000 * 1.07 ** i:.0f}\n" for i in range(12)) + \
    "".join(f"industrial_production_index,{2012 + i},{v}\n"
            for i, v in enumerate([7.9, 8.2, 9.1, 6.5, 7.4, 8.8, 9.3, 7.2, 5.1, 7.9]))


def run(argv, capsys):
    capsys.readouterr()
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_vietnamese_targets_file_is_read_the_vietnamese_way(write, capsys):
    """90.500 beside 5,4 is ninety thousand five hundred, not 90.5 (P = 1, −99.9%)."""
    data = write("h.csv", HISTORY)
    targets = write("t.csv", "indicator,year,target,growth_pct\nretail_sales,2022,90.500,\n"
                    "Chỉ số sản xuất công nghiệp (IIP),2022,,\"5,4\"\n")
    code, out, err = run(["check", data, "--targets", targets, "--lang", "en"], capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table.loc[0, "target"] == 90500
    assert table.loc[0, "implied_growth_pct"] > -50
    assert table.loc[1, "indicator"] == "industrial_production_index"
    assert table.loc[1, "target"] == pytest.approx(5.4)


def test_targets_from_a_workbook_keep_their_numbers(tmp_path, write, capsys):
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["indicator", "year", "target", "growth_pct"])
    book.active.append(["retail_sales", 2022, 90500.0, None])
    book.active.append(["Exports", 2022, None, 5.0])
    path = tmp_path / "t.xlsx"
    book.save(path)
    data = write("h.csv", HISTORY + "".join(f"exports,{2017 + i},{v}\n" for i, v in
                                            enumerate([0.735, 0.765, 0.801, 0.95, 1.136])))
    code, out, err = run(["check", data, "--targets", path], capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table["target"].tolist()[0] == 90500
    assert table.loc[1, "target"] == pytest.approx(1.136 * 1.05)


def test_impossible_targets_are_refused_and_far_ones_warned(write, capsys):
    data = write("h.csv", HISTORY)
    far = write("far.csv", "indicator,year,target\nretail_sales,2022,990000\n")
    code, out, err = run(["check", data, "--targets", far, "--lang", "en"], capsys)
    assert code == 0 and "times the base year" in err and "Warning: " in err
    for row in ("retail_sales,2022,,-150", "industrial_production_index,2022,,-100"):
        bad = write("bad.csv", "indicator,year,target,growth_pct\n" + row + "\n")
        code, out, err = run(["check", data, "--targets", bad, "--lang", "en"], capsys)
        assert code == 2 and out == "" and "cannot be" in err, row


@pytest.mark.parametrize("levels", [["--level", "80", "--level", "95"], ["--level", "80", "95"]])
def test_both_forms_of_level_give_both_levels(write, capsys, levels):
    code, out, err = run(["forecast", write("h.csv", HISTORY), "--model", "drift", *levels],
                         capsys)
    assert code == 0, err
    columns = pd.read_csv(io.StringIO(out)).columns.tolist()
    assert columns[-4:] == ["lower_80", "upper_80", "lower_95", "upper_95"]


def test_every_subcommand_prints_the_data_warnings(write, capsys):
    data = write("h.csv", HISTORY.replace("retail_sales,2015,", "retail_sales,2015,9"))  # a jump
    targets = write("t.csv", "indicator,year,growth_pct\nretail_sales,2022,5\n")
    for argv in (["validate", data], ["forecast", data, "--model", "drift"],
                 ["check", data, "--targets", targets, "--model", "drift"],
                 ["suggest", data, "--probability", "0.7", "--model", "drift"]):
        code, _, err = run(argv + ["--lang", "en"], capsys)
        assert code == 0 and "changes more than threefold" in err, argv[0]
        code, _, err = run(argv + ["--lang", "en", "--quiet"], capsys)
        assert code == 0 and err == "", argv[0]


def test_help_names_every_option_and_the_targets_columns(capsys):
    for command in ("forecast", "check", "suggest", "validate"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        options = [line.split()[0] for line in out.splitlines() if line.startswith("  -")]
        lines = out.splitlines()
        for i, line in enumerate(lines):  # each option has a help text, on its line or the next
            if line.startswith("  -") and line.strip() not in ("-h, --help  show this help "
                                                                "message and exit",):
                has_text = len(line.split("  ")) > 2 or (i + 1 < len(lines) and lines[
                    i + 1].startswith("        "))
                assert has_text, (command, line)
        assert options
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    for column in ("indicator", "year", "target", "growth_pct", "avg_growth_pct", "direction"):
        assert f"  {column} " in out
    assert "example:" in out and "khathi check" in out


@pytest.mark.parametrize("year", ["-5", "0", "1e20", "2021.5", "abc"])
def test_suggest_refuses_years_that_are_no_years(write, capsys, year):
    code = main(["suggest", str(write("h.csv", HISTORY)), "--probability", "70", "--year", year])
    assert code == 2
    assert "--year" in capsys.readouterr().err


def test_suggest_refuses_a_year_before_the_data(write, capsys):
    code, out, err = run(["suggest", write("h.csv", HISTORY), "--probability", "70",
                          "--year", "1990", "--lang", "en"], capsys)
    assert code == 2 and out == "" and "not after the last data year" in err


def test_output_over_an_input_is_refused(write, capsys):
    data = write("h.csv", HISTORY)
    before = data.read_bytes()
    code, _, err = run(["forecast", data, "--output", data, "--lang", "en"], capsys)
    assert code == 2 and "is an input file" in err
    assert data.read_bytes() == before


def test_output_errors_name_the_path_and_the_cause(write, tmp_path, capsys):
    target = tmp_path / "no-such-folder" / "out.csv"
    code, _, err = run(["forecast", write("h.csv", HISTORY), "--model", "drift", "--output",
                        target, "--lang", "en"], capsys)
    assert code == 2 and str(target) in err and "directory" in err.split(str(target))[-1]


def test_inputs_that_are_no_files_say_so(tmp_path, capsys):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    cases = {tmp_path: "folder, not a file", fifo: "not a regular file",
             "/dev/zero": "not a regular file", tmp_path / "none.csv": "file not found"}
    for path, text in cases.items():
        code, out, err = run(["validate", path, "--lang", "en"], capsys)
        assert code == 2 and text in err and "write" not in err, (path, err)


def test_an_unreadable_input_says_it_cannot_be_read(write, capsys, monkeypatch):
    path = write("h.csv", HISTORY)
    real_open = open

    def refusing(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing)
    code, out, err = run(["validate", path, "--lang", "en"], capsys)
    assert code == 2 and "cannot be read (Permission denied)" in err and "write" not in err


def test_exactly_the_row_limit_is_accepted_and_one_more_refused(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 1000)
    rows = "indicator,year,value\n" + "".join(f"s{i // 100},{1901 + i % 100},{1 + i % 7}\n"
                                              for i in range(1000))
    grid, _ = reader.read_grid(rows.encode(), "limit.csv")
    assert len(grid) == 1001
    with pytest.raises(InputError) as refused:
        reader.read_grid((rows + "s99,2001,1\n").encode(), "limit.csv")
    assert refused.value.problems[0].code == "too_many_rows"


def test_two_hundred_thousand_data_rows_are_accepted():
    rows = "indicator,year,value\n" + "".join(f"s{i // 200},{1901 + i % 200},1\n"
                                              for i in range(200_000))
    grid, _ = reader.read_grid(rows.encode(), "big.csv")
    assert len(grid) == 200_001
