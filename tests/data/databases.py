"""Throwaway database servers for the storage tests: SQLite files, and a real PostgreSQL
cluster started from Debian's binaries (as the postgres user; root cannot run it)."""

import glob
import os
import shutil
import subprocess
import tempfile
import time

import pytest

from tests.harness import free_port


def postgres_binaries() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--"] + command if os.geteuid() == 0 else command


def start_postgres():
    """Start a cluster on a free port; returns (url, stop)."""
    bin_dir = postgres_binaries()
    if bin_dir is None:
        message = "PostgreSQL is not installed (Debian package postgresql; `make test` installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tempfile.mkdtemp(prefix="khathi-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = os.path.join(folder, "data"), free_port()
    run = lambda *args: subprocess.run(_as_postgres(list(args)), check=True,
                                       capture_output=True, timeout=120)
    run(f"{bin_dir}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
    run(f"{bin_dir}/pg_ctl", "-D", data, "-l", os.path.join(folder, "log"), "-w", "-t", "60",
        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop():
        subprocess.run(_as_postgres([f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

    for _ in range(100):
        try:
            run(f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                "khathi")
            break
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/khathi", stop
