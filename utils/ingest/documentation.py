"""The data contract written out as Markdown: the README's section between its contract marks.

``python cli.py docs`` writes it into the README, and a test fails when the README is out of
date.
"""

from __future__ import annotations

from utils.ingest.kinds import KINDS
from utils.ingest.vocabularies import VOCABULARIES


def _vocabulary_summary(name: str) -> str:
    values = list(VOCABULARIES[name])
    if name == "industry":
        return "OKED section letter A–U (or an OKED code such as 10.11, or the section name)"
    if name == "indicator":
        return "known: " + ", ".join(values) + "; other indicators are kept as written"
    return ", ".join(values)


#: How official tables are read (the shapes accepted, the flags, the historical regions).
_OFFICIAL_SHAPES = (
    "Official tables are read as the statistics bureau and open-data republications publish "
    "them:",
    "",
    "- **Long** (a value column and a period column), **wide by period** (regions as rows, one "
    "column per period) or **wide by indicator** (one column per indicator, its unit in the "
    "header); **transposed** tables (periods as rows, regions as column headers) are turned "
    "round.",
    "- **Title rows** above the header name the indicator and its unit (a title repeated "
    "across merged cells is read once; footnote markers «1)», «*», «**» are dropped); "
    "placeholder rows of Power Query or pandas («Column1 …», «Unnamed: 1») are skipped, and so "
    "is a row of column numbers under the header.",
    "- **Two header rows**: the upper row's merged cells (years) span the lower row's "
    "sub-periods — quarters («I квартал», «I тоқсан», «Q1», «1 кв.»), months («январь», "
    "«қаңтар», «Jan»), the year («год», «жыл», «year») and periods from January («январь–март», "
    "«I полугодие», «9 месяцев»), each stored with its own period and granularity (`year`, "
    "`quarter`, `month`, `cumulative` — a period from January, label `2025-01..03`, never read "
    "as a quarter or a month).",
    "- Notes and footnotes below the table are not data («Источник: …» there gives the "
    "source); «-», «–», «…», «x», «х», «.» and empty cells are missing values; numbers may be "
    "text with spaces or non-breaking spaces between thousands and a decimal comma.",
    "- Region headers as written («Регион», «Регионы», «Область», «Наименование региона», "
    "«Аймақтар», «Өңір», «Region name», «regions»); names with footnote markers and "
    "transliterations («Akmolinskaya», «Shimkent city», «Alma-Ata's region», "
    "«Western-Kazakhstan»); the country total in any language («Республика Казахстан», «The "
    "Republic Of Kazakhstan», «Қазақстан Республикасы») is not loaded as a region.",
    "- **What the table does not say, the analyst says**: a table without a period is refused "
    "as a whole until it is given (Data page: the period field of the mapping step; command "
    "line: `--period 2022`, `--period 2025-Q2`, `--period 2025-03`); a table whose title and "
    "headers name no indicator likewise (`--indicator \"…\"`). The command line exits with 2.",
    "- **Historical regions** (`geo/region_history.py`, sources in "
    "`data/region_history_sources.md`): South Kazakhstan Region values for periods that began "
    "before 2018-06-19 go to Turkistan Region, its legal successor, with a warning that they "
    "include Shymkent; a South Kazakhstan value for a later period is refused; a value of "
    "Abai, Jetisu or Ulytau for a period that ended before 2022-06-08 is refused; values of "
    "East Kazakhstan, Almaty Region and Karaganda before the 2022 reform stay in them with a "
    "warning.",
    "- **One value per region, period and indicator**: two in one file are both refused, each "
    "naming the other's row; a later file restating stored values is reported (how many, from "
    "which batch, how many differ) and its values are shown from then on; undoing it brings "
    "the earlier ones back. Screens show the granularity that matches the chosen months and "
    "say which.",
)


def contract_markdown() -> str:
    """Return the data contract as Markdown (one table per kind), for the README."""
    lines = [
        "Every kind accepts Russian, Kazakh or English headers (case, spacing, punctuation",
        "and units such as «, тенге» do not matter). Columns in bold are required.",
        "Applicant personal data (full name, IIN, phone, e-mail, home address, date of",
        "birth) is dropped before anything is stored; the load report lists such columns.",
        "",
        "Files: XLSX (or XLS), or CSV/TSV/TXT in UTF-8 (with or without a byte-order mark),",
        "Windows-1251 or UTF-16 (Excel's «Unicode text»), separated by commas, semicolons or",
        "tabs. A `bin` is 12 digits with a valid check digit; `000000000000` is refused as a",
        "placeholder. A `date` is written as people write it (31.01.2025, 2025-01-31); an Excel",
        "day number (45688) is a date in a workbook, and in a CSV only when the whole column",
        "is written that way (the load report says so); among written dates it is an error.",
        "",
    ]
    for kind in KINDS.values():
        lines.append(f"### {kind.name} — {kind.title['en']} / {kind.title['ru']}")
        lines.append("")
        lines.append(kind.description)
        if kind.one_of:
            for group in kind.one_of:
                lines.append(f"At least one of {', '.join(f'`{c}`' for c in group)} per row.")
        lines.append("")
        lines.append("| column | type | header (ru) | header (kk) | header (en) | values |")
        lines.append("|---|---|---|---|---|---|")
        derived = set(kind.extra.get("derived", ()))  # type: ignore[arg-type]
        for column in kind.columns:
            if column.name in derived:
                continue
            name = f"**`{column.name}`**" if column.required else f"`{column.name}`"
            values = _vocabulary_summary(column.vocabulary) if column.vocabulary else ""
            if column.minimum is not None:
                values = (values + "; " if values else "") + f"≥ {column.minimum:g}"
            if column.default is not None:
                values = (values + "; " if values else "") + f"default {column.default}"
            lines.append(
                f"| {name} | {column.type} | {column.labels['ru']} | {column.labels['kk']} "
                f"| {column.labels['en']} | {values} |"
            )
        if kind.name == "region_stats":
            lines += ["", *_OFFICIAL_SHAPES]
        lines.append("")
    return "\n".join(lines)
