"""Every module imports on its own, the import graph has no cycle, and the layers hold.

The runtime check imports each module in a fresh interpreter state (one subprocess, the
package's modules dropped from sys.modules before each import), so an import that only
works because another module happened to be imported first fails here. The static check
reads every `import` (function-level ones included, which hide cycles from the runtime
check) and looks for cycles and for imports against the layer order.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "modules"
# Streamlit page scripts run their page when imported (AppTest covers them); __main__ runs
# the CLI.
SCRIPTS = ("modules.ui.pages.", "modules.__main__")
# Lower layers never import higher ones (README, "How it is built").
LAYERS = ["text", "data", "engine", "planning", "reports", "cli", "ui"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(_module_name(p) for p in PACKAGE.rglob("*.py"))
IMPORTABLE = [m for m in MODULES if not m.startswith(SCRIPTS)]


def test_every_module_imports_on_its_own():
    script = """
import importlib, json, sys, traceback
failures = {}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m == "modules" or m.startswith("modules.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except BaseException:
        failures[name] = traceback.format_exc(limit=3)
print(json.dumps(failures))
"""
    done = subprocess.run([sys.executable, "-c", script, json.dumps(IMPORTABLE)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    failures = json.loads(done.stdout.strip().splitlines()[-1])
    assert failures == {}, "\n".join(f"{k}:\n{v}" for k, v in failures.items())
    assert len(IMPORTABLE) > 25  # the walk found the package


def _imports(module: str) -> set[str]:
    """Modules of the package that `module` imports anywhere in its body."""
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = PACKAGE.parent / module.replace(".", "/") / "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n for n in names if n in MODULES and n != module}
    return found


GRAPH = {m: _imports(m) for m in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by a depth-first walk (enough to name the culprits)."""
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_no_import_cycle_even_through_local_imports():
    assert _cycles(GRAPH) == []


def _layer(module: str) -> int | None:
    part = module.split(".")[1] if "." in module else ""
    return LAYERS.index(part) if part in LAYERS else None


def test_lower_layers_never_import_higher_ones():
    upward = sorted((m, n) for m, deps in GRAPH.items() for n in deps
                    if _layer(m) is not None and _layer(n) is not None
                    and _layer(n) > _layer(m))
    assert upward == []


def test_no_streamlit_outside_the_ui():
    def uses_streamlit(module):
        path = PACKAGE.parent / (module.replace(".", "/") + ".py")
        tree = ast.parse(path.read_text(encoding="utf-8")) if path.exists() else ast.Module([])
        return any(isinstance(n, (ast.Import, ast.ImportFrom)) and "streamlit" in (
            getattr(n, "module", None) or " ".join(a.name for a in n.names))
            for n in ast.walk(tree))

    assert [m for m in MODULES if not m.startswith("modules.ui") and uses_streamlit(m)] == []
