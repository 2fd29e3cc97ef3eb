"""The house keeps its shape: layers one way (import-linter runs the contracts in CI), few import circles,
small folders and small modules, as docs/architecture.md describes."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "tools", "pipelines")
MAX_MODULES_PER_FOLDER = 15
MAX_LINES = 400
EXEMPT_FOLDERS = {ROOT / "tools" / "catalog"}  # one module per tool, by design
MAX_CYCLES = 2  # registration by import (catalog → registry) may stay


def _modules() -> list[Path]:
    return [p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts]


def _cycles() -> list[set[str]]:
    """Strongly connected groups of modules (Tarjan) in the runtime import graph (TYPE_CHECKING imports left out)."""
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in modules:
        if module not in index:
            visit(module)
    return groups


def test_the_import_graph_holds_at_most_two_cycles() -> None:
    cycles = _cycles()
    assert len(cycles) <= MAX_CYCLES, "import circles:\n" + "\n".join(", ".join(sorted(c)) for c in cycles)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_folder_holds_more_than_fifteen_modules(package: str) -> None:
    crowded = {}
    for folder in [ROOT / package, *(p for p in (ROOT / package).rglob("*") if p.is_dir())]:
        if folder in EXEMPT_FOLDERS or folder.name == "__pycache__" or "migrations" in folder.parts:
            continue
        count = len([p for p in folder.glob("*.py") if p.name != "__init__.py"])
        if count > MAX_MODULES_PER_FOLDER:
            crowded[str(folder.relative_to(ROOT))] = count
    assert not crowded, f"folders over {MAX_MODULES_PER_FOLDER} modules: {crowded}"


def test_no_module_is_over_four_hundred_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"
