"""Labor Tension Map on the command line: everything an analyst or a scheduled job does
without a browser.

    python cli.py demo [--seed N] [--db URL] [--force] [--if-empty] [--remove]
    python cli.py ingest KIND FILE [--db URL] [--user NAME] [--json]
    python cli.py batches [--db URL] [--json]
    python cli.py undo BATCH_ID [--db URL] [--user NAME]
    python cli.py regions resolve TEXT... [--json]
    python cli.py hotspots [--as-of YYYY-MM] [--db URL] [--json]
    python cli.py backtest [--from YYYY-MM] [--to YYYY-MM] [--top K] [--horizon H] [--db URL]
                           [--json]
    python cli.py users add NAME --role ROLE [--db URL]   (password from a prompt or stdin)
    python cli.py users list [--db URL] [--json]
    python cli.py users disable NAME [--db URL]
    python cli.py briefing --out FILE.pptx|FILE.pdf [--as-of YYYY-MM] [--lang ru|kk|en]
    python cli.py templates [--out DIR]
    python cli.py assets
    python cli.py docs

Exit codes: 0 done; 2 the input was refused as a whole (one sentence on stderr); 3 the
database cannot be reached; 1 any other error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_REFUSED = 2
EXIT_UNAVAILABLE = 3


class CommandRefused(Exception):
    """The command cannot run as asked; the message is one sentence for the user."""


def _engine(args: argparse.Namespace):
    from utils import store

    engine = store.get_engine(args.db)
    store.init_db(engine)
    return engine


def _print_json(payload: Any) -> None:
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def cmd_demo(args: argparse.Namespace) -> int:
    from utils import demo, store

    engine = _engine(args)
    if args.remove:
        removed = demo.remove_demo(engine, user="cli")
        print(f"Demo batches removed: {', '.join(map(str, removed)) or 'none were loaded'}.")
        return 0
    if args.if_empty and not store.list_batches(engine).empty:
        print("The database already holds data; the demo data set was left as it is.")
        return 0
    if store.has_uploaded_data(engine) and not args.force:
        raise CommandRefused(
            "The database holds uploaded data; add --force to replace it with the demo data set."
        )
    store.clear_all(engine)
    batches = demo.load_demo(engine, seed=args.seed)
    for kind, batch_id in batches.items():
        print(f"{kind}: batch {batch_id}")
    print("Synthetic demo data loaded: every screen labels it as synthetic.")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from utils import ingest

    engine = _engine(args)
    try:
        report = ingest.ingest_file(engine, args.kind, Path(args.file), user=args.user)
    except ingest.RefusedFile as exc:
        errors = getattr(exc, "errors", None)
        if args.json:
            refusal: dict[str, Any] = {"error": str(exc)}
            if errors is not None:
                refusal["errors"] = ingest.LoadReport.error_records(errors)
            _print_json(refusal)
        elif errors is not None:
            _print_errors(ingest.LoadReport.error_records(errors))
        raise CommandRefused(str(exc)) from exc
    payload = report.to_dict()
    if args.json:
        _print_json(payload)
    else:
        print(
            f"Batch {payload['batch_id']} ({payload['kind']}): {payload['rows_read']} rows read, "
            f"{payload['rows_loaded']} loaded, {payload['rows_rejected']} rejected, "
            f"{payload['rows_duplicate']} duplicates."
        )
        _print_errors(payload["errors"])
        for warning in payload["warnings"]:
            print(f"  warning: {warning}")
        if report.personal_columns:
            print("  personal-data columns dropped: " + ", ".join(report.personal_columns))
        _print_remapped(payload["remapped"])
    return 0


def _print_remapped(remapped: list[dict[str, Any]], shown: int = 20) -> None:
    """Print the values read as something other than written (a synonym, a former name)."""
    if not remapped:
        return
    print("  values read as something other than written:")
    for entry in remapped[:shown]:
        rows = entry["rows"]
        print(f"    {entry['header']}: «{entry['input']}» -> {entry['value']} "
              f"({rows} row{'s' if rows != 1 else ''})")
    if len(remapped) > shown:
        print(f"    … and {len(remapped) - shown} more (use --json for all)")


def _print_errors(errors: list[dict[str, Any]], shown: int = 20) -> None:
    for error in errors[:shown]:
        where = f"row {error['row']}, {error['column']} = {error['value']!r}"
        print(f"  {where}: {error['reason']}")
    if len(errors) > shown:
        print(f"  … and {len(errors) - shown} more (use --json for all)")


def cmd_batches(args: argparse.Namespace) -> int:
    from utils import store

    frame = store.list_batches(_engine(args))
    if args.json:
        _print_json(json.loads(frame.to_json(orient="records", date_format="iso")))
    elif frame.empty:
        print("No batches loaded.")
    else:
        print(frame.to_string(index=False))
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from utils import store

    try:
        summary = store.undo_batch(_engine(args), args.batch_id, user=args.user)
    except (LookupError, ValueError) as exc:
        raise CommandRefused(exc.args[0] if exc.args else str(exc)) from exc
    print(f"Batch {args.batch_id} undone: {summary}")
    return 0


def cmd_regions_resolve(args: argparse.Namespace) -> int:
    import geo

    results = geo.resolve_report(args.text)
    if args.json:
        _print_json(results)
    else:
        for item in results:
            code = item["code"] or "—"
            hint = ""
            if not item["code"] and item["suggestions"]:
                hint = "  did you mean: " + ", ".join(item["suggestions"])
            print(f"{item['input']!r}: {code} {item['name_en'] or ''}{hint}")
    return 0


def cmd_hotspots(args: argparse.Namespace) -> int:
    from utils import early_warning

    report = early_warning.hotspots_report(
        _engine(args),
        as_of=args.as_of,
        config=early_warning.config_from_settings(),
    )
    if args.json:
        _print_json(report.to_json())
    else:
        print(early_warning.report_text(report))
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    from utils import early_warning

    try:
        result = early_warning.warning_backtest(
            _engine(args), first=args.first, last=args.last, top=args.top,
            horizon=args.horizon, min_lead=args.min_lead,
            config=early_warning.config_from_settings(),
        )
    except ValueError as exc:
        raise CommandRefused(str(exc)) from exc
    if args.json:
        _print_json(result.to_json())
    else:
        print(early_warning.backtest_text(result))
    return 0


def _read_password(name: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Repeat the password: ") != first:
            raise CommandRefused("The two passwords differ; nothing was changed.")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_users_add(args: argparse.Namespace) -> int:
    from utils import auth

    engine = _engine(args)
    try:
        auth.create_user(engine, args.name, args.role, _read_password(args.name), actor="cli")
    except ValueError as exc:
        raise CommandRefused(str(exc)) from exc
    print(f"User {args.name} added with role {args.role}.")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from utils import auth

    frame = auth.list_users(_engine(args))
    users = json.loads(frame.to_json(orient="records", date_format="iso"))
    if args.json:
        _print_json(users)
    elif not users:
        print("No accounts yet.")
    else:
        for user in users:
            state = "disabled" if user["disabled"] else "active"
            print(f"{user['name']}\t{user['role']}\t{state}")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from utils import auth

    try:
        auth.disable_user(_engine(args), args.name, actor="cli")
    except (LookupError, ValueError) as exc:
        raise CommandRefused(exc.args[0] if exc.args else str(exc)) from exc
    print(f"User {args.name} disabled.")
    return 0


def cmd_briefing(args: argparse.Namespace) -> int:
    from utils import briefing

    out = Path(args.out)
    if out.suffix.lower() not in (".pptx", ".pdf"):
        raise CommandRefused(
            f"The briefing is written as .pptx or .pdf, not {out.suffix or out.name!r}."
        )
    try:
        briefing.write_briefing(_engine(args), out, as_of=args.as_of, lang=args.lang)
    except ValueError as exc:
        raise CommandRefused(str(exc)) from exc
    print(f"Briefing written to {out}.")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from utils import ingest

    written = ingest.write_templates(Path(args.out))
    for path in written:
        print(path)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from utils import ingest

    readme = Path(__file__).resolve().parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split("<!-- contract:start -->")
    _, tail = rest.split("<!-- contract:end -->")
    block = ingest.contract_markdown().strip()
    readme.write_text(
        f"{head}<!-- contract:start -->\n{block}\n<!-- contract:end -->{tail}", encoding="utf-8"
    )
    print(f"Data contract written into {readme.name}.")
    return 0


def cmd_assets(args: argparse.Namespace) -> int:
    from utils.maps import install_static_assets

    installed = install_static_assets()
    print(f"Offline map assets ready: {installed}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    from utils.i18n import LANGUAGES

    parser = argparse.ArgumentParser(prog="cli.py", description="Labor Tension Map command line.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_: str, db: bool = True):
        command = sub.add_parser(name, help=help_)
        command.set_defaults(handler=handler)
        if db:
            command.add_argument("--db", help="database URL (overrides DATABASE_URL)")
        return command

    demo = add("demo", cmd_demo, "(re)create the synthetic demo data set")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--force", action="store_true", help="replace uploaded data too")
    demo.add_argument("--if-empty", action="store_true", help="only when the database is empty")
    demo.add_argument("--remove", action="store_true", help="undo the demo batches, keep uploads")

    ingest = add("ingest", cmd_ingest, "load one CSV or XLSX extract")
    ingest.add_argument(
        "kind",
        choices=["appeals", "arrears", "layoffs", "incidents", "enterprises", "region_stats"],
    )
    ingest.add_argument("file")
    ingest.add_argument("--user", default="cli")
    ingest.add_argument("--json", action="store_true")

    batches = add("batches", cmd_batches, "list loads")
    batches.add_argument("--json", action="store_true")

    undo = add("undo", cmd_undo, "remove one load whole")
    undo.add_argument("batch_id", type=int)
    undo.add_argument("--user", default="cli")

    regions = sub.add_parser("regions", help="region reference tools")
    regions_sub = regions.add_subparsers(dest="regions_command", required=True)
    resolve = regions_sub.add_parser("resolve", help="resolve region names to ISO codes")
    resolve.set_defaults(handler=cmd_regions_resolve)
    resolve.add_argument("text", nargs="+")
    resolve.add_argument("--json", action="store_true")

    hotspots = add("hotspots", cmd_hotspots, "early warning: rising regions and enterprises")
    hotspots.add_argument("--as-of", dest="as_of", help="YYYY-MM: use data up to this month")
    hotspots.add_argument("--json", action="store_true")

    backtest = add("backtest", cmd_backtest,
                   "early warning audited: how many labour conflicts it foresaw")
    backtest.add_argument("--from", dest="first", help="YYYY-MM: first month of conflicts")
    backtest.add_argument("--to", dest="last", help="YYYY-MM: last month of conflicts")
    backtest.add_argument("--top", type=int, default=20,
                          help="enterprises of the watchlist that count as flagged")
    backtest.add_argument("--horizon", type=int, default=3,
                          help="months before a conflict in which a flag counts")
    backtest.add_argument("--min-lead", dest="min_lead", type=int, default=1,
                          help="a flag counts at least this many months before the conflict")
    backtest.add_argument("--json", action="store_true")

    users = sub.add_parser("users", help="accounts and roles")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    users_add = users_sub.add_parser("add", help="add an account (password from prompt or stdin)")
    users_add.set_defaults(handler=cmd_users_add)
    users_add.add_argument("name")
    users_add.add_argument("--role", required=True, choices=["viewer", "analyst", "admin"])
    users_add.add_argument("--db")
    users_list = users_sub.add_parser("list", help="list accounts")
    users_list.set_defaults(handler=cmd_users_list)
    users_list.add_argument("--db")
    users_list.add_argument("--json", action="store_true")
    users_disable = users_sub.add_parser("disable", help="disable an account")
    users_disable.set_defaults(handler=cmd_users_disable)
    users_disable.add_argument("name")
    users_disable.add_argument("--db")

    briefing = add("briefing", cmd_briefing, "export a briefing as PPTX or PDF")
    briefing.add_argument("--out", required=True)
    briefing.add_argument("--as-of", dest="as_of")
    briefing.add_argument("--lang", default="ru", choices=LANGUAGES)

    templates = add("templates", cmd_templates, "write upload templates (CSV, XLSX)", db=False)
    templates.add_argument("--out", default="templates")

    add("assets", cmd_assets, "install the offline map assets for the app", db=False)
    add("docs", cmd_docs, "write the data contract into README.md", db=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    from utils.store import StoreUnavailable

    try:
        return args.handler(args)
    except CommandRefused as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    except StoreUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNAVAILABLE


if __name__ == "__main__":
    sys.exit(main())
