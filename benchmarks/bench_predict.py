"""`mlops-bot predict-server` (logging on) against `mlflow models serve --env-manager local`, same model, same client.

One run on one machine: the demo's `cancer` model is trained and deployed in a temporary MLOPS_HOME, then both
servers run as their own processes on 127.0.0.1 (ours with its prediction log writing to the state DB, MLflow's
with its defaults). The client is a third process (aiohttp, keep-alive connections, each sending its next request
when the previous answer arrives: a closed loop) sending one-row `dataframe_split` requests. For each concurrency
(1 and 32) and each round, both servers get `--warmup` requests and then `--requests` timed ones, alternating
which goes first; the table shows the median over rounds. Every loop is bounded; both servers are stopped at the end.

Also: rows per second of the prediction log writer (100 rows per entry into a fresh SQLite state DB), beside
one INSERT + commit per row (the named baseline).

CPU: each server's whole process tree (psutil: the server and its workers) over the warm-up and timed requests,
per request. Memory: each tree per process and in sum (PSS) after the last round.

    uv run --frozen python benchmarks/bench_predict.py [--requests 2000 --rounds 3]

Goals: throughput at concurrency 32 >= 2x MLflow's, p99 no worse; p50 at concurrency 1 within 1.2x MLflow's.
Writes benchmarks/results/predict.json through record.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

from record import RESULTS, Recorder, percentile, tree_cpu, tree_memory  # noqa: E402

BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="timed requests per server, concurrency, round")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--log-rows", type=int, default=200_000, help="rows for the log writer figure")
    parser.add_argument("--out", type=Path, default=RESULTS / "predict.json")
    args = parser.parse_args()
    run = Recorder("predict", params=vars(args))
    home = Path(tempfile.mkdtemp(prefix="bench-predict-")) / "mlops"
    home.mkdir()
    env = {**os.environ, "MLOPS_HOME": str(home), "MLFLOW_TRACKING_URI": f"sqlite:///{home / 'mlflow.db'}"}
    env.pop("MLOPS_CONFIG", None)
    env.pop("MLOPS_STATE_URL", None)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("MLOPS_", "MLFLOW_"))})
    print(f"training and deploying cancer in {home}", flush=True)
    row = _prepare()
    ours_port, theirs_port = _free_port(), _free_port()
    servers = {
        "predict-server": (f"http://127.0.0.1:{ours_port}/models/cancer/invocations", subprocess.Popen(
            [str(BIN / "mlops-bot"), "predict-server", "--host", "127.0.0.1", "--port", str(ours_port), "--poll", "60"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)),
        "mlflow serve": (f"http://127.0.0.1:{theirs_port}/invocations", subprocess.Popen(
            [str(BIN / "mlflow"), "models", "serve", "-m", "models:/cancer/1", "--env-manager", "local",
             "--host", "127.0.0.1", "--port", str(theirs_port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)),
    }
    try:
        _wait_ready(f"http://127.0.0.1:{ours_port}/healthz", lambda body: json.loads(body)["ready"].get("cancer"))
        _wait_ready(f"http://127.0.0.1:{theirs_port}/ping", lambda body: True)
        body = json.dumps({"dataframe_split": {"columns": list(row), "data": [list(row.values())]}}).encode()
        table = _measure(servers, body, args)
        memory = {name: tree_memory(process.pid) for name, (_, process) in servers.items()}
    finally:
        for _, process in servers.values():
            process.terminate()
        for _, process in servers.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    logged = _logged_rows(home)
    writer = _log_writer_rate(args.log_rows)
    _report(run, table, writer, logged, memory, args)
    return 0


def _prepare() -> dict[str, float]:
    from tools.access import Caller
    from tools.context import Context
    from tools.dispatch import confirm, dispatch

    ctx = Context.load()
    caller = Caller(user_id="cli:bench", surface="cli", trusted=True)
    assert dispatch(ctx, "train", {"model": "cancer"}, caller).status == "done"
    proposed = dispatch(ctx, "deploy", {"model": "cancer", "version": "1"}, caller)
    assert confirm(ctx, proposed.approval.approval_id, caller).status == "done"
    from pipelines.data import datasets

    dataset = datasets.load(ctx.spec("cancer"))
    return {k: float(v) for k, v in dataset.X.iloc[0].items()}


def _measure(servers: dict[str, tuple[str, Any]], body: bytes, args: argparse.Namespace) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    for round_no in range(args.rounds):
        for concurrency in (1, 32):
            order = list(servers) if round_no % 2 == 0 else list(reversed(servers))
            for name in order:
                url, process = servers[name]
                with ctx.Pool(1) as pool:
                    before = tree_cpu(process.pid)
                    figures = pool.apply(_client, (url, body, concurrency, args.warmup, args.requests))
                    after = tree_cpu(process.pid)
                spent = sum(c - before.get(pid, (n, 0.0))[1] for pid, (n, c) in after.items())
                figures["tree_cpu_us_per_request"] = spent / (args.warmup + args.requests) * 1e6
                runs.setdefault((name, concurrency), []).append(figures)
                print(f"round {round_no + 1} c={concurrency:<2} {name:<15} p50 {figures['p50_ms']:.2f} ms  "
                      f"p99 {figures['p99_ms']:.2f} ms  {figures['rps']:.0f} req/s  errors {figures['errors']}", flush=True)
    return {f"{name}|{c}": {k: statistics.median(r[k] for r in rounds) for k in rounds[0]} | {"rounds": rounds}
            for (name, c), rounds in runs.items()}


def _client(url: str, body: bytes, concurrency: int, warmup: int, requests: int) -> dict[str, float]:
    return asyncio.run(_closed_loop(url, body, concurrency, warmup, requests))


async def _closed_loop(url: str, body: bytes, concurrency: int, warmup: int, requests: int) -> dict[str, float]:
    import aiohttp

    headers = {"Content-Type": "application/json"}
    latencies: list[float] = []
    errors = 0
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        async def worker(count: int, record: bool) -> None:
            nonlocal errors
            for _ in range(count):  # bounded: every worker sends exactly `count` requests
                started = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                if record:
                    latencies.append(time.perf_counter() - started)

        shares = lambda total: [total // concurrency + (i < total % concurrency) for i in range(concurrency)]  # noqa: E731
        await asyncio.gather(*(worker(n, False) for n in shares(warmup)))
        started = time.perf_counter()
        await asyncio.gather(*(worker(n, True) for n in shares(requests)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {"p50_ms": 1000 * percentile(latencies, 50), "p99_ms": 1000 * percentile(latencies, 99),
            "rps": len(latencies) / elapsed, "errors": float(errors)}


def _log_writer_rate(rows: int) -> dict[str, float]:
    """Rows/s of the batched writer, and of one INSERT + commit per row (the baseline it replaces)."""
    from datetime import UTC, datetime

    import numpy as np

    from bot.serving.log_writer import Entry, LogWriter, _rows
    from pipelines.data.prediction_log import predictions_table
    from tools.state import StateStore

    folder = Path(tempfile.mkdtemp(prefix="bench-log-"))
    store = StateStore(f"sqlite:///{folder / 'state.db'}")
    columns = [f"f{i}" for i in range(30)]
    values = np.random.default_rng(0).normal(size=(100, 30))
    entry = lambda i: Entry(request_id=f"{i:024x}", model="cancer", version=1, arm="production", test_id=None,  # noqa: E731
                            key=None, columns=columns, values=values, predictions=[1] * 100,
                            proba=[[0.2, 0.8]] * 100, latency_ms=1.0, at=datetime.now(UTC))
    writer = LogWriter(store.engine)
    started = time.perf_counter()
    for i in range(rows // 100):
        writer.add(entry(i))
    writer.close()
    batched = writer.written / (time.perf_counter() - started)
    single_rows = _rows(entry(10**9))
    started = time.perf_counter()
    for row in single_rows:
        with store.engine.begin() as conn:
            conn.execute(predictions_table.insert(), [row])
    single = len(single_rows) / (time.perf_counter() - started)
    return {"batched_rows_per_s": batched, "per_row_commit_rows_per_s": single, "rows": float(writer.written)}


def _logged_rows(home: Path) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{home / 'state.db'}")
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT COUNT(*) FROM prediction_log")).scalar() or 0)


def _report(run: Recorder, table: dict[str, Any], writer: dict[str, float], logged: int, memory: dict[str, Any],
            args: argparse.Namespace) -> None:
    ours, theirs = table["predict-server|32"], table["mlflow serve|32"]
    ours1, theirs1 = table["predict-server|1"], table["mlflow serve|1"]
    n = f"median of {args.rounds} rounds of {args.requests} requests"
    run.figure("predict-server throughput, concurrency 32", round(ours["rps"]), "req/s",
               baseline=("mlflow models serve, same model and client", round(theirs["rps"])),
               goal=(">= 2x MLflow's", ours["rps"] >= 2 * theirs["rps"]), detail=n)
    run.figure("predict-server p99, concurrency 32", round(ours["p99_ms"], 2), "ms",
               baseline=("mlflow models serve", round(theirs["p99_ms"], 2)),
               goal=("no worse than MLflow's", ours["p99_ms"] <= theirs["p99_ms"]), detail=n)
    run.figure("predict-server p50, concurrency 1", round(ours1["p50_ms"], 2), "ms",
               baseline=("mlflow models serve", round(theirs1["p50_ms"], 2)),
               goal=("<= 1.2x MLflow's", ours1["p50_ms"] <= 1.2 * theirs1["p50_ms"]), detail=n)
    run.figure("prediction log writer, batched", round(writer["batched_rows_per_s"]), "rows/s",
               baseline=("one INSERT + commit per row", round(writer["per_row_commit_rows_per_s"])),
               detail=f"{int(writer['rows'])} rows into a fresh SQLite state DB")
    run.figure("predict-server memory, whole tree, PSS", memory["predict-server"]["sum_pss_mib"], "MiB",
               baseline=("mlflow models serve, whole tree, PSS", memory["mlflow serve"]["sum_pss_mib"]),
               detail=f"{memory['predict-server']['count']} vs {memory['mlflow serve']['count']} processes, "
                      "after the last round")
    run.table("Both servers (median over rounds; CPU = the server's whole process tree per request)",
              ["server", "concurrency", "p50 ms", "p99 ms", "req/s", "tree CPU µs/req", "errors"],
              [[*key.split("|"), round(f["p50_ms"], 2), round(f["p99_ms"], 2), round(f["rps"]),
                round(f["tree_cpu_us_per_request"]), f["errors"]] for key, f in table.items()])
    run.note(f"rows in our prediction log after the run: {logged}")
    print("\n".join(f"{f['name']}: {f['value']} {f['unit']} vs {f['baseline']['value']}" for f in run.figures))
    run.write(args.out, {"servers": table, "log_writer": writer, "logged_rows": logged, "memory": memory})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(url: str, ok: Any, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
                if response.status == 200 and ok(response.read()):
                    return
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"server at {url} did not become ready within {timeout:.0f}s")


if __name__ == "__main__":
    sys.exit(main())
