"""The README is the user's manual: every command, page and contract column must be in it."""

import re
from pathlib import Path

from cli import build_parser
from utils import ingest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    names = []
    for name, command in sub.choices.items():
        nested = [
            a for a in command._actions if a.choices and a.dest.endswith("_command")
        ]
        if nested:
            names += [f"{name} {child}" for child in nested[0].choices]
        else:
            names.append(name)
    return names


def test_every_cli_command_is_documented():
    commands = _commands()
    assert "regions resolve" in commands and "ingest" in commands
    missing = [c for c in commands if f"cli.py {c}" not in README]
    assert missing == []


def test_every_page_is_documented():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    paths = re.findall(r'url_path="([a-z_]+)"', app)
    assert len(paths) == len(list((ROOT / "pages").glob("*.py")))
    missing = [p for p in paths if f"`/{p}`" not in README]
    assert missing == []


def test_contract_section_matches_the_code():
    block = README.split("<!-- contract:start -->")[1].split("<!-- contract:end -->")[0]
    assert block.strip() == ingest.contract_markdown().strip(), (
        "README's data contract is out of date: run `python cli.py docs`"
    )


def test_every_package_is_in_where_things_are():
    """A newcomer finds the room for a change: each package and shared module has its line."""
    section = README.split("## Where things are")[1].split("\n## ")[0]
    packages = sorted(p.parent.name for p in (ROOT / "utils").glob("*/__init__.py"))
    assert "store" in packages and "early_warning" in packages
    missing = [p for p in packages if f"`utils/{p}/`" not in section]
    modules = sorted(p.stem for p in (ROOT / "utils").glob("*.py") if p.stem != "__init__")
    missing += [m for m in modules if f"`{m}`" not in section]
    assert missing == []


def test_utils_has_at_most_a_dozen_top_level_modules():
    modules = [p for p in (ROOT / "utils").glob("*.py") if p.stem != "__init__"]
    assert len(modules) <= 12, sorted(p.name for p in modules)
