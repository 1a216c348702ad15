"""The import graph of harness/ against the layer table in docs/architecture.md: no module
imports a module of a higher layer, and every module has a layer; and every package the harness
imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "harness"


def _layers() -> dict[str, int]:
    """Top-level module name -> layer number, from the table rows '| N | name | `mod`, ... |'."""
    layers = {}
    for line in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines():
        row = re.match(r"\| (\d+) \| \w+ \| (.*) \|$", line)
        if row:
            for name in re.findall(r"`([a-z_]+)`", row.group(2)):
                layers[name] = int(row.group(1))
    return layers


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, at any depth, except TYPE_CHECKING blocks."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names] if not node.module else [target]
            found.extend((node.lineno, name) for name in names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _top(module: str) -> str | None:
    """The layer key of a harness module ('harness' for the package top), None outside harness."""
    parts = module.split(".")
    if parts[0] != "harness":
        return None
    if len(parts) == 1 or parts[1] == "__version__":
        return "harness"
    top = parts[1]
    return top if (PACKAGE / top).is_dir() or (PACKAGE / f"{top}.py").is_file() else "harness"


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_bundle" not in p.parts)


def test_every_module_has_a_layer() -> None:
    layers = _layers()
    assert layers, "no layer table found in docs/architecture.md"
    missing = sorted({_top(_module_name(path)) for path in _sources()} - set(layers))
    assert missing == []


def _violations(layers: dict[str, int]) -> list[str]:
    violations = []
    for path in _sources():
        own = _top(_module_name(path))
        for line, target in _imports(path):
            other = _top(target)
            if other is not None and layers[other] > layers[own]:
                violations.append(f"{path.relative_to(ROOT)}:{line} ({own}, layer {layers[own]}) imports {target} "
                                  f"({other}, layer {layers[other]})")
    return violations


def test_no_module_imports_a_higher_layer() -> None:
    assert _violations(_layers()) == []


def test_the_checker_finds_imports_at_any_depth() -> None:
    # relative imports resolved, function-level imports counted, TYPE_CHECKING blocks skipped
    assert ("harness.matching" in {target for _, target in _imports(PACKAGE / "metrics.py")})
    assert "harness.scoring" not in {target for _, target in _imports(PACKAGE / "figures.py")}
    cli = {target for _, target in _imports(PACKAGE / "cli.py")}
    assert "harness.scoring" in cli and "harness.report" in cli
    # with the leaderboard moved to the bottom layer, its imports of scoring become violations
    found = _violations({**_layers(), "leaderboard": 0})
    assert found and all(v.startswith("harness/leaderboard/") for v in found)
    assert any("imports harness.scoring" in v for v in found)


def test_every_directly_imported_package_is_declared() -> None:
    import re
    import sys
    from importlib.metadata import packages_distributions

    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    declared = {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}
    imported = {target.split(".")[0] for path in _sources() for _, target in _imports(path)}
    third_party = sorted(m for m in imported if m not in sys.stdlib_module_names and m != "harness")
    distributions = packages_distributions()
    missing = [m for m in third_party
               if not {d.lower().replace("_", "-") for d in distributions.get(m, [m])} & declared]
    assert third_party and missing == []
