"""What can be wrong with an input, said once for the CLI and the app alike.

A Problem carries a code and parameters; its text comes from the locale files, so
the same finding reads in Vietnamese or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from modules.data.catalogue import indicator
from modules.text.fmt import smart_number
from modules.text.i18n import t

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str = ERROR
    file: str = ""
    row: int | None = None      # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str | None = None
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(t("where.row", lang, row=self.row))
        if self.column:
            where.append(t("where.column", lang, column=self.column))
        params = {key: smart_number(value, lang) if isinstance(value, float) else value
                  for key, value in self.params.items()}
        if "indicator" in params:  # the catalogue's name in the reader's language
            params["indicator"] = indicator(str(params["indicator"])).name(lang)
        if "model" in params:  # the registry's name in the reader's language
            params["model"] = t(f"model.{params['model']}", lang, default=str(params["model"]))
        if "style" in params:
            params["style"] = t(f"number_style.{params['style']}", lang)
        text = t(f"problem.{self.code}", lang, **params)
        return f"{', '.join(where)}: {text}" if where else text


class InputError(ValueError):
    """Raised when an input cannot be used; holds every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.message("en") for p in self.problems))

    def messages(self, lang: str = "vi") -> list[str]:
        return [p.message(lang) for p in self.problems]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]
