"""What a series learns from its reference class (modules/engine/reference.py): as of its
own last year, the same default in the app and the CLI, and robust to one extreme year."""

from dataclasses import replace
from functools import partial

import numpy as np
import pytest

from modules.data.dataset import default_reference_id, load_builtin
from modules.data.series import YearlySeries
from modules.engine.models import MAX_HORIZON
from modules.engine.projections import project
from modules.engine.reference import ReferenceClass
from modules.engine.registry import available_models, fit

YEARS = np.arange(2000, 2017)


def _panel(later_factor: float = 1.0, cut: int = 2011) -> ReferenceClass:
    """Ten provinces growing 8-17 % a year; years after `cut` multiplied by later_factor."""
    rng = np.random.default_rng(3)
    series = []
    for j in range(10):
        z = np.log(1000 * (j + 1)) + np.cumsum(rng.normal(0.08 + 0.01 * j, 0.05, len(YEARS)))
        values = np.exp(z) * np.where(YEARS > cut, later_factor, 1.0)
        series.append(YearlySeries("retail_sales", YEARS, values))
    return ReferenceClass.of("panel", series)


def test_a_reference_lends_nothing_later_than_the_series_last_year():
    short = YearlySeries("retail_sales", np.arange(2008, 2012), [500, 560, 640, 700.0])
    for model in ["auto"] + available_models(short):
        same = fit(short, model, 5, _panel())
        changed = fit(short, model, 5, _panel(later_factor=7.0))
        assert np.array_equal(same.loc, changed.loc), model
        assert np.array_equal(same.scale, changed.scale), model
    # and it does learn from the years before
    earlier = fit(short, "auto", 5, _panel(later_factor=7.0, cut=2005))
    assert not np.array_equal(earlier.loc, fit(short, "auto", 5, _panel()).loc)


def test_a_reference_dataset_lends_nothing_later_either():
    daklak, vietnam = load_builtin("daklak"), load_builtin("vietnam")
    early = replace(daklak, observations=daklak.observations[daklak.observations["year"] <= 2014])
    obs = vietnam.observations
    later = obs["year"] > 2014
    inflated = obs.assign(value=np.where(later & (obs["unit"] != "% yoy"),
                                         obs["value"] * 5, obs["value"]))
    edited = replace(vietnam, observations=inflated)
    assert edited.series("exports").value_in(2018) != vietnam.series("exports").value_in(2018)
    for indicator_id in ("retail_sales", "exports"):
        assert early.series(indicator_id).last_year == 2014
        a = project(early, indicator_id, "auto", 3, vietnam).projection
        b = project(early, indicator_id, "auto", 3, edited).projection
        assert a.spread_from == "vietnam"
        assert np.array_equal(a.loc, b.loc) and np.array_equal(a.scale, b.scale), indicator_id


def test_a_short_series_learns_its_drift_and_spread_from_the_class():
    panel = _panel()
    short = YearlySeries("retail_sales", np.arange(2009, 2012), [500, 700, 980.0])  # +40 %/yr
    alone = fit(short, "auto", 5)
    learned = fit(short, "auto", 5, panel)
    assert learned.spread_from == "panel" and "reference class" in learned.detail
    # a 40 %/yr burst of 3 years is pulled towards the class's 8-17 %
    assert learned.median(2012) < alone.median(2012)
    assert 980 < learned.median(2012)
    assert np.all(np.diff(learned.scale) > 0)


