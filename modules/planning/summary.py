"""The leader's summary: one badge per official target, the verdict and what drives it.

Built from the same target table (`targets.plan_targets`), projections and feasibility
function (`targets.evaluate` → `feasibility.assess`) as the target test, so the landing
page and the target page can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from modules.data.catalogue import indicator
from modules.data.dataset import Dataset
from modules.data.problems import Problem, ProblemCode
from modules.data.vocabulary import Direction
from modules.engine.projections import project
from modules.planning import shown
from modules.planning.feasibility import Record
from modules.planning.targets import (
    TargetResult,
    default_target_year,
    evaluate,
    plan_targets,
)
from modules.text.i18n import t


@dataclass(frozen=True)
class Badge:
    """One official target, assessed: what a leader reads on the first screen.

    `probability` is in [0, 1] and `verdict` a verdict id (feasibility.VERDICT_BANDS); both are
    None when the target cannot be assessed, and `problem` then says why.
    `needed_pct` is the yearly growth (%) the target needs from the base year (for a
    growth-rate indicator: the target itself)."""

    indicator: str
    year: int
    unit: str
    kind: str
    direction: str
    target: float | None
    growth_pct: float | None
    needed_pct: float | None
    probability: float | None
    verdict: str | None
    record: Record
    problem: Problem | None = None


def badges(dataset: Dataset, year: int | None = None, model: str = "auto",
           project_fn=project) -> list[Badge]:
    """One Badge per official target the dataset records for `year` (default:
    targets.default_target_year, the year the target page opens on), in the catalogue's
    headline order; [] when it records none.
    `project_fn` lets the app pass its cached projections (same signature as
    engine.projections.project)."""
    year = default_target_year(dataset) if year is None else int(year)
    table = plan_targets(dataset, year)
    if table.empty:
        return []
    return [badge_of(r, dataset) for r in evaluate(dataset, table, year, model, project_fn)]


def badge_of(result: TargetResult, dataset: Dataset) -> Badge:
    """The Badge of one evaluated target row (targets.evaluate), e.g. of the target page's
    own table, so that its summary and its results table show the same numbers."""
    a = result.assessment
    problem = result.problem
    if a is None and problem is None:
        problem = Problem(ProblemCode.NO_DATA, params={"indicator": result.indicator})
    return Badge(result.indicator, result.year, dataset.series(result.indicator).unit,
                 indicator(result.indicator).kind, result.direction, result.target,
                 result.growth_pct, a.annual_growth_pct if a else None,
                 a.probability if a else None, a.verdict if a else None, result.record,
                 problem)


def target_text(badge: Badge, lang: str = "vi") -> str:
    """The target as a reader writes it (shown.target_text): '90.500 tỷ đồng', '+12,0%'
    for a growth rate, with '≤' in front of a ceiling; '—' when there is none."""
    return shown.target_text(badge.target, badge.unit, badge.kind, badge.direction, lang)


def driver_line(badge: Badge, lang: str = "vi") -> str:
    """The one line on what drives the verdict: the yearly growth the target needs beside
    the record, e.g. 'cần +5,4%/năm; gần nhất +2,8% (2021), cao nhất +14,8% (2014)'.
    The problem's message when the target could not be assessed."""
    if badge.problem is not None and badge.needed_pct is None:
        return badge.problem.message(lang)
    pct = lambda value: shown.growth_text(value, lang)
    key = "summary.needs_at_most" if badge.direction == Direction.AT_MOST else "summary.needs"
    parts = [t(key, lang, needed=pct(badge.needed_pct))]
    record = badge.record
    if record.last is None:
        parts.append(t("summary.no_record", lang))
    elif record.best_year == record.last_year:
        parts.append(t("summary.record_best_is_last", lang, last=pct(record.last),
                       last_year=record.last_year))
    else:
        parts.append(t("summary.record", lang, last=pct(record.last), last_year=record.last_year,
                       best=pct(record.best), best_year=record.best_year))
    return "; ".join(parts)


