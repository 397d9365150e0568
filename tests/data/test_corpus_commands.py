"""Every corpus file through every way in: the app's load path (bytes, as uploaded) and
`khathi validate`, `forecast`, `check` and `suggest` give the same reading and the same
messages (warnings reach the user wherever the answer is given)."""

from __future__ import annotations

import pytest

from modules.cli import main
from modules.data.dataset import load_areas
from modules.data.problems import InputError, Severity
from tests.data.test_corpus import CASES, corpus_path, generated, make_corpus  # noqa: F401

WALKED = [case for case in CASES if case["file"] not in make_corpus.BIG]


def app_reading(path):
    """(outcome, English messages, the first area's dataset) as the reader gives them (one
    Dataset per area: load_file reads a file of one area, load_areas any)."""
    try:
        areas = load_areas(path.read_bytes(), path.name) if path.exists() else load_areas(path)
    except InputError as exc:
        return "refused", _lines(exc.problems), None
    problems = list(areas.problems) + [p for d in areas.datasets.values() for p in d.problems]
    return "ok", _lines(problems), next(iter(areas.datasets.values()))


def _lines(problems) -> list[str]:
    """Problems as the CLI prints them: warnings prefixed."""
    return [("Warning: " if p.severity is Severity.WARNING else "") + p.message("en")
            for p in problems]


def cli(argv, capsys):
    capsys.readouterr()
    code = main([str(a) for a in argv] + ["--lang", "en"])
    out, err = capsys.readouterr()
    return code, [line for line in err.splitlines() if line.strip()], out


@pytest.mark.parametrize("case", WALKED, ids=[case["file"] for case in WALKED])
def test_every_command_reads_the_file_alike(case, generated, capsys, tmp_path):  # noqa: F811
    path = corpus_path(case["file"], generated)
    outcome, messages, data = app_reading(path)
    assert outcome == case["outcome"]
    if data is not None:
        first = data.indicators[0]
        year = data.series(first).last_year + 1
        place = data.meta.get("area", "")
        targets = f"province,indicator,year,growth_pct\n{place},{first},{year},5\n"
    else:
        targets = "indicator,year,growth_pct\nexports,2030,5\n"
    (tmp_path / "t.csv").write_text(targets, encoding="utf-8")
    runs = {
        "validate": cli(["validate", path], capsys),
        "forecast": cli(["forecast", path, "--model", "drift"], capsys),
        "check": cli(["check", path, "--targets", tmp_path / "t.csv", "--model", "drift"],
                     capsys),
        "suggest": cli(["suggest", path, "--probability", "70", "--model", "drift"], capsys),
    }
    if outcome == "refused":
        for command, (code, err, out) in runs.items():
            assert code == 2, command
            assert err == messages, command  # the same problems, word for word
            assert out == "", command
        return
    warnings = messages
    code, err, out = runs["validate"]
    assert code == 0 and err == warnings
    for command in ("forecast", "check", "suggest"):
        code, err, out = runs[command]
        assert err[:len(warnings)] == warnings, command  # the data's warnings come first
        assert "Traceback" not in "\n".join(err)
    assert runs["forecast"][0] == 0 and runs["suggest"][0] == 0


def test_quiet_silences_warnings_but_not_errors(capsys):
    path = corpus_path("jump.csv", {})
    code, err, out = cli(["forecast", path, "--model", "drift", "--quiet"], capsys)
    assert code == 0 and err == [] and out.startswith("indicator,year")
    code, err, _ = cli(["forecast", corpus_path("bad_years.csv", {}), "--quiet"], capsys)
    assert code == 2 and err
