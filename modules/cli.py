"""The command line: `khathi forecast | check | suggest | validate | record | merge` (also
`python -m modules`).

Exit codes: 0 done; 1 no series could be projected (no rows; the reasons on stderr);
2 the input or a request is invalid (every problem printed to stderr, in the chosen
language, with file, row and column; e.g. a horizon or target year more than
MAX_HORIZON years after the data, a probability outside [0.001, 0.999]). Never a
traceback for bad input. Every subcommand prints the input's warnings on stderr
(`--quiet` silences them). Numbers in arguments are read by the one number reader
(modules.text.fmt.read_number).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from dataclasses import replace
from decimal import Decimal
from functools import partial
from pathlib import Path

import pandas as pd

from modules.data.dataset import (
    Areas,
    builtin_catalogue,
    default_reference,
    load_areas,
    load_builtin,
    load_file,
)
from modules.data.merge import merge
from modules.data.problems import InputError, Problem, ProblemCode, Severity
from modules.data.provinces import lookup, match_area
from modules.engine.models import MAX_HORIZON
from modules.engine.projections import DEFAULT_LEVELS, exceptional_problems, forecast_table, project
from modules.engine.registry import MODEL_NAMES
from modules.planning.record import VERDICTS, class_line, replay, scores, summary_line
from modules.planning.targets import check_frame, evaluate, read_targets, results_frame
from modules.planning.tools import suggest
from modules.reports.exports import safe_frame
from modules.text.fmt import AMBIGUOUS, MAX_MAGNITUDE, exact_number, read_number, squeeze
from modules.text.i18n import t

FLOAT_FORMAT = "%.10g"


def main(argv=None) -> int:
    """Run the `khathi` command line (argv without the program name; None: sys.argv).

    Returns the exit status: 0 on success, 2 when an input is refused (each problem
    printed to stderr in the chosen language, with file, row and column).
    """
    args = _parser().parse_args(argv)
    try:
        _read_numbers(args)
    except ArgumentError as exc:
        print(f"khathi: {exc.message(args.lang)}", file=sys.stderr)
        return 2
    try:
        _refuse_output_over_input(args)
        return args.run(args)
    except InputError as exc:
        for problem in exc.problems:
            prefix = t("cli.warning", args.lang) if problem.severity == Severity.WARNING else ""
            print(prefix + problem.message(args.lang), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


TARGETS_HELP = """\
targets file (CSV or XLSX), one row per target:
  indicator       an id of the catalogue (e.g. retail_sales) or a name as in INPUT
  year            the target year, after the latest observed year
  target          the value aimed at, in the series' unit          } one of these
  growth_pct      total growth from the latest observed year, in %  } three
  avg_growth_pct  average yearly growth to the target year, in %    } per row
  direction       at_least (default) or at_most
Numbers may be written the Vietnamese way (90.500; 5,4) or the English way
(90,500; 5.4): one style per file, decided as for data files.

example:
  printf 'indicator,year,target,growth_pct\\nretail_sales,2022,90500,\\n'\\
