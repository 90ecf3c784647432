"""The data page's data-quality panel and upload templates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.reference import region_name
from utils import formatting, i18n, store
from utils.i18n import LANGUAGES
from utils.ingest import KINDS, template_csv, template_name, template_xlsx
from utils.months import month_runs
from utils.screens import grid_percent_format, quality
from utils.ui import data, tables
from utils.ui.upload import format_stamp

# --- quality and templates ------------------------------------------------------------------


def _months_text(months: list[str], lang: str) -> str:
    parts = []
    for first, last in month_runs(months):
        parts.append(formatting.format_period(first, last, lang))
    return ", ".join(parts)


def quality_panel(lang: str, user: dict | None) -> None:
    """Show coverage per kind, the last upload per kind, and each region's months and gaps.

    Who made each upload is shown to signed-in users only.
    """
    version = data.version()
    coverage = data.coverage(version)
    summary = quality.kind_summary(coverage)
    tables.dataframe(
        summary.assign(
            kind=summary["kind"].map(lambda kind: i18n.kind_label(kind, lang)),
            first_month=summary["first_month"].map(lambda m: formatting.format_month(m, lang)),
            last_month=summary["last_month"].map(lambda m: formatting.format_month(m, lang)),
        ),
        lang,
        column_config={
            "kind": i18n.t("data.kind", lang),
            "first_month": i18n.t("data.first_month", lang),
            "last_month": i18n.t("data.last_month", lang),
            "months": i18n.t("data.months", lang),
            "regions": i18n.t("common.regions", lang),
            "regions_complete": i18n.t("data.regions_complete", lang),
            "gaps": i18n.t("data.gap_count", lang),
            "rows": i18n.t("data.rows", lang),
        },
        key="data_quality_summary",
    )
    last = quality.last_upload_per_kind(store.list_batches(data.engine()))
    st.markdown(f"**{i18n.t('data.last_uploads', lang)}**")
    uploads = pd.DataFrame(
        {
            "kind": last["kind"].map(lambda kind: i18n.kind_label(kind, lang)),
            "created_at": last["created_at"].map(lambda at: format_stamp(at, lang)),
            "batch_id": last["batch_id"],
            "file_name": last["file_name"],
            "user_name": last["user_name"],
            "batches": last["batches"],
        }
    )
    tables.dataframe(
        uploads if user is not None else uploads.drop(columns=["user_name"]),
        lang,
        column_config={
            "kind": i18n.t("data.kind", lang),
            "created_at": i18n.t("data.batch_time", lang),
            "batch_id": i18n.t("data.batch", lang),
            "file_name": i18n.t("data.batch_file", lang),
            "user_name": i18n.t("data.batch_user", lang),
            "batches": i18n.t("data.batches_loaded", lang),
        },
        key="data_quality_last",
    )
    kind = st.selectbox(i18n.t("data.coverage", lang), quality.MONTHLY_KINDS,
                        format_func=lambda k: i18n.kind_label(k, lang), key="data_quality_kind")
    if kind in ("layoffs", "incidents"):
        st.caption(i18n.t("data.coverage_note", lang))
    regions = quality.region_coverage(coverage, kind)
    tables.dataframe(
        pd.DataFrame(
            {
                "region": regions["region"].map(lambda code: region_name(code, lang)),
                "share": regions["share"] * 100,
                "months": [f"{c} / {t}" for c, t in
                           zip(regions["months_covered"], regions["months_total"], strict=True)],
                "gaps": regions["gaps"].map(lambda gaps: _months_text(gaps, lang)),
            }
        ),
        lang,
        column_config={
            "region": i18n.t("common.region", lang),
            "share": st.column_config.ProgressColumn(
                i18n.t("data.coverage_share", lang), format=grid_percent_format(lang), min_value=0,
                max_value=100),
            "months": i18n.t("data.months", lang),
            "gaps": i18n.t("data.missing_months", lang),
        },
        key="data_quality_regions",
    )


def templates_panel(lang: str) -> None:
    """Offer each kind's template in CSV and XLSX, headers in the chosen language."""
    st.caption(i18n.t("data.templates_help", lang))
    left, right = st.columns(2)
    kind = left.selectbox(i18n.t("data.kind", lang), list(KINDS),
                          format_func=lambda k: i18n.kind_label(k, lang),
                          key="data_template_kind")
    header_lang = right.selectbox(i18n.t("data.template_lang", lang), LANGUAGES,
                                  index=LANGUAGES.index(lang),
                                  format_func=lambda code: i18n.t(f"lang.{code}", lang),
                                  key="data_template_lang")
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        i18n.t("common.download_csv", lang), template_csv(kind, header_lang),
        file_name=template_name(kind, header_lang, "csv"), mime="text/csv",
        key="data_template_csv",
    )
    xlsx_col.download_button(
        i18n.t("common.download_xlsx", lang), template_xlsx(kind, header_lang),
        file_name=template_name(kind, header_lang, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="data_template_xlsx",
    )
