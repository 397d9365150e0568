"""Presentation pieces shared by the pages: verdict cards, metric deltas that do not
mislead, the print stylesheet and the error boundary.

Only arranging happens here; the numbers come from modules/planning (summary.badges).
Every text put into HTML is escaped first.
"""

from __future__ import annotations

import contextlib
import html
import logging
import math

import streamlit as st

from modules.data.catalogue import indicator
from modules.planning.feasibility import probability_text
from modules.planning.shown import growth_text
from modules.planning.summary import Badge, driver_line, target_text
from modules.reports.palette import VERDICT as VERDICT_COLOURS
from modules.text import fmt
from modules.text.i18n import t

log = logging.getLogger("khathi.ui")

_CSS = """
<style>
.kt-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:.6rem;
  margin:.25rem 0 .5rem 0}
.kt-card{border:1px solid #d0d7de;border-left:.55rem solid var(--kt-c);border-radius:.5rem;
  padding:.45rem .7rem;background:#fff;color:#1b1f24;break-inside:avoid}
.kt-name{font-weight:600;font-size:.95rem;line-height:1.25;margin:0}
.kt-row{display:flex;flex-wrap:wrap;gap:.2rem .5rem;align-items:center;margin:.3rem 0 .15rem 0}
.kt-verdict{background:var(--kt-c);color:#fff;font-weight:700;border-radius:.3rem;
  padding:.05rem .45rem;font-size:.9rem;white-space:nowrap}
.kt-p{font-weight:700;font-size:1.05rem;white-space:nowrap}
.kt-target{font-size:.88rem;margin:0}
.kt-driver{font-size:.82rem;color:#3d444d;line-height:1.35;margin:.15rem 0 0 0}
.kt-driver b{color:#1b1f24}
.st-key-kt_print_only{display:none}
h1{font-size:2.1rem !important}
[data-testid=stMainBlockContainer]{padding-top:3.2rem}
@media (max-width:640px){
  h1{font-size:1.45rem !important;padding-bottom:.3rem !important}
  h3{font-size:1.1rem !important}
  [data-testid=stMainBlockContainer]{padding-top:2.6rem}
  .kt-grid{grid-template-columns:1fr;gap:.35rem}
  .kt-card{padding:.3rem .55rem}
  .kt-row{margin:.15rem 0 .05rem 0}
  .kt-name{font-size:.9rem}.kt-driver{font-size:.76rem}
}
@media print{
  [data-testid=stSidebar],[data-testid=stSidebarCollapsedControl],[data-testid=stHeader],
  [data-testid=stToolbar],[data-testid=stDecoration],[data-testid=stExpander],
  [data-testid=stDownloadButton],[data-testid=stButton],[data-testid=stDataFrame],
  [data-testid=stDataEditor],[class*=st-key-kt_screen_only],[data-testid=stSelectbox],
  [data-testid=stSlider],[data-testid=stCheckbox]{display:none !important}
  @page{size:A4 portrait;margin:10mm}
  h1,h2,h3,[data-testid=stHeading]{break-after:avoid;page-break-after:avoid}
  h1{font-size:1.5rem !important;padding:0 0 .2rem 0 !important}
  h2,h3{font-size:1.1rem !important;padding:.3rem 0 .1rem 0 !important}
  [data-testid=stVerticalBlock]{gap:.5rem !important}
  [data-testid=stTable] table{font-size:.72rem}
  [data-testid=stTable] th,[data-testid=stTable] td{padding:.15rem .3rem !important}
  .st-key-kt_print_only{display:block !important}
  [data-testid=stMain],[data-testid=stAppViewContainer]{margin:0 !important;padding:0 !important}
  [data-testid=stMainBlockContainer]{padding:0 !important;max-width:100% !important}
  .kt-card,[data-testid=stVegaLiteChart],[data-testid=stTable]{break-inside:avoid}
  .kt-grid{grid-template-columns:repeat(2,1fr)}
}
</style>
"""


