"""What a 300 MB body costs `mlops-bot predict-server`: its memory, and the latency of a normal request meanwhile.

One run on one machine: the demo's `cancer` model is trained and deployed in a temporary MLOPS_HOME, then
`predict-server` runs as its own process on 127.0.0.1 with its defaults (`--max-body-mb 32`, logging on). A client
process sends one-row `dataframe_split` requests one after another (closed loop, keep-alive) and times them:
first alone (the baseline), then while `--attackers` other connections each send 300 MB bodies over and over,
once with a declared Content-Length (refused with 413 on its headers) and once chunked without one (refused with 411
on its headers: a body must declare its length).

Memory: the server's peak resident set (VmHWM, which no sampling can miss) and its RSS before and after each phase.

    uv run --frozen python benchmarks/bench_serving_limits.py [--requests 300 --attackers 4 --body-mb 300]

Writes benchmarks/results/serving_limits.json through record.py.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from record import RESULTS, MIB, Recorder, percentile  # noqa: E402

BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="timed normal requests per phase")
    parser.add_argument("--attackers", type=int, default=4, help="connections sending huge bodies at once")
    parser.add_argument("--body-mb", type=int, default=300, help="size of each huge body")
    parser.add_argument("--out", type=Path, default=RESULTS / "serving_limits.json")
    args = parser.parse_args()
    run = Recorder("serving_limits", params=vars(args))
    home = Path(tempfile.mkdtemp(prefix="bench-limits-")) / "mlops"
    home.mkdir()
    env = {**os.environ, "MLOPS_HOME": str(home), "MLFLOW_TRACKING_URI": f"sqlite:///{home / 'mlflow.db'}"}
    for name in ("MLOPS_CONFIG", "MLOPS_STATE_URL", "MLOPS_SERVING_TOKEN", "MLOPS_SERVING_FEEDBACK_TOKEN"):
        env.pop(name, None)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("MLOPS_", "MLFLOW_"))})
    print(f"training and deploying cancer in {home}", flush=True)
    row = _prepare()
    body = json.dumps({"dataframe_split": {"columns": list(row), "data": [list(row.values())]}}).encode()
    port = _free_port()
    server = subprocess.Popen([str(BIN / "mlops-bot"), "predict-server", "--port", str(port), "--poll", "60"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    phases: dict[str, Any] = {}
    try:
        _wait_ready(port)
        _normal(port, body, 50)  # warm: the first requests pay for imports and the first batch
        for phase, mode in (("alone", None), ("declared 300 MB bodies", "declared"), ("chunked 300 MB bodies", "chunked")):
            print(f"phase: {phase}", flush=True)
            phases[phase] = _phase(server.pid, port, body, mode, args)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    _report(run, phases, args)
    run.write(args.out, {"phases": phases, "request_body_bytes": len(body)})
    return 0


def _phase(pid: int, port: int, body: bytes, mode: str | None, args: argparse.Namespace) -> dict[str, Any]:
    stop = threading.Event()
    answers: list[dict[str, Any]] = []
    rss_before = _status(pid)["VmRSS"]
    attackers = [threading.Thread(target=_attack, args=(port, mode, args.body_mb, stop, answers))
                 for _ in range(args.attackers if mode else 0)]
    for t in attackers:
        t.start()
    time.sleep(0.2 if mode else 0)
    latencies = _normal(port, body, args.requests)
    stop.set()
    for t in attackers:
        t.join(timeout=120)
    status = _status(pid)
    return {
        "latency_ms": {"p50": round(percentile(latencies, 50), 2), "p99": round(percentile(latencies, 99), 2),
                       "max": round(max(latencies), 2), "n": len(latencies)},
        "server_rss_mib": {"before": round(rss_before / MIB, 1), "after": round(status["VmRSS"] / MIB, 1)},
        "server_peak_rss_mib": round(status["VmHWM"] / MIB, 1),  # since the server started: covers every phase so far
        "huge_bodies": {"sent": len(answers), "statuses": sorted({a["status"] for a in answers}),
                        "bytes_sent_median_mib": round(percentile([a["sent"] for a in answers], 50) / MIB, 1)
                        if answers else None,
                        "answered_in_ms_median": round(percentile([a["ms"] for a in answers], 50), 1) if answers else None},
    }


def _attack(port: int, mode: str | None, body_mb: int, stop: threading.Event, answers: list[dict[str, Any]]) -> None:
    """Send huge bodies back to back until told to stop; record each answer's status, time and bytes sent."""
    from tests.support.raw_http import send_huge

    length = f"Content-Length: {body_mb * MIB}\r\n" if mode == "declared" else "Transfer-Encoding: chunked\r\n"
    head = f"POST /models/cancer/invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{length}\r\n"
    while not stop.is_set():
        started = time.perf_counter()
        status, sent = send_huge(port, head, mb=body_mb, chunked=mode != "declared")
        answers.append({"status": status, "sent": sent, "ms": (time.perf_counter() - started) * 1000})