'industrial_production_index,2022,,12\\n' > t.csv
  khathi check data/daklak/observations.csv --targets t.csv
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khathi", description=t("cli.description", "en"), epilog=TARGETS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    raw = {"formatter_class": argparse.RawDescriptionHelpFormatter}

    forecast = commands.add_parser("forecast", help="project every series of INPUT", **raw)
    forecast.add_argument("input", help="data file (CSV or XLSX)")
    forecast.add_argument("--horizon", default="1",
                          help=f"years ahead to project, 1-{MAX_HORIZON} (default: 1)")
    forecast.add_argument("--level", nargs="+", action="extend", default=None,
                          metavar="L", help="interval levels in %%, e.g. --level 80 95 or "
                          "--level 80 --level 95 (default: 80 95)")
    forecast.set_defaults(run=_forecast)

    check = commands.add_parser("check", help="P(reaching each target) and a verdict",
                                epilog=TARGETS_HELP, **raw)
    check.add_argument("input", help="data file (CSV or XLSX)")
    check.add_argument("--targets", required=True, metavar="FILE",
                       help="targets file (columns below)")
    check.set_defaults(run=_check)

    suggest = commands.add_parser("suggest", help="targets reached with probability P", **raw)
    suggest.add_argument("input", help="data file (CSV or XLSX)")
    suggest.add_argument("--probability", required=True, metavar="P",
                         help="probability of reaching the target: 0.001 to 0.999, "
                         "or 0.1 to 99.9 (%%)")
    suggest.add_argument("--year", metavar="Y",
                         help="target year (default: each series' next year)")
    suggest.set_defaults(run=_suggest)

    validate = commands.add_parser("validate", help="check INPUT and summarise it", **raw)
    validate.add_argument("input", help="data file (CSV or XLSX)")
    validate.set_defaults(run=_validate)

    record = commands.add_parser(
        "record", help="the tool's own record on the built-in official targets", **raw,
        description="Every official target of the built-in datasets with a known outcome, "
        "judged as of January of its year (data of earlier years only): the verdict and P "
        "the tool would have given, the outcome, whether it was met. The table as CSV "
        "(stdout or --output), the scores on stderr.")
    record.add_argument("--dataset", choices=tuple(builtin_catalogue()),
                        help="one built-in dataset (default: all)")
    record.set_defaults(run=_record)

    merging = commands.add_parser(
        "merge", help="the province formed by merging former provinces (e.g. Đắk Lắk + Phú Yên)",
        description="Sum the former provinces' levels year by year where every part has that "
                    "year with the same unit, price basis and compiler; a year a part lacks "
                    "stays a gap; growth rates and indices are never added; targets are not "
                    "summed. Writes the merged figures to --output and the account (per "
                    "indicator and years: what was joined, from which parts, what was left "
                    "out) as CSV to stdout.", **raw)
    merging.add_argument("inputs", nargs="+", metavar="FILE",
                         help="data files of the former provinces (CSV or XLSX), two or more")
    merging.add_argument("--output", required=True, metavar="FILE",
                         help="CSV file of the merged province (never an input file)")
    merging.set_defaults(run=_merge)

    for command in (forecast, check, suggest, record):
        command.add_argument("--model", choices=MODEL_NAMES + ("auto",), default="auto",
                             help="forecasting model (default: auto, the backtested choice)")
        if command is not record:  # the record uses each dataset's own reference
            command.add_argument("--reference", metavar="FILE",
                                 help="the same indicators elsewhere, which short series learn "
                                      "from (default: the built-in national series, as the app; "
                                      "'none': no reference)")
        command.add_argument("--output", metavar="FILE",
                             help="CSV file to write (default: stdout); never an input file")
    for command in (forecast, check, suggest, validate, record, merging):
        command.add_argument("--lang", choices=("vi", "en"), default="vi",
                             help="language of messages (default: vi)")
        command.add_argument("--quiet", action="store_true",
                             help="do not print warnings (errors are always printed)")
    return parser


class ArgumentError(ValueError):
    """A numeric option that cannot be used; message(lang) names the option and the text."""

    def __init__(self, key: str, arg: str, text: str, **params):
        super().__init__(text)
        self.key, self.params = key, {"arg": arg, "text": text, **params}

    def message(self, lang: str) -> str:
        """The text for the user in `lang` ("vi" or "en"), numbers shown exactly."""
        params = {k: exact_number(Decimal(repr(v)), lang) if isinstance(v, float) else v
                  for k, v in self.params.items()}
        return t("cli.argument", lang, arg=self.params["arg"], reason=t(self.key, lang, **params))


def _number(text: str, arg: str) -> float:
    """A number typed on the command line, either way (0.7 or 0,7; full-width digits
    too): English first, else Vietnamese; a separator before exactly three digits is
    ambiguous (1,500) and refused, as are numbers of ±MAX_MAGNITUDE or more."""
    body = squeeze(text).removesuffix("%")
    if AMBIGUOUS.fullmatch(body):
        raise ArgumentError("problem.number_ambiguous", arg, text,
                            first=read_number(body, "en"), second=read_number(body, "vi"))
    for style in ("en", "vi"):
        if (value := read_number(body, style)) is not None:
            return value
    for style in ("en", "vi"):
        large = read_number(body, style, limit=False)
        if large is not None and math.isfinite(large):
            raise ArgumentError("number.too_large", arg, text, limit=MAX_MAGNITUDE)
    raise ArgumentError("problem.bad_value", arg, text)


