"""Warm time to answer, verb by verb, through the server's path; the CLI's time for a usage error; serve's idle RSS.

Server path: a signed `/mlops <verb>` POSTed to the product (Bolt AsyncApp -> Starlette -> uvicorn in a
`BackgroundServer` thread, exactly as `serve` runs it) until the answer is posted on FakeSlack (the first
chat.postMessage / chat.update / chat.postEphemeral after the request that is not the "Working: …" placeholder;
for deploy and rollback the answer is the Approve / Cancel message). One request at a time, after one unmeasured
warm-up per verb, on the demo models (cancer: v2 production after v1, v3 challenger, made before the clock starts).
Baseline in the same run: a bare Bolt AsyncApp whose listener acks and posts a fixed message (the same request ->
posted path with no work at all).

CLI: `mlops-bot cmd "train nosuchmodel"` (a usage error) and `mlops-bot cmd help` as fresh processes with
PYTHONDONTWRITEBYTECODE=1, against `python -c pass` (the interpreter's own start) in the same run.

Every figure is reported as wall time and CPU time. Server path: the CPU of this process *and all its children*
(the pool processes that run the verbs' work; psutil tree), which includes the in-process FakeSlack; CLI: the
child's and its reaped children's (getrusage). On a shared machine the wall time follows the load average.

Memory: the whole `mlops-bot serve` tree (HTTP mode: the web process, its work process and that one's pool
processes; psutil), per process and in sum, idle once /healthz answers and the tree has stopped growing; the
baseline is a bare Bolt AsyncApp under the same Starlette + uvicorn, one process, measured the same way.

    uv run --frozen python benchmarks/bench_verbs.py [--repeats 5 --cli-repeats 5]
"""

from __future__ import annotations

import argparse
import os
import resource
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
    sys.path.insert(0, str(ROOT))  # `tests.support` is not part of the installed package

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
USER = "U_BENCH"
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

from record import RESULTS, Recorder, tree, tree_cpu, tree_memory  # noqa: E402

