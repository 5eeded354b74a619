"""Fault injection: what can go wrong between the app and Wesog, on demand.

A fault is written ``NAME[:key=value[:key=value...]]``, on the command line (``--fault``,
repeatable) or at run time (``POST /_emulator/faults``). ``FAULT_HELP`` is the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wesog_desktop.emulator.writes import WRITE_METHODS

HTTP_FAULTS = {"http-429": 429, "http-500": 500, "http-502": 502, "http-503": 503, "http-504": 504}
REQUEST_FAULTS = frozenset({*HTTP_FAULTS, "slow", "drop", "malformed", "op-404"})
"""Faults that answer a request in place of the API."""
OPERATION_FAULTS = frozenset({"op-never-finishes", "error-ids-index"})
"""Faults that mark the operations created while they are active."""

NOT_API = ("/_emulator", "/thumbs")
"""Path prefixes outside the Wesog API: no key, no log, no fault unless ``path=`` names them."""

_OPTIONS = {"http-429": {"retry_after"}, "slow": {"seconds"}}
_COMMON = {"method", "path", "times"}
DEFAULT_SLOW_SECONDS = 5.0

FAULT_HELP = """\
Fault specs: NAME[:key=value[:key=value...]]   (--fault SPEC, repeatable;
at run time: POST /_emulator/faults {"faults": [SPEC, ...]} replaces the active ones)

  http-429     answer 429 {"detail": ...}; retry_after=SECONDS adds a Retry-After header
  http-500     answer 500 {"detail": ...}   (likewise http-502, http-503, http-504)
  slow         wait seconds=S (default 5), then answer normally (or as the next matching fault)
  drop         send the response headers, then close the connection mid-body
  malformed    answer 200 with a body that is not valid JSON
  op-404       GET /ops/{id} answers 404 (default scope: method=GET, path=/ops/)
  op-never-finishes
               operations created while active start and never finish
  error-ids-index
               operations created while active report errors[].id as batch indexes

Keys for every fault:
  method=GET|PATCH|PUT|POST|DELETE   only requests with this method
  path=/prefix                       only URL paths starting with it (e.g. /imgs, /ops)
  times=N                            only the next N matching requests (default: unlimited)

The first matching fault answers. Request faults never hit /_emulator/* or /thumbs/* unless
path= names them; a fault whose times are used up stays listed and does nothing. The operation
faults count the write requests (PATCH, PUT, POST, DELETE) that create operations.
Examples: http-503:times=2   http-429:retry_after=1:method=PATCH   slow:seconds=2:path=/ops
"""


@dataclass
class Fault:
    """One active fault; ``remaining`` counts down when ``times`` was given."""

    spec: str
    name: str
    method: str | None = None
    path: str | None = None
    remaining: int | None = None
    options: dict[str, float] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        if self.remaining == 0:
            return False
        if self.method is not None and self.method != method.upper():
            return False
        if self.path is not None:
            return path.startswith(self.path)
        if self.name in OPERATION_FAULTS:
            return method.upper() in WRITE_METHODS
        return not path.startswith(NOT_API)

    def consume(self) -> None:
        if self.remaining is not None:
            self.remaining -= 1


def parse_fault(spec: str) -> Fault:
    """A ``Fault`` from its spec; ``ValueError`` says what is wrong with it."""
    name, *pairs = spec.strip().split(":")
    if name not in REQUEST_FAULTS | OPERATION_FAULTS:
        raise ValueError(f"unknown fault '{name}' in '{spec}' (see --help-faults)")
    fault = Fault(spec, name)
    if name == "op-404":
        fault.method, fault.path = "GET", "/ops/"
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not value:
            raise ValueError(f"'{pair}' in '{spec}' is not key=value")
        if key not in _COMMON | _OPTIONS.get(name, set()):
            raise ValueError(f"'{key}' is not an option of {name}")
        if key == "method":
            fault.method = value.upper()
        elif key == "path":
            fault.path = value if value.startswith("/") else "/" + value
        else:
            _set_number(fault, key, value)
    return fault


def _set_number(fault: Fault, key: str, value: str) -> None:
    """Set a numeric key: ``times`` (a count) or an option in seconds."""
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{key}={value} in '{fault.spec}' is not a number") from None
    if number < 0 or (key == "times" and not number.is_integer()):
        raise ValueError(f"{key}={value} in '{fault.spec}' is out of range")
    if key == "times":
        fault.remaining = int(number)
    else:
        fault.options[key] = number


class FaultSet:
    """The active faults, in the order they were given (the first matching one answers)."""

    def __init__(self, specs: list[str] | tuple[str, ...] = ()) -> None:
        self.faults: list[Fault] = [parse_fault(s) for s in specs]

    def replace(self, specs: list[str]) -> None:
        """Make ``specs`` the active faults; none changes when one of them is invalid."""
        self.faults = [parse_fault(s) for s in specs]

    def for_request(self, method: str, path: str) -> list[Fault]:
        """The request faults that hit this request, consumed: zero or more ``slow``, then the
        one that answers (if any)."""
        hits: list[Fault] = []
        for fault in self.faults:
            if fault.name in REQUEST_FAULTS and fault.matches(method, path):
                fault.consume()
                hits.append(fault)
                if fault.name != "slow":
                    break
        return hits

    def take(self, name: str, method: str, path: str) -> bool:
        """Whether an operation fault called ``name`` hits this write (and consume it)."""
        for fault in self.faults:
            if fault.name == name and fault.matches(method, path):
                fault.consume()
                return True
        return False

    def describe(self) -> list[dict[str, object]]:
        return [{"spec": f.spec, "remaining": f.remaining} for f in self.faults]
