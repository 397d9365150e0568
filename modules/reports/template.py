"""The data template planners fill in: the canonical columns with headers, indicator
names, units, price bases, coverage and statuses in the UI language (the words the
reader reads back, modules.data.reader), two real rows (Đắk Lắk retail sales, with their
source) as an example and, in the Excel template, a sheet of the allowed values."""

from __future__ import annotations

import pandas as pd

from modules.data.catalogue import CATALOGUE, UNITS
from modules.data.dataset import FLAGS, MEDIUM_TERM, PAYLOAD_COLUMNS, load_builtin
from modules.data.provenance import in_words
from modules.data.vocabulary import Status
from modules.reports.exports import csv_bytes, xlsx_bytes
from modules.text.i18n import t, unit_name

PRICE_BASES = ("current", "constant_2010", "constant_1994", "n/a", "unspecified")


def template_frame(lang: str = "vi") -> pd.DataFrame:
    """The upload template: canonical columns with headers in `lang` and Đắk Lắk's
    retail rows from 2020 as the example, every coded cell in the words of `lang`
    (the collector's notes, in English, are left out: the note is the user's own).
    """
    example = load_builtin("daklak").observations
    example = example[(example["indicator"] == "retail_sales") & (example["unit"] != "% yoy")
                      & (example["year"] >= 2020) & (example["status"] != Status.ALTERNATIVE)
                      ][PAYLOAD_COLUMNS].assign(note="")
    return in_words(example, lang).rename(
        columns={c: t(f"template.{c}", lang) for c in PAYLOAD_COLUMNS})


def allowed_values(lang: str = "vi") -> pd.DataFrame:
    """The allowed values of the template's coded columns in `lang`, one row each:
    column (its header), value (as the reader reads it), meaning. Indicators are the
    catalogue's; units, price bases, statuses and flags the ones the app knows."""
    rows = [("indicator", ind.name(lang), t(f"indicator_kind.{ind.kind}", lang))
            for ind in CATALOGUE.values()]
    rows += [("unit", unit_name(unit, lang), t(f"template.unit_kind_{kind}", lang))
             for unit, (kind, _) in UNITS.items()]
    rows += [("unit", t("template.index_unit", lang), t("template.index_unit_help", lang))]
    rows += [("price_basis", t(f"price_basis.{b}", lang), t(f"template.price_basis_{b}", lang,
                                                                default=""))
             for b in PRICE_BASES]
    rows += [("price_basis", t("template.other_constant", lang),
              t("template.other_constant_help", lang))]
    rows += [("status", t(f"status.{s}", lang), t(f"template.status_{s}", lang))
             for s in Status]
    rows += [("flags", t(f"flag.{f}", lang), t("template.flags_help", lang) if not i else "")
             for i, f in enumerate(f for f in FLAGS if f != MEDIUM_TERM)]
    return pd.DataFrame([(t(f"template.{c}", lang), value, meaning)
                         for c, value, meaning in rows],
                        columns=[t(f"template.allowed_{c}", lang)
                                 for c in ("column", "value", "meaning")])


def template_xlsx(lang: str = "vi") -> bytes:
    """The template as an XLSX workbook (bytes): the data sheet (read by load_file) and
    the sheet of allowed values."""
    frame = template_frame(lang)
    allowed = allowed_values(lang)
    return xlsx_bytes({t("template.sheet", lang): frame,
                       t("template.allowed_sheet", lang): allowed},
                      number_formats={t("template.value", lang): "#,##0.###"},
                      column_widths={t("template.indicator", lang): 28,
                                     t("template.source", lang): 50,
                                     t("template.coverage", lang): 30,
                                     allowed.columns[1]: 55, allowed.columns[2]: 60})


def template_csv(lang: str = "vi") -> bytes:
    """The template as UTF-8 CSV (bytes); it reads back through load_file."""
    return csv_bytes(template_frame(lang), float_format="%.10g")
