"""stepcare is a house of floors: an app imports only from the floors below it.

This test reads every module of the package (tests and migrations aside) with ``ast`` and
checks every import in it, including imports inside functions, against FLOORS. Apps on the
same floor may not import each other. Pure cores import no Django at all. Module-level
imports form no cycle. docs/architecture.md draws the same floors; keep them in step.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

# From the ground up. Each inner tuple is one floor.
FLOORS: list[tuple[str, ...]] = [
    ("foundation",),
    ("audit",),
    ("accounts",),
    ("clients",),
    ("risk", "appointments"),
    ("measures",),
    ("assessment",),
    ("treatment",),
    ("staff", "demo", "backups"),
]
# The roof: the project's own wiring, which may reach every floor.
ROOF = {"settings", "urls", "wsgi", "cli", "testing", "gunicorn_logging", "__init__"}
# Plain Python: scoring and outcomes, identifiers, wait arithmetic.
PURE_CORES = ["measures/engine", "clients/identifiers.py", "clients/waits.py"]


def floor_of(app: str) -> int:
    for level, apps in enumerate(FLOORS):
        if app in apps:
            return level
    raise AssertionError(f"stepcare.{app} is on no floor: add it to FLOORS (and docs/architecture.md)")


def modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.relative_to(PACKAGE).parts and "migrations" not in path.relative_to(PACKAGE).parts
    ]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, *, top_level_only: bool = False) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "stepcare" or len(parts) < 2:
        return None
    return parts[1]


def test_every_app_is_on_a_floor():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for app in apps:
        floor_of(app)


def test_apps_import_only_downwards():
    wrong = []
    for path in modules():
        here = app_of(module_name(path))
        if here is None or here in ROOF:
            continue
        for line, target in imports(path):
            there = app_of(target)
            if there is None or there == here or there in ROOF and there != "settings":
                continue
            if there == "settings" or floor_of(there) >= floor_of(here):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} stepcare.{here} imports {target}")
    assert wrong == [], "imports that do not point down:\n" + "\n".join(wrong)


def test_pure_cores_import_no_django():
    wrong = []
    for core in PURE_CORES:
        base = PACKAGE / core
        for path in [base] if base.is_file() else sorted(base.rglob("*.py")):
            for line, target in imports(path):
                if target.split(".")[0] == "django" or (
                    app_of(target) is not None and not target.startswith(module_name(base))
                ):
                    wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert wrong == [], "pure cores must stay plain Python:\n" + "\n".join(wrong)


def test_no_import_cycles_between_modules():
    names = {module_name(p): p for p in modules()}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        targets = set()
        for _line, target in imports(path, top_level_only=True):
            while target and target not in names:
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
        graph[name] = targets
    cycles = _cycles(graph)
    assert cycles == [], "module-level import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_check_catches_an_upward_import(tmp_path):
    """The walk itself works: a lazy import inside a function is seen."""
    module = tmp_path / "probe.py"
    module.write_text("def f():\n    from stepcare.staff import views\n", encoding="utf-8")
    assert ("stepcare.staff" in [target for _line, target in imports(module)])
