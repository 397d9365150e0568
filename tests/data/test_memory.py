"""Small files that would exhaust memory are refused early, under a memory limit
(item 4): the reading is bounded in rows, columns and cells, estimated from a
sheet's declared dimension first and counted while streaming. The
count is made in the sheets the workbook really uses (whatever their path, namespace
prefix or encoding), in its shared strings and in every part read whole, before
parsing; each refusal names its limit and peaks at most at 500 MB of memory."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest

from tests.data.test_corpus import make_corpus

ROOT = Path(__file__).resolve().parents[2]
LIMIT_MB = 1024  # address space of the reading process: far below what the files would take


def many_cells_xlsx(columns: int = 900, rows: int = 11_000) -> bytes:
    """About 10 million numeric cells (160 MB of sheet XML) in about 2 MB, with no declared
    dimension, and random padding so that the compression ratio stays under 100."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    head = (f'<?xml version="1.0"?><worksheet {make_corpus.NS}><sheetData>').encode()
    tail = b"</sheetData></worksheet>"
    deflate = lambda data: (lambda c: c.compress(data) + c.flush(zlib.Z_FULL_FLUSH))(
        zlib.compressobj(9, zlib.DEFLATED, -15))
    chunk = row * 100
    block = deflate(chunk)
    repeats = rows // 100
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = deflate(head) + block * repeats + last.compress(tail) + last.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * repeats + len(tail)
    noise = random.Random(3).randbytes(size // 90)
    base = make_corpus.workbook(make_corpus.LONG_ROWS)
    entries = [(n, c) for n, c in make_corpus._entries(base) if n != "xl/worksheets/sheet1.xml"]
    return make_corpus._write_zip(
        [(n, make_corpus._deflate(c), zlib.crc32(c), len(c)) for n, c in entries]
        + [("xl/media/noise.bin", make_corpus._deflate(noise), zlib.crc32(noise), len(noise)),
           ("xl/worksheets/sheet1.xml", stream, crc, size)])


def many_columns_csv(columns: int = 49_000, rows: int = 195) -> bytes:
    """19 MB, 49,000 columns: the wide layout would make a record per cell."""
    header = "year," + ",".join(f"s{i}" for i in range(columns)) + "\n"
    body = "".join(f"{1900 + r}," + ",".join("1" for _ in range(columns)) + "\n"
                   for r in range(rows))
    return (header + body).encode()


def _limited():
    limit = LIMIT_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("name, make, message", [
    ("cells.xlsx", many_cells_xlsx, "more than 2,000,000 cells"),
    ("columns.csv", many_columns_csv, "49001 columns"),
])
def test_memory_hungry_files_are_refused_under_a_memory_limit(tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    assert path.stat().st_size < 20 * 2**20
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-m", "modules", "validate", str(path), "--lang", "en"],
                          cwd=ROOT, env=env, preexec_fn=_limited, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 2, done.stderr[-2000:]
    assert message in done.stderr and "Traceback" not in done.stderr and "MemoryError" not in \
        done.stderr


@pytest.fixture(scope="module")
def memory_books() -> dict[str, bytes]:
    return make_corpus.memory_workbooks()


PEAK_MB = 500  # resident memory of a whole `khathi validate` process that refuses


def _validate_peak(path: Path) -> tuple[int, str, float]:
    """(exit code, stderr, peak resident MB) of `khathi validate PATH` under LIMIT_MB."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, "-m", "modules", "validate", str(path),
                                  "--lang", "en"], cwd=ROOT, env=env, preexec_fn=_limited,
                                 stdout=subprocess.DEVNULL, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return child.returncode, err.read(), usage.ru_maxrss / 1024


@pytest.mark.slow
@pytest.mark.parametrize("name, message", [
    ("sheet_outside_worksheets.xlsx", "more than 2,000,000 cells"),
    ("sheet_other_prefix.xlsx", "more than 2,000,000 cells"),
    ("sheet_unicode_prefix.xlsx", "more than 2,000,000 cells"),
    ("sheet_utf16.xlsx", "more than 2,000,000 cells"),
    ("shared_strings_bloated.xlsx", "more than 2,000,000 texts"),
    ("styles_bloated.xlsx", "xl/styles.xml holds more than 200,000 XML elements"),
])
def test_element_counts_are_refused_before_parsing_in_little_memory(tmp_path, memory_books,
                                                                   name, message):
    path = tmp_path / name
    path.write_bytes(memory_books[name])
    assert path.stat().st_size < 400_000  # ratio under 100: no zip-bomb refusal
    code, err, peak = _validate_peak(path)
    assert code == 2, err[-2000:]
    assert message in err and "Traceback" not in err and "damaged" not in err, err[-2000:]
    assert peak <= PEAK_MB, f"{name}: {peak:.0f} MB"


def test_an_ordinary_table_in_a_sheet_elsewhere_under_a_prefix_is_read():
    from modules.data.reader import read_observations

    table, _ = read_observations(make_corpus.sheet_elsewhere(make_corpus._sheet(
        "", "x", make_corpus.LONG_ROWS), "xl/bảng/dữ liệu.xml"), "t.xlsx")
    assert table[["indicator", "year", "value"]].values.tolist() == [
        ["exports", 2019, 100.0], ["exports", 2020, 110.0], ["exports", 2021, 121.0]]


def test_a_closed_upload_leaves_no_long_cell_text_behind():
    """The reader's text cache keeps short, repeated texts only: a file of long notes leaves
    nothing of them in memory once its dataset is dropped (it kept ~1 MB an upload before)."""
    import gc
    import tracemalloc

    from modules.data import reader
    from modules.data.dataset import load_file

    def upload(seed: int) -> bytes:
        rows = ["indicator,year,value,unit,note"]
        for year in range(2010, 2022):
            note = f"{seed}-{year} " + "ghi chú dài " * 300  # ~3,600 characters a cell
            rows.append(f"Doanh thu dịch vụ,{year},{1000 + year + seed},tỷ đồng,\"{note}\"")
        return "\n".join(rows).encode()

    load_file(upload(0), "warm.csv")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for seed in range(1, 6):
        load_file(upload(seed), f"u{seed}.csv")
    gc.collect()
    grown = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(before, "filename")
                if s.traceback[0].filename == reader.__file__)
    tracemalloc.stop()
    assert grown < 50_000, grown  # bytes still held by objects the reader allocated
