"""Loading the whole Tate catalog through ``WesogClient.iter_pages`` vs bare httpx + json.loads.

Both fetch the same pages of 10,000 from the emulator over loopback; the client also turns
every image into a Record. Target: at most 1.5× the floor.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from tests.benchmarks.common import Context, Figure, best_of
from wesog_desktop.api.client import WesogClient
from wesog_desktop.domain.records import Record

PAGE = 10_000
REPEAT = 4


async def _through_client(url: str, key: str) -> list[Record]:
    records: list[Record] = []
    async with WesogClient(url, key) as client:
        async for page in client.iter_pages(limit=PAGE):
            records.extend(page.records)
    return records


async def _bare(url: str, key: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    async with httpx.AsyncClient(base_url=url, headers={"API-Key": key}, trust_env=False, timeout=60) as http:
        number = 1
        while True:
            params = {"page": number, "limit": PAGE, "count": "true" if number == 1 else "false"}
            response = await http.get("/imgs", params=params)
            response.raise_for_status()
            results = json.loads(response.content)["results"]
            rows.extend(results)
            if len(results) < PAGE:
                return rows
            number += 1


def run(ctx: Context) -> list[Figure]:
    url, key = ctx.emulator_url(), ctx.api_key
    expected = len(ctx.tate_records())
    loaded = asyncio.run(_through_client(url, key))  # warm-up, and a check that it is all there
    if len(loaded) != expected or len(asyncio.run(_bare(url, key))) != expected:
        raise RuntimeError(f"expected {expected} records")
    floor = value = float("inf")
    for _ in range(REPEAT):  # alternate, so that a busy moment of the machine hits both sides alike
        floor = min(floor, best_of(lambda: asyncio.run(_bare(url, key)), repeat=1))
        value = min(value, best_of(lambda: asyncio.run(_through_client(url, key)), repeat=1))
    return [Figure(f"load {expected:,} Tate records", value, floor, 1.5,
                   floor_name="bare httpx + json.loads")]
