"""Labor Tension Map on the command line: everything an analyst or a scheduled job does
without a browser.

    python cli.py demo [--seed N] [--db URL] [--force] [--if-empty] [--remove]
    python cli.py ingest KIND FILE [--db URL] [--user NAME] [--period P] [--indicator NAME]
                         [--json]
    python cli.py batches [--db URL] [--json]
    python cli.py undo BATCH_ID [--db URL] [--user NAME]
    python cli.py regions resolve TEXT... [--json]
    python cli.py districts resolve TEXT... [--region CODE] [--json]
    python cli.py hotspots [--as-of YYYY-MM] [--db URL] [--json]
    python cli.py backtest [--from YYYY-MM] [--to YYYY-MM] [--top K] [--horizon H] [--db URL]
                           [--json]
    python cli.py users add NAME --role ROLE [--email ADDRESS] [--lang ru|kk|en] [--db URL]
                           (password from a prompt or stdin)
    python cli.py users list [--db URL] [--json]
    python cli.py users disable NAME [--db URL]
    python cli.py users passwd NAME [--db URL]            (password from a prompt or stdin)
    python cli.py users email NAME ADDRESS|--remove [--db URL]
    python cli.py users lang NAME ru|kk|en [--db URL]
    python cli.py alerts subscribe USER [--region CODE]... [--bin BIN]... [--signal KIND]...
    python cli.py alerts unsubscribe USER [--region CODE]... [--bin BIN]... [--signal KIND]...
    python cli.py alerts list [USER] [--db URL] [--json]
    python cli.py alerts run [--as-of YYYY-MM] [--out DIR] [--dry-run] [--db URL] [--json]
    python cli.py cases open BIN --owner NAME [--due YYYY-MM-DD] [--date YYYY-MM-DD] [--note TEXT]
                             [--db URL] [--json]
    python cli.py cases step CASE_ID STATE [--date YYYY-MM-DD] [--by NAME] [--repaid-kzt N]
                             [--workers N] [--reason KEY] [--note TEXT] [--db URL] [--json]
    python cli.py cases list [--state S] [--region CODE] [--overdue] [--db URL] [--json]
    python cli.py cases report [--from YYYY-MM] [--to YYYY-MM] [--db URL] [--json]
    python cli.py cases import FILE [--user NAME] [--db URL] [--json]
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
        report = ingest.ingest_file(engine, args.kind, Path(args.file), user=args.user,
                                    period=args.period, indicator=args.indicator)
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


def cmd_districts_resolve(args: argparse.Namespace) -> int:
    import geo

    region = None
    if args.region:
        region = geo.resolve_region(args.region)
        if region is None:
            raise CommandRefused(
                f"{args.region!r} names no region; give an ISO code such as KZ-11."
            )
    results = [
        {key: item[key] for key in ("input", "kato", "name", "region", "candidates", "warning")}
        for item in geo.district_report(args.text, region, lang=args.lang)
    ]
    if args.json:
        _print_json({"region": region, "results": results})
        return 0
    for item in results:
        if item["kato"]:
            line = f"{item['input']!r}: {item['kato']} {item['name']} ({item['region']})"
        elif item["candidates"]:
            options = ", ".join(f"{c['kato']} {c['region']}" for c in item["candidates"])
            line = f"{item['input']!r}: — ambiguous, give --region: {options}"
        else:
            line = f"{item['input']!r}: —"
        print(line + (f"  note: {item['warning']}" if item["warning"] else ""))
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
        auth.create_user(engine, args.name, args.role, _read_password(args.name), actor="cli",
                         email=args.email, lang=args.lang)
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


def cmd_users_passwd(args: argparse.Namespace) -> int:
    from utils import auth

    engine = _engine(args)
    try:
        auth.change_password(engine, args.name, _read_password(args.name), actor="cli")
    except (LookupError, ValueError) as exc:
        raise CommandRefused(exc.args[0] if exc.args else str(exc)) from exc
    print(f"Password of {args.name} changed; its log-in sessions ended.")
    return 0


def cmd_users_email(args: argparse.Namespace) -> int:
    from utils import auth

    if (args.address is None) == (not args.remove):
        raise CommandRefused("Give either an e-mail address or --remove.")
    try:
        auth.set_email(_engine(args), args.name, args.address, actor="cli")
    except (LookupError, ValueError) as exc:
        raise CommandRefused(exc.args[0] if exc.args else str(exc)) from exc
    if args.address is None:
        print(f"User {args.name} has no e-mail address now: alerts show in the app only.")
    else:
        print(f"Alerts of {args.name} go to {args.address.strip()}.")
    return 0


def cmd_users_lang(args: argparse.Namespace) -> int:
    from utils import auth

    try:
        auth.set_language(_engine(args), args.name, args.lang, actor="cli")
    except (LookupError, ValueError) as exc:
        raise CommandRefused(exc.args[0] if exc.args else str(exc)) from exc
    print(f"Alerts of {args.name} are written in {args.lang}.")
    return 0


def _places(args: argparse.Namespace) -> str:
    names = [*args.region, *args.bin]
    return ", ".join(names) if names else "every region and enterprise"


def cmd_alerts_subscribe(args: argparse.Namespace) -> int:
    from utils import alerts

    try:
        alerts.follow(_engine(args), args.user, args.region, args.bin, args.signal)
    except (LookupError, ValueError) as exc:
        raise CommandRefused(exc.args[0] if exc.args else str(exc)) from exc
    kinds = ", ".join(args.signal) if args.signal else "every signal"
    print(f"{args.user.strip().lower()} follows {_places(args)} for {kinds}.")
    return 0


def cmd_alerts_unsubscribe(args: argparse.Namespace) -> int:
    from utils import alerts

    try:
        changed = alerts.unfollow(_engine(args), args.user, args.region, args.bin, args.signal)
    except (LookupError, ValueError) as exc:
        raise CommandRefused(exc.args[0] if exc.args else str(exc)) from exc
    print(f"{changed} subscription(s) of {args.user.strip().lower()} changed or removed.")
    return 0


def cmd_alerts_list(args: argparse.Namespace) -> int:
    from utils import alerts

    user = args.user.strip().lower() if args.user else None
    rows = alerts.follows(_engine(args), user)
    if args.json:
        _print_json({"subscriptions": rows})
    elif not rows:
        print("No subscriptions.")
    else:
        for row in rows:
            place = row["place"] or "all"
            print(f"{row['user']}\t{row['scope']}\t{place}\t{','.join(row['kinds'])}")
    return 0


def cmd_alerts_run(args: argparse.Namespace) -> int:
    from utils import alerts
    from utils.months import is_month

    if args.as_of is not None and not is_month(args.as_of):
        raise CommandRefused(f"--as-of takes a month as YYYY-MM, not {args.as_of!r}.")
    result = alerts.run_alerts(_engine(args), as_of=args.as_of,
                               out=Path(args.out) if args.out else None, dry_run=args.dry_run)
    if args.json:
        _print_json(result.to_json())
        return 0
    if result.as_of is None:
        print("No data loaded: no signals.")
        return 0
    for message in result.messages:
        print(f"{message['user']}: {len(message['signals'])} signal(s)")
        for signal in message["signals"]:
            print(f"  {signal['kind']} {signal['place']} ({signal['level']}): {signal['reason']}")
    for case_id in result.reopened:
        print(f"Case {case_id} reopened: its enterprise is at high risk again within the watch.")
    verb = "would get" if args.dry_run else "got"
    print(f"{result.recipients} user(s) {verb} new signals for {result.as_of}; "
          f"{result.sent} message(s) sent, {result.skipped} not sent"
          + (f" ({result.destination})." if result.destination else "."))
    for failure in result.failures:
        print(f"  not sent to {failure['user']}: {failure['error']} (tried again next run)")


def _day(text: str | None, what: str):
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandRefused(f"The {what} {text!r} is not a date written YYYY-MM-DD.") from None


def _month(text: str | None, what: str) -> str | None:
    from utils.months import is_month

    if text is not None and not is_month(text):
        raise CommandRefused(f"The {what} month {text!r} is not written YYYY-MM.")
    return text


def _case_refused(exc: Exception) -> CommandRefused:
    return CommandRefused(str(exc))


def _opening_warning(engine, bin_: str):
    """Return what the watchlist of the last month says of ``bin_`` (None when silent)."""
    from utils import cases, early_warning, store

    if store.month_bounds(engine)[1] is None:
        return None
    try:
        report = early_warning.hotspots_report(engine,
                                               config=early_warning.config_from_settings())
    except (ValueError, early_warning.PanelError):
        return None
    return cases.warning_of(report, bin_)


def cmd_cases_open(args: argparse.Namespace) -> int:
    from utils import cases

    engine = _engine(args)
    opened_on, due_on = _day(args.date, "opening date"), _day(args.due, "due date")
    try:
        number = cases.checked_bin(args.bin)
        warning = _opening_warning(engine, number)
        case = cases.open_case(engine, number, args.owner, opened_on=opened_on, due_on=due_on,
                               note=args.note, warning=warning, user="cli",
                               source="watchlist" if warning else "hand")
    except cases.CaseRefused as exc:
        raise _case_refused(exc) from exc
    payload = {"case_id": case.id, "bin": case.bin, "region": case.region,
               "state": case.state, "reason": case.reason_text()}
    if args.json:
        _print_json(payload)
    else:
        print(f"Case {case.id} opened on {case.bin} ({case.region or 'region unknown'}), "
              f"owner {case.owner}: {payload['reason'] or 'no reason given'}.")
    return 0


def cmd_cases_step(args: argparse.Namespace) -> int:
    from utils import cases

    engine = _engine(args)
    try:
        case = cases.step_case(engine, args.case_id, args.state, on=_day(args.date, "date"),
                               by=args.by, note=args.note, reason=args.reason,
                               repaid_kzt=args.repaid_kzt, workers=args.workers)
    except cases.CaseRefused as exc:
        raise _case_refused(exc) from exc
    if args.json:
        _print_json(case.to_json(cases.today()))
    else:
        print(f"Case {case.id} is now {case.state} (version {case.version}).")
    return 0


def cmd_cases_list(args: argparse.Namespace) -> int:
    from utils import cases

    engine = _engine(args)
    if args.state is not None and args.state not in cases.STATES:
        raise CommandRefused(f"Invalid state: {args.state!r}. State must be in the set: "
                             f"{', '.join(cases.STATES)}.")
    cases.reopen_on_risk(engine)
    today, targets = cases.today(), cases.Targets.from_settings()
    found = cases.load_cases(engine, states=[args.state] if args.state else None,
                             region=args.region)
    if args.overdue:
        found = [case for case in found if cases.is_late(case, today, targets)]
    found.sort(key=lambda case: (not cases.is_late(case, today, targets), case.id))
    rows = []
    for case in found:
        row = case.to_json(today)
        row["late"] = cases.is_late(case, today, targets)
        rows.append(row)
    if args.json:
        _print_json({"cases": rows})
    elif not rows:
        print("No cases.")
    else:
        for row in rows:
            late = " LATE" if row["late"] else ""
            print(f"{row['case_id']}\t{row['bin']}\t{row['region'] or '—'}\t{row['state']}"
                  f"\t{row['owner']}{late}")
    return 0


def cmd_cases_report(args: argparse.Namespace) -> int:
    from utils import cases

    engine = _engine(args)
    first, last = _month(args.first, "first"), _month(args.last, "last")
    cases.reopen_on_risk(engine)
    report = cases.timeliness_report(cases.load_cases(engine), today=cases.today(),
                                     first=first, last=last)
    if args.json:
        _print_json(report.to_json())
        return 0
    total = report.total
    share = "—" if total.on_time_share is None else f"{total.on_time_share:.0%}"
    print(f"Cases opened {total.opened}, closed {total.closed}, stages on time {share}, "
          f"repaid {total.repaid_kzt:,.0f} KZT to {total.workers_repaid} workers.")
    for group in report.slowest_regions():
        print(cases.slowest_sentence(group, "en") + ".")
    return 0


def cmd_cases_import(args: argparse.Namespace) -> int:
    from utils import cases

    engine = _engine(args)
    try:
        report = cases.import_cases(engine, Path(args.file), user=args.user)
    except cases.CaseRefused as exc:
        raise _case_refused(exc) from exc
    payload = report.to_dict()
    if args.json:
        _print_json(payload)
    else:
        print(f"{payload['rows_read']} rows read, {payload['rows_loaded']} cases loaded, "
              f"{payload['rows_rejected']} rejected, {payload['rows_duplicate']} already "
              "loaded.")
        _print_errors(payload["errors"])
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
    import geo
    from utils.maps import install_static_assets

    installed = install_static_assets()
    print(f"Offline map assets ready: {installed}")
    built = geo.build_caches()
    print(f"Region and district boundaries ready: {', '.join(built)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every command."""
    from utils.auth import ROLES
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
    ingest.add_argument("--period", help="region_stats: the period of a table that gives none "
                        "(2022, 2025-Q2, 2025-03)")
    ingest.add_argument("--indicator", help="region_stats: the indicator of a table whose "
                        "title and headers name none")
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

    districts = sub.add_parser("districts", help="district reference tools")
    districts_sub = districts.add_subparsers(dest="districts_command", required=True)
    district_resolve = districts_sub.add_parser(
        "resolve", help="resolve district and city names or KATO codes to 9-digit KATO codes"
    )
    district_resolve.set_defaults(handler=cmd_districts_resolve)
    district_resolve.add_argument("text", nargs="+")
    district_resolve.add_argument("--region", help="region (ISO code or name) for homonyms")
    district_resolve.add_argument("--lang", choices=("ru", "kk", "en"), default="ru")
    district_resolve.add_argument("--json", action="store_true")

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
    users_add.add_argument("--role", required=True, choices=list(ROLES))
    users_add.add_argument("--email", help="address the user's alerts go to")
    users_add.add_argument("--lang", choices=LANGUAGES, help="language of the user's alerts")
    users_add.add_argument("--db")
    users_list = users_sub.add_parser("list", help="list accounts")
    users_list.set_defaults(handler=cmd_users_list)
    users_list.add_argument("--db")
    users_list.add_argument("--json", action="store_true")
    users_disable = users_sub.add_parser("disable", help="disable an account")
    users_disable.set_defaults(handler=cmd_users_disable)
    users_disable.add_argument("name")
    users_disable.add_argument("--db")
    users_passwd = users_sub.add_parser(
        "passwd", help="set a new password and end the account's sessions (prompt or stdin)"
    )
    users_passwd.set_defaults(handler=cmd_users_passwd)
    users_passwd.add_argument("name")
    users_passwd.add_argument("--db")
    users_email = users_sub.add_parser("email", help="set the address alerts go to")
    users_email.set_defaults(handler=cmd_users_email)
    users_email.add_argument("name")
    users_email.add_argument("address", nargs="?")
    users_email.add_argument("--remove", action="store_true", help="remove the address")
    users_email.add_argument("--db")
    users_lang = users_sub.add_parser("lang", help="set the language of the user's alerts")
    users_lang.set_defaults(handler=cmd_users_lang)
    users_lang.add_argument("name")
    users_lang.add_argument("lang", choices=LANGUAGES)
    users_lang.add_argument("--db")

    alerts = sub.add_parser("alerts", help="subscriptions and e-mail digests of signals")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", required=True)
    for name, handler, help_ in (
        ("subscribe", cmd_alerts_subscribe, "follow regions or enterprises (none: all)"),
        ("unsubscribe", cmd_alerts_unsubscribe, "stop following (no place: every place)"),
    ):
        command = alerts_sub.add_parser(name, help=help_)
        command.set_defaults(handler=handler)
        command.add_argument("user")
        command.add_argument("--region", action="append", default=[], metavar="CODE",
                             help="ISO code of a region, e.g. KZ-75 (repeatable)")
        command.add_argument("--bin", action="append", default=[],
                             help="BIN of an enterprise (repeatable)")
        command.add_argument("--signal", action="append", default=None, metavar="KIND",
                             help="kind of signal (repeatable; none: every kind): "
                                  "watchlist_new, risk_raised, region_large_increase, "
                                  "emerging_hot_spot, case_assigned, case_overdue")
        command.add_argument("--db")
    alerts_list = alerts_sub.add_parser("list", help="list subscriptions")
    alerts_list.set_defaults(handler=cmd_alerts_list)
    alerts_list.add_argument("user", nargs="?")
    alerts_list.add_argument("--db")
    alerts_list.add_argument("--json", action="store_true")
    alerts_run = alerts_sub.add_parser(
        "run", help="reopen watched cases at high risk, find new signals, send the digests")
    alerts_run.set_defaults(handler=cmd_alerts_run)
    alerts_run.add_argument("--as-of", dest="as_of", help="YYYY-MM: use data up to this month")
    alerts_run.add_argument("--out", help="write .eml files to this folder instead of SMTP")
    alerts_run.add_argument("--dry-run", dest="dry_run", action="store_true",
                            help="say who would get which signals; store and send nothing")
    alerts_run.add_argument("--db")
    alerts_run.add_argument("--json", action="store_true")

    _add_cases(sub)

    briefing = add("briefing", cmd_briefing, "export a briefing as PPTX or PDF")
    briefing.add_argument("--out", required=True)
    briefing.add_argument("--as-of", dest="as_of")
    briefing.add_argument("--lang", default="ru", choices=LANGUAGES)

    templates = add("templates", cmd_templates, "write upload templates (CSV, XLSX)", db=False)
    templates.add_argument("--out", default="templates")

    add("assets", cmd_assets, "install the offline map assets for the app", db=False)
    add("docs", cmd_docs, "write the data contract into README.md", db=False)
    return parser


