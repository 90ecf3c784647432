"""`python cli.py hotspots --json` on a synthetic database: the JSON shape and no look-ahead."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.reference import region_codes
from utils import demo, store
from utils.demo import planted_stories
from utils.early_warning import CATEGORIES, LEVELS
from utils.ingest import is_valid_bin

ROOT = Path(__file__).resolve().parent.parent
END = "2026-10"
SCALE = 0.3  # the planted stories stand out of the noise from this scale on
STORY = next(s for s in planted_stories(END) if s["key"] == "enterprise_stoppage")
AS_OF = STORY["as_of_before_event"]
#: The column that dates each extract kind; rows after the report month are left out.
DATE_COLUMNS = {"appeals": "date", "arrears": "report_date", "layoffs": "date",
                "incidents": "date", "region_stats": "period_end"}


def _database(url: str, frames: dict[str, pd.DataFrame]) -> str:
    engine = store.get_engine(url)
    store.init_db(engine)
    for kind in demo.KINDS_IN_LOAD_ORDER:
        frame = frames[kind]
        store.load_batch(engine, kind, frame, file_name=f"{kind}.csv",
                         sha256=demo.frame_sha256(kind, frame), user="test",
                         rows_read=len(frame), is_demo=True)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return demo.generate(demo.DEFAULT_SEED, END, scale=SCALE)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, frames) -> str:
    """Three years of synthetic data up to END, in a SQLite file of its own."""
    return _database(f"sqlite:///{tmp_path_factory.mktemp('cli_hotspots') / 'full.db'}", frames)


@pytest.fixture(scope="module")
def cut_url(tmp_path_factory: pytest.TempPathFactory, frames) -> str:
    """The same data set with every row after AS_OF removed: what was known at AS_OF."""
    month_end = pd.Period(AS_OF, "M").end_time.normalize()
    cut = {}
    for kind, frame in frames.items():
        column = DATE_COLUMNS.get(kind)
        cut[kind] = frame if column is None else frame.loc[
            pd.to_datetime(frame[column]) <= month_end].reset_index(drop=True)
    assert len(cut["appeals"]) < len(frames["appeals"])
    return _database(f"sqlite:///{tmp_path_factory.mktemp('cli_hotspots') / 'cut.db'}", cut)


def hotspots_json(url: str, *extra: str) -> dict:
    """Run the command as a user does, from another directory, and parse its output."""
    env = {**os.environ, "LTM_I18N_STRICT": "1"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "hotspots", "--json", "--db", url, *extra],
        cwd=Path(url.removeprefix("sqlite:///")).parent, capture_output=True, text=True,
        timeout=600, env=env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def latest(demo_url) -> dict:
    return hotspots_json(demo_url)


@pytest.fixture(scope="module")
def before_stoppage(demo_url) -> dict:
    return hotspots_json(demo_url, "--as-of", AS_OF)


def test_json_has_the_documented_shape(latest):
    assert latest["as_of"] == END
    assert isinstance(latest["regions"], list) and isinstance(latest["enterprises"], list)
    codes = set(region_codes())
    assert sorted(r["code"] for r in latest["regions"]) == sorted(codes)
    for region in latest["regions"]:
        assert {"code", "name_en", "tension_index", "level", "trend", "emerging_category",
                "reasons"} <= set(region)
        assert isinstance(region["name_en"], str) and region["name_en"]
        assert isinstance(region["tension_index"], float)
        assert region["level"] in LEVELS
        assert {"slope", "p"} <= set(region["trend"])
        for value in (region["trend"]["slope"], region["trend"]["p"]):
            assert value is None or isinstance(value, int | float)
        assert region["trend"]["p"] is None or 0.0 <= region["trend"]["p"] <= 1.0
        assert region["emerging_category"] in CATEGORIES
        assert all(isinstance(text, str) and text for text in region["reasons"])
    assert latest["enterprises"], "the demo data set always has enterprises on the watchlist"
    for firm in latest["enterprises"]:
        assert {"bin", "name", "region", "score", "level", "reasons"} <= set(firm)
        assert is_valid_bin(firm["bin"]), firm["bin"]
        assert firm["region"] in codes
        assert 0.0 <= firm["score"] <= 100.0
        assert firm["level"] in LEVELS
        assert firm["reasons"] and all(isinstance(t, str) and t for t in firm["reasons"])


def test_both_lists_are_sorted_by_risk_highest_first(latest):
    regions = latest["regions"]
    tier = {"large_increase": 0, "moderate_increase": 1}
    keys = [(tier.get(r["level"], 2), -r["rising_indicators"], -r["tension_index"])
            for r in regions]
    assert keys == sorted(keys)
    assert regions[0]["rising"] and not regions[-1]["rising"]
    scores = [f["score"] for f in latest["enterprises"]]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


def test_planted_stoppage_tops_the_watchlist_the_month_before_it(before_stoppage):
    assert before_stoppage["as_of"] == AS_OF
    bins = [f["bin"] for f in before_stoppage["enterprises"]]
    assert STORY["bin"] in bins[:3], bins[:5]
    top = next(f for f in before_stoppage["enterprises"] if f["bin"] == STORY["bin"])
    assert top["region"] == STORY["regions"][0]
    assert any("arrears" in reason for reason in top["reasons"])


def test_as_of_reads_nothing_after_the_month(before_stoppage, cut_url):
    """The report at AS_OF is the same whether the later months are stored or not."""
    known_then = hotspots_json(cut_url, "--as-of", AS_OF)
    assert json.dumps(known_then, sort_keys=True) == json.dumps(before_stoppage, sort_keys=True)