def inject_css() -> None:
    """The cards' styles and the print stylesheet (sidebar, buttons and canvas grids hidden,
    print-only tables shown). Call once per run, before the page."""
    st.markdown(_CSS, unsafe_allow_html=True)


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def badge_cards(badges: list[Badge], lang: str) -> None:
    """One card per target: name, verdict in its colour, P(reaching it), the target and
    the line on what drives it. Plain HTML text (printable, readable on a phone, no
    horizontal scrolling): a grid of 1 to 4 columns by screen width. At most once a page."""
    cards = []
    for badge in badges:
        colour = VERDICT_COLOURS.get(badge.verdict, "#6e7781")
        verdict = t(f"verdict.{badge.verdict}", lang) if badge.verdict else \
            t("summary.not_assessed", lang)
        probability = probability_text(badge.probability, lang) if badge.probability is not None \
            else "—"
        cards.append(
            f'<div class="kt-card" data-kt="badge" style="--kt-c:{colour}">'
            f'<p class="kt-name">{_e(indicator(badge.indicator).name(lang))}</p>'
            f'<div class="kt-row"><span class="kt-verdict" data-kt="verdict">{_e(verdict)}</span>'
            f'<span class="kt-p" title="{_e(t("targets.help_probability", lang))}">'
            f'{_e(t("summary.probability", lang))}: {_e(probability)}</span></div>'
            f'<p class="kt-driver">{_e(t("targets.col_target", lang))} {badge.year}: '
            f'<b>{_e(target_text(badge, lang))}</b> · {_e(driver_line(badge, lang))}</p></div>')
    with st.container(key="verdicts"):  # a stable hook: DOM class st-key-verdicts (benchmarks)
        st.markdown(f'<div class="kt-grid">{"".join(cards)}</div>', unsafe_allow_html=True)


def growth_delta(growth_pct: float | None, lang: str, template: str) -> dict:
    """Keyword arguments for st.metric showing a growth as its delta: a fall is red with a
    down arrow, a rise green with an up arrow, no change or no figure grey without arrow.
    `template` (a locale key with {growth}) words the delta; None gives no delta."""
    if growth_pct is None or not math.isfinite(growth_pct):
        return {"delta": None}
    text = t(template, lang, growth=growth_text(growth_pct, lang))
    rounded = round(growth_pct, 1)
    if rounded == 0:
        return {"delta": text, "delta_color": "gray", "delta_arrow": "off"}
    return {"delta": text, "delta_color": "red" if rounded < 0 else "green",
            "delta_arrow": "down" if rounded < 0 else "up"}


def text_delta(text: str) -> dict:
    """Keyword arguments for st.metric with a worded delta: grey, never an arrow."""
    return {"delta": text, "delta_color": "gray", "delta_arrow": "off"}


def drawn_when_open(label: str, key: str):
    """An expander whose content the page draws only while it is open (`.open`; opening it
    reruns the page): heavy charts and tables below the fold stay out of the first render,
    which then does not wait for their JavaScript. Use: `with drawn_when_open(...) as part:
    if part.open: ...`. Its state is kept in the session under widget key `key`."""
    return st.expander(label, key=key, on_change="rerun")


@contextlib.contextmanager
def guard(lang: str, where: str = ""):
    """An error boundary: an exception inside is logged with its traceback and replaced by
    a short message in the user's language; the rest of the page goes on. Streamlit's
    own control flow (st.rerun, st.stop, st.switch_page) passes through (it is not an
    Exception)."""
    try:
        yield
    except Exception:  # the boundary exists to catch everything
        log.exception("page section failed: %s", where or "?")
        st.error(t("app.error_boundary", lang), icon=":material/error:")


def number_box(container, label: str, key: str, default: float, lang: str, *,
               low: float | None = None, high: float | None = None, decimals: int = 1,
               help: str | None = None) -> float:
    """A number box written the UI language's way (`80,5` in Vietnamese, `80.5` in English),
    read by the one number reader (fmt.parse_typed), never Streamlit's number_input (which
    reads and shows numbers the English way, with its own English range message).
    Returns the number read; a text that cannot be read, is blank or lies outside
    [low, high] gives a message in `lang` under the box and `default` is used instead.
    `label` is Markdown (escape user text first)."""
    text = container.text_input(label, fmt.number(default, lang, decimals, trim=True), key=key,
                                help=help)
    try:
        value = fmt.parse_typed(text, lang)
    except fmt.NumberInputError as exc:
        reason = exc.message(lang)
    else:
        if value is None:
            reason = t("app.number_blank", lang)
        elif (low is not None and value < low) or (high is not None and value > high):
            reason = t("app.number_range", lang, text=fmt.number(value, lang, 6, trim=True),
                       low=fmt.number(low, lang, decimals, trim=True),
                       high=fmt.number(high, lang, decimals, trim=True))
        else:
            return value
    container.error(_md_escape(reason) + " " + t("app.number_default", lang, value=fmt.number(
        default, lang, decimals, trim=True)))
    return default


def _md_escape(text: str) -> str:
    from modules.ui.text import md
    return md(text)
