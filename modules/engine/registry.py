"""The one list of forecasting models: what each is called, what it needs, how it runs.

`auto`, the backtests, the CLI's --model choices, the app's sidebar and the Methods
page all read REGISTRY (or MODEL_NAMES, derived from it). A model is declared here
once; its arithmetic lives in models.py (named models) or auto.py (`auto`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from modules.data.catalogue import IndicatorKind
from modules.data.series import YearlySeries
from modules.engine import auto as auto_module
from modules.engine import models
from modules.engine.models import MAX_HORIZON, ModelError, Projection
from modules.engine.reference import borrowed_floor


@dataclass(frozen=True)
class ModelSpec:
    """One model: `min_years` (consecutive ones when `regular`), the indicator kinds it
    serves, and `project(series, reference) -> Projection` for MAX_HORIZON years
    (`reference`: a reference.ReferenceClass or None)."""

    name: str
    min_years: int
    regular: bool
    kinds: tuple[str, ...]
    project: Callable[[YearlySeries, object], Projection]

    def fits(self, series: YearlySeries) -> bool:
        """Whether the series is of a kind this model serves and long enough for it."""
        if series.kind not in self.kinds:
            return False
        data = series.latest_contiguous() if self.regular else series
        return len(data) >= self.min_years


def _named(name: str, fitter, regular: bool = False):
    def project(series, reference=None):
        return models.run(series, name, fitter, regular, borrowed_floor(series, reference))
    return project


def _auto(series, reference=None):
    return auto_module.auto(series, MAX_HORIZON, reference)



BOTH = (IndicatorKind.LEVEL, IndicatorKind.GROWTH_RATE)
# signed ratios: only models without a log scale
ALL = (IndicatorKind.LEVEL, IndicatorKind.GROWTH_RATE, IndicatorKind.SIGNED_RATIO)
REGISTRY: dict[str, ModelSpec] = {spec.name: spec for spec in (
    ModelSpec("auto", 1, False, ALL, _auto),
    ModelSpec("naive", 1, False, ALL, _named("naive", models.naive)),
    ModelSpec("drift", 2, False, ALL, _named("drift", models.drift)),
    ModelSpec("loglinear", 3, False, BOTH, _named("loglinear", models.loglinear)),
    ModelSpec("damped", 8, True, BOTH, _named("damped", models.damped, True)),
    ModelSpec("arima", 8, True, BOTH, _named("arima", models.arima, True)),
    ModelSpec("theta", 5, True, BOTH, _named("theta", models.theta, True)),
    # the mean of log levels is no forecast of a level
    ModelSpec("mean", 1, False, (IndicatorKind.GROWTH_RATE,), _named("mean", models.mean)),
)}
# The named models (every one but auto), in the order the sidebar and the CLI list them.
MODEL_NAMES = tuple(name for name in REGISTRY if name != "auto")


def available_models(series: YearlySeries) -> list[str]:
    """Named models that can be fitted on this series, in MODEL_NAMES order."""
    return [name for name in MODEL_NAMES if REGISTRY[name].fits(series)]


def fit(series: YearlySeries, model: str, horizon: int, reference=None) -> Projection:
    """Fit one registered model ("auto" included) and project `horizon` years ahead.

    The projection is always computed for MAX_HORIZON years and cut, so year Y gets
    the same distribution whatever horizon is asked. `reference` (a
    reference.ReferenceClass of the same indicator elsewhere, or None) is what a short
    series learns from, as of its own last year (see reference.py). Raises ModelError
    (with a `code` for the locale files) for an unknown model, a horizon outside
    1..MAX_HORIZON, an unsuitable series."""
    if len(series) == 0:
        raise ModelError("empty series", "empty", model=model)
    if model not in REGISTRY:
        raise ModelError(f"unknown model {model!r}", "unknown", model=model)
    if not 1 <= horizon <= MAX_HORIZON:
        raise ModelError(f"horizon {horizon} outside 1..{MAX_HORIZON}", "horizon",
                         model=model, horizon=horizon, most=MAX_HORIZON)
    spec = REGISTRY[model]
    if series.kind not in spec.kinds:
        raise ModelError(f"{model} is for growth rates, not levels", "kind", model=model)
    if not spec.fits(series):
        data = series.latest_contiguous() if spec.regular else series
        raise ModelError(f"{model} needs {spec.min_years} consecutive years, has {len(data)}",
                         "too_short", model=model, need=spec.min_years, have=len(data))
    return spec.project(series, reference).head(horizon)


def why_unavailable(series: YearlySeries, name: str):
    """Why model `name` cannot run on `series`, as a translatable warning Problem
    (`model_growth_only` for a model of another indicator kind, `model_needs_years` for a
    series too short), or None when it can ("auto" always can)."""
    from modules.data.problems import Problem, ProblemCode, Severity

    spec = REGISTRY.get(name)
    if name == "auto" or spec is None or spec.fits(series):
        return None
    if series.kind not in spec.kinds:
        return Problem(ProblemCode.MODEL_GROWTH_ONLY, Severity.WARNING,
                       params={"indicator": series.indicator, "model": name})
    have = len(series.latest_contiguous() if spec.regular else series)
    return Problem(ProblemCode.MODEL_NEEDS_YEARS, Severity.WARNING, params={
        "indicator": series.indicator, "model": name, "need": spec.min_years, "have": have})
