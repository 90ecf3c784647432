"""The core (utils/, geo/) never imports Streamlit, so the CLI, tests and benchmarks use it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _core_modules() -> list[str]:
    modules = []
    for package in ("geo", "utils"):
        for path in sorted((ROOT / package).glob("*.py")):
            name = path.stem
            modules.append(package if name == "__init__" else f"{package}.{name}")
    return modules


def test_core_imports_with_streamlit_blocked():
    modules = _core_modules()
    assert "utils.settings" in modules and "geo.reference" in modules
    code = "import sys; sys.modules['streamlit'] = None\n" + "".join(
        f"import {name}\n" for name in modules
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def test_pages_hold_no_sql():
    for path in (ROOT / "pages").glob("*.py"):
        text = path.read_text(encoding="utf-8").lower()
        for marker in ("select ", "sqlalchemy", "create_engine", "import sqlite3"):
            assert marker not in text, f"{path.name} contains {marker!r}"


def test_geo_never_imports_the_rest_of_the_core():
    """geo/ knows regions and geometry only; utils/ builds on it, never the other way."""
    import ast

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
