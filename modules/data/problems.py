"""What can be wrong with an input, said once for the CLI and the app alike.

A Problem carries a code and parameters; its text comes from the locale files, so
the same finding reads in Vietnamese or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from modules.data.catalogue import indicator
from modules.data.provinces import area_name
from modules.text.fmt import exact_number, smart_number
from modules.text.i18n import price_basis_name, t


class Severity(StrEnum):
    """An error stops the input; a warning is shown beside the result."""

    ERROR = "error"
    WARNING = "warning"


class ProblemCode(StrEnum):
    """Every finding the readers, checks and models can report; the text of each is
    `problem.<code>` in both locale files (a test checks)."""

    FILE_MISSING = "file_missing"
    FILE_EMPTY = "file_empty"
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_ROWS = "too_many_rows"
    NOT_A_TABLE = "not_a_table"
    BAD_XLSX = "bad_xlsx"
    NO_ROWS = "no_rows"
    NO_VALUES = "no_values"
    UNKNOWN_LAYOUT = "unknown_layout"
    MISSING_INDICATOR = "missing_indicator"
    BAD_YEAR = "bad_year"
    BAD_VALUE = "bad_value"
    BAD_STATUS = "bad_status"
    DUPLICATE_CONFLICT = "duplicate_conflict"
    NONPOSITIVE = "nonpositive"
    GROWTH_BELOW_FLOOR = "growth_below_floor"
    FEW_YEARS = "few_years"
    BASIS_NOT_JOINED = "basis_not_joined"
    MIXED_UNITS = "mixed_units"
    NO_DATA = "no_data"
    MODEL_FAILED = "model_failed"
    TARGETS_COLUMNS = "targets_columns"
    TARGET_ONE_OF = "target_one_of"
    BAD_DIRECTION = "bad_direction"
    TARGET_UNKNOWN_INDICATOR = "target_unknown_indicator"
    TARGET_YEAR_PAST = "target_year_past"
    XLSX_TOO_LARGE = "xlsx_too_large"
    XLSX_TOO_MANY_ELEMENTS = "xlsx_too_many_elements"
    OUT_OF_MEMORY = "out_of_memory"
    TOO_MANY_STRINGS = "too_many_strings"
    DATE_CELLS_AS_YEARS = "date_cells_as_years"
    VALUE_TOO_LARGE = "value_too_large"
    MIXED_DECIMAL_STYLES = "mixed_decimal_styles"
    NUMBER_STYLE = "number_style"
    FORMULA_CELLS = "formula_cells"
    TEXT_SANITISED = "text_sanitised"
    DUPLICATE_REPEAT = "duplicate_repeat"
    GAP = "gap"
    JUMP = "jump"
    TARGET_GROWTH_DISAGREE = "target_growth_disagree"
    OUTPUT_FAILED = "output_failed"
    MODEL_GROWTH_ONLY = "model_growth_only"
    MODEL_NEEDS_YEARS = "model_needs_years"
    COVERAGE_NOT_JOINED = "coverage_not_joined"
    ESTIMATE_YEAR = "estimate_year"
    EXCEPTIONAL_YEAR = "exceptional_year"
    EXTRA_CELLS = "extra_cells"
    FILE_IS_DIRECTORY = "file_is_directory"
    FILE_NOT_REGULAR = "file_not_regular"
    FILE_UNREADABLE = "file_unreadable"
    FLAGGED_PREFERRED = "flagged_preferred"
    FORMULA_NO_VALUE = "formula_no_value"
    HORIZON_RANGE = "horizon_range"
    INDEX_FORM_CONVERTED = "index_form_converted"
    INDEX_FORM_MIXED = "index_form_mixed"
    INDEX_FORM_BREAK = "index_form_break"
    INDICATOR_MAPPED = "indicator_mapped"
    MODEL_HORIZON = "model_horizon"
    MODEL_KIND = "model_kind"
    MODEL_OFF_SCALE = "model_off_scale"
    MODEL_TOO_SHORT = "model_too_short"
    NUMBER_AMBIGUOUS = "number_ambiguous"
    OUTPUT_SAME_AS_INPUT = "output_same_as_input"
    PERCENT_CELLS = "percent_cells"
    PROBABILITY_RANGE = "probability_range"
    SHEET_MISSING = "sheet_missing"
    SHEET_READ = "sheet_read"
    TARGET_FAR = "target_far"
    TARGET_IMPOSSIBLE = "target_impossible"
    TARGET_YEAR_TOO_FAR = "target_year_too_far"
    TOO_MANY_CELLS = "too_many_cells"
    TOO_MANY_COLUMNS = "too_many_columns"
    TWO_ROW_HEADER = "two_row_header"
    UNSTATED_NOT_JOINED = "unstated_not_joined"
    YEAR_NOT_AFTER_DATA = "year_not_after_data"
    MERGE_TOO_FEW = "merge_too_few"
    MERGE_SAME_TWICE = "merge_same_twice"
    MERGE_PART_EMPTY = "merge_part_empty"
    MERGE_UNITS_DIFFER = "merge_units_differ"
    MERGE_NOTHING = "merge_nothing"
    AREA_MAPPED = "area_mapped"
    AREA_UNKNOWN = "area_unknown"
    TERRITORY_CHANGE = "territory_change"
    SEVERAL_AREAS = "several_areas"
    AREA_ENDED = "area_ended"
    TARGET_UNKNOWN_AREA = "target_unknown_area"
    UNIT_CONFLICT = "unit_conflict"
    CELL_TOO_LONG = "cell_too_long"
    UNIT_DISAGREES = "unit_disagrees"
    PERCENT_IN_AMOUNT = "percent_in_amount"
    PERCENT_IN_TARGET = "percent_in_target"


@dataclass(frozen=True)
class Problem:
    """One finding about an input, where it is, and the values its text needs.

    `code` is a ProblemCode (a plain string is converted; an unknown code raises ValueError).
    """

    code: ProblemCode | str            # a str is converted to its ProblemCode
    severity: Severity | str = Severity.ERROR
    file: str = ""
    row: int | None = None      # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str | None = None
    params: dict = field(default_factory=dict)
    area: str = ""              # the area (modules.data.provinces id) of a multi-area file

    def __post_init__(self):
        object.__setattr__(self, "code", ProblemCode(self.code))
        object.__setattr__(self, "severity", Severity(self.severity))

    def tells(self, lang: str = "vi") -> bool:
        """False for a note that would say nothing to a reader of `lang`: a name mapped to
        the catalogue indicator it already names in `lang` (“Exports” read as “Exports”)."""
        if self.code != ProblemCode.INDICATOR_MAPPED:
            return True
        name = indicator(str(self.params.get("indicator", ""))).name(lang)
        return str(self.params.get("text", "")).strip().casefold() != name.casefold()

    def message(self, lang: str = "vi") -> str:
        """The finding in `lang` ("vi" or "en"), prefixed by file, row and column when known."""
        where = self._where(lang)
        text = t(f"problem.{self.code}", lang, **self._params_shown(lang))
        return f"{', '.join(where)}: {text}" if where else text

    def _where(self, lang: str) -> list[str]:
        """File, area, row and column, those known, in `lang`."""
        where = [self.file] if self.file else []
        if self.area:
            where.append(area_name(self.area, lang))
        if self.row is not None:
            where.append(t("where.row", lang, row=self.row))
        if self.column:
            where.append(t("where.column", lang, column=self.column))
        return where

    def _params_shown(self, lang: str) -> dict:
        """The params as the text shows them in `lang`: numbers written the reader's way,
        ids and codes in words."""
        params = {}
        for key, value in self.params.items():
            shown = _number_shown(key, value, lang)
            params[key] = _IN_WORDS[key](shown, lang) if key in _IN_WORDS else shown
        # price bases ("current; constant_2010") or coverages ("doit_2014") in words
        words = (lambda c: t(f"coverage.{c}", lang, default=c)) \
            if self.code == ProblemCode.COVERAGE_NOT_JOINED else \
            (lambda b: price_basis_name(b, lang))
        for key in ("basis", "bases"):
            if key in params:
                params[key] = "; ".join(words(b.strip()) for b in str(params[key]).split(";"))
        if self.code == ProblemCode.NUMBER_STYLE:  # the other reading, when there is one
            other = params.pop("other", None)
            params["contrast"] = "" if other in (None, "—") else \
                t("number_style.contrast", lang, other=other)
        return params


def _number_shown(key: str, value, lang: str):
    """A param that is a number, written in `lang`: a Decimal is a value as read (shown
    exactly), a float a figure (house rounding), an int `limit` exactly (2.000.000,
    2,000,000); anything else as it is."""
    if key == "limit" and type(value) is int:
        return exact_number(Decimal(value), lang)
    if isinstance(value, Decimal):
        return exact_number(value, lang)
    return smart_number(value, lang) if isinstance(value, float) else value


def _area_in_words(value, lang: str) -> str:
    return area_name(str(value), lang)


# Params holding an id or a code, and how each is put into words in the reader's language.
_IN_WORDS = {
    "area": _area_in_words,
    "region": _area_in_words,
    "area_kind": lambda kind, lang: t(f"area_kind.{kind}", lang),
    "territory": lambda codes, lang: "; ".join(  # codes of territory changes
        t(f"territory.{c}", lang) for c in str(codes).split(";") if c),
    "indicator": lambda indicator_id, lang: indicator(str(indicator_id)).name(lang),
    "model": lambda model, lang: t(f"model.{model}", lang, default=str(model)),
    "kind": lambda kind, lang: t(f"indicator_kind.{kind}", lang),
    "unit": lambda unit, lang: t(f"unit.{unit}", lang, default=str(unit)),
    "style": lambda style, lang: t(f"number_style.{style}", lang),
}


class InputError(ValueError):
    """Raised when an input cannot be used; holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.message("en") for p in self.problems))


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop an input (severity ERROR), in their order."""
    return [p for p in problems if p.severity is Severity.ERROR]
