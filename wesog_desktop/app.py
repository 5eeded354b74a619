"""The composition root: command-line arguments, then the command they name.

Each command lives in its own module and is imported only when it runs, so that
``wesog-desktop emulator`` never loads Qt and ``wesog-desktop --version`` loads nothing.
"""

from __future__ import annotations

import argparse
import sys

from wesog_desktop import __version__

LANGS = ("en", "es", "pt", "fr", "ru")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wesog-desktop", description="Edit the metadata of images stored in Wesog."
    )
    parser.add_argument("--version", action="version", version=f"wesog-desktop {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="start a local Wesog emulator with a sample catalog and open the editor on it")
    parser.add_argument("--catalog", metavar="FILE", help="with --demo: the catalog (JSONL, may be .gz)")
    parser.add_argument("--selftest", action="store_true",
                        help="offscreen: start the emulator, load, edit, submit, follow; exit 0 when all worked")
    parser.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")

    sub.add_parser("gui", help="open the editor (the default)")

    emu = sub.add_parser("emulator", help="run the local Wesog emulator in the foreground")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    emu.add_argument("--catalog", metavar="FILE", help="JSONL or JSONL.gz of image records")
    emu.add_argument("--sample", type=int, metavar="N", help="keep only the first N records")
    emu.add_argument("--api-key", default=None, help="the key clients must send (default: none checked)")
    emu.add_argument("--generated-thumbnails", action="store_true",
                     help="serve a generated JPEG per image and point url_img_thumbnail at it")
    emu.add_argument("--delay-ms", type=float, default=None, help="per-element processing delay")
    emu.add_argument("--fault", action="append", default=[], metavar="SPEC",
                     help="inject a fault (see `wesog-desktop emulator --help-faults`)")
    emu.add_argument("--help-faults", action="store_true", help="list the fault specs and exit")

    sub_cmd = sub.add_parser("submit", help="send changes from a JSONL or CSV file, follow them, report")
    sub_cmd.add_argument("changes", metavar="CHANGES")
    sub_cmd.add_argument("--api-url", required=True)
    sub_cmd.add_argument("--wait", action="store_true")
    sub_cmd.add_argument("--urgent", action="store_true")
    sub_cmd.add_argument("--strict", action="store_true")
    sub_cmd.add_argument("--lang", choices=LANGS, default="en")
    sub_cmd.add_argument("--batch-size", type=int, default=None)
    sub_cmd.add_argument("--dry-run", action="store_true")
    sub_cmd.add_argument("--json", action="store_true")
    sub_cmd.add_argument("--mapping", metavar="FILE.json", help="for a CSV: a saved column mapping")
    sub_cmd.add_argument("--key", metavar="COLUMN", help="for a CSV: the column with the image IDs")

    chk = sub.add_parser("check-csv", help="detect, map and validate a CSV without touching any server")
    chk.add_argument("file", metavar="FILE")
    chk.add_argument("--mapping", metavar="FILE.json")
    chk.add_argument("--key", metavar="COLUMN")
    chk.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "emulator":
        from wesog_desktop.emulator.cli import run_emulator

        return run_emulator(args)
    if args.command == "submit":
        from wesog_desktop.cli_submit import run_submit

        return run_submit(args)
    if args.command == "check-csv":
        from wesog_desktop.cli_check_csv import run_check_csv

        return run_check_csv(args)
    if args.selftest:
        from wesog_desktop.selftest import run_selftest

        return run_selftest(args)
    from wesog_desktop.startup import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