def _read_numbers(args) -> None:
    """The numeric options, typed as text, read in place (messages in args.lang)."""
    if getattr(args, "horizon", None) is not None:
        value = _number(args.horizon, "--horizon")
        if not value.is_integer():
            raise ArgumentError("cli.whole_years", "--horizon", args.horizon)
        args.horizon = int(value)  # the range (1 to MAX_HORIZON) is checked later
    if getattr(args, "year", None) is not None:
        value = _number(args.year, "--year")
        if not value.is_integer() or value < 1:
            raise ArgumentError("cli.whole_year", "--year", args.year)
        args.year = int(value)  # past years and years beyond MAX_HORIZON: checked later
    if getattr(args, "level", None) is not None:
        levels = [(_number(text, "--level"), text) for text in args.level]
        for value, text in levels:
            if not 0 < value < 100:
                raise ArgumentError("cli.level_range", "--level", text)
        args.level = [value for value, _ in levels]
    if getattr(args, "probability", None) is not None:
        value = _number(args.probability, "--probability")
        args.probability = value / 100 if value > 1 else value  # "70" means 70%
        # the range is checked by planning.tools.suggest, in the user's language


def _load(args) -> Areas:
    """The input's areas (one, "", for a file that names none), every warning printed
    (unless --quiet)."""
    areas = load_areas(args.input)
    _warn(list(areas.problems) + [p for d in areas.datasets.values() for p in d.problems], args)
    return areas


def _projected(areas: Areas, args) -> list[tuple[str, object]]:
    """(area id, dataset) to project: provinces first, then the regions and the country
    (aggregates, labelled so); an area whose territory ended with its data (Hà Tây in 2007,
    a province merged in 2025) is not projected, and this is said."""
    chosen = []
    for area_id, dataset in {**areas.provinces(), **areas.datasets, **areas.aggregates()}.items():
        place = lookup(area_id) if area_id else None
        ended = place is not None and place.last_year is not None and any(
            dataset.series(i).last_year >= place.last_year for i in dataset.indicators)
        if ended:
            _warn([Problem(ProblemCode.AREA_ENDED, Severity.WARNING, file=Path(args.input).name,
                           area=area_id, params={"area": area_id, "last": place.last_year})], args)
            continue
        chosen.append((area_id, dataset))
    return chosen


def _by_area(tables: list[tuple[str, object, pd.DataFrame]]) -> pd.DataFrame:
    """One table; with `province` (area id) and `area_kind` first when the input names
    areas (a file without areas keeps its columns as before)."""
    if not tables:
        return pd.DataFrame()
    if [area_id for area_id, _, _ in tables] == [""]:
        return tables[0][2]
    return pd.concat([table.assign(province=area_id, area_kind=dataset.meta.get("area_kind", ""))
                      [["province", "area_kind", *table.columns]]
                      for area_id, dataset, table in tables], ignore_index=True)


def _suggest(args) -> int:
    tables = []
    for area_id, dataset in _projected(_load(args), args):
        if args.year is not None:  # a year no series can reach is an error, not an empty table
            past = [Problem(ProblemCode.TARGET_YEAR_PAST, Severity.WARNING, file=args.input,
                            area=area_id, params={
                "indicator": i, "year": args.year, "last": dataset.series(i).last_year})
                for i in dataset.indicators if args.year <= dataset.series(i).last_year]
            if past and len(past) == len(dataset.indicators):
                raise InputError([replace(p, severity=Severity.ERROR) for p in past])
            _warn(past, args)
        project_fn = partial(project, reference=_reference(args, dataset))
        table = suggest(dataset, args.probability, args.year, args.model, project_fn=project_fn)
        _warn(_in_area(exceptional_problems(dataset, list(table["indicator"])), area_id), args)
        tables.append((area_id, dataset, table))
    table = _by_area(tables)
    _write(table, args)
    return 0 if len(table) else _nothing(args.lang)


def _in_area(problems: list[Problem], area_id: str) -> list[Problem]:
    return [replace(p, area=area_id) for p in problems] if area_id else problems


def _reference(args, dataset):
    """--reference FILE, 'none', or the default reference the app uses for this dataset."""
    if args.reference == "none":
        return None
    if args.reference:
        return load_file(args.reference)
    return default_reference(dataset)


def _forecast(args) -> int:
    if not 1 <= args.horizon <= MAX_HORIZON:
        raise InputError([Problem(ProblemCode.HORIZON_RANGE, params={"horizon": args.horizon,
                                                            "most": MAX_HORIZON})])
    levels = sorted(set(args.level)) if args.level else list(DEFAULT_LEVELS)
    tables = []
    for area_id, dataset in _projected(_load(args), args):
        table, problems = forecast_table(dataset, args.model, args.horizon, levels,
                                         _reference(args, dataset))
        _warn(_in_area(problems, area_id), args)
        tables.append((area_id, dataset, table))
    table = _by_area(tables)
    _write(table, args)
    return 0 if len(table) else _nothing(args.lang)