def test_the_cli_and_the_landing_page_give_the_same_probabilities(tmp_path, capsys):
    from modules.cli import main
    from modules.planning.summary import badges

    targets = tmp_path / "t.csv"
    targets.write_text("indicator,year,target,growth_pct\nretail_sales,2022,90500,\n"
                       "industrial_production_index,2022,,12\n", encoding="utf-8")
    assert main(["check", "data/daklak/observations.csv", "--targets", str(targets),
                 "--lang", "en", "--quiet"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()[1:]
    cli = {line.split(",")[0]: float(line.split(",")[5]) for line in lines}
    daklak = load_builtin("daklak")
    reference = load_builtin(default_reference_id(daklak))
    landing = {b.indicator: b.probability for b in
               badges(daklak, 2022, project_fn=partial(project, reference=reference))}
    assert set(cli) == {"retail_sales", "industrial_production_index"}
    for indicator_id, p in cli.items():
        assert p == pytest.approx(landing[indicator_id], abs=1e-9), indicator_id


def test_the_default_reference_is_one_rule():
    assert default_reference_id(load_builtin("daklak")) == "vietnam"
    assert default_reference_id(load_builtin("vietnam")) is None
    upload = replace(load_builtin("daklak"), id="upload.csv", meta={})
    assert default_reference_id(upload) == "vietnam"


IIP = YearlySeries("industrial_production_index", np.arange(2012, 2022),
                   [6, 7, -99.9, 8, 9, 10, 8, 9, 7, 12], "growth")


@pytest.mark.parametrize("model", ["auto"] + available_models(IIP))
def test_a_growth_rates_median_stays_within_its_record(model):
    projection = fit(IIP, model, MAX_HORIZON)
    assert projection.exceptional == (2014,)
    median = projection.median()
    assert np.all((median >= 6 - 1e-9) & (median <= 12 + 1e-9)), (model, median[[0, -1]])
    low, high = projection.interval(95, 2051)
    assert low > -50 and high < 80, model


COLLAPSE = YearlySeries("x", np.arange(2010, 2021),
                        [4000, 4300, 4600, 4900, 5191, 78, 5191, 5500, 5800, 6100, 6500.0])


@pytest.mark.parametrize("model", ["auto"] + available_models(COLLAPSE))
def test_a_collapse_in_the_record_gives_no_absurd_range(model):
    projection = fit(COLLAPSE, model, MAX_HORIZON)
    assert projection.exceptional == (2015,)
    # at 30 years the level's own bound (its usual yearly change x h) is what holds ARIMA,
    # whose white-noise fit of the collapse widens with the uncertainty of its mean
    for h, factor in ((1, 3), (6, 5), (30, 200)):
        low, high = projection.interval(95, 2020 + h)
        assert 6500 / factor < low and high < 6500 * factor, (model, h, low, high)


def test_a_series_longer_than_the_class_can_replay_learns_from_its_last_years():
    """Đắk Lắk's IIP has 7 years; the class holds 4-year histories only: the series
    learns from its last 4 years instead of falling back to its own mean."""
    rng = np.random.default_rng(5)
    years = np.arange(2010, 2017)
    growth = [YearlySeries("industrial_production_index", years,
                           rng.normal(8, 3, len(years)), "growth") for _ in range(12)]
    panel = ReferenceClass.of("panel", growth)
    series = YearlySeries("industrial_production_index", np.arange(2010, 2017),
                          [10.5, 0.3, 3.8, -1.3, 7.1, 7.9, 14.8], "growth")
    projection = fit(series, "auto", 1, panel)
    assert projection.spread_from == "panel"
    assert projection.detail.startswith("mean of ") and "own" in projection.detail


def test_without_a_reference_a_noisy_short_drift_is_shrunk_a_steady_one_kept():
    steady = YearlySeries("x", np.arange(2015, 2021), [100, 110, 121, 133.1, 146.4, 161.1])
    noisy = YearlySeries("x", np.arange(2015, 2021), [100, 160, 90, 170, 95, 161.1])
    grow_steady = fit(steady, "auto", 1).median()[0] / 161.1 - 1
    grow_noisy = fit(noisy, "auto", 1).median()[0] / 161.1 - 1
    assert 0.09 < grow_steady < 0.101        # ~10 % a year goes on
    full = (161.1 / 100) ** (1 / 5) - 1       # the unshrunk drift: +10 % a year
    assert 0 <= grow_noisy < full / 3         # mostly the last value


@pytest.mark.parametrize("values", [[4990, 405, 5040, 5225.0], [9858, 1036, 10182, 8267.0],
                                    [3536, 245, 4746, 7728.0]])
def test_a_collapse_in_a_four_year_record_is_a_one_off_not_a_range(values):
    """M3 Y123, Y589, Y118 cut to 4 values: the 95 % range at 5 years was x/÷ 1e14-1e17."""
    series = YearlySeries("x", np.arange(2017, 2021), values)
    projection = fit(series, "auto", 5)
    assert projection.exceptional == (2018,)
    low, high = projection.interval(95, 2025)
    assert values[-1] / 50 < low and high < values[-1] * 50, (low, high)


def test_the_provinces_join_the_class_only_for_the_indicators_they_hold():
    """The thin-evidence warning names the provinces only where they are in the class."""
    from modules.engine.projections import in_panel

    assert in_panel("retail_sales") and in_panel("industrial_production_index")
    assert not in_panel("exports") and not in_panel("imports")
