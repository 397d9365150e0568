"""Target test: a box per target (value or growth %, and its type), verdicts, probabilities
and fan charts.

The table keeps, per row, what the user typed (a value or a growth %); modules.planning.targets
derives the other and assesses it. Projections are cached, so an edit refits nothing.
"""

import pandas as pd
import streamlit as st

from modules.data.catalogue import IndicatorKind, indicator
from modules.data.dataset import builtin_catalogue
from modules.data.problems import Severity
from modules.data.provenance import account
from modules.data.vocabulary import Direction
from modules.engine.backtest import miss_summary
from modules.engine.gap import gap_unit, miss_gap
from modules.engine.projections import in_panel
from modules.planning.feasibility import band_limits
from modules.planning.record import VERDICTS, class_line, scores
from modules.planning.scenarios import Scenario
from modules.planning.shown import result_texts
from modules.planning.summary import badge_of
from modules.planning.targets import (
    TYPED_GROWTH,
    TYPED_VALUE,
    evaluate,
    has_targets,
    model_text,
    results_frame,
    targetable_years,
    typed_concern,
    with_direction,
    with_indicator,
    with_typed,
)
from modules.reports.briefing import Evaluated, pdf
from modules.reports.palette import VERDICT as VERDICT_COLOURS
from modules.text import fmt
from modules.text.i18n import caveat, t
from modules.ui.cache import (
    briefing_record,
    cached_project,
    evidence,
    fan_chart_spec,
    record_if_ready,
    start_record,
)
from modules.ui.components import badge_cards, guard
from modules.ui.provinces import outside_view_section
from modules.ui.selection import (
    dataset,
    dataset_key,
    model,
    one_offs,
    planning_dataset,
    require_series,
    target_table,
    target_year,
)
from modules.ui.session import (
    LINK_OPENED,
    OPENED_FROM_LINK,
    REFERENCE,
    TARGET_MESSAGES,
    TARGET_REDRAW,
    TARGET_YEAR,
    bump_editor,
    editor_version,
    input_key,
    show_in_widget,
    widget_value,
)
from modules.ui.sidebar import MODEL_REASONS, model_reasons
from modules.ui.text import (
    indicator_name,
    lang,
    md,
    md_table,
    mdtr,
    number,
    pct,
    table,
    tr,
    unit_name,
)


def on_input(key: str, indicator_id: str, field: str, data, year: int) -> None:
    """A target box's on_change (Enter, or leaving the box): the typed value, growth % or
    target type applied to `indicator_id`'s row of the session's current table (not the one
    drawn: two boxes changed in one request both count) and stored before the run it
    triggers; a typo gives a message naming the indicator and keeps the last valid value.
    The row's boxes then show the table's values again (the derived form; the last valid value
    of a refused box), under the same keys: a box tabbed into keeps the focus."""
    _, targets = target_table(data, year)
    rows = list(targets["indicator"])
    if indicator_id not in rows:  # a box of a row no longer there: nothing to apply it to
        return
    position, typed, messages = rows.index(indicator_id), widget_value(key), {}
    if field == "direction":
        if typed not in tuple(Direction):  # not a choice of this drawing: nothing to apply
            return
        targets = with_direction(targets, position, typed)
    else:
        try:
            value = fmt.parse_typed(typed, lang())
        except fmt.NumberInputError as exc:
            messages[indicator_id] = mdtr("targets.target_invalid",
                                          indicator=indicator_name(indicator_id),
                                          reason=exc.message(lang()))
        else:  # a number that cannot be a target (−5, −100%) is refused like a typo
            concern = typed_concern(data, indicator_id, field, value)
            if concern is not None:
                messages[indicator_id] = md(concern.message(lang()))
            else:
                targets = with_typed(targets, position, field, value)
    target_table(data, year, replace=targets)
    TARGET_REDRAW.setdefault().add(indicator_id)
    TARGET_MESSAGES.setdefault().update(messages)


