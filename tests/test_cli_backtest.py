"""`python cli.py backtest` on a small demo database: the JSON shape, the text, refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import make_demo_db
from utils.demo import planted_stories

ROOT = Path(__file__).resolve().parent.parent
END = "2025-06"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_db(tmp_path_factory.mktemp("cli_backtest") / "demo.db", end_month=END)


def backtest(url: str, *extra: str) -> subprocess.CompletedProcess:
    """Run the command as a user does, from another directory."""
    env = {**os.environ, "LTM_I18N_STRICT": "1"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "backtest", "--db", url, *extra],
        cwd=Path(url.removeprefix("sqlite:///")).parent, capture_output=True, text=True,
        timeout=600, env=env,
    )


@pytest.fixture(scope="module")
def payload(demo_url) -> dict:
    result = backtest(demo_url, "--json", "--from", "2024-09", "--top", "15", "--horizon", "4")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_the_documented_shape(payload):
    assert (payload["from"], payload["to"]) == ("2024-09", END)
    assert (payload["top"], payload["horizon"], payload["min_lead"]) == (15, 4, 1)
    for kind, key in (("enterprises", "bin"), ("regions", "code")):
        part = payload[kind]
        for name in ("recall", "precision", "lift", "median_lead_months"):
            assert part[name] is None or isinstance(part[name], int | float), name
        assert set(part["lead_months"]) == {"1", "2", "3", "4"}
        assert set(part["baselines"]) == {"persistence", "largest_arrears"}
        for baseline in part["baselines"].values():
            assert baseline["conflicts"] == part["conflicts"]
            assert isinstance(baseline["flagged"], int)
        assert all({key, "month"} <= set(item) for item in part["missed"])
        assert len(part["missed"]) + len(part["foreseen"]) == part["conflicts"]
        assert isinstance(part["unforeseeable"], int)
    assert payload["months"][0]["month"] == "2024-09" and payload["months"][-1]["month"] == END


def test_the_planted_stoppage_is_among_the_hits(payload):
    story = next(s for s in planted_stories(END) if s["key"] == "enterprise_stoppage")
    hits = {(item["bin"], item["month"]) for item in payload["enterprises"]["foreseen"]}
    assert (story["bin"], story["event_month"]) in hits


def test_text_output_sets_the_warning_beside_its_baselines(demo_url):
    result = backtest(demo_url)
    assert result.returncode == 0, result.stderr
    assert "Early warning backtest" in result.stdout
    for line in ("early warning", "persistence", "largest arrears"):
        assert result.stdout.count(line) >= 2, line


@pytest.mark.parametrize("extra, words", [
    (("--from", "2025-13"), "YYYY-MM"),
    (("--horizon", "2", "--min-lead", "3"), "min_lead"),
    (("--top", "0"), "top"),
])
def test_a_wrong_request_is_refused_in_one_sentence(demo_url, extra, words):
    result = backtest(demo_url, *extra)
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.count("\n") == 1


def test_an_empty_database_has_nothing_to_audit(sqlite_url):
    result = backtest(sqlite_url, "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["months"] == [] and payload["enterprises"]["conflicts"] == 0
    assert payload["enterprises"]["recall"] is None and payload["regions"]["missed"] == []