def _add_cases(sub) -> None:
    """Add ``cases open|step|list|report|import`` to the parser."""
    group = sub.add_parser("cases", help="cases: from a warning to action and its result")
    cases_sub = group.add_subparsers(dest="cases_command", required=True)

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_: str):
        command = cases_sub.add_parser(name, help=help_)
        command.set_defaults(handler=handler)
        command.add_argument("--db", help="database URL (overrides DATABASE_URL)")
        command.add_argument("--json", action="store_true")
        return command

    opening = add("open", cmd_cases_open, "open a case on an enterprise (by BIN)")
    opening.add_argument("bin")
    opening.add_argument("--owner", required=True, help="the office or person in charge")
    opening.add_argument("--due", help="YYYY-MM-DD: when the case should be done")
    opening.add_argument("--date", help="YYYY-MM-DD: the day it opened (default today)")
    opening.add_argument("--note")
    step = add("step", cmd_cases_step, "take the next step of a case")
    step.add_argument("case_id", type=int)
    step.add_argument("state")
    step.add_argument("--date", help="YYYY-MM-DD: the day of the step (default today)")
    step.add_argument("--by", default="cli")
    step.add_argument("--repaid-kzt", dest="repaid_kzt", type=float)
    step.add_argument("--workers", type=int)
    step.add_argument("--reason", help="why a case closes early: no_violation, bankrupt, "
                                       "court, duplicate")
    step.add_argument("--note")
    listing = add("list", cmd_cases_list, "list cases, late ones first")
    listing.add_argument("--state")
    listing.add_argument("--region", help="ISO code, e.g. KZ-47")
    listing.add_argument("--overdue", action="store_true", help="only the late cases")
    report = add("report", cmd_cases_report, "timeliness and results by region")
    report.add_argument("--from", dest="first", help="YYYY-MM: first month of openings")
    report.add_argument("--to", dest="last", help="YYYY-MM: last month of openings")
    imported = add("import", cmd_cases_import, "load cases kept in another system")
    imported.add_argument("file")
    imported.add_argument("--user", default="cli")


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