def box_values(result, row) -> dict:
    """What a row's three boxes show: the form the user typed (the table's `typed`) in the
    editable format (`91.234,56` stays so), the other derived and rounded ("" when it cannot
    be derived: no projection), and the target type. `row` is the table's row (a namedtuple)."""
    typed = getattr(row, "typed", None) if row is not None else None
    exact = {TYPED_VALUE: getattr(row, "target", None), TYPED_GROWTH: getattr(row, "growth_pct",
                                                                              None)}
    derived = {TYPED_VALUE: "" if result.target is None else number(result.target),
               TYPED_GROWTH: "" if result.growth_pct is None
               else fmt.number(result.growth_pct, lang(), 1)}
    shown = {field: fmt.editable_number(exact[field], lang())
             if field == typed and not pd.isna(exact[field]) else derived[field]
             for field in (TYPED_VALUE, TYPED_GROWTH)}
    return {**shown, "direction": result.direction}


def target_inputs(results, data, year: int, table: str) -> None:
    """One row per target: its name and base year, then three boxes (the target value, the
    growth % over the base year, the target type). Plain text inputs, not a data editor: an
    Enter reaches the server at once (the editor waits 150 ms), they stack on a phone and a
    screen reader reads them. A concern about a row is shown under it, as text."""
    version = editor_version(table)
    chosen_lang = lang()  # bound now: format_func may run outside the script
    refused = TARGET_MESSAGES.pop()  # a box just refused: said under its row
    redraw = TARGET_REDRAW.pop()
    _, targets = target_table(data, year)
    typed_forms = {row.indicator: row for row in targets.itertuples()}
    for r in results:
        series = data.series(r.indicator)
        unit = unit_name(series.unit)  # "14,8% so với năm trước", as every percent is written
        base = (f"{number(series.last_value)}{'' if unit.startswith('%') else ' '}{unit} "
                f"({series.last_year})" if len(series) else "—")
        keys = {field: input_key(table, version, r.indicator, field, chosen_lang)
                for field in (TYPED_VALUE, TYPED_GROWTH, "direction")}
        box = {field: {"key": key, "on_change": on_input,
                       "args": (key, r.indicator, field, data, year)}
               for field, key in keys.items()}
        name, value, growth, direction = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
        name.markdown(f"**{md(indicator_name(r.indicator))}**  \n"
                      f"{tr('targets.col_latest')}: {md(base)}")
        # the boxes show what the table holds, whatever was drawn before (another year, a
        # model that could not run): the typed form as typed, the derived one rounded
        for field, shown in box_values(r, typed_forms.get(r.indicator)).items():
            show_in_widget(keys[field], shown,
                           r.indicator in redraw or widget_value(keys[field]) != shown)
        value.text_input(mdtr("targets.col_target_in", unit=unit_name(series.unit) or "—"), None,
                         **box[TYPED_VALUE])
        growth.text_input(tr("targets.col_growth"), None, **box[TYPED_GROWTH])
        # two choices, both in view: no typing into a list (whose "No results" is English)
        direction.radio(tr("targets.col_direction"), list(Direction), horizontal=True,
                        index=None, format_func=lambda d: t(f"direction.{d}", chosen_lang),
                        **box["direction"])
        if r.indicator in refused:
            st.error(refused[r.indicator] + " " + tr("targets.kept_previous"))
        for concern in (r.problem if r.projection else None, r.warning):
            if concern is not None:  # it names the indicator itself; user text escaped
                (st.warning if concern.severity == Severity.WARNING else st.error)(
                    md(concern.message(lang())))


data = dataset()
st.title(tr("targets.heading"))
st.caption(tr("targets.intro"))
require_series(data)  # an accepted upload may have nothing to project

years = targetable_years(data)
target_year(data)  # the session's year, or the plans' default, stored for the picker
controls = st.columns([1, 2])
year = controls[0].selectbox(tr("targets.target_year"), years, key=TARGET_YEAR.name)
probability_pct = controls[1].select_slider(tr("targets.inverse"), [50, 60, 70, 80, 90, 95],
                                            value=80, help=tr("targets.inverse_help"),
                                            format_func=lambda p: f"{p}%")

