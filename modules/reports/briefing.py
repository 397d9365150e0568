"""Exports of a scenario or a comparison: an Excel workbook and a one-page PDF briefing
(A4 portrait for four targets; a long comparison continues on a second page).

Both are built from targets.evaluate results (the numbers the app shows). Charts are
the app's own Altair charts rendered to PNG by vl-convert; text uses the DejaVu font
shipped in modules/reports/assets/fonts, which has every Vietnamese diacritic.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from modules.data.catalogue import indicator
from modules.data.dataset import PAYLOAD_COLUMNS, Dataset, select_rows
from modules.data.provenance import in_words, source_name
from modules.planning.feasibility import BAND_LIMITS
from modules.planning.record import Scores, classes_line
from modules.planning.scenarios import Scenario, comparison
from modules.planning.shown import result_texts
from modules.planning.targets import TargetResult, results_frame
from modules.reports import palette
from modules.reports.charts import fan_chart
from modules.reports.exports import guarded, xlsx_bytes
from modules.text import fmt
from modules.text.i18n import caveat, t, unit_name

FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
VERDICT_RGB = {verdict: palette.rgb(colour) for verdict, colour in palette.VERDICT.items()}


@dataclass(frozen=True)
class Evaluated:
    """A scenario with its dataset and its evaluated targets: what one export shows."""
    scenario: Scenario
    dataset: Dataset
    results: list[TargetResult]

    def frame(self, lang: str = "vi") -> pd.DataFrame:
        """Its results flattened (targets.results_frame), names in `lang`."""
        return results_frame(self.results, self.dataset, lang)


# --- Excel ------------------------------------------------------------------------------


PROBABILITY_FORMAT = '[>0.99]">99%";[<0.01]"<1%";0%'  # fmt.probability's rule, in Excel


def shown(p) -> float | None:
    """A probability cell as the app shows it beside its verdict (0.896 → 0.89 under the
    0.90 band limit), so that Excel's whole percent agrees with the verdict column."""
    return fmt.probability_shown(p, BAND_LIMITS)


