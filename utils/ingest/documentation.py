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
            lines.append("")
            lines.append(
                "Wide tables are accepted too: one column per indicator (the header names the "
                "indicator and its unit), or regions as rows and periods as columns (the "
                "indicator and unit are taken from the title and units rows above the header). "
                "Rows for the whole country («Республика Казахстан») are not loaded as a region."
            )
        lines.append("")
    return "\n".join(lines)
