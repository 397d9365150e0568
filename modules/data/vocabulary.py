"""The words the data files use, as enums: observation status, plan kind, target direction.

Each is a `StrEnum`, so a member equals the string a CSV, a payload or a session holds
("final" == Status.FINAL); converting an unknown string raises ValueError.
The indicator kind lives with the catalogue (catalogue.IndicatorKind), problem codes
with the problems (problems.ProblemCode).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """How settled an observation is (column `status` of observations)."""

    FINAL = "final"              # the official final figure
    ESTIMATE = "estimate"        # a preliminary figure; a final one for the year replaces it
    ALTERNATIVE = "alternative"  # another sourced figure, kept for the record, never modelled

    @property
    def rank(self) -> int:
        """Preference within a year: lower wins (final 0, estimate 1, alternative 2)."""
        return _STATUS_RANK[self]


_STATUS_RANK = {Status.FINAL: 0, Status.ESTIMATE: 1, Status.ALTERNATIVE: 2}


class Direction(StrEnum):
    """Which side of a target counts as reaching it."""

    AT_LEAST = "at_least"  # reached when the outcome is >= the target (the usual plan)
    AT_MOST = "at_most"    # a ceiling: reached when the outcome is <= the target

    def reached(self, outcome: float, target: float) -> bool:
        """True when `outcome` reaches `target` in this direction."""
        return outcome >= target if self is Direction.AT_LEAST else outcome <= target


class PlanKind(StrEnum):
    """The kinds of rows in plans.csv (column `kind`)."""

    PLAN_TARGET = "plan_target"                # a target value
    TARGET_GROWTH = "target_growth"            # a target growth in % vs the year before
    TARGET_LOW = "target_low"                  # the floor of a target value range
    TARGET_HIGH = "target_high"                # the ceiling of a range, or a cap alone
    TARGET_GROWTH_LOW = "target_growth_low"    # the floor of a growth range ("7–8%")
    TARGET_GROWTH_HIGH = "target_growth_high"  # the ceiling of a growth range, or a cap alone
    PCT_OF_PLAN = "pct_of_plan"                # outcome as % of that year's plan (reported)

    @property
    def is_target(self) -> bool:
        """Every kind but PCT_OF_PLAN states a target."""
        return self is not PlanKind.PCT_OF_PLAN

    @property
    def typed_as_growth(self) -> bool:
        """True when the value is a growth % rather than a value in the indicator's unit."""
        return self in (PlanKind.TARGET_GROWTH, PlanKind.TARGET_GROWTH_LOW,
                        PlanKind.TARGET_GROWTH_HIGH)

    @property
    def is_ceiling(self) -> bool:
        """True for the upper ends of ranges (or caps stated alone)."""
        return self in (PlanKind.TARGET_HIGH, PlanKind.TARGET_GROWTH_HIGH)

    @property
    def direction(self) -> Direction:
        """A ceiling is reached by staying at or below it; every other target from above."""
        return Direction.AT_MOST if self.is_ceiling else Direction.AT_LEAST
