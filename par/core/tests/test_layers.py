"""The apps form layers (docs/decisions/0160-layers.md): core is the floor, then audit, orgunits and accounts, and
no two apps import each other, directly or through others.

Read from the source with `ast`, every import counts, at the top of a module or inside a function. Tests,
migrations and the test-support modules (`par/<app>/testing.py`) are left out: a test may import any app.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PAR = Path(__file__).resolve().parents[2]
APPS = sorted(p.name for p in PAR.iterdir() if (p / "__init__.py").exists())

# Each floor app may import only the apps listed for it (and third-party code).
FLOOR = {
    "core": set(),
    # Every action writes its audit row, so audit imports no app (its foreign keys to the user and the unit are
    # by name, as Django's own admin log does).
    "audit": {"core"},
    "orgunits": {"core", "audit"},
    # A membership is a user's role in a unit; what a person may reach is read from memberships.
    "accounts": {"core", "audit", "orgunits"},
    # Measures are computed over unit subtrees; every app that owns data registers its own measures.
    "metrics": {"core", "orgunits"},
}


def is_application_code(path: Path, root: Path = PAR) -> bool:
    parts = path.relative_to(root).parts
    return not ({"tests", "migrations"} & set(parts)) and parts[-1] != "testing.py" and len(parts) > 1


def imported_modules(path: Path) -> set[str]:
    """Every absolute module name `path` imports (for `from par import x`, also `par.x`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "par" and len(parts) > 1 and parts[1] in APPS:
        return parts[1]
    return None


def import_graph(root: Path = PAR) -> dict[str, dict[str, list[str]]]:
    """app → imported app → the files that import it (application code only)."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(root.rglob("*.py")):
        if not is_application_code(path, root):
            continue
        app = path.relative_to(root).parts[0]
        for module in imported_modules(path):
            other = app_of(module)
            name = str(path.relative_to(root.parent))
            if other and other != app and name not in graph[app][other]:
                graph[app][other].append(name)
    return graph


def cycles(graph) -> list[list[str]]:
    """One import cycle per strongly connected group of apps (Tarjan), each as a path back to its start."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in graph.get(app, {}):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                found.append(_path_through(graph, sorted(group)))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return found


def _path_through(graph, group: list[str]) -> list[str]:
    """A cycle inside `group`, from its first app back to it."""
    start = group[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        app = queue.pop(0)
        for other in sorted(graph.get(app, {})):
            if other == start:
                return [*paths[app], start]
            if other in group and other not in paths:
                paths[other] = [*paths[app], other]
                queue.append(other)
    return group


@pytest.mark.parametrize("app", sorted(FLOOR))
def test_a_floor_app_imports_only_the_apps_below_it(app):
    imported = import_graph().get(app, {})
    wrong = {other: files for other, files in imported.items() if other not in FLOOR[app]}
    assert not wrong, f"par.{app} may import only {sorted(FLOOR[app]) or 'no other app'}; it imports {wrong}"


def test_no_two_apps_import_each_other_directly_or_through_others():
    graph = import_graph()
    found = cycles(graph)
    described = [
        " → ".join(path)
        + "  ("
        + "; ".join(graph[a][b][0] for a, b in zip(path, path[1:], strict=False))
        + ")"
        for path in found
    ]
    assert not found, "import cycles between apps:\n" + "\n".join(described)


def test_test_support_is_imported_by_tests_only():
    offenders = [
        str(path.relative_to(PAR.parent))
        for path in PAR.rglob("*.py")
        if is_application_code(path)
        and any(m.split(".")[-1] == "testing" and app_of(m) for m in imported_modules(path))
    ]
    assert not offenders


def test_the_checks_see_a_cycle_and_a_floor_app_reaching_up(tmp_path):
    """The test above would catch today's mistakes: core importing accounts, orgunits and accounts in a loop."""
    for app, source in {
        "core": "from par.accounts.access import visible_units\n",
        "orgunits": "def f():\n    from par.accounts.models import Role\n",
        "accounts": "from par.orgunits.models import Unit\n",
    }.items():
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
        (tmp_path / app / "views.py").write_text(source)
    graph = import_graph(tmp_path)
    assert set(graph["core"]) == {"accounts"}
    assert cycles(graph) == [["accounts", "orgunits", "accounts"]]
