"""data/build_builtin.py: a real command line, and a reproducible build."""

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "data" / "build_builtin.py"
# ../shared/data next to the repository (a git worktree sits one level deeper)
SOURCE = next((p for p in (ROOT.parent / "shared" / "data", ROOT.parents[1] / "shared" / "data")
               if p.is_dir()), None)
BUILT = ["datasets.json", "daklak/observations.csv", "daklak/plans.csv",
         "daklak/source-article-2022-01-04.vi.txt", "daklak_2025/observations.csv",
         "daklak_2025/plans.csv", "daklak_2025/source-article-2022-01-04.vi.txt",
         "phuyen/observations.csv", "phuyen/plans.csv", "daklak_merged/observations.csv",
         "daklak_merged/plans.csv", "daklak_merged/merge_account.csv",
         "vietnam/observations.csv", "vietnam/plans.csv",
         "gso_provinces/README.md",
         "gso_provinces/Retail sales of goods and services at current prices by province.csv",
         "gso_provinces/Index of Industrial production by province.csv"]


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "random"}, timeout=120)


def test_help_describes_the_arguments_and_builds_nothing():
    done = run("--help")
    assert done.returncode == 0, done.stderr
    assert "usage: build_builtin.py" in done.stdout and "--out" in done.stdout


def test_a_missing_source_folder_is_refused_with_a_message(tmp_path):
    done = run(str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "lacks" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(SOURCE is None, reason="../shared/data (the sourced figures) is not here")
def test_rebuilding_from_the_sources_gives_byte_identical_files(tmp_path):
    for attempt in ("first", "second"):  # twice, each with its own hash seed
        out = tmp_path / attempt
        done = run(str(SOURCE), "--out", str(out), "--quiet")
        assert done.returncode == 0, done.stderr
        assert done.stdout == ""
        for name in BUILT:
            assert filecmp.cmp(out / name, ROOT / "data" / name, shallow=False), name
    built = {p.relative_to(tmp_path / "first").as_posix()
             for p in (tmp_path / "first").rglob("*") if p.is_file()}
    assert built == set(BUILT)
