"""The command line: exit codes and one-sentence refusals an operator can act on."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import files

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True,
        input=stdin, timeout=300,
    )


@pytest.fixture
def loaded(tmp_path, sqlite_url):
    path = files.appeals_cp1251_semicolon(tmp_path / "обращения.csv", files.sample_appeals(25))
    result = cli("ingest", "appeals", str(path), "--db", sqlite_url, "--json")
    assert result.returncode == 0, result.stderr
    return sqlite_url, json.loads(result.stdout), path


def test_ingest_json_reports_the_batch(loaded):
    _, report, _ = loaded
    assert report["kind"] == "appeals" and report["rows_read"] == 25
    assert report["rows_loaded"] + report["rows_rejected"] + report["rows_duplicate"] == 25
    assert set(report) >= {"batch_id", "errors", "warnings", "dropped_columns"}


def test_identical_reupload_is_refused_with_exit_2(loaded):
    url, report, path = loaded
    result = cli("ingest", "appeals", str(path), "--db", url, "--json")
    assert result.returncode == 2
    assert "error" in json.loads(result.stdout)
    assert result.stderr.strip().count("\n") == 0


def test_undo_twice_is_refused_in_one_sentence(loaded):
    url, report, _ = loaded
    assert cli("undo", str(report["batch_id"]), "--db", url).returncode == 0
    again = cli("undo", str(report["batch_id"]), "--db", url)
    assert again.returncode == 2
    assert again.stderr.strip() == f"Batch {report['batch_id']} was already undone"
    missing = cli("undo", "999", "--db", url)
    assert (missing.returncode, missing.stderr.strip()) == (2, "Batch 999 does not exist")


def test_batches_json_lists_the_load(loaded):
    url, report, _ = loaded
    result = cli("batches", "--db", url, "--json")
    assert result.returncode == 0
    batches = json.loads(result.stdout)
    assert [b["id"] for b in batches] == [report["batch_id"]]


def test_regions_resolve_json():
    result = cli("regions", "resolve", "ВКО", "Нур-Султан", "Атлантида", "--json")
    assert result.returncode == 0
    answers = json.loads(result.stdout)
    assert [a["code"] for a in answers] == ["KZ-63", "KZ-71", None]
    assert answers[0]["name_en"] == "East Kazakhstan Region"


def test_users_add_takes_the_password_from_stdin_and_lists_it(sqlite_url):
    added = cli("users", "add", "aigerim", "--role", "analyst", "--db", sqlite_url,
                stdin="a-long-password-1\n")
    assert added.returncode == 0, added.stderr
    listed = cli("users", "list", "--db", sqlite_url, "--json")
    users = json.loads(listed.stdout)
    assert [(u["name"], u["role"]) for u in users] == [("aigerim", "analyst")]
    assert "a-long-password-1" not in listed.stdout
    assert cli("users", "disable", "nobody", "--db", sqlite_url).returncode == 2


def test_users_passwd_sets_the_password_and_ends_the_account_s_sessions(sqlite_url):
    from utils import auth, store

    assert cli("users", "add", "aigerim", "--role", "analyst", "--db", sqlite_url,
               stdin="a-long-password-1\n").returncode == 0
    engine = store.get_engine(sqlite_url)
    token = auth.new_token()
    auth.start_session(engine, token, "aigerim", "analyst")
    changed = cli("users", "passwd", "aigerim", "--db", sqlite_url, stdin="a-new-password-22\n")
    assert changed.returncode == 0, changed.stderr
    assert auth.session_user(engine, token) is None
    assert auth.authenticate(engine, "aigerim", "a-new-password-22").ok
    short = cli("users", "passwd", "aigerim", "--db", sqlite_url, stdin="short\n")
    assert short.returncode == 2 and "too short" in short.stderr + short.stdout
    assert cli("users", "passwd", "nobody", "--db", sqlite_url,
               stdin="a-new-password-22\n").returncode == 2
    engine.dispose()


def test_demo_remove_keeps_uploaded_batches(loaded):
    url, report, _ = loaded
    from utils import demo, store

    engine = store.get_engine(url)
    demo.load_demo(engine, end_month="2025-06", scale=0.02)
    assert store.is_synthetic(engine)
    result = cli("demo", "--remove", "--db", url)
    assert result.returncode == 0, result.stderr
    batches = store.list_batches(engine)
    loaded_ids = set(batches.loc[batches["status"] == "loaded", "id"])
    assert loaded_ids == {report["batch_id"]}
    assert not store.is_synthetic(engine)


def test_the_personal_data_line_names_personal_columns_only(tmp_path, sqlite_url):
    """An ordinary column outside the contract is said to be ignored, never called personal."""
    path = tmp_path / "appeals.csv"
    path.write_text(
        "Дата;Регион;Категория;ФИО заявителя;Комментарий оператора\n"
        "05.03.2025;ВКО;Задолженность по заработной плате;Иванов И. И.;позвонить\n",
        encoding="utf-8",
    )
    result = cli("ingest", "appeals", str(path), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    personal = [line for line in lines if "personal-data columns dropped" in line]
    assert personal == ["  personal-data columns dropped: ФИО заявителя"]
    assert any("«Комментарий оператора»" in line and "ignored" in line for line in lines)


def test_a_file_of_thousands_of_unknown_regions_prints_a_summary(tmp_path, sqlite_url):
    path = tmp_path / "appeals.csv"
    path.write_text(
        "Дата;Регион;Категория\n"
        + "".join(f"05.03.2025;Область {i:05d};Задолженность по заработной плате\n"
                  for i in range(2000))
        + "05.03.2025;ВКО;Задолженность по заработной плате\n",
        encoding="utf-8",
    )
    result = cli("ingest", "appeals", str(path), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) < 40, len(lines)
    assert "  … and 1980 more (use --json for all)" in lines
    assert any("1990 more region names are not recognised" in line for line in lines)


def test_a_file_with_no_row_to_store_makes_no_batch(tmp_path, sqlite_url):
    """Every row rejected: exit 2, one sentence, the row errors, and no empty batch."""
    path = tmp_path / "appeals.csv"
    path.write_text(
        "Дата;Регион;Категория\n"
        "31.02.2025;ВКО;Задолженность по заработной плате\n"
        "05.03.2025;Марсианская область;Задолженность по заработной плате\n",
        encoding="utf-8",
    )
    result = cli("ingest", "appeals", str(path), "--db", sqlite_url)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "No row of «appeals.csv» can be stored: 2 rejected, 0 already loaded."
    )
    assert result.stdout.splitlines() == [
        "  row 2, Дата = '31.02.2025': date does not exist",
        "  row 3, Регион = 'Марсианская область': unknown region",
    ]
    as_json = cli("ingest", "appeals", str(path), "--db", sqlite_url, "--json")
    assert as_json.returncode == 2
    refusal = json.loads(as_json.stdout)
    assert refusal["error"].startswith("No row of «appeals.csv» can be stored")
    assert [e["row"] for e in refusal["errors"]] == [2, 3]
    assert json.loads(cli("batches", "--db", sqlite_url, "--json").stdout) == []
