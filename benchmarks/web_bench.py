"""Web app latency under load: p50/p95 of the check-in POST and the specialist dashboard.

A store is seeded with ``--runners`` runners (``--weeks`` of runs each, default three years: the
decision reads the whole history, so eight weeks would flatter it; a check-in yesterday),
all sharing with one specialist. The real server (``achilles serve``, uvicorn, one process)
runs in a subprocess; ``--clients`` concurrent HTTP clients then (1) post check-ins, each as
its own runner, and (2) load the specialist's dashboard of all runners, each client waiting
``--think`` seconds (±50 %) between requests like a person (0 = back to back, which measures
saturation rather than latency). Single-client figures come first as the baseline. The server
decides every shared runner's day in the background when it starts (the benchmark waits for
that); after that the dashboard decides again only runners whose inputs changed, and an
unchanged store is answered from a fingerprinted cache. A last, mixed phase has most clients
checking in while a tenth load the dashboard, which then changes under them.
Targets: check-in p95 < 50 ms, dashboard p95 < 200 ms.

Usage: ``.venv/bin/python benchmarks/web_bench.py [--runners 500] [--weeks 156] [--clients 50]
[--think 1] [--backends sqlite,postgresql]`` (PostgreSQL at ``ACHILLES_TEST_PG``, default
``postgresql://postgres@127.0.0.1:5432/test``, in a private schema dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import httpx
from argon2 import PasswordHasher
from sqlalchemy import create_engine, func, select, text

from achillescare.domain.activity.records import Activity
from achillescare.domain.assessment.symptoms import CheckIn
from achillescare.services import accounts
from achillescare.storage.db import open_store
from achillescare.storage.models.symptoms import DecisionLogRow
from achillescare.storage.repos import activities as activities_repo
from achillescare.storage.repos import runners as runners_repo
from achillescare.storage.repos import symptoms as symptoms_repo
from achillescare.storage.repos import web as web_repo
from achillescare.web.auth import SESSION_COOKIE, server_today

LOG = Path(tempfile.gettempdir()) / "achilles-web-bench-server.log"
WARMUP_TIMEOUT_S = 300.0
"""``serve`` decides every shared runner in the background at start; the benchmark waits for it
(polling the decision log) so the figures measure the day's later requests, not the first."""
Request = tuple[str, str, str, dict[str, object] | None]
"""(method, path, session token, JSON body)."""
PG_URL = os.environ.get("ACHILLES_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
SPECIALIST = "physio@bench.example"
PASSWORD = "slow-calf-raises-bench"


def history(index: int, today: date, weeks: int) -> list[Activity]:
    """``weeks`` weeks of three runs a week, slowly building over each 8-week block; every fifth
    runner ends with a long-run spike."""
    runs = []
    for week in range(weeks):
        monday = today - timedelta(days=today.weekday() + 7 * (weeks - week))
        for offset, base_m in ((1, 6_000), (3, 7_000), (6, 12_000)):
            day = monday + timedelta(days=offset)
            spike = index % 5 == 0 and week == weeks - 1 and offset == 6
            distance = base_m + 150 * (week % 8) + (8_000 if spike else 0) + 37 * (index % 11)
            start = datetime.combine(day, clock_time(7, 30), UTC)
            duration = distance / 2.9
            runs.append(Activity(start, "running", distance, duration, duration, "bench", "bench"))
    return runs


def seed(url: str, runners: int, weeks: int) -> tuple[list[str], str]:
    """Seed the store; return one session token per runner and the specialist's token."""
    store = open_store(url)
    today = server_today()
    now = datetime.now(UTC)
    shared_hash = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash(PASSWORD)
    specialist = accounts.sign_up(store, SPECIALIST, PASSWORD, "Bench Physio", "specialist")
    tokens = []
    for index in range(runners):
        with store.session() as session:
            runner = runners_repo.add(session, name=f"Bench runner {index:04d}", units="km")
            user = web_repo.add_user(
                session,
                email=f"runner{index}@bench.example",
                name=runner.name,
                role="runner",
                password_hash=shared_hash,
                runner_id=runner.id,
            )
            for activity in history(index, today, weeks):
                activities_repo.add(session, runner.id, activity)
            yesterday = CheckIn(
                date=today - timedelta(days=1),
                side="left",
                ran=False,
                morning_pain=index % 4,
                sudden_pop=index % 97 == 0,
            )
            symptoms_repo.save_checkin(session, runner.id, yesterday)
            share = web_repo.add_share(
                session,
                runner.id,
                SPECIALIST,
                now,
                code_sha256=hashlib.sha256(f"bench-{index}".encode()).hexdigest(),
                code_expires_at=now,
            )
            web_repo.set_share_status(session, share, "active", now, specialist_id=specialist.id)
        tokens.append(accounts.open_session(store, user, now))
    specialist_token = accounts.open_session(store, specialist, now)
    store.close()
    return tokens, specialist_token


def wait_for_warmup(url: str, runners: int) -> float:
    """Seconds until every runner has a decision logged for today (the server's warm-up)."""
    store = open_store(url)
    started = time.perf_counter()
    try:
        while True:
            with store.session() as session:
                decided = session.scalar(
                    select(func.count(func.distinct(DecisionLogRow.runner_id))).where(
                        DecisionLogRow.as_of == server_today()
                    )
                )
            if decided is not None and decided >= runners:
                return time.perf_counter() - started
            if time.perf_counter() - started > WARMUP_TIMEOUT_S:
                raise SystemExit(f"the server's warm-up decided {decided} of {runners} runners")
            time.sleep(0.5)
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(url: str) -> Iterator[str]:
    port = free_port()
    achilles = Path(sys.executable).parent / "achilles"
    process = subprocess.Popen(
        [str(achilles), "--db", url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=LOG.open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/signin", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


async def load(
    base: str, clients: int, per_client: int, requests: Sequence[Request], think_s: float = 0.0
) -> list[float]:
    """Run ``requests`` round-robin over ``clients`` workers; each waits ``think_s`` (±50 %,
    seeded) before each request, like a person reading the page (0 = back to back)."""
    jitter = random.Random(7)
    timings: list[float] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker(number: int) -> None:
            for k in range(per_client):
                if think_s:
                    await asyncio.sleep(think_s * jitter.uniform(0.5, 1.5))
                method, path, token, body = requests[(number * per_client + k) % len(requests)]
                started = time.perf_counter()
                response = await client.request(
                    method, path, json=body, headers={"Cookie": f"{SESSION_COOKIE}={token}"}
                )
                timings.append(time.perf_counter() - started)
                if response.status_code >= 400:
                    raise SystemExit(
                        f"{method} {path}: {response.status_code} {response.text} (server log: {LOG})"
                    )

        await asyncio.gather(*(worker(n) for n in range(clients)))
    return timings


async def mixed(
    base: str,
    runners: int,
    watchers: int,
    checkins: Sequence[Request],
    dashboard: Sequence[Request],
    think_s: float,
) -> tuple[list[float], list[float]]:
    """Check-ins and dashboard loads at the same time: every check-in changes what the
    dashboard shows, so each dashboard load decides whether to rebuild it (the clinic's
    morning, not a quiet reload)."""
    posting, watching = await asyncio.gather(
        load(base, runners, 10, checkins[::-1], think_s),
        load(base, watchers, 10, dashboard, think_s),
    )
    return posting, watching


def percentiles(timings: list[float]) -> str:
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"n={len(ms):4d}  p50 {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms"


def bench(label: str, url: str, runners: int, weeks: int, clients: int, think_s: float) -> None:
    started = time.perf_counter()
    tokens, specialist = seed(url, runners, weeks)
    print(
        f"{label}: seeded {runners} runners × {weeks} weeks of runs "
        f"in {time.perf_counter() - started:.1f} s"
    )
    ids = list(range(1, runners + 1))
    with server(url) as base:
        me = httpx.get(f"{base}/api/v1/me", cookies={SESSION_COOKIE: tokens[0]}).json()
        first_id = int(me["runner_id"])
        dashboard = [("GET", "/api/v1/clinic", specialist, None)]
        page = [("GET", "/clinic", specialist, None)]
        checkins = [
            ("POST", f"/api/v1/runners/{first_id + i}/checkins", tokens[i],
             {"side": "left", "ran": False, "morning_pain": i % 4})
            for i in range(len(ids))
        ]  # fmt: skip
        waited = wait_for_warmup(url, runners)
        print(f"{label}: server decided every runner's day in the background in {waited:.1f} s")
        cold = asyncio.run(load(base, 1, 1, dashboard))
        print(f"{label}: dashboard, first of the day      {cold[0] * 1000:7.1f} ms (after warm-up)")
        asyncio.run(load(base, 1, 5, checkins[-5:]))  # warm-up: first imports, caches
        alone = asyncio.run(load(base, 1, 20, checkins))
        print(f"{label}: check-in POST, 1 client           {percentiles(alone)}")
        timings = asyncio.run(load(base, clients, 10, checkins, think_s))
        print(
            f"{label}: check-in POST, {clients} clients, {think_s:g} s think {percentiles(timings)}"
        )
        cold = asyncio.run(load(base, 1, 1, dashboard))
        print(f"{label}: dashboard, first after check-ins {cold[0] * 1000:7.1f} ms")
        alone = asyncio.run(load(base, 1, 20, dashboard))
        print(f"{label}: dashboard GET, 1 client           {percentiles(alone)}")
        timings = asyncio.run(load(base, clients, 4, dashboard, think_s))
        print(
            f"{label}: dashboard GET, {clients} clients, {think_s:g} s think {percentiles(timings)}"
        )
        timings = asyncio.run(load(base, clients, 2, page, think_s))
        print(
            f"{label}: dashboard page, {clients} clients, {think_s:g} s think {percentiles(timings)}"
        )
        watchers = max(1, clients // 10)
        posting, watching = asyncio.run(
            mixed(base, clients - watchers, watchers, checkins, dashboard, think_s)
        )
        print(f"{label}: mixed, {clients - watchers} runners checking in  {percentiles(posting)}")
        print(f"{label}: mixed, {watchers} specialists on the dashboard {percentiles(watching)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=500)
    parser.add_argument(
        "--weeks", type=int, default=156, help="weeks of runs per runner (3 a week; 156 = 3 years)"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="seconds each client waits between requests (0 = back to back: saturation)",
    )
    args = parser.parse_args()
    backends = args.backends.split(",")
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory() as folder:
            bench(
                "sqlite",
                str(Path(folder) / "bench.db"),
                args.runners,
                args.weeks,
                args.clients,
                args.think,
            )
    if "postgresql" in backends:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"))
        try:
            with admin.begin() as connection:
                connection.execute(text(f'create schema "{schema}"'))
        except Exception as error:  # no server: say so and stop
            print(f"postgresql: skipped ({str(error).splitlines()[0]})")
            return
        separator = "&" if "?" in PG_URL else "?"
        try:
            bench(
                "postgresql",
                f"{PG_URL}{separator}options=-csearch_path%3D{schema}",
                args.runners,
                args.weeks,
                args.clients,
                args.think,
            )
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'drop schema "{schema}" cascade'))
            admin.dispose()


if __name__ == "__main__":
    main()
