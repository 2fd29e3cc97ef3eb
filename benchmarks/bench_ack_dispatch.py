"""Where an ack's CPU goes in the web process: Bolt's dispatch of a signed `/mlops …`, ours against a bare app.

    uv run --frozen python benchmarks/bench_ack_dispatch.py [--requests 3000 --rounds 5]

The same signed slash commands go through `AsyncApp.async_dispatch` (signature check, middleware, listener matching,
our listener's parse, the ack, the hand-over) in this one process, with no HTTP server and no client, so nothing
but the dispatch is counted: time.process_time per request (CPU, not wall: it holds on a busy machine). Ours is
`bot.slack.app.bolt_app` as `serve` builds it, handing its work to a submitter that only counts (the queue to the
work process is timed by bench_ack.py); the baseline is the bare `process_before_response` app of the ack
benchmark (`bench_ack_apps.bare_app`), which only acks. Rounds interleave the two apps, warm against warm. Then a
cProfile of ours (one more pass) lists the functions with the most own time. Writes
benchmarks/results/ack_dispatch.json through record.py.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from bench_ack_apps import SECRET, TOKEN, bare_app  # noqa: E402
from record import RESULTS, Recorder  # noqa: E402

USER = "UBENCH"


class CountingSubmitter:
    """Takes the hand-over and only counts it: the queue to the work process is not part of dispatch."""

    def __init__(self) -> None:
        self.handed_over = 0

    def submit(self, fn: Any, *args: Any, quick: bool = False, **kwargs: Any) -> None:
        self.handed_over += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per app per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--text", default="status cancer", help="the slash command's text")
    parser.add_argument("--out", type=Path, default=RESULTS / "ack_dispatch.json")
    args = parser.parse_args()
    run = Recorder("ack_dispatch", params=vars(args))
    os.environ["MLOPS_HOME"] = tempfile.mkdtemp(prefix="mlops-ack-dispatch-")

    from slack_bolt.request.async_request import AsyncBoltRequest

    from bot.slack.app import bolt_app
    from bot.slack.settings import SlackSettings
    from tests.support import slack_requests as sr
    from tests.support.fake_slack import FakeSlack

    with FakeSlack() as fake:  # answers the auth.test each app makes once
        settings = SlackSettings(bot_token=TOKEN, signing_secret=SECRET, api_url=fake.api_url)
        work = CountingSubmitter()
        apps = {"ours": bolt_app(settings, work), "bare": bare_app(fake.api_url, process_before_response=True)}

        def signed(n: int) -> list[AsyncBoltRequest]:
            built = [sr.slash_command(args.text, user_id=USER, secret=SECRET, response_url=fake.response_url())
                     for _ in range(n)]
            return [AsyncBoltRequest(body=body.decode(), headers={k.lower(): v for k, v in headers.items()})
                    for body, headers in built]

        async def dispatch_all(app: Any, requests: list[AsyncBoltRequest]) -> float:
            started = time.process_time()
            for request in requests:
                response = await app.async_dispatch(request)
                if response.status != 200:
                    raise SystemExit(f"dispatch answered {response.status}: {response.body}")
            return (time.process_time() - started) / len(requests) * 1e6

        async def measure() -> tuple[dict[str, list[float]], list[list[Any]]]:
            for app in apps.values():
                await dispatch_all(app, signed(200))  # warm: imports, the auth.test, caches
            per_round: dict[str, list[float]] = {name: [] for name in apps}
            for _ in range(args.rounds):
                for name, app in apps.items():
                    per_round[name].append(round(await dispatch_all(app, signed(args.requests)), 1))
            requests = signed(args.requests)
            profile = cProfile.Profile()
            profile.enable()
            await dispatch_all(apps["ours"], requests)
            profile.disable()
            return per_round, _top(profile, len(requests))

        per_round, top = asyncio.run(measure())

    ours, bare = statistics.median(per_round["ours"]), statistics.median(per_round["bare"])
    ratio = round(ours / bare, 2)
    print(f"dispatch CPU per request: ours {ours:.1f} us, bare {bare:.1f} us ({ratio}x); handed over "
          f"{work.handed_over}")
    run.figure(f"dispatch CPU per `/mlops {args.text}` (median of {args.rounds} rounds)", ours, "us",
               baseline=("bare process_before_response app", bare))
    run.table("CPU per request by round (us, time.process_time, this one process)", ["round", "ours", "bare", "ratio"],
              [[i + 1, o, b, round(o / b, 2)] for i, (o, b) in enumerate(zip(per_round["ours"], per_round["bare"],
                                                                             strict=True))])
    run.table("Ours under cProfile: the 15 functions with the most own time (profiling inflates every figure; read "
              "them as shares)", ["function", "calls per request", "own us per request"], top)
    run.write(args.out, {"cpu_us_per_request": per_round, "median_us": {"ours": ours, "bare": bare},
                         "ratio": ratio, "handed_over": work.handed_over, "profile_top": top})
    return 0


def _top(profile: cProfile.Profile, requests: int) -> list[list[Any]]:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:15]
    site = str(Path(sys.prefix))
    return [[f"{Path(file).name if site in file or 'python3' in file else file.replace(str(ROOT) + '/', '')}:{line}"
             f"({name})", round(calls / requests, 1), round(own / requests * 1e6, 1)]
            for (file, line, name), (_, calls, own, _, _) in rows]


if __name__ == "__main__":
    sys.exit(main())