def show_evidence(result, series, year: int, work) -> None:
    """Each model's past error, what auto chose and why, and how often it missed."""
    horizon = year - series.last_year
    errors, replay = evidence(work, result.indicator, horizon)
    members = result.projection.members
    if len(members) > 1:  # auto averaged the members with the smallest past errors
        st.caption(tr("targets.auto_members",
                      members=", ".join(tr(f"member.{m}") for m in members)))
    else:
        st.caption(tr("targets.auto_chose", detail=model_text(result.projection, lang())))
    if errors.empty:
        st.caption(tr("targets.too_short_to_backtest", n=len(series)))
        return
    unit = gap_unit(series.kind)
    st.dataframe(pd.DataFrame({
        tr("targets.col_model"): errors["model"].map(
            lambda m: tr("model.auto") if m == "auto" else tr(f"member.{m}")),
        tr("targets.col_past_error", h=horizon, unit=unit): errors["mean_abs_error"].map(
            lambda v: fmt.number(v, lang(), 1)),
        tr("targets.col_past_n"): errors["n"],
        tr("targets.col_kept"): errors["kept"].map(
            lambda k: "" if k is None or pd.isna(k) else ("✓" if k else ""))}),
        hide_index=True, width="stretch")
    if result.target is not None and len(replay):
        median = result.projection.median(year)
        gap = miss_gap(result.target, median, series.kind)
        missed, total = miss_summary(replay, gap, h=horizon, kind=series.kind)
        if total:
            st.caption(tr("targets.miss_summary", h=horizon, gap=fmt.number(gap, lang(), 1),
                          unit=unit, missed=missed, total=total))




def record_lines(verdicts: set) -> None:
    """Beside the verdicts: for each verdict class shown, how past official targets fared
    when the tool said it (planning.record), once this model's record is ready."""
    replayed = record_if_ready(model())
    if replayed is None:
        st.caption(tr("record.being_computed"))
        return
    found = scores(replayed)
    st.caption("  \n".join(class_line(found, v, lang()) for v in VERDICTS if v in verdicts))


@st.fragment
def targets_and_results(data, year: int, probability_pct: int) -> None:
    """Everything a target changes: the verdicts, the boxes, the results and the fan charts.
    A fragment: a box's Enter reruns this part only, not the sidebar and the controls."""
    table_key, targets = target_table(data, year)  # one table per dataset and year
    if not has_targets(targets):
        st.info(tr("targets.no_targets", year=year))
    work = planning_dataset(data)  # one-off years left out
    results = evaluate(work, targets, year, model(), cached_project)
    if one_offs():
        st.info(tr("targets.one_off_note", marks=", ".join(
            f"{md(indicator_name(m['indicator']))} {m['year']}" for m in one_offs())))
    with guard(lang(), "targets summary"):
        summary_section(data, year, targets, work, results)
    with st.container(key="kt_screen_only"):  # boxes do not print; the results table does
        st.caption(tr("targets.editor_help", year=year))
        target_inputs(results, data, year, table_key)
    add_indicator_section(data, year, targets, table_key)
    results_section(results, data, probability_pct)
    with guard(lang(), "targets provinces"):
        outside_view_section(data, results, year)
    with st.container(key="kt_screen_only_charts"):  # a printed page holds cards and table
        fan_charts(results, data, year, work)


