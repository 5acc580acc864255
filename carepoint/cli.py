"""The `carepoint` command: the contract in design.md. No command here starts the desktop app
except `gui`; every other command runs headless."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from carepoint import __version__, i18n
from carepoint.commands._base import emit  # noqa: F401 - the commands' output, kept importable here
from carepoint.errors import EXIT_BAD_INPUT, CarePointError, UserInputError
from carepoint.i18n import _


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse hook
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, _("Usage error: {detail}").format(detail=message) + "\n")


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Repeated on every subcommand so `carepoint residents list --json` works too; SUPPRESS keeps
    # a subcommand from overwriting a value given before it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", type=Path, default=default, help=_("data folder"))
    parser.add_argument("--lang", default=default, help=_("language: zh_CN (default) or en"))
    parser.add_argument(
        "--user", default=default, help=_("the account to act as (default: CAREPOINT_USER)")
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help=_("machine-readable result on standard output"),
    )


def build_parser() -> Parser:
    from carepoint.commands import register_all

    parser = Parser(prog="carepoint", description=_("CarePoint: village elderly care point"))
    parser.add_argument("--version", action="version", version=f"carepoint {__version__}")
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    register_all(commands, lambda p: _global_options(p, top=False))
    return parser


def _choose_language(argv: list[str]) -> None:
    # The language must be set before the parser is built so that --help is translated.
    wanted = os.environ.get("CAREPOINT_LANG")
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            wanted = argv[index + 1]
        elif arg.startswith("--lang="):
            wanted = arg.split("=", 1)[1]
    try:
        i18n.set_language(wanted)
    except ValueError:
        i18n.set_language(None)
        raise UserInputError(
            _("Unknown language {lang}; use one of: {choices}").format(
                lang=wanted, choices=", ".join(i18n.SUPPORTED_LOCALES)
            )
        ) from None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _choose_language(argv)
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            if args.json:
                parser.error(_("a command is needed"))
            args = parser.parse_args(["gui", *argv])
        return args.handler(args) or 0
    except CarePointError as error:
        print(error.message, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(_("Stopped; nothing was changed by the unfinished step."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): nothing to tell anyone.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        if error.errno == errno.ENOSPC:
            print(
                _("The disk is full; nothing was changed. Free some space and try again."),
                file=sys.stderr,
            )
        else:
            print(
                _("The file system refused the operation: {reason}").format(
                    reason=error.strerror or error
                ),
                file=sys.stderr,
            )
        return EXIT_BAD_INPUT
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        if _disk_full(error):  # SQLite's "database or disk is full", however it was wrapped
            print(
                _("The disk is full; nothing was changed. Free some space and try again."),
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        report = _write_crash_report()
        print(
            _("An unexpected error stopped CarePoint; details were saved in {file}").format(
                file=report
            ),
            file=sys.stderr,
        )
        return 1


def _disk_full(error: BaseException | None) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if getattr(error, "sqlite_errorcode", None) == 13:  # SQLITE_FULL
            return True
        if getattr(error, "errno", None) == errno.ENOSPC:
            return True
        if "database or disk is full" in str(error):
            return True  # peewee's wrapper keeps only the text
        error = error.__cause__ or error.__context__
    return False


def _write_crash_report() -> Path:
    import tempfile
    import traceback

    from carepoint.safety.logs import mask_personal

    folder = Path(tempfile.gettempdir())
    path = folder / "carepoint-error.log"
    with path.open("a", encoding="utf-8") as handle:
        # An error message may quote an ID or phone number: the report never keeps one.
        handle.write(mask_personal(f"carepoint {__version__}\n{traceback.format_exc()}\n"))
    return path


if __name__ == "__main__":
    sys.exit(main())
