"""The core (utils/, geo/) never imports Streamlit, so the CLI, tests and benchmarks use it."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _core_paths() -> list[Path]:
    """Every module of geo/ and of utils/ outside utils/ui/, subpackages included."""
    paths = []
    for package in ("geo", "utils"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT / package).parts
            if relative[0] in {"ui", "migrations"} or "migrations" in relative:
                continue
            paths.append(path)
    return paths


def _core_modules() -> list[str]:
    return [_module_name(path) for path in _core_paths()]


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(tree: ast.AST, package: str) -> list[str]:
    """Modules a file imports, at the top or inside functions; ``TYPE_CHECKING`` blocks aside."""
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.extend(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def _import_graph() -> dict[str, set[str]]:
    """Module -> the utils modules it runs on import, parent packages included.

    ``from utils.store import engine`` runs ``utils/store/__init__.py`` and then
    ``utils/store/engine.py``; a package's own modules are already inside it, so a sibling import
    does not run the package's face again, while a name taken from the face
    (``from utils.store import get_engine``) does.
    """
    paths = {_module_name(path): path for path in _core_paths() if "utils" in path.parts[-3:]}
    paths = {name: path for name, path in paths.items() if name.startswith("utils")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for imported in _imported_names(tree, package):
            if not imported.startswith("utils"):
                continue
            parts = imported.split(".")
            while parts and ".".join(parts) not in paths:
                parts.pop()
            target = ".".join(parts)
            if target != name:
                targets.add(target)
            for end in range(1, len(parts)):
                parent = ".".join(parts[:end])
                if parent in paths and parent != name and not name.startswith(parent + "."):
                    targets.add(parent)
        graph[name] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_core_modules_include_subpackages():
    modules = _core_modules()
    assert "utils.settings" in modules and "geo.reference" in modules
    assert "utils.store.engine" in modules and "utils.early_warning.watchlist" in modules
    assert not any(name.startswith("utils.ui") for name in modules)


def test_core_imports_with_streamlit_blocked():
    modules = _core_modules()
    code = "import sys; sys.modules['streamlit'] = None\n" + "".join(
        f"import {name}\n" for name in modules
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def test_no_import_circle_in_the_core():
    """No module of utils/ imports, at the top or lazily, a module that leads back to it."""
    cycle = _cycle(_import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_circle_detection_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


#: The core's layers, lowest first: a package or shared module imports only from layers below.
LAYERS = (
    {"settings", "i18n", "months"},
    {"formatting", "charts"},
    {"store"},
    {"auth", "ingest", "metrics"},
    {"early_warning", "maps", "demo"},
    {"cases"},
    {"screens"},
    {"briefing"},
    {"alerts"},
)


def _unit(module: str) -> str:
    """Return the package or shared module of ``utils`` that ``module`` belongs to."""
    return module.split(".")[1] if module.count(".") else module


def test_every_package_has_a_layer():
    units = {_unit(name) for name in _import_graph() if name != "utils"}
    placed = set().union(*LAYERS)
    assert units - placed == set(), "place the new package in LAYERS"


def test_imports_flow_one_way():
    """foundation -> store -> ingest, metrics -> early_warning, maps -> cases -> screens ->
briefing -> alerts."""
    rank = {unit: level for level, units in enumerate(LAYERS) for unit in units}
    upward = []
    for name, targets in _import_graph().items():
        for target in targets:
            if name == "utils" or target == "utils" or _unit(name) == _unit(target):
                continue
            if rank[_unit(target)] >= rank[_unit(name)]:
                upward.append(f"{name} -> {target}")
    assert upward == []


def _outside_imports_past_the_face(path: Path, packages: dict[str, set[str]]) -> list[str]:
    """Imports in ``path`` of another package's inner modules or of names its face lacks."""
    parts = path.relative_to(ROOT).parts
    own = parts[1] if parts[0] == "utils" and len(parts) > 2 else None
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("utils."):
            segments = node.module.split(".")
            if segments[1] not in packages or segments[1] == own:
                continue
            names = [alias.name for alias in node.names]
            if len(segments) > 2 or set(names) - packages[segments[1]]:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                segments = alias.name.split(".")
                if segments[0] == "utils" and len(segments) > 2 and segments[1] != own:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} import {alias.name}")
    return found


def test_other_packages_pages_and_the_cli_import_a_package_through_its_face():
    """Outside a package, only the names of its ``__init__.py`` (its ``__all__``) are used."""
    import importlib

    packages = {
        path.parent.name: set(importlib.import_module(f"utils.{path.parent.name}").__all__)
        for path in (ROOT / "utils").glob("*/__init__.py")
        if path.parent.name != "ui"
    }
    assert "store" in packages and all(packages.values())
    paths = [*_core_paths(), *(ROOT / "utils" / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py"),
             ROOT / "app.py", ROOT / "cli.py", *(ROOT / "benchmarks").glob("*.py")]
    found = [hit for path in paths for hit in _outside_imports_past_the_face(path, packages)]
    assert found == []


def test_pages_hold_no_sql():
    for path in (ROOT / "pages").glob("*.py"):
        text = path.read_text(encoding="utf-8").lower()
        for marker in ("select ", "sqlalchemy", "create_engine", "import sqlite3"):
            assert marker not in text, f"{path.name} contains {marker!r}"


def test_geo_never_imports_the_rest_of_the_core():
    """geo/ knows regions and geometry only; utils/ builds on it, never the other way."""
    for path in sorted((ROOT / "geo").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in {"utils", "pages", "streamlit"}, (
                    f"{path.name} imports {name}"
                )


def test_test_modules_take_the_browser_fixtures_from_conftest():
    """A module importing ``chromium`` from ``tests.browser`` defines a second session
    fixture: a second Playwright in the same process, which refuses to start."""
    shared = {"chromium", "app_server", "demo_db_url"}
    importing = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "tests.browser":
                if shared & {alias.name for alias in node.names}:
                    importing.append(path.name)
    assert importing == []