def summary_section(data, year: int, targets, work, results) -> None:
    """The summary a leader reads first (printable text, any screen) and its PDF: a card for
    every row with a target (assessed or not, and then why), the rows without one named, so
    that a card never goes without a word."""
    shared = st.query_params.get("scenario")
    opened = LINK_OPENED.get() if shared and shared == OPENED_FROM_LINK.get() else None
    if opened:  # a link to a missing, deleted or renamed scenario shows nothing of it
        st.info(mdtr("targets.opened_scenario", name=opened), icon=":material/link:")
    carded = [r for r in results if r.assessment is not None or r.target is not None
              or r.growth_pct is not None]
    if carded:
        badge_cards([badge_of(r, data) for r in carded], lang())
        verdicts = {r.assessment.verdict for r in carded if r.assessment is not None}
        if verdicts:
            with guard(lang(), "record lines"):
                record_lines(verdicts)
    blank = [r.indicator for r in results if r.indicator not in {c.indicator for c in carded}]
    if blank and carded:
        st.caption(tr("targets.without_target", names=", ".join(
            md(indicator_name(i)) for i in blank)))
    if any(r.assessment is not None for r in results):
        current = Scenario.from_table(opened or tr("targets.current_targets"), dataset_key(),
                                      year, model(), targets, one_offs(), REFERENCE.get())
        chosen_lang = lang()
        st.download_button(
            tr("targets.pdf_now"),
            lambda: pdf([Evaluated(current, work, results)], chosen_lang,
                        record=briefing_record([current.model])),
            f"kha-thi-{data.id}-{year}.pdf", "application/pdf",
            help=tr("targets.pdf_now_help"), icon=":material/picture_as_pdf:",
            key="targets_pdf")


def add_indicator_section(data, year: int, targets, table_key) -> None:
    """A row for an indicator of the dataset that has none in the target table."""
    missing = [i for i in data.indicators if i not in set(targets["indicator"])]
    with st.expander(tr("targets.add_hint")):
        chosen_lang = lang()  # bound now: format_func may run outside the script
        choice = st.selectbox(tr("targets.col_indicator"), missing,
                              format_func=lambda i: indicator(i).name(chosen_lang))
        if st.button(tr("targets.add_indicator"), disabled=not missing):
            target_table(data, year, replace=with_indicator(targets, choice, year))
            bump_editor(table_key)
            st.rerun()


TABLE_COLUMNS = (("indicator", None), ("verdict", "verdict"), ("probability", "probability"),
                  ("target", "target"), ("median", "median"), ("range80", "range80"),
                  ("range95", "range95"), ("implied", "annual_growth_pct"),
                  ("last", "record_last"), ("avg5", "record_avg5"), ("best", "record_best"),
                  ("worst", "record_worst"), ("reached", "reached"), ("model", None))


def result_row(row, probability_pct: int) -> dict:
    """One projected row of the results table (a results_frame row), as shown by
    planning.shown, with its verdict code kept aside (`_verdict`)."""
    texts = {**result_texts(row, lang()), "indicator": row["name"], "model": row["model"]}
    return {**{tr(f"targets.col_{column}", p=f"{probability_pct}%"): texts[key or column]
               for column, key in TABLE_COLUMNS},
            "_verdict": row["verdict"] if isinstance(row["verdict"], str) else None}


def results_section(results, data, probability_pct: int) -> None:
    """The results table on screen (coloured verdicts, column help) and its printed form."""
    st.subheader(tr("targets.results"))
    blocked = [r.problem for r in results if r.projection is None and r.problem
               and r.problem.code in MODEL_REASONS]
    if blocked:  # the model that cannot run: one message naming the series
        st.warning(model_reasons(blocked[0].params["model"], blocked, lang()))
    for r in results:
        if r.projection is None and not (r.problem and r.problem.code in MODEL_REASONS):
            st.warning(mdtr("targets.no_projection", indicator=indicator_name(r.indicator),
                            reason=r.problem.message(lang()) if r.problem else "—"))
    projected = [r for r in results if r.projection is not None]
    rows = [result_row(row, probability_pct) for _, row in results_frame(
        projected, data, lang(), probability_pct / 100).iterrows()]
    if not rows:
        return
    frame = pd.DataFrame(rows)
    styler = table(frame.drop(columns="_verdict")).style.apply(
        lambda column: [f"background-color: {VERDICT_COLOURS.get(v, '')}; color: white; "
                        "font-weight: bold" if v else "" for v in frame["_verdict"]],
        subset=[tr("targets.col_verdict")])
    bands = band_limits(lang())  # the verdict help states VERDICT_BANDS' limits
    help_for = {tr(f"targets.col_{c}"): tr(f"targets.help_{h}", **bands) for c, h in (
        ("verdict", "verdict"), ("probability", "probability"), ("median", "median"),
        ("range80", "range80"), ("range95", "range95"), ("implied", "implied"))}
    st.dataframe(styler, hide_index=True, width="stretch", column_config={
        name: st.column_config.Column(name, help=text) for name, text in help_for.items()})
    with st.expander(tr("targets.how_to_read"), icon=":material/help:"):
        st.markdown("\n".join(f"- **{name}**: {text}" for name, text in help_for.items()))
    with st.container(key="kt_print_only"):  # the canvas grid does not print; this does,
        # its columns those a printed A4 page holds for the reader of a handout
        printed = [tr(f"targets.col_{c}") for c in (
            "indicator", "verdict", "probability", "target", "median", "range80",
            "implied", "last", "best")]
        st.table(md_table(frame[printed].set_index(tr("targets.col_indicator"))))


