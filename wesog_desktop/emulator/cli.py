"""``wesog-desktop emulator``: the emulator in the foreground until SIGINT or SIGTERM.

Once it accepts connections it prints one line to stdout, ``WESOG_EMULATOR_READY <base URL>``,
which is what the tests and scripts wait for. Everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import sys

import uvicorn

from wesog_desktop.emulator.application import EmulatorSettings
from wesog_desktop.emulator.faults import FAULT_HELP, parse_fault
from wesog_desktop.emulator.server import base_url, bind, make_server, serve_until_ready

READY = "WESOG_EMULATOR_READY"


def run_emulator(args: argparse.Namespace) -> int:
    if args.help_faults:
        print(FAULT_HELP, end="")
        return 0
    try:
        for spec in args.fault:
            parse_fault(spec)
    except ValueError as exc:
        print(f"wesog-desktop emulator: {exc}", file=sys.stderr)
        return 2
    settings = EmulatorSettings(args.catalog, args.sample, args.api_key, args.generated_thumbnails,
                                args.delay_ms, tuple(args.fault))
    try:
        server = make_server(settings)
        sock = bind(args.host, args.port)
    except (OSError, ValueError) as exc:
        print(f"wesog-desktop emulator: {exc}", file=sys.stderr)
        return 1
    # uvicorn re-raises the signal that stopped it once it has shut down; with these handlers in
    # place that re-raise does nothing, and a SIGINT or SIGTERM ends the emulator with status 0.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: None)
    return asyncio.run(_serve(server, sock))


async def _serve(server: uvicorn.Server, sock: socket.socket) -> int:
    task = await serve_until_ready(server, sock)
    print(f"{READY} {base_url(sock)}", flush=True)
    await task
    return 0
