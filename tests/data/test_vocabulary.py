"""The vocabulary enums: every member is handled and spoken in both languages."""

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import modules
from modules.data import catalogue, problems
from modules.data.catalogue import CATALOGUE, IndicatorKind, indicator
from modules.data.dataset import build_series, check, from_rows, growth_record
from modules.data.problems import Problem, ProblemCode, Severity
from modules.data.series import from_model_scale, to_model_scale
from modules.data.vocabulary import Direction, PlanKind, Status
from modules.planning import feasibility
from modules.text.i18n import LANGUAGES, texts

# one catalogue indicator of each kind
EXAMPLE = {IndicatorKind.LEVEL: "exports", IndicatorKind.GROWTH_RATE: "iip_mining",
           IndicatorKind.SIGNED_RATIO: "trade_deficit_pct_of_exports"}


def test_members_equal_the_strings_files_hold_and_the_old_aliases_are_gone():
    assert tuple(IndicatorKind) == ("level", "growth", "signed_ratio")
    assert tuple(Direction) == ("at_least", "at_most")
    assert tuple(Severity) == ("error", "warning")
    for module, names in ((catalogue, ("LEVEL", "GROWTH", "SIGNED_RATIO")),
                          (feasibility, ("AT_LEAST", "AT_MOST")), (problems, ("ERROR", "WARNING"))):
        assert [n for n in names if hasattr(module, n)] == []


@pytest.mark.parametrize("code", list(ProblemCode))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_problem_code_has_a_text_in_both_languages(code, lang):
    assert f"problem.{code}" in texts(lang)


def test_every_problem_text_has_a_code():
    keys = {k.split(".", 1)[1] for k in texts("vi") if k.startswith("problem.")}
    keys = {k.removesuffix("_one") for k in keys}  # a text's singular form (n = 1), i18n.t
    assert keys - set(ProblemCode) == set()


def test_an_unknown_problem_code_or_severity_is_refused():
    assert Problem("gap").code is ProblemCode.GAP
    with pytest.raises(ValueError):
        Problem("no_such_code")
    with pytest.raises(ValueError):
        Problem("gap", "fatal")


def test_modules_name_each_problem_code_by_its_member():
    """A code typed as a string in modules/ is checked only when its line runs; a member
    is checked when the module is imported."""
    typed = []
    for path in sorted(Path(modules.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                typed.append(f"{path.name}:{node.lineno}")
    assert typed == []


@pytest.mark.parametrize("kind", list(IndicatorKind))
def test_every_kind_has_an_example_in_the_catalogue(kind):
    assert indicator(EXAMPLE[kind]).kind is kind
    assert any(ind.kind is kind for ind in CATALOGUE.values())


@pytest.mark.parametrize("kind, values, model_scale", [
    (IndicatorKind.LEVEL, [100.0, np.e * 100], [np.log(100), np.log(100) + 1]),
    (IndicatorKind.GROWTH_RATE, [0.0, -50.0, 100.0], [0.0, np.log(0.5), np.log(2)]),
    (IndicatorKind.SIGNED_RATIO, [-12.5, 0.0, 3.0], [-12.5, 0.0, 3.0]),
])
def test_every_kind_has_a_model_scale_and_its_inverse(kind, values, model_scale):
    assert to_model_scale(values, kind) == pytest.approx(model_scale)
    assert from_model_scale(model_scale, kind) == pytest.approx(values)


def test_the_scale_covers_every_kind():
    assert {k for k in IndicatorKind} == set(EXAMPLE)  # a new kind needs a row above too
    with pytest.raises(ValueError):
        to_model_scale([1.0], "share")


def _rows(indicator_id, years, values, unit="x"):
    return pd.DataFrame({"indicator": indicator_id, "year": years, "value": values,
                         "unit": unit, "price_basis": "", "status": "final", "source": "",
                         "note": "", "row": range(2, 2 + len(years))})


@pytest.mark.parametrize("kind", list(IndicatorKind))
def test_series_building_handles_every_kind(kind):
    ind = EXAMPLE[kind]
    rows = _rows(ind, [2019, 2020, 2021], [4.0, 2.0, 1.0])
    series = build_series(rows, ind)
    assert series.kind is kind
    assert series.years.tolist() == [2019, 2020, 2021]
    assert series.values.tolist() == [4.0, 2.0, 1.0]
    record = growth_record(rows, series)
    expected = [-50.0, -50.0] if kind is IndicatorKind.LEVEL else [4.0, 2.0, 1.0]
    assert record.tolist() == pytest.approx(expected)


def test_a_trade_surplus_year_is_accepted_but_a_non_positive_level_is_not():
    surplus = _rows("trade_deficit_pct_of_exports", [2018, 2019, 2020, 2021],
                    [3.0, -2.5, -8.1, 0.0], "% of exports")
    data = from_rows("trade", surplus)
    series = data.series("trade_deficit_pct_of_exports")
    assert series.values.tolist() == [3.0, -2.5, -8.1, 0.0]
    assert [p.code for p in data.problems] == []
    level = _rows("exports", [2020, 2021], [10.0, 0.0])
    assert [p.code for p in check(level)] == [ProblemCode.NONPOSITIVE]


def test_a_signed_ratio_is_projected_on_its_own_scale_below_zero():
    from modules.engine.registry import fit
    rows = _rows("trade_deficit_pct_of_exports", list(range(2012, 2022)),
                 [10.0, 8.0, 6.0, 4.0, 2.0, 0.0, -2.0, -4.0, -6.0, -8.0], "% of exports")
    projection = fit(from_rows("trade", rows).series("trade_deficit_pct_of_exports"),
                     "drift", 1)
    assert projection.median(2022) == pytest.approx(-10.0)
    assert projection.prob_at_least(-10.0, 2022) == pytest.approx(0.5)


@pytest.mark.parametrize("status, rank", [(Status.FINAL, 0), (Status.ESTIMATE, 1),
                                          (Status.ALTERNATIVE, 2)])
def test_statuses_rank_final_first(status, rank):
    assert status.rank == rank


def test_a_final_figure_beats_an_estimate_and_alternatives_are_never_modelled():
    rows = _rows("exports", [2020, 2020, 2021, 2021], [1.0, 2.0, 3.0, 4.0])
    rows["status"] = [Status.ESTIMATE, Status.FINAL, Status.ALTERNATIVE, Status.ESTIMATE]
    assert build_series(rows, "exports").values.tolist() == [2.0, 4.0]


@pytest.mark.parametrize("kind", list(PlanKind))
def test_every_plan_kind_has_a_direction_and_a_form(kind):
    expected_direction = Direction.AT_MOST if kind in (
        PlanKind.TARGET_HIGH, PlanKind.TARGET_GROWTH_HIGH) else Direction.AT_LEAST
    assert kind.direction is expected_direction
    assert kind.typed_as_growth == kind.value.startswith("target_growth")
    assert kind.is_target == (kind is not PlanKind.PCT_OF_PLAN)


def test_every_plan_kind_in_the_builtin_data_is_known():
    from modules.data.dataset import DATA_DIR
    kinds = set()
    for path in DATA_DIR.glob("*/plans.csv"):
        kinds |= set(pd.read_csv(path)["kind"])
    assert kinds <= set(PlanKind) and kinds


@pytest.mark.parametrize("direction, outcome, reached", [
    (Direction.AT_LEAST, 10.0, True), (Direction.AT_LEAST, 9.9, False),
    (Direction.AT_MOST, 10.0, True), (Direction.AT_MOST, 10.1, False)])
def test_direction_says_which_side_reaches_the_target(direction, outcome, reached):
    assert direction.reached(outcome, 10.0) is reached
