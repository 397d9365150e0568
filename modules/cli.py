"""The command line: `khathi forecast | check | validate` (also `python -m modules`).

Exit codes: 0 done; 2 the input is invalid (every problem printed to stderr, in the
chosen language, with file, row and column). Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial

from modules.data.dataset import load_file
from modules.data.problems import WARNING, InputError, Problem
from modules.engine.models import MODEL_NAMES
from modules.engine.projections import DEFAULT_LEVELS, forecast_table, project
from modules.planning.targets import check_targets, read_targets
from modules.planning.tools import suggest
from modules.reports.exports import safe_frame
from modules.text.i18n import t

FLOAT_FORMAT = "%.10g"


def main(argv=None) -> int:
    """Run the `khathi` command line (argv without the program name; None: sys.argv).

    Returns the exit status: 0 on success, 2 when an input is refused (each problem
    printed to stderr in the chosen language, with file, row and column).
    """
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        for problem in exc.problems:
            prefix = t("cli.warning", args.lang) if problem.severity == WARNING else ""
            print(prefix + problem.message(args.lang), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the output file cannot be written
        print(t("problem.output_failed", args.lang, path=exc.filename or ""), file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="khathi", description=t("cli.description", "en"))
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    forecast = commands.add_parser("forecast", help="project every series of INPUT")
    forecast.add_argument("input")
    forecast.add_argument("--horizon", type=_positive_int, default=1)
    forecast.add_argument("--level", type=_level, nargs="+", default=list(DEFAULT_LEVELS))
    forecast.add_argument("--model", choices=MODEL_NAMES + ("auto",), default="auto")
    forecast.set_defaults(run=_forecast)

    check = commands.add_parser("check", help="P(reaching each target) and a verdict")
    check.add_argument("input")
    check.add_argument("--targets", required=True)
    check.add_argument("--model", choices=MODEL_NAMES + ("auto",), default="auto")
    check.set_defaults(run=_check)

    suggest = commands.add_parser("suggest", help="targets reached with probability P")
    suggest.add_argument("input")
    suggest.add_argument("--probability", type=_probability, required=True)
    suggest.add_argument("--year", type=int, help="target year (default: each series' next year)")
    suggest.add_argument("--model", choices=MODEL_NAMES + ("auto",), default="auto")
    suggest.set_defaults(run=_suggest)

    validate = commands.add_parser("validate", help="check INPUT and summarise it")
    validate.add_argument("input")
    validate.set_defaults(run=_validate)

    for command in (forecast, check, suggest):
        command.add_argument("--reference", metavar="FILE",
                             help="series whose spread thin series (< 6 years) borrow")
    for command in (forecast, check, suggest, validate):
        command.add_argument("--lang", choices=("vi", "en"), default="vi")
        if command is not validate:
            command.add_argument("--output", help="CSV file to write (default: stdout)")
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError("must be between 1 and 50")
    return value


def _level(text: str) -> float:
    value = float(text)
    if not 0 < value < 100:
        raise argparse.ArgumentTypeError("must be between 0 and 100 (exclusive)")
    return value


def _probability(text: str) -> float:
    value = float(text)
    if value > 1:  # "70" means 70%
        value /= 100
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1 (or 0 and 100 %)")
    return value


def _suggest(args) -> int:
    dataset = load_file(args.input)
    project_fn = partial(project, reference=_reference(args))
    _write(suggest(dataset, args.probability, args.year, args.model, project_fn=project_fn),
           args.output)
    return 0


def _reference(args):
    return load_file(args.reference) if args.reference else None


def _forecast(args) -> int:
    dataset = load_file(args.input)
    table, problems = forecast_table(dataset, args.model, args.horizon, args.level,
                                     _reference(args))
    _warn(problems, args.lang)
    _write(table, args.output)
    return 0


def _check(args) -> int:
    dataset = load_file(args.input)
    targets = read_targets(args.targets)
    table = check_targets(dataset, targets, args.model, file=args.targets,
                          reference=_reference(args))
    _write(table, args.output)
    return 0


def _validate(args) -> int:
    dataset = load_file(args.input)
    _warn(dataset.problems, args.lang)
    years = dataset.observations["year"]
    print(t("cli.valid_summary", args.lang, file=args.input, series=len(dataset.indicators),
            values=len(dataset.observations), first=years.min(), last=years.max()))
    return 0


def _warn(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        print(t("cli.warning", lang) + problem.message(lang), file=sys.stderr)


def _write(table, output) -> None:
    table = safe_frame(table)  # an indicator named "=cmd|…" must stay text in Excel
    if output:
        table.to_csv(output, index=False, float_format=FLOAT_FORMAT)
    else:
        table.to_csv(sys.stdout, index=False, float_format=FLOAT_FORMAT)


if __name__ == "__main__":
    sys.exit(main())