VERBS = (
    ("help", "help"), ("models", "models"), ("status", "status cancer"), ("history", "history cancer"),
    ("evaluate", "evaluate cancer"), ("compare", "compare cancer"), ("deploy", "deploy cancer challenger"),
    ("rollback", "rollback cancer"), ("drift", "drift cancer"), ("train", "train cancer"),
)
ANSWERS = ("chat.postMessage", "chat.update", "chat.postEphemeral")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="measured requests per verb (median reported)")
    parser.add_argument("--cli-repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "verbs.json")
    args = parser.parse_args(argv)
    run = Recorder("verbs", params=vars(args), argv=argv)

    home = Path(tempfile.mkdtemp(prefix="mlops-bench-verbs-"))
    os.environ["MLOPS_HOME"] = str(home / "server")
    for var in ("MLFLOW_TRACKING_URI", "MLOPS_STATE_URL", "MLOPS_CONFIG"):
        os.environ.pop(var, None)
    results: dict[str, Any] = {"server": server_path(args.repeats), "cli": cli(args.cli_repeats, home / "cli"),
                               "serve_idle": serve_idle_memory(home / "rss")}
    publish(run, results, args)
    run.write(args.out, results)
    return 0


def publish(run: Recorder, results: dict[str, Any], args: argparse.Namespace) -> None:
    server, base_name = results["server"], "bare Bolt ack + post (baseline)"
    base = server[base_name]
    for name, row in server.items():
        if name != base_name:
            run.figure(f"`{row['command']}`: time to answer, warm", row["median_ms"], "ms",
                       baseline=("bare Bolt app: ack + one post", base["median_ms"]),
                       detail=f"median of {args.repeats}; CPU of the whole tree {row['cpu_median_ms']} ms "
                              f"(baseline {base['cpu_median_ms']} ms)")
    cli_rows, cli_base = results["cli"], "python -c pass (baseline)"
    for name, row in cli_rows.items():
        if name != cli_base:
            run.figure(f"`{name}` as a fresh process", row["median_ms"], "ms",
                       baseline=("`python -c pass`", cli_rows[cli_base]["median_ms"]),
                       detail=f"median of {args.cli_repeats}; CPU {row['cpu_median_ms']} ms")
    idle = results["serve_idle"]
    ours, bare = idle["serve"], idle["bare Bolt app"]
    run.figure(f"`mlops-bot serve` idle memory, whole tree ({ours['count']} processes), PSS", ours["sum_pss_mib"],
               "MiB", baseline=("bare Bolt app under uvicorn, one process, PSS", bare["sum_pss_mib"]),
               detail=f"RSS summed {ours['sum_rss_mib']} MiB (counts shared pages twice); "
                      f"USS {ours['sum_uss_mib']} MiB")
    run.table("Server path, verb by verb (one request at a time, warm; CPU = this process and its pool processes, "
              "psutil, in clock ticks of 10 ms)",
              ["verb", "command", "median ms", "min ms", "max ms", "CPU median ms", "vs baseline", "CPU vs baseline"],
              [[name, r["command"], r["median_ms"], r["min_ms"], r["max_ms"], r["cpu_median_ms"], r["vs_baseline"],
                r["cpu_vs_baseline"]] for name, r in server.items()])
    run.table("CLI as a fresh process (CPU = the child and its reaped children)",
              ["command", "median ms", "min ms", "CPU median ms", "vs baseline", "CPU vs baseline"],
              [[name, r["median_ms"], r["min_ms"], r["cpu_median_ms"], r["vs_baseline"], r["cpu_vs_baseline"]]
               for name, r in cli_rows.items()])
    run.table("Idle memory per process (psutil, MiB; serve's root is the web process, its child the work process, "
              "the grandchildren the pool processes)", ["tree", "process", "RSS", "USS", "PSS"],
              [[who, p["role"], p["rss_mib"], p["uss_mib"], p["pss_mib"]]
               for who, t in idle.items() for p in t["processes"]]
              + [[f"{who}, sum", f"{t['count']} process{'es' if t['count'] != 1 else ''}", t["sum_rss_mib"],
                  t["sum_uss_mib"], t["sum_pss_mib"]]
                 for who, t in idle.items()])


# --- server path ---------------------------------------------------------------------------------------------
def server_path(repeats: int) -> dict[str, Any]:
    from bot.slack.app import build_app
    from bot.slack.http import http_app
    from bot.slack.settings import SlackSettings
    from tests.support import slack_requests as sr
    from tests.support.fake_slack import FakeSlack
    from tests.support.servers import BackgroundServer
    from tools import logs
    from tools.access import Caller
    from tools.config import demo_config, parse_config
    from tools.context import Context
    from tools.dispatch import confirm, dispatch
    from tools.settings import Paths

    logs.setup(Paths().home)
    raw = demo_config()
    raw["access"] = {"trainers": [USER], "deployers": [USER], "admins": [USER]}
    ctx = Context(config=parse_config(raw, source_path="bench"), paths=Paths())
    cli_user = Caller(user_id="cli:bench", surface="cli", trusted=True)
    # Before the clock: v2 in production after v1, v3 the challenger, so every verb has real work to do.
    with logs.chatter_to_log():
        assert dispatch(ctx, "train", {"model": "cancer"}, cli_user).status == "done"
        proposed = dispatch(ctx, "deploy", {"model": "cancer", "version": "1"}, cli_user)
        assert confirm(ctx, proposed.approval.approval_id, cli_user).status == "done"
        assert dispatch(ctx, "train", {"model": "cancer", "params": {"n_estimators": 20}}, cli_user).status == "done"
        proposed = dispatch(ctx, "deploy", {"model": "cancer", "version": "2", "force": True, "reason": "bench"}, cli_user)
        assert confirm(ctx, proposed.approval.approval_id, cli_user).status == "done"  # so rollback has a target
        assert dispatch(ctx, "train", {"model": "cancer"}, cli_user).status == "done"  # v3: a challenger to deploy

    rows: dict[str, Any] = {}
    with FakeSlack() as fake:
        settings = SlackSettings(bot_token=TOKEN, signing_secret=SECRET, api_url=fake.api_url, workers=2)
        app, rt = build_app(ctx, settings)
        try:
            with BackgroundServer(http_app(_bare_app(fake.api_url)), _free_port()) as bare, \
                    BackgroundServer(http_app(app), _free_port()) as product:

                def answer(url: str, text: str) -> tuple[float, float, str]:
                    body, headers = sr.slash_command(text, user_id=USER, secret=SECRET,
                                                     response_url=fake.response_url())
                    mark = fake.mark()
                    started, cpu = time.perf_counter(), tree_cpu(os.getpid())  # this process and its pool
                    assert sr.post(f"{url}/slack/events", body, headers).status_code == 200
                    said = _first_answer(fake, mark)
                    wall, after = time.perf_counter() - started, tree_cpu(os.getpid())
                    spent = sum(c - cpu.get(pid, (n, 0.0))[1] for pid, (n, c) in after.items())
                    return wall, spent, said

                for name, url, text in [("bare Bolt ack + post (baseline)", bare.url, "help")] + [
                        (verb, product.url, text) for verb, text in VERBS]:
                    answer(url, text)  # warm-up: first MLflow open / model load for this verb
                    timed = [answer(url, text) for _ in range(repeats)]
                    times = [t for t, _, _ in timed]
                    rows[name] = {"command": f"/mlops {text}", "answer": timed[-1][2][:80],
                                  "median_ms": round(statistics.median(times) * 1000, 1),
                                  "min_ms": round(min(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1),
                                  "cpu_median_ms": round(statistics.median(c for _, c, _ in timed) * 1000, 1)}
                    print(f"  {name:<32} median {rows[name]['median_ms']:8.1f} ms  cpu {rows[name]['cpu_median_ms']:8.1f}"
                          f" ms  {rows[name]['answer']}", file=sys.stderr)
        finally:
            rt.shutdown()
    base = rows["bare Bolt ack + post (baseline)"]["median_ms"]
    base_cpu = rows["bare Bolt ack + post (baseline)"]["cpu_median_ms"]
    for row in rows.values():
        row["vs_baseline"] = round(row["median_ms"] / base, 1)
        row["cpu_vs_baseline"] = round(row["cpu_median_ms"] / base_cpu, 1)
    return rows


def _first_answer(fake: Any, mark: int, timeout: float = 300.0) -> str:
    """The text of the first answer posted after `mark` (not the "Working: …" placeholder)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in fake.calls[mark:]:
            text = str(call.params.get("text", ""))
            if call.method in ANSWERS and not text.startswith("Working:"):
                return text
        time.sleep(0.001)
    raise TimeoutError("no answer posted")


def _bare_app(api_url: str) -> Any:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    bare = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url),
                    raise_error_for_unhandled_request=False)

    @bare.command("/mlops")
    async def handler(ack: Any, command: dict[str, Any], client: Any) -> None:
        await ack()
        await client.chat_postMessage(channel=command["channel_id"], text="ok")

    return bare


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- CLI -----------------------------------------------------------------------------------------------------
def cli(repeats: int, home: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLOPS_", "MLFLOW_"))}
    env |= {"PYTHONDONTWRITEBYTECODE": "1", "MLOPS_HOME": str(home)}
    runs = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        'mlops-bot cmd "train nosuchmodel"': [sys.executable, "-m", "bot.cli", "cmd", "train nosuchmodel"],
        "mlops-bot cmd help": [sys.executable, "-m", "bot.cli", "cmd", "help"],
    }
    rows: dict[str, Any] = {}
    for name, command in runs.items():
        subprocess.run(command, env=env, cwd=ROOT, capture_output=True)  # warm the OS file cache
        times, cpus = [], []
        for _ in range(repeats):
            before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(command, env=env, cwd=ROOT, capture_output=True)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        rows[name] = {"median_ms": round(statistics.median(times) * 1000, 1), "min_ms": round(min(times) * 1000, 1),
                      "cpu_median_ms": round(statistics.median(cpus) * 1000, 1)}
        print(f"  {name:<36} median {rows[name]['median_ms']:8.1f} ms  cpu {rows[name]['cpu_median_ms']:8.1f} ms",
              file=sys.stderr)
    base, base_cpu = rows["python -c pass (baseline)"]["median_ms"], rows["python -c pass (baseline)"]["cpu_median_ms"]
    for row in rows.values():
        row["vs_baseline"] = round(row["median_ms"] / base, 1)
        row["cpu_vs_baseline"] = round(row["cpu_median_ms"] / base_cpu, 1)
    return rows


# --- serve's idle memory -------------------------------------------------------------------------------------
BARE_SERVER = """
import sys, uvicorn
sys.path[:0] = [{root!r}, {bench!r}]
from bench_ack_apps import bare_app
from bot.slack.http import http_app
uvicorn.run(http_app(bare_app("http://127.0.0.1:9")), host="127.0.0.1", port={port}, log_level="warning")
"""


def serve_idle_memory(home: Path) -> dict[str, Any]:
    """The whole tree of `serve` (HTTP mode) and of a bare Bolt app under uvicorn, idle."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLOPS_", "MLFLOW_", "SLACK_"))}
    env |= {"MLOPS_HOME": str(home), "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET}
    port = _free_port()
    ours = _idle_tree([sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                      env, port)
    port = _free_port()
    script = BARE_SERVER.format(root=str(ROOT), bench=str(ROOT / "benchmarks"), port=port)
    return {"serve": ours, "bare Bolt app": _idle_tree([sys.executable, "-c", script], env, port)}


def _idle_tree(command: list[str], env: dict[str, str], port: int) -> dict[str, Any]:
    """psutil tree memory once /healthz answers and the tree's process count and summed RSS have held for 3 s."""
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started: list[Any] = []
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[:4]} did not start") from None
                time.sleep(0.2)
        last, steady_since = None, time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - steady_since < 3:
            now = tree_memory(server.pid)
            shape = (now["count"], round(now["sum_rss_mib"] / 5))  # within ~5 MiB
            if shape != last:
                last, steady_since = shape, time.monotonic()
            time.sleep(0.5)
        started = tree(server.pid)
        memory = tree_memory(server.pid)
        memory["settled_after_s"] = round(time.monotonic() - (deadline - 300), 1)
        return memory
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        for proc in started[1:]:  # children this benchmark started, should any outlive their parent
            if proc.is_running():
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
