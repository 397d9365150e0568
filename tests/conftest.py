from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items):
    """AppTest page runs (tests/app) take seconds each: marked slow, so `make test-fast`
    leaves them out. Other slow tests carry the mark themselves."""
    app = ROOT / "tests" / "app"
    for item in items:
        if app in Path(item.path).parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def write(tmp_path):
    """Write text to a file in a temporary folder and return its path."""
    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path
    return _write