def _normal(port: int, body: bytes, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out = []
    for _ in range(n):
        started = time.perf_counter()
        conn.request("POST", "/models/cancer/invocations", body, {"Content-Type": "application/json"})
        answer = conn.getresponse()
        answer.read()
        assert answer.status == 200, answer.status
        out.append((time.perf_counter() - started) * 1000)
    conn.close()
    return out


def _status(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) * 1024
    return fields


def _report(run: Recorder, phases: dict[str, Any], args: argparse.Namespace) -> None:
    alone = phases["alone"]
    for phase in list(phases)[1:]:
        during = phases[phase]
        run.figure(f"normal request p50 during {phase}", during["latency_ms"]["p50"], "ms",
                   baseline=("alone", alone["latency_ms"]["p50"]))
        run.figure(f"normal request p99 during {phase}", during["latency_ms"]["p99"], "ms",
                   baseline=("alone", alone["latency_ms"]["p99"]))
        growth = during["server_rss_mib"]["after"] - during["server_rss_mib"]["before"]
        run.figure(f"server RSS growth over {phase}", round(growth, 1), "MiB",
                   goal=("< 64 MiB", growth < 64), detail=f"statuses {during['huge_bodies']['statuses']}")
    last = phases[list(phases)[-1]]
    run.figure("server peak RSS over the whole run", last["server_peak_rss_mib"], "MiB",
               baseline=("RSS after the unattacked phase", alone["server_rss_mib"]["after"]))
    run.table("phases", ["phase", "p50 ms", "p99 ms", "max ms", "huge bodies sent", "their statuses",
                         "MiB sent per huge body (median)", "RSS before MiB", "RSS after MiB", "peak RSS MiB"],
              [[name, p["latency_ms"]["p50"], p["latency_ms"]["p99"], p["latency_ms"]["max"],
                p["huge_bodies"]["sent"], p["huge_bodies"]["statuses"], p["huge_bodies"]["bytes_sent_median_mib"],
                p["server_rss_mib"]["before"], p["server_rss_mib"]["after"], p["server_peak_rss_mib"]]
               for name, p in phases.items()])
    run.note(f"{args.attackers} attacker connections, each sending {args.body_mb} MB bodies back to back while "
             f"{args.requests} normal requests were timed one after another.")


def _prepare() -> dict[str, float]:
    from pipelines.data import datasets
    from tools.access import Caller
    from tools.context import Context
    from tools.dispatch import confirm, dispatch

    ctx = Context.load()
    caller = Caller(user_id="cli:bench", surface="cli", trusted=True)
    assert dispatch(ctx, "train", {"model": "cancer"}, caller).status == "done"
    proposed = dispatch(ctx, "deploy", {"model": "cancer", "version": "1"}, caller)
    assert confirm(ctx, proposed.approval.approval_id, caller).status == "done"
    dataset = datasets.load(ctx.spec("cancer"))
    return {k: float(v) for k, v in dataset.X.iloc[0].items()}


def _wait_ready(port: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("predict-server did not become ready")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    raise SystemExit(main())