def chart_notes(r, series, data) -> None:
    """What qualifies a fan chart, above it: the data's warnings, a thin record's borrowed
    range, one-off years, the growth-rate reading, the caveat and the series' own record."""
    for note in data.problems:  # the data's warnings beside the result they affect
        if note.params.get("indicator") == r.indicator:
            st.text("⚠ " + note.message(lang()))
    if r.projection.thin:
        st.warning(tr("targets.thin_warning", n=r.projection.n_obs) + " " + (
            tr("targets.spread_borrowed" if in_panel(r.indicator) else
               "targets.spread_borrowed_national", reference=builtin_catalogue()[
                r.projection.spread_from][f"name_{lang()}"])
            if r.projection.spread_from else tr("targets.spread_floor")))
    if r.projection.exceptional:
        st.warning(tr("targets.exceptional_warning",
                      years=", ".join(map(str, r.projection.exceptional))))
    if series.kind == IndicatorKind.GROWTH_RATE:
        st.caption(tr("targets.growth_note"))
    if note := caveat(data.id, r.indicator, lang()):
        st.info(note)
    if r.record.last is not None:
        record = r.record
        st.caption(tr("targets.record_caption", last_year=record.last_year,
                      last=pct(record.last), n=record.n_5y, avg=pct(record.average_5y),
                      best=pct(record.best), best_year=record.best_year,
                      worst=pct(record.worst), worst_year=record.worst_year))


def fan_charts(results, data, year: int, work) -> None:
    """One fan chart per projected target, two a row, with the notes that qualify it."""
    st.subheader(tr("targets.fan_heading"))
    charted = [r for r in results if r.projection is not None]
    for i, r in enumerate(charted):
        series = data.series(r.indicator)
        if i % 2 == 0:
            pair = st.columns(2)
        with pair[i % 2], st.container(border=True):
            st.markdown(" · ".join(part for part in (
                f"**{md(indicator_name(r.indicator))}**", md(unit_name(series.unit)),
                tr("targets.base_year", year=series.last_year)) if part))
            chart_notes(r, series, data)
            st.vega_lite_chart(fan_chart_spec(series, r.projection, lang(), r.target, year),
                               width="stretch")
            for note in series.notes:
                st.caption("⚠️ " + md(note.message(lang())))
            with st.expander(tr("overview.account")):
                for line in account(data.observations, r.indicator).lines(lang()):
                    st.text(line)
            # costly: on demand
            if st.toggle(tr("targets.evidence"), key=f"evidence:{r.indicator}"):
                show_evidence(r, series, year, work)


# A whole-page run over half a second (another year or model: new fits, new charts) shows a
# spinner in the user's language; a box's Enter reruns only the fragment, without it.
with st.spinner(tr("app.updating")):
    targets_and_results(data, year, probability_pct)
start_record(model())  # after the page is drawn: the record line shows on a later run
