"""The data template planners fill in: canonical columns, headers in the UI language,
and two real rows (Đắk Lắk retail sales, with their source) as an example."""

from __future__ import annotations

import pandas as pd

from modules.data.dataset import PAYLOAD_COLUMNS, load_builtin
from modules.reports.exports import csv_bytes, xlsx_bytes
from modules.text.i18n import t


def template_frame(lang: str = "vi") -> pd.DataFrame:
    example = load_builtin("daklak").observations
    example = example[(example["indicator"] == "retail_sales") & (example["unit"] != "% yoy")
                      & (example["year"] >= 2020) & (example["status"] != "alternative")
                      ][PAYLOAD_COLUMNS]
    example = example.assign(status=example["status"].map(lambda s: t(f"status.{s}", lang)))
    return example.rename(columns={c: t(f"template.{c}", lang) for c in PAYLOAD_COLUMNS})


def template_xlsx(lang: str = "vi") -> bytes:
    frame = template_frame(lang)
    return xlsx_bytes({t("template.sheet", lang): frame},
                      number_formats={t("template.value", lang): "#,##0.###"},
                      column_widths={t("template.indicator", lang): 28,
                                     t("template.source", lang): 50})


def template_csv(lang: str = "vi") -> bytes:
    return csv_bytes(template_frame(lang), float_format="%.10g")
