"""The state layer under replicas: approvals claimed per second and p99 dispatch overhead, SQLite vs PostgreSQL.

Two replica *processes* share one state database (a SQLite file, or a private PostgreSQL database on
127.0.0.1:5432 created for the run and dropped after). Each replica runs 10 clicker threads: 20 concurrent clicks.
The parent proposes `--approvals` approvals of a no-op tool that needs confirmation (so what is measured is
dispatch, not MLflow); both replicas then click every approval, pairwise at the same moment (thread k of each
replica works through the same list), through the real `tools.dispatch.confirm`: access check, model lock,
single-use claim, audit row, lock release, finish. Exactly one click per approval may win; the run fails if not.

Reported per backend: claims/s (approvals carried out / wall time), p50 and p99 of `confirm` latency over all
clicks (winners and losers), which is dispatch overhead since the tool itself does nothing (its own time is
subtracted). SQLite is the baseline: ratios are PostgreSQL / SQLite in the same run. CPU: the two replica
processes' (psutil tree of this process, which also holds the parent's connection), per claim. Writes
benchmarks/results/state.json through record.py.

    uv run --frozen python benchmarks/bench_state.py [--approvals 300 --rounds 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from pydantic import BaseModel

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from record import RESULTS, Recorder, TreeUsage, percentile  # noqa: E402
from tools.registry import tool  # noqa: E402

THREADS_PER_REPLICA = 10
REPLICAS = 2


class TouchIn(BaseModel):
    model: str


class TouchOut(BaseModel):
    model: str
    seconds: float


@tool("bench_touch", input=TouchIn, result=TouchOut, description="benchmark only: does nothing, needs approval",
      usage="bench_touch <model>", mutates=True, needs_confirmation=True, role="deployer")
def touch(args: TouchIn, _ctx: object) -> TouchOut:
    started = time.perf_counter()
    return TouchOut(model=args.model, seconds=time.perf_counter() - started)


def replica(url: str, home: str, ids: list[str], name: str, start_at: float, out: mp.Queue) -> None:
    import threading

    from tools.access import Caller
    from tools.config import demo_config, parse_config
    from tools.context import Context
    from tools.dispatch import confirm
    from tools.settings import Paths

    paths = Paths(home=Path(home), state_url=url, state_pool_size=THREADS_PER_REPLICA)
    ctx = Context(config=parse_config(demo_config(), source_path="bench"), paths=paths)
    ctx.state  # noqa: B018 - connect and check the schema before the clock starts
    latencies: list[float] = []
    wins: list[str] = []
    guard = threading.Lock()

    def clicker(k: int) -> None:
        caller = Caller(user_id=f"{name}-{k}", surface="cli", trusted=True)
        for approval_id in ids[k::THREADS_PER_REPLICA]:
            started = time.perf_counter()
            outcome = confirm(ctx, approval_id, caller)
            spent = time.perf_counter() - started - (outcome.result.seconds if outcome.result else 0.0)
            with guard:
                latencies.append(spent)
                if outcome.status == "done":
                    wins.append(approval_id)

    threads = [threading.Thread(target=clicker, args=(k,)) for k in range(THREADS_PER_REPLICA)]
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put({"name": name, "latencies": latencies, "wins": wins, "wall": time.perf_counter() - began})


def run_backend(url: str, approvals: int) -> dict[str, float]:
    from tools.state import StateStore

    store = StateStore(url)
    ids = [store.propose(tool="bench_touch", model=f"m{i}", args={"model": f"m{i}"}, plan=None,
                         requested_by="bench", surface="cli", ttl=timedelta(hours=1)).id for i in range(approvals)]
    store.engine.dispose()
    spawn = mp.get_context("spawn")
    out: mp.Queue = spawn.Queue()
    start_at = time.time() + 8  # both replicas imported and connected by then
    with tempfile.TemporaryDirectory() as home, TreeUsage() as usage:
        procs = [spawn.Process(target=replica, args=(url, home, ids, f"r{i}", start_at, out)) for i in range(REPLICAS)]
        for p in procs:
            p.start()
        results = [out.get(timeout=600) for _ in procs]
        for p in procs:
            p.join()
    wins = [w for r in results for w in r["wins"]]
    if sorted(wins) != sorted(ids):
        raise SystemExit(f"claims broken: {len(wins)} wins for {len(ids)} approvals, {len(set(wins))} distinct")
    latencies = sorted(x for r in results for x in r["latencies"])
    wall = max(r["wall"] for r in results)
    return {"claims_per_s": approvals / wall, "clicks": len(latencies),
            "p50_ms": 1000 * percentile(latencies, 50),
            "p99_ms": 1000 * percentile(latencies, 99),
            "tree_cpu_ms_per_claim": usage.result()["cpu"]["sum_cpu_s"] / approvals * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--approvals", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "state.json")
    opts = parser.parse_args()
    run = Recorder("state", params=vars(opts))
    from tests.support.postgres import server_url, temp_database

    server_url()  # says why when PostgreSQL is not there
    rounds: dict[str, list[dict[str, float]]] = {"sqlite": [], "postgresql": []}
    for _ in range(opts.rounds):
        with tempfile.TemporaryDirectory() as folder:
            rounds["sqlite"].append(run_backend(f"sqlite:///{folder}/state.db", opts.approvals))
        with temp_database("bench") as url:
            rounds["postgresql"].append(run_backend(url, opts.approvals))
    table = {b: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for b, rs in rounds.items()}
    ratios = {k: table["postgresql"][k] / table["sqlite"][k] for k in ("claims_per_s", "p50_ms", "p99_ms")}
    shape = (f"{REPLICAS} replica processes x {THREADS_PER_REPLICA} threads, {opts.approvals} approvals each "
             f"clicked twice, median of {opts.rounds} rounds")
    print(f"{'backend':<11} {'claims/s':>9} {'p50 ms':>8} {'p99 ms':>8}   ({shape})")
    for backend, row in table.items():
        print(f"{backend:<11} {row['claims_per_s']:>9.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f}")
    pg, lite = table["postgresql"], table["sqlite"]
    run.figure("approvals claimed per second, PostgreSQL", round(pg["claims_per_s"], 1), "claims/s",
               baseline=("SQLite, same run", round(lite["claims_per_s"], 1)), detail=shape)
    run.figure("dispatch overhead of a click (confirm), p99, PostgreSQL", round(pg["p99_ms"], 1), "ms",
               baseline=("SQLite, same run", round(lite["p99_ms"], 1)), detail=shape)
    run.table(f"Both backends ({shape}; CPU = both replica processes, per approval carried out)",
              ["backend", "claims/s", "p50 ms", "p99 ms", "CPU ms per claim", "claims/s by round"],
              [[b, round(r["claims_per_s"], 1), round(r["p50_ms"], 1), round(r["p99_ms"], 1),
                round(r["tree_cpu_ms_per_claim"], 2), ", ".join(f"{x['claims_per_s']:.0f}" for x in rounds[b])]
               for b, r in table.items()])
    run.write(opts.out, {"approvals": opts.approvals, "replicas": REPLICAS, "threads_per_replica": THREADS_PER_REPLICA,
                         "rounds": rounds, "median": table, "ratios": ratios})


if __name__ == "__main__":
    main()
