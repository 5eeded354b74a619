"""Serving the emulator with uvicorn: in the foreground (the CLI) or in a thread (the GUI's demo).

``EmulatorServer`` runs uvicorn in a daemon thread with its own asyncio loop, so that the
GUI's ``--demo`` and ``--selftest`` get a real server on loopback without a second process.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from wesog_desktop.emulator.application import EmulatorSettings, EmulatorState, build_app
from wesog_desktop.emulator.gate import quiet_intended_failures

START_TIMEOUT_S = 60.0
"""Loading the whole Tate catalog takes a few seconds on a slow machine."""


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on ``host:port`` (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def base_url(sock: socket.socket) -> str:
    """The URL clients on this machine use to reach a server bound to ``sock``."""
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def make_server(settings: EmulatorSettings, own_logging: bool = True) -> uvicorn.Server:
    """A uvicorn server for a new emulator (the catalog is loaded here); quiet below warnings.

    ``own_logging``: uvicorn's log lines go to stderr; otherwise they reach the host process's
    logging (the GUI's log) like any other logger's.
    """
    app = build_app(EmulatorState(settings))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=1, log_config=LOGGING_CONFIG if own_logging else None)
    quiet_intended_failures()
    return uvicorn.Server(config)


async def serve_until_ready(server: uvicorn.Server, sock: socket.socket) -> asyncio.Task[None]:
    """Start serving on ``sock``; return the serving task once connections are accepted."""
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            await task  # raises what stopped it
            raise RuntimeError("the emulator stopped while starting")
        await asyncio.sleep(0.01)
    return task


class EmulatorServer:
    """An emulator in a background thread: ``start()`` gives its base URL, ``stop()`` ends it."""

    def __init__(self, catalog_path: str | Path | None = None, sample: int | None = None,
                 api_key: str | None = None, generated_thumbnails: bool = True,
                 delay_ms: float | None = None, faults: tuple[str, ...] | list[str] = ()) -> None:
        self.settings = EmulatorSettings(catalog_path, sample, api_key, generated_thumbnails, delay_ms,
                                         tuple(faults))
        self.url: str | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def start(self) -> str:
        """Load the catalog, serve on a free loopback port, return the base URL when ready."""
        server = make_server(self.settings, own_logging=False)
        sock = bind("127.0.0.1", 0)
        self._server = server
        self._thread = threading.Thread(target=self._run, args=(server, sock), name="wesog-emulator",
                                        daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.started:
            if self._failure is not None or not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the emulator did not start: {self._failure!r}")
            time.sleep(0.01)
        self.url = base_url(sock)
        return self.url

    def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        except BaseException as exc:  # reported by start(); a daemon thread has nobody else to tell
            self._failure = exc

    def stop(self) -> None:
        """Stop serving and wait (briefly) for the thread to end."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = self._thread = None