def _nothing(lang: str) -> int:
    """No series could be projected: say so and exit 1."""
    print(t("cli.no_rows", lang), file=sys.stderr)
    return 1


def _check(args) -> int:
    areas = _load(args)
    targets = read_targets(args.targets)
    named = list(areas.datasets) != [""]
    if named:  # each target names its area, matched like the data file's names
        only = next(iter(areas.datasets)) if len(areas.datasets) == 1 else ""
        targets["area_id"] = [match_area(text, year)[0].id if text else only
                              for text, year in zip(targets["province"], targets["year"])]
        unknown = [Problem(ProblemCode.TARGET_UNKNOWN_AREA, file=args.targets, row=int(row.row),
                           params={"text": row.province or "—"})
                   for row in targets.itertuples() if row.area_id not in areas.datasets]
        if unknown:
            raise InputError(unknown)
    tables = []
    for area_id, dataset in areas.datasets.items():
        mine = targets[targets["area_id"] == area_id] if named else targets
        if mine.empty:
            continue
        results = evaluate(dataset, mine, None, args.model, strict=True, file=args.targets,
                           project_fn=partial(project, reference=_reference(args, dataset)))
        table = check_frame(results_frame(results, dataset))
        _warn(_in_area([r.warning for r in results if r.warning], area_id), args)
        _warn(_in_area(exceptional_problems(dataset, list(dict.fromkeys(table["indicator"]))),
                       area_id), args)
        tables.append((area_id, dataset, table))
    _write(_by_area(tables), args)
    return 0


def _record(args) -> int:
    datasets = [load_builtin(args.dataset)] if args.dataset else None
    table = replay(datasets, args.model)
    _write(table, args)
    found = scores(table)
    print(summary_line(found, args.lang), file=sys.stderr)
    for verdict in VERDICTS:
        print(class_line(found, verdict, args.lang), file=sys.stderr)
    return 0


def _validate(args) -> int:
    areas = _load(args)
    observations = pd.concat([d.observations for d in areas.datasets.values()])
    series = sum(len(d.indicators) for d in areas.datasets.values())
    years = observations["year"]
    print(t("cli.valid_summary", args.lang, file=args.input, series=series,
            values=len(observations), first=years.min(), last=years.max()))
    if list(areas.datasets) != [""]:
        print(t("cli.valid_areas", args.lang, provinces=len(areas.provinces()),
                aggregates=len(areas.aggregates())))
    return 0


def _merge(args) -> int:
    same = [Problem(ProblemCode.MERGE_SAME_TWICE, file=b, params={"other": a})
            for i, a in enumerate(args.inputs) for b in args.inputs[i + 1:] if _same_file(a, b)]
    if same:
        raise InputError(same)
    parts = [_load_path(path, args) for path in args.inputs]
    names = [Path(path).stem for path in args.inputs]
    result = merge(parts, names, files=args.inputs)
    _write(result.observations, args)
    account = pd.DataFrame([{"indicator": line.indicator, "years": line.years,
                             "result": line.result, "parts": " + ".join(line.parts),
                             "text": line.text(args.lang)} for line in result.account])
    safe_frame(account).to_csv(sys.stdout, index=False)
    return 0


def _load_path(path: str, args):
    dataset = load_file(path)
    _warn(dataset.problems, args)
    return dataset


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def _warn(problems: list[Problem], args) -> None:
    if args.quiet:
        return
    for problem in problems:
        print(t("cli.warning", args.lang) + problem.message(args.lang), file=sys.stderr)


def _refuse_output_over_input(args) -> None:
    """--output must not name an input (INPUT, --targets, --reference): it would be lost."""
    output = getattr(args, "output", None)
    if not output:
        return
    inputs = [getattr(args, key, None) for key in ("input", "targets", "reference")]
    inputs += getattr(args, "inputs", None) or []
    for given in filter(None, inputs):
        if _same_file(given, output):
            raise InputError([Problem(ProblemCode.OUTPUT_SAME_AS_INPUT, params={"path": output})])


def _write(table, args) -> None:
    table = safe_frame(table)  # an indicator named "=cmd|…" must stay text in Excel
    if not args.output:
        table.to_csv(sys.stdout, index=False, float_format=FLOAT_FORMAT)
        return
    try:
        table.to_csv(args.output, index=False, float_format=FLOAT_FORMAT)
    except OSError as exc:
        raise InputError([Problem(ProblemCode.OUTPUT_FAILED, params={
            "path": args.output, "reason": exc.strerror or str(exc).split(":")[0]})]) from None


if __name__ == "__main__":
    sys.exit(main())