@guarded("workbook")
def workbook(items: list[Evaluated], lang: str = "vi") -> bytes:
    """Inputs, projections, probabilities, verdicts, data with sources (+ comparison).
    Any failure raises ExportError (modules.reports.exports) with a message for the user."""
    tr = lambda key: t(f"brief.{key}", lang)
    inputs, projections, probabilities, verdicts = [], [], [], []
    for item in items:
        frame = item.frame(lang)
        base = {tr("scenario"): item.scenario.name, tr("indicator"): frame["name"],
                tr("unit"): frame["unit"].map(lambda u: unit_name(u, lang)),
                tr("year"): frame["year"]}
        inputs.append(pd.DataFrame({**base, tr("target"): frame["target"],
                                    tr("growth"): frame["growth_pct"],
                                    tr("typed"): [t(f"brief.typed_{r['typed']}", lang)
                                                  for r in item.scenario.targets],
                                    tr("direction"): frame["direction"].map(
                                        lambda d: t(f"direction.{d}", lang)),
                                    tr("model"): t(f"model.{item.scenario.model}", lang,
                                                   default=item.scenario.model)}))
        projections.append(pd.DataFrame({**base, tr("base_year"): frame["base_year"],
                                         tr("base_value"): frame["base_value"],
                                         tr("median"): frame["median"], tr("low80"): frame["low80"],
                                         tr("high80"): frame["high80"], tr("low95"): frame["low95"],
                                         tr("high95"): frame["high95"],
                                         tr("model"): frame["model"]}))
        probabilities.append(pd.DataFrame({**base, tr("target"): frame["target"],
                                           tr("probability"): frame["probability"].map(shown),
                                           tr("annual_growth"): frame["annual_growth_pct"],
                                           tr("record_last"): frame["record_last"],
                                           tr("record_avg5"): frame["record_avg5"],
                                           tr("record_best"): frame["record_best"],
                                           tr("record_worst"): frame["record_worst"]}))
        verdicts.append(pd.DataFrame({**base, tr("verdict"): frame["verdict"].map(
            lambda v: t(f"verdict.{v}", lang) if isinstance(v, str) else None),
            tr("thin"): frame["thin_evidence"].map(lambda x: tr("yes") if x else "")}))
    sheets = {tr("sheet_inputs"): pd.concat(inputs),
              tr("sheet_projections"): pd.concat(projections),
              tr("sheet_probabilities"): pd.concat(probabilities),
              tr("sheet_verdicts"): pd.concat(verdicts)}
    if len(items) > 1:
        long = comparison({i.scenario.name: i.frame(lang) for i in items})
        sheets[tr("sheet_comparison")] = long[[
            "name", "scenario", "year", "target", "growth_pct", "annual_growth_pct",
            "probability", "verdict"]].rename(columns={
            "name": tr("indicator"), "scenario": tr("scenario"), "year": tr("year"),
            "target": tr("target"), "growth_pct": tr("growth"),
            "annual_growth_pct": tr("annual_growth"), "probability": tr("probability"),
            "verdict": tr("verdict")}).assign(**{tr("verdict"): lambda f: f[tr("verdict")].map(
                lambda v: t(f"verdict.{v}", lang) if isinstance(v, str) else None),
                tr("probability"): lambda f: f[tr("probability")].map(shown)})
    for item in {id(i.dataset): i for i in items}.values():
        # names a reader knows, not internal ids; the collector's notes are verbatim
        data = in_words(item.dataset.observations.reindex(columns=PAYLOAD_COLUMNS), lang)
        title = f"{tr('sheet_data')} {item.dataset.name(lang).split(' (')[0]}"
        if title in sheets:  # two datasets of one name: the id tells them apart
            title = f"{title} {item.dataset.id}"
        sheets[title] = data.rename(  # xlsx_bytes makes the title valid and unique
            columns={c: t(f"template.{c}", lang) for c in PAYLOAD_COLUMNS} | {
                "note": tr("note_verbatim") if _collected_notes(item.dataset) else
                t("template.note", lang)})
    number = "#,##0.0"
    formats = {tr(k): number for k in ("target", "growth", "base_value", "median", "low80",
                                        "high80", "low95", "high95", "annual_growth",
                                        "record_last", "record_avg5", "record_best",
                                        "record_worst")}
    # as the app writes them: never "100%" for 0.9999 nor "0%" for 0.0001 (a number still)
    formats[tr("probability")] = PROBABILITY_FORMAT
    formats[tr("year")] = formats[tr("base_year")] = "0"
    widths = {tr("indicator"): 45, tr("scenario"): 22, tr("model"): 30,
              t("template.source", lang): 50, t("template.note", lang): 50,
              tr("note_verbatim"): 50}
    return xlsx_bytes(sheets, number_formats=formats, column_widths=widths)


def _collected_notes(dataset: Dataset) -> bool:
    """Whether a dataset's notes are the built-in collector's, in English and verbatim (a
    built-in dataset, or one made from it: its notes carry "[khathi]" remarks)."""
    from modules.data.dataset import builtin_catalogue
    return dataset.id in builtin_catalogue() or bool(
        dataset.observations["note"].fillna("").str.contains("[khathi]", regex=False).any())


