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

Every figure is reported as wall time and CPU time (this process's for the server path, which includes the
in-process FakeSlack; the child's for the CLI): on a shared machine the wall time follows the load average.

Memory: VmRSS of `mlops-bot serve` (HTTP mode) once /healthz answers, idle; `--old-tree DIR` measures another
checkout of the code (e.g. `git archive <commit> | tar -x -C DIR`) with the same interpreter, for a before/after.

    uv run --frozen python benchmarks/bench_verbs.py [--repeats 5] [--old-tree /tmp/old]
    uv run --frozen python benchmarks/bench_verbs.py --only cli --cli-repeats 10 --out benchmarks/results/verbs-cli.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
RESULTS = ROOT / "benchmarks" / "results" / "verbs.json"
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
    parser.add_argument("--old-tree", type=Path, help="another checkout to measure serve's idle RSS of, for a before/after")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--only", choices=("cli",), help="only the CLI rows (seconds, not minutes); write them to --out")
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="mlops-bench-verbs-"))
    if args.only == "cli":
        load_before = os.getloadavg()
        rows = cli(args.cli_repeats, home / "cli")
        report = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_before": load_before,
                              "load_after": os.getloadavg(), "tree": str(ROOT)}, "cli": rows}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print(json.dumps(report, indent=2))
        return 0
    os.environ["MLOPS_HOME"] = str(home / "server")
    for var in ("MLFLOW_TRACKING_URI", "MLOPS_STATE_URL", "MLOPS_CONFIG"):
        os.environ.pop(var, None)
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_before": os.getloadavg()},
        "server": server_path(args.repeats), "cli": cli(args.cli_repeats, home / "cli"),
        "serve_idle_rss_mib": {"this tree": serve_idle_rss(ROOT, home / "rss-new")},
    }
    if args.old_tree:
        report["serve_idle_rss_mib"][str(args.old_tree)] = serve_idle_rss(args.old_tree, home / "rss-old")
    report["machine"]["load_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


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
                    started, cpu = time.perf_counter(), time.process_time()
                    assert sr.post(f"{url}/slack/events", body, headers).status_code == 200
                    said = _first_answer(fake, mark)
                    return time.perf_counter() - started, time.process_time() - cpu, said

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
def serve_idle_rss(tree: Path, home: Path) -> float:
    """VmRSS (MiB) of `serve` in HTTP mode, 3 s after /healthz first answers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLOPS_", "MLFLOW_", "SLACK_"))}
    env |= {"MLOPS_HOME": str(home), "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
            "PYTHONPATH": str(tree)}
    server = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve in {tree} did not start") from None
                time.sleep(0.2)
        time.sleep(3)
        status = Path(f"/proc/{server.pid}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
        return round(kib / 1024, 1)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
