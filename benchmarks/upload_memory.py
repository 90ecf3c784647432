"""Peak memory of the app server while a browser uploads the largest file it accepts.

Usage::

    python benchmarks/upload_memory.py [--rows 1190000] [--format csv|xlsx] [--commit]
                                       [--budget-mb 1500] [--name-padding N]

A fresh SQLite store with one analyst account is created and the app started
(``streamlit run app.py``, as ``tests/browser.py`` starts it); headless Chromium (Playwright)
logs in on the data page and uploads a generated appeals file of ``--rows`` rows and six
columns, the largest under the upload limits (``[app] max_upload_mb``, ``[ingest] max_rows``
and ``max_cells``), waits for the validation report and, with ``--commit``, loads it. The
server process's resident memory is sampled from ``/proc`` every 0.2 s; its peak is the
kernel's high-water mark (``VmHWM``) of that process, so nothing between samples is missed.

The budget (issue 23): the server's peak stays under 1.5 GB for the largest accepted upload
(200 MB at most). Prints a table and writes ``benchmarks/out/upload_memory_FORMAT.json``.

Without Chromium the script says so and stops: the measurement is through a real browser
or not at all.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))

NAME, PASSWORD = "bench", "correct horse battery"
BUDGET_MB = 1500


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler(threading.Thread):
    """Read a process's resident memory every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self.stopped.is_set():
            try:
                self.samples.append((time.monotonic() - start, _status_mb(self.pid, "VmRSS")))
            except OSError:
                return
            time.sleep(self.interval)


def _make_file(folder: Path, rows: int, file_format: str, name_padding: int) -> Path:
    from tests import big_files

    if file_format == "xlsx":
        return big_files.write_workbook(folder / "largest.xlsx", big_files.APPEALS_HEADER,
                                        big_files.appeal_rows(rows, name_padding=name_padding))
    return big_files.write_csv(folder / "largest.csv", rows, name_padding)


def _store(folder: Path) -> str:
    from utils import auth, store

    url = f"sqlite:///{folder / 'ltm.db'}"
    engine = store.get_engine(url)
    store.init_db(engine)
    auth.create_user(engine, NAME, "analyst", PASSWORD, actor="cli")
    engine.dispose()
    return url


def _upload(server_url: str, path: Path, commit: bool, timeout_ms: int) -> dict[str, float]:
    """Log in, upload ``path`` through the data page, wait for the report (and the load)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, wait_for_app
    from utils import i18n

    lang = "ru"
    marks: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        page = browser.new_context(locale="ru-RU").new_page()
        page.goto(f"{server_url}/data", wait_until="domcontentloaded")
        wait_for_app(page, timeout_ms)
        main = page.locator('[data-testid="stMain"]')
        main.get_by_label(i18n.t("auth.username", lang)).first.fill(NAME)
        main.get_by_label(i18n.t("auth.password", lang)).first.fill(PASSWORD)
        main.get_by_role("button", name=i18n.t("auth.login", lang)).first.click()
        uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        uploader.wait_for(state="attached", timeout=timeout_ms)
        wait_for_app(page, timeout_ms)
        start = time.monotonic()
        uploader.set_input_files(str(path))
        to_load = page.locator('[data-testid="stMetric"]').filter(
            has_text=i18n.t("data.rows_to_load", lang))
        to_load.wait_for(timeout=timeout_ms)
        marks["report_s"] = time.monotonic() - start
        if commit:
            page.locator(".st-key-data_commit button").click()
            page.locator('[data-testid="stAlertContentSuccess"]').wait_for(timeout=timeout_ms)
            marks["commit_s"] = time.monotonic() - start
        browser.close()
    return marks


def main(argv: list[str] | None = None) -> int:
    """Run the measurement; return 0 when the peak is within the budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_190_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--commit", action="store_true")
    parser.add_argument("--budget-mb", type=float, default=BUDGET_MB)
    parser.add_argument("--timeout-s", type=float, default=1800)
    parser.add_argument("--name-padding", type=int, default=0,
                        help="letters added to each row's own enterprise name (every text "
                             "distinct: 34 makes a 1.19M-row CSV of 196 MB)")
    args = parser.parse_args(argv)

    from tests.browser import CHROMIUM, start_server

    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is not installed: the upload is measured through a browser only.")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="ltm-upload-memory-"))
    path = _make_file(folder, args.rows, args.format, args.name_padding)
    size_mb = path.stat().st_size / 1e6
    print(f"generated {path.name}: {args.rows:,} rows, {size_mb:,.0f} MB")
    from utils import settings

    limit_mb = settings.get("app")["max_upload_mb"]
    if path.stat().st_size > limit_mb * 1_000_000:  # the uploader counts 10^6 bytes a MB
        shutil.rmtree(folder)
        print(f"{path.name} is larger than the upload limit of {limit_mb} MB: choose fewer rows "
              "or a smaller --name-padding.")
        return 2
    server = start_server(_store(folder), log_dir=folder)
    try:
        idle_mb = _status_mb(server.process.pid, "VmRSS")
        sampler = Sampler(server.process.pid)
        sampler.start()
        marks = _upload(server.url, path, args.commit, int(args.timeout_s * 1000))
        sampler.stopped.set()
        sampler.join()
        peak_mb = _status_mb(server.process.pid, "VmHWM")
        after_mb = _status_mb(server.process.pid, "VmRSS")
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    result = {
        "benchmark": "upload_memory",
        "file": path.name,
        "format": args.format,
        "rows": args.rows,
        "size_mb": round(size_mb, 1),
        "name_padding": args.name_padding,
        "through": "browser (Playwright, headless Chromium) -> streamlit server",
        "committed": args.commit,
        "server_idle_mb": round(idle_mb),
        "server_peak_mb": round(peak_mb),
        "server_after_mb": round(after_mb),
        **{name: round(value, 1) for name, value in marks.items()},
        "budget_mb": args.budget_mb,
        "within_budget": peak_mb <= args.budget_mb,
        "samples": [(round(t, 1), round(mb)) for t, mb in sampler.samples[::5]],
        "load_average_1m": os.getloadavg()[0],
    }
    print(f"{'file':<14} {'MB':>6} {'rows':>10} {'idle MB':>8} {'peak MB':>8} "
          f"{'after MB':>9} {'report s':>9} {'budget':>7}  met")
    print(f"{path.name:<14} {size_mb:>6.0f} {args.rows:>10,} {idle_mb:>8.0f} {peak_mb:>8.0f} "
          f"{after_mb:>9.0f} {marks['report_s']:>9.1f} {args.budget_mb:>7.0f}  "
          f"{'yes' if result['within_budget'] else 'NO'}")
    OUT.mkdir(exist_ok=True)
    (OUT / f"upload_memory_{args.format}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}))
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
