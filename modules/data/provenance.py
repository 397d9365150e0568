"""Which figures a series (and so its projection) is built from, and why the others were
left out: the account the Overview and the results show beside each indicator.

The rules themselves live in dataset.select_rows (one place); this module only lists
their outcome, figure by figure, in the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from modules.data.catalogue import indicator
from modules.data.dataset import NOT_STATED, flags_of, select_rows
from modules.data.vocabulary import Status
from modules.text.fmt import percent, smart_number
from modules.text.i18n import price_basis_name, t, unit_name


@dataclass(frozen=True)
class Figure:
    """One sourced figure as the series rules saw it."""

    year: int
    value: float
    unit: str
    price_basis: str
    coverage: str
    status: str
    flags: tuple[str, ...]
    source: str

    @classmethod
    def of(cls, row) -> "Figure":
        """The Figure of one observations row (values cast; flags split into a tuple)."""
        return cls(int(row.year), float(row.value), str(row.unit), str(row.price_basis),
                   str(row.coverage), str(row.status), flags_of(row.flags), str(row.source))

    def describe(self, lang: str = "vi") -> str:
        """'2021: 85.873 (ước tính; xấp xỉ)' — year, value, status and flags."""
        marks = [status_name(self.status, lang)]
        marks += [flag_name(f, lang) for f in self.flags]
        return f"{self.year}: {smart_number(self.value, lang)} ({'; '.join(marks)})"


@dataclass(frozen=True)
class LeftOut:
    """A figure the series rules left out, why (`reason`), and the figure it lost to."""

    figure: Figure
    reason: str              # alternative | outranked | price_basis | coverage | unit
    other: Figure | None     # the figure preferred (outranked) or the series' latest one

    @property
    def difference_pct(self) -> float | None:
        """How far this figure is from the one preferred over it, in % of that one (an
        estimate against the final of its year: 26,400 vs 26,681.2 is −1.05); None when
        it was not outranked, units differ, or the values are equal."""
        other = self.other
        if self.reason != "outranked" or other is None or other.unit != self.figure.unit \
                or other.value == 0 or other.value == self.figure.value:
            return None
        return 100 * (self.figure.value / other.value - 1)


@dataclass(frozen=True)
class SeriesAccount:
    """The figures a series uses (by year) and those left out, each with its reason."""

    indicator: str
    used: tuple[Figure, ...]
    left_out: tuple[LeftOut, ...]

    @property
    def flagged_used(self) -> tuple[Figure, ...]:
        """The used figures that carry at least one flag (e.g. approximate)."""
        return tuple(f for f in self.used if f.flags)

    def lines(self, lang: str = "vi") -> list[str]:
        """Plain sentences: the figures used, then one line per figure left out."""
        if not self.used:
            head = t("account.none", lang)
        else:
            head = t("account.used", lang, n=len(self.used),
                     figures=", ".join(f.describe(lang) for f in self.used))
        return [head] + [t("account.left_out", lang, figure=item.figure.describe(lang),
                           reason=_reason(item, lang)) for item in self.left_out]


def account(observations: pd.DataFrame, indicator_id: str) -> SeriesAccount:
    """The account of one indicator's series (same rules as dataset.build_series)."""
    used, left_out, _ = select_rows(observations, indicator_id)
    return SeriesAccount(indicator_id, tuple(Figure.of(r) for r in used), tuple(
        LeftOut(Figure.of(r), reason, Figure.of(other) if other is not None else None)
        for r, reason, other in left_out))


def flag_name(flag: str, lang: str = "vi") -> str:
    """A flag in the reader's language (an unknown flag is shown as written)."""
    return t(f"flag.{flag}", lang, default=flag)


def flags_text(flags, lang: str = "vi") -> str:
    """'approximate;secondary_source' -> 'xấp xỉ; nguồn thứ cấp' ('' when none)."""
    return "; ".join(flag_name(f, lang) for f in flags_of(flags))


_ARTICLE_COPY = re.compile(r"source-article-(\d{4})-(\d{2})-(\d{2})\.(vi|en)\.txt")


def source_name(source: str, lang: str = "vi") -> str:
    """A source as a reader names it: a press article kept in the repository
    (`source-article-2022-01-04.vi.txt`) as 'Bài báo ngày 04/01/2022 (bản lưu kèm bộ số
    liệu)'; a URL or any other source as given."""
    found = _ARTICLE_COPY.fullmatch(str(source).strip())
    if not found:
        return str(source)
    year, month, day, _ = found.groups()
    return t("source.article_copy", lang, date=f"{day}/{month}/{year}")


def coverage_name(coverage: str, lang: str = "vi") -> str:
    """A coverage label in the reader's language (a user's own label as written)."""
    return t(f"coverage.{coverage}", lang, default=coverage) if coverage else "—"


def status_name(status: str, lang: str = "vi") -> str:
    """A status code (final, estimate, alternative) in the reader's language (an unknown one
    as written)."""
    return t(f"status.{status}", lang, default=status)


# How each coded column of observations reads: the one place codes are put into words.
_WORDS = {
    "indicator": lambda i, lang: indicator(i).name(lang),
    "unit": unit_name, "price_basis": price_basis_name, "coverage": coverage_name,
    "status": status_name, "flags": flags_text, "source": source_name}
WORD_COLUMNS = tuple(_WORDS)


def word_maps(observations: pd.DataFrame, lang: str = "vi",
              columns=WORD_COLUMNS) -> dict[str, dict[str, str]]:
    """{column: {stored code: words}} for the coded `columns` (of WORD_COLUMNS) of
    `observations`, for a grid that shows words and maps them back to codes; `status` lists
    every status, so that a grid can offer them all. Empty cells are left out."""
    maps = {}
    for column in columns:
        codes = [s.value for s in Status] if column == "status" else \
            [c for c in observations[column].dropna().unique() if c]
        maps[column] = {code: _WORDS[column](code, lang) for code in codes}
    return maps


def in_words(observations: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Canonical observation rows with their coded cells in `lang`'s words, as a reader
    reads them (and the data reader reads them back): indicator name, unit, price basis,
    coverage, status, flags, source (source_name); year, value and note as they are; an
    empty cell stays empty."""
    return observations.assign(**{
        column: observations[column].fillna("").map(
            lambda v, name=_WORDS[column]: name(v, lang) if v else "")
        for column in WORD_COLUMNS if column in observations.columns})


def _reason(item: LeftOut, lang: str) -> str:
    other = item.other
    if item.reason == "alternative":
        return t("account.reason_alternative", lang)
    if item.reason == "outranked":
        text = t("account.reason_outranked", lang, other=other.describe(lang))
        difference = item.difference_pct
        if difference is not None:  # two vintages of one figure: how far the estimate was off
            text += t("account.differs_by", lang, difference=percent(difference, lang, signed=True))
        return text
    if item.reason in ("price_basis", "coverage", "unit"):
        mine, theirs = getattr(item.figure, item.reason), getattr(other, item.reason)
        if mine == theirs and mine in NOT_STATED:  # both unknown, from different sources
            return t(f"account.reason_{item.reason}_not_stated", lang, year=other.year)
        # the series used states none: "not 'not stated'" would read as a double negative
        key = "_where_none" if theirs in NOT_STATED else ""
        show = coverage_name if item.reason == "coverage" else price_basis_name if \
            item.reason == "price_basis" else \
            (lambda label, lang: t(f"{item.reason}.{label}", lang, default=label))
        return t(f"account.reason_{item.reason}{key}", lang, label=show(mine, lang),
                 current=show(theirs, lang), year=other.year)
    return item.reason
