"""``cli.py cases``: the contract scheduled jobs rely on (JSON shapes, exit codes 0, 2, 3)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import make_demo_db
from utils import early_warning, store
from utils.ingest import make_bin_near

ROOT = Path(__file__).resolve().parent.parent
FREE_BIN = make_bin_near("99120100007")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def ok(*args: str) -> dict:
    result = cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cases-demo") / "demo.db"
    make_demo_db(path)
    return path


@pytest.fixture
def demo_url(demo_file, tmp_path) -> str:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    return f"sqlite:///{copy}"


def test_open_from_the_watchlist_step_to_closed_list_and_report(demo_url):
    engine = store.get_engine(demo_url)
    top = early_warning.hotspots_report(engine).enterprises[0]
    engine.dispose()
    opened = ok("cases", "open", top.bin, "--owner", "GIT office", "--date", "2025-07-01",
                "--db", demo_url)
    assert set(opened) == {"case_id", "bin", "region", "state", "reason"}
    assert (opened["bin"], opened["region"], opened["state"]) == (top.bin, top.region, "flagged")
    assert opened["reason"] and opened["reason"] in top.reason_line
    case_id = str(opened["case_id"])
    for state, day in (("assigned", "2025-07-02"), ("inspection", "2025-07-20")):
        assert ok("cases", "step", case_id, state, "--date", day, "--db", demo_url)[
            "state"] == state
    skipped = cli("cases", "step", case_id, "repaid", "--date", "2025-07-25", "--db", demo_url)
    assert skipped.returncode == 2 and skipped.stderr.count("\n") == 1
    assert ok("cases", "step", case_id, "measure", "--date", "2025-07-22", "--by", "aigerim",
              "--db", demo_url)["steps"][-1]["by"] == "aigerim"
    repaid = ok("cases", "step", case_id, "repaid", "--date", "2025-07-28", "--repaid-kzt",
                "1500000", "--workers", "14", "--db", demo_url)
    assert (repaid["repaid_kzt"], repaid["workers_repaid"]) == (1_500_000.0, 14)
    closed = ok("cases", "step", case_id, "closed", "--date", "2025-07-30", "--db", demo_url)
    assert closed["state"] == "closed" and closed["watch_until"] == "2026-01-30"

    listed = ok("cases", "list", "--db", demo_url)["cases"]
    assert [c["case_id"] for c in listed] == [opened["case_id"]]
    assert ok("cases", "list", "--state", "flagged", "--db", demo_url) == {"cases": []}
    assert ok("cases", "list", "--region", "KZ-99", "--db", demo_url) == {"cases": []}

    report = ok("cases", "report", "--from", "2025-07", "--to", "2025-07", "--db", demo_url)
    region = report["regions"][0]
    assert region["region"] == top.region and (region["opened"], region["closed"]) == (1, 1)
    assert region["median_days"] == {"assigned": 1, "hearing": 19, "measure": 21,
                                     "repaid": 27, "closed": 29}
    assert region["slowest_stage"] == "hearing" and region["on_time_share"] == 2 / 3
    assert (region["repaid_kzt"], region["workers_repaid"]) == (1_500_000.0, 14)
    assert report["total"]["opened"] == 1
    text = cli("cases", "report", "--db", demo_url)
    assert text.returncode == 0 and "longest wait is for a hearing or inspection" in text.stdout


def test_a_case_on_an_enterprise_with_no_data_and_the_refusals(sqlite_url):
    opened = ok("cases", "open", FREE_BIN, "--owner", "Desk 4", "--note", "Hotline call",
                "--due", "2025-08-01", "--date", "2025-07-01", "--db", sqlite_url)
    assert (opened["region"], opened["reason"]) == (None, "Hotline call")
    refusals = [
        cli("cases", "open", FREE_BIN[:-1] + str((int(FREE_BIN[-1]) + 1) % 10), "--owner", "x",
            "--db", sqlite_url),
        cli("cases", "open", FREE_BIN, "--owner", "x", "--db", sqlite_url),
        cli("cases", "open", FREE_BIN, "--owner", "x", "--date", "1 July", "--db", sqlite_url),
        cli("cases", "step", "999", "assigned", "--db", sqlite_url),
        cli("cases", "step", str(opened["case_id"]), "closed", "--db", sqlite_url),
        cli("cases", "step", str(opened["case_id"]), "closed", "--reason", "tired",
            "--db", sqlite_url),
        cli("cases", "list", "--state", "sleeping", "--db", sqlite_url),
        cli("cases", "report", "--from", "July", "--db", sqlite_url),
    ]
    for result in refusals:
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.strip() and result.stderr.strip().count("\n") == 0
    assert "check digit" in refusals[0].stderr and "already has an open case" in (
        refusals[1].stderr)
    early = ok("cases", "step", str(opened["case_id"]), "closed", "--reason", "court",
               "--date", "2025-07-03", "--db", sqlite_url)
    assert (early["state"], early["close_reason"]) == ("closed", "court")
    entries = store.audit_entries(store.get_engine(sqlite_url))
    assert list(entries["action"])[:2] == ["case_step", "case_open"]


def test_an_unreachable_database_exits_3():
    result = cli("cases", "list", "--db", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert result.returncode == 3 and "not reachable" in result.stderr


def test_import_loads_cases_kept_elsewhere_with_row_errors(sqlite_url, tmp_path):
    good = make_bin_near("04051000301")
    path = tmp_path / "cases.csv"
    path.write_text(
        "case_id,bin,owner,opened_on,state,state_on,repaid_kzt,workers_repaid,close_reason\n"
        f"A-1,{good},Atyrau GIT,2025-03-03,hearing,2025-03-09,,,\n"
        f"A-2,{FREE_BIN},Atyrau GIT,2025-03-04,closed,2025-04-01,200000,7,\n"
        f"A-3,{good[:-1]}0,Atyrau GIT,2025-03-05,,,,,\n"
        f"A-4,{make_bin_near('04051000401')},Atyrau GIT,2025-03-06,closed,2025-03-07,,,\n"
        f"A-5,{make_bin_near('04051000501')},,2025-03-06,,,,,\n",
        encoding="utf-8",
    )
    report = ok("cases", "import", str(path), "--db", sqlite_url)
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (5, 2, 3)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [
        (4, "bin"), (5, "state"), (6, "owner")]
    listed = {c["bin"]: c for c in ok("cases", "list", "--db", sqlite_url)["cases"]}
    assert listed[good]["state"] == "hearing"
    assert listed[FREE_BIN]["state"] == "closed" and listed[FREE_BIN]["repaid_kzt"] == 200000
    again = ok("cases", "import", str(path), "--db", sqlite_url)
    assert (again["rows_loaded"], again["rows_duplicate"]) == (0, 2)
    missing = tmp_path / "nobins.csv"
    missing.write_text("bin,opened_on\n" f"{good},2025-03-03\n", encoding="utf-8")
    refused = cli("cases", "import", str(missing), "--db", sqlite_url)
    assert refused.returncode == 2 and "owner" in refused.stderr