@guarded("pdf")
def pdf(items: list[Evaluated], lang: str = "vi", today: date | None = None,
        record: Scores | None = None) -> bytes:
    """A briefing for leaders: headline verdict table, fan charts, caveats, sources, date.
    With `record` (planning.record.scores of the replay with the items' model), one line
    under the table: the tool's record for the verdict classes the table shows.
    Names longer than NAME_LIMIT characters are cut (…) and long words wrap. Any failure
    raises ExportError (modules.reports.exports) with a message for the user."""
    from fpdf import FPDF

    tr = lambda key, **kw: t(f"brief.{key}", lang, **kw)
    document = FPDF(orientation="P", unit="mm", format="A4")
    document.set_auto_page_break(True, margin=10)
    document.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.set_title(tr("pdf_title"))
    document.set_margins(14, 10, 14)
    document.add_page()
    first = items[0]
    document.set_font("DejaVu", "B", 14)
    document.cell(0, 7, tr("pdf_title"), new_x="LMARGIN", new_y="NEXT")
    document.set_font("DejaVu", "", 8.5)
    names = ", ".join(short(i.scenario.name) for i in items)
    document.multi_cell(0, 4.2, tr("pdf_subtitle", scenarios=names,
                                   dataset=short(first.dataset.name(lang)),
                                   year=first.scenario.year,
                                   date=(today or date.today()).strftime("%d/%m/%Y")),
                        align="L", new_x="LMARGIN", new_y="NEXT")
    document.ln(1.5)
    _verdict_table(document, items, lang)
    if record is not None:
        _record_line(document, items, record, lang)
    document.ln(2)
    _charts(document, items, lang)
    _heading(document, tr("caveats"))
    document.set_font("DejaVu", "", 7)
    for note in _caveats(first, lang):
        document.multi_cell(0, 3.3, "• " + note, align="L", new_x="LMARGIN", new_y="NEXT")
    document.ln(1)
    _heading(document, tr("sources"))
    document.set_font("DejaVu", "", 6)
    document.multi_cell(0, 2.9, _sources(first, lang), align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def _heading(document, text: str, keep: float = 10) -> None:
    """A section heading, on a new page when fewer than `keep` mm would follow it there
    (a heading never ends a page)."""
    if document.get_y() + 5 + keep > document.page_break_trigger:
        document.add_page()
    document.set_font("DejaVu", "B", 9)
    document.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _verdict_table(document, items: list[Evaluated], lang: str) -> None:
    """The headline table; long names wrap inside their cells. The scenario column only
    when there are several (one scenario is named in the subtitle)."""
    from fpdf.fonts import FontFace

    tr = lambda key: t(f"brief.{key}", lang)
    several = len(items) > 1
    headers = [tr("indicator")] + ([tr("scenario")] if several else []) + [
        tr("target"), tr("annual_growth"), tr("median"), tr("probability"), tr("verdict")]
    widths = (52, 24, 26, 18, 20, 16, 26) if several else (66, 30, 20, 22, 16, 28)
    heading = FontFace(emphasis="BOLD", color=(255, 255, 255),
                       fill_color=palette.rgb(palette.HISTORY))
    document.set_font("DejaVu", "", 7.5)
    with document.table(col_widths=widths, headings_style=heading, line_height=4,
                        text_align=("LEFT",) + (("LEFT",) if several else ()) + (
                            "RIGHT", "RIGHT", "RIGHT", "CENTER", "CENTER")) as table:
        table.row(headers)
        # a comparison reads across: each indicator's scenarios on adjacent rows
        rows = [(item, row) for item in items for _, row in item.frame(lang).iterrows()]
        order = list(dict.fromkeys(row["indicator"] for _, row in rows))
        for item, row in sorted(rows, key=lambda pair: order.index(pair[1]["indicator"])):
            texts = result_texts(row, lang)
            cells = table.row()
            for text in [short(row["name"])] + (
                    [short(item.scenario.name, 60)] if several else []) + [
                    texts[c] for c in ("target", "annual_growth_pct", "median", "probability")]:
                cells.cell(text)
            verdict = row["verdict"] if isinstance(row["verdict"], str) else None
            cells.cell(texts["verdict"], style=FontFace(
                emphasis="BOLD", color=(255, 255, 255), fill_color=VERDICT_RGB[verdict])
                if verdict else None)


def _record_line(document, items: list[Evaluated], record: Scores, lang: str) -> None:
    """One line: how past targets fared when the tool gave the verdicts of this table
    (the font shrinks, down to 6 pt, to keep it on one line)."""
    verdicts = [r.assessment.verdict for item in items for r in item.results if r.assessment]
    text = classes_line(record, verdicts, lang)
    if not text:
        return
    size = 7.5
    document.set_font("DejaVu", "", size)
    while size > 6 and document.get_string_width(text) > document.epw:
        size -= 0.25
        document.set_font("DejaVu", "", size)
    document.ln(1)
    document.multi_cell(0, 3.8, text, new_x="LMARGIN", new_y="NEXT")


NAME_LIMIT = 120  # characters of a user-given name printed in the PDF


def short(text, limit: int = NAME_LIMIT) -> str:
    """User text for print: at most `limit` characters (cut with "…"); a word longer than
    40 characters is split with spaces so that the line can wrap."""
    text = str(text)
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return " ".join(_breakable(word) for word in text.split(" "))


def _breakable(word: str, every: int = 40) -> str:
    if len(word) <= every:
        return word
    return " ".join(word[i:i + every] for i in range(0, len(word), every))


def _name(indicator_id: str, lang: str) -> str:
    return indicator(indicator_id).name(lang)


CHART_WIDTH = 88  # mm: two fan charts side by side on A4 portrait


def _charts(document, items: list[Evaluated], lang: str) -> None:
    """The first item's fan charts, two per row; in a comparison each chart shows every
    scenario's target for that indicator and year (named in its legend)."""
    first = items[0]
    charted = [r for r in first.results if r.projection is not None]
    pngs = [chart_png(first.dataset, r, lang, [
        (short(item.scenario.name, 30), other.target) for item in items for other in item.results
        if other.indicator == r.indicator and other.year == r.year] if len(items) > 1 else ())
        for r in charted]
    for row in range(0, len(pngs), 2):
        pair = pngs[row:row + 2]
        height = max(CHART_WIDTH * _png_ratio(png) for png in pair)
        if document.get_y() + height > document.page_break_trigger:
            document.add_page()
        for i, png in enumerate(pair):
            document.image(png, x=document.l_margin + i * (CHART_WIDTH + 6), y=document.get_y(),
                           w=CHART_WIDTH, h=CHART_WIDTH * _png_ratio(png))
        document.ln(height + 1.5)
    document.set_x(document.l_margin)


def _png_ratio(png: io.BytesIO) -> float:
    """Height / width of a PNG (from its IHDR header)."""
    header = png.getvalue()[16:24]
    width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
    return height / width


def chart_png(dataset: Dataset, result: TargetResult, lang: str,
              targets: Sequence[tuple[str, float | None]] = ()) -> io.BytesIO:
    """The fan chart of one result as a PNG in memory (for the PDF), drawn by vl-convert
    with the DejaVu font and the language's number format; `targets` as in fan_chart
    (the compared scenarios' targets), else the result's own target.
    """
    import vl_convert

    from modules.text.fmt import D3_NUMBER_LOCALE

    vl_convert.register_font_directory(str(FONTS))
    title = short(_name(result.indicator, lang), 80)
    chart = fan_chart(dataset.series(result.indicator), result.projection, lang, result.target,
                      result.year, title=title, targets=targets) \
        .properties(width=330, height=118) \
        .configure(font="DejaVu Sans").configure_title(fontSize=12)
    number_locale = D3_NUMBER_LOCALE.get(lang, D3_NUMBER_LOCALE["vi"])
    png = vl_convert.vegalite_to_png(chart.to_json(), scale=2, format_locale=number_locale)
    return io.BytesIO(png)


def _caveats(item: Evaluated, lang: str) -> list[str]:
    notes = [t("brief.caveat_general", lang)]
    thin = [_name(r.indicator, lang) for r in item.results if r.projection and r.projection.thin]
    if thin:
        notes.append(t("brief.caveat_thin", lang, indicators=", ".join(thin)))
    notes += [text for r in item.results if (text := caveat(item.dataset.id, r.indicator, lang))]
    return notes


def _sources(item: Evaluated, lang: str) -> str:
    """The data's date and the sources of the figures the projections use, in one
    paragraph (the left-out figures' sources are in the workbook's data sheet)."""
    sources = list(dict.fromkeys(
        row.source for r in item.results
        for row in select_rows(item.dataset.observations, r.indicator)[0]))
    as_of = item.dataset.meta.get("as_of", "")
    if as_of:
        as_of = date.fromisoformat(as_of).strftime("%d/%m/%Y")
    head = t("brief.data_as_of", lang, date=as_of) + " " if as_of else ""
    return head + " · ".join(source_name(s, lang) for s in sources)
