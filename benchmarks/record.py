"""One raw result per benchmark run, with everything a reader needs to judge and reproduce it; and the process-tree
measurements (psutil: a process and all its children, per process and in sum) every memory and CPU figure uses.

    run = Recorder("ack", params=vars(args))          # start time, load average, git commit, machine, versions
    ...                                               # measure
    run.figure("status p99", 12.3, "ms", baseline=("bare Bolt app p99", 9.8), goal=("<= 1.5x", True))
    run.write(RESULTS / "ack.json", results)          # load average after, duration, sha256 of the whole file

A result is never edited by hand: `write` stores a sha256 of the content and `benchmarks/report.py` refuses a
file whose content does not match it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SCHEMA = 1
PACKAGES = ("mlflow", "scikit-learn", "numpy", "scipy", "pandas", "slack-bolt", "slack-sdk", "starlette", "uvicorn",
            "dask", "distributed", "joblib", "sqlalchemy", "psycopg", "pydantic", "psutil", "aiohttp")
ENV_SHOWN = ("OMP_NUM_THREADS", "MLOPS_WORKERS", "MLOPS_WORK_NICENESS", "MLOPS_BENCH_RUN")
MIB = 2**20


class Recorder:
    """Collects a run's context at creation, its figures as it goes, and writes the raw JSON once."""

    def __init__(self, benchmark: str, *, params: dict[str, Any], argv: list[str] | None = None) -> None:
        self.benchmark = benchmark
        self.params = {k: str(v) if isinstance(v, Path) else v for k, v in params.items()}
        script = Path(sys.argv[0]).resolve()
        shown = script.relative_to(ROOT) if script.is_relative_to(ROOT) else script
        self.command = shlex.join(["uv", "run", "--frozen", "python", str(shown),
                                   *(sys.argv[1:] if argv is None else argv)])
        self.started_at = datetime.now(UTC)
        self._started = time.perf_counter()
        self.load_before = [round(x, 2) for x in os.getloadavg()]
        self.git = git_state()
        self.figures: list[dict[str, Any]] = []
        self.tables: list[dict[str, Any]] = []
        self.notes: list[str] = []

    def figure(self, name: str, value: float, unit: str, *, baseline: tuple[str, float] | None = None,
               ratio: float | None = None, goal: tuple[str, bool] | None = None, detail: str = "") -> None:
        """A published figure: its value, the baseline measured in the same run, and the goal it is held to."""
        row: dict[str, Any] = {"name": name, "value": value, "unit": unit, "detail": detail}
        if baseline is not None:
            row["baseline"] = {"name": baseline[0], "value": baseline[1]}
            row["ratio"] = ratio if ratio is not None else (round(value / baseline[1], 2) if baseline[1] else None)
        if goal is not None:
            row["goal"] = {"text": goal[0], "met": bool(goal[1])}
        self.figures.append(row)

    def table(self, title: str, columns: list[str], rows: Iterable[list[Any]]) -> None:
        """A detail table for the docs page, exactly as measured (no figure is typed anywhere else)."""
        self.tables.append({"title": title, "columns": columns, "rows": [list(r) for r in rows]})

    def note(self, text: str) -> None:
        self.notes.append(text)

    def write(self, path: Path, results: dict[str, Any]) -> Path:
        body = {
            "schema": SCHEMA, "benchmark": self.benchmark, "command": self.command, "parameters": self.params,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - self._started, 1),
            "load_average": {"before": self.load_before, "after": [round(x, 2) for x in os.getloadavg()]},
            "machine": machine(), "python": python_info(), "packages": packages(), "git": self.git,
            "environment": {k: os.environ[k] for k in ENV_SHOWN if k in os.environ},
            "figures": self.figures, "tables": self.tables, "notes": self.notes, "results": results,
        }
        body = json.loads(json.dumps(body, default=_plain))  # what is hashed is exactly what is read back
        body["sha256"] = digest(body)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(body, indent=2) + "\n")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", file=sys.stderr)
        return path


def digest(body: dict[str, Any]) -> str:
    """sha256 of the result without its own `sha256` key, keys sorted: a hand edit changes it."""
    content = {k: v for k, v in body.items() if k != "sha256"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def percentile(values: Iterable[float], p: float) -> float:
    """Nearest rank: the smallest sample with at least p% of the samples at or below it (p99 of 200 = the 198th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- the run's context ----------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    import psutil

    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"cpu_count": os.cpu_count(), "usable_cpus": usable, "cpu_model": model or platform.processor(),
            "memory_total_mib": round(psutil.virtual_memory().total / MIB), "platform": platform.platform()}


def python_info() -> dict[str, str]:
    return {"version": platform.python_version(), "implementation": platform.python_implementation(),
            "executable": sys.executable}


def packages() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def git_state() -> dict[str, Any]:
    """The commit measured and whether the work tree differed from it (and in which files)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout

    try:
        changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines() if line]
        commit = git("rev-parse", "HEAD").strip() or None
        return {"commit": commit, "dirty": bool(changed), "changed_files": changed}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None, "changed_files": []}


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


# --- the process tree -----------------------------------------------------------------------------------------
def tree(pid: int, *, exclude: Iterable[int] = ()) -> list[Any]:
    """psutil.Process for `pid` and all its descendants, leaving out `exclude` and their descendants."""
    import psutil

    try:
        root = psutil.Process(pid)
        members = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []
    skipped: set[int] = set()
    for other in exclude:
        try:
            skipped |= {other, *(c.pid for c in psutil.Process(other).children(recursive=True))}
        except psutil.NoSuchProcess:
            skipped.add(other)
    return [p for p in members if p.pid not in skipped]


def tree_memory(pid: int, *, exclude: Iterable[int] = ()) -> dict[str, Any]:
    """Resident memory of the tree now: per process RSS, USS and PSS, and their sums (PSS adds up without
    counting shared pages twice; RSS summed overcounts them)."""
    import psutil

    rows = []
    members = tree(pid, exclude=exclude)
    depth = {pid: 0}
    for proc in members:  # psutil lists parents before their children
        try:
            depth.setdefault(proc.pid, depth.get(proc.ppid(), 0) + 1)
        except psutil.NoSuchProcess:
            continue
    for proc in members:
        try:
            with proc.oneshot():
                info = proc.memory_full_info()
                cmdline = " ".join(proc.cmdline())
                role = ("multiprocessing resource tracker" if "resource_tracker" in cmdline
                        else ("root", "child", "grandchild")[min(depth.get(proc.pid, 0), 2)])
                rows.append({"pid": proc.pid, "role": role, "depth": depth.get(proc.pid, 0), "name": proc.name(),
                             "cmdline": cmdline[:160],
                             "rss_mib": round(info.rss / MIB, 1), "uss_mib": round(info.uss / MIB, 1),
                             "pss_mib": round(getattr(info, "pss", info.uss) / MIB, 1)})
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return {"processes": rows, "count": len(rows),
            **{f"sum_{k}": round(sum(r[k] for r in rows), 1) for k in ("rss_mib", "uss_mib", "pss_mib")}}


def tree_cpu(pid: int, *, exclude: Iterable[int] = ()) -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system, including children already reaped) per process of the tree."""
    import psutil

    out: dict[int, tuple[str, float]] = {}
    for proc in tree(pid, exclude=exclude):
        try:
            t = proc.cpu_times()
            out[proc.pid] = (proc.name(), t.user + t.system + t.children_user + t.children_system)
        except psutil.NoSuchProcess:
            continue
    return out


def cpu_spent(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> dict[str, Any]:
    """CPU seconds between two `tree_cpu` snapshots, per process and in sum (a process started in between
    counts from zero; one that ended unreaped in between is lost, and named so)."""
    per = {str(pid): {"name": name, "cpu_s": round(cpu - before.get(pid, (name, 0.0))[1], 4)}
           for pid, (name, cpu) in after.items()}
    return {"processes": per, "sum_cpu_s": round(sum(p["cpu_s"] for p in per.values()), 4),
            "ended_in_between": sorted(str(pid) for pid in set(before) - set(after))}


class TreeUsage:
    """CPU spent and peak memory of a process tree while the block runs: per process and in sum. Memory is
    sampled every `interval` seconds (RSS; the peak of the sum), CPU is read before and after."""

    def __init__(self, pid: int | None = None, *, exclude: Iterable[int] = (), interval: float = 0.05) -> None:
        self.pid, self.exclude, self.interval = pid or os.getpid(), tuple(exclude), interval
        self.peak_rss_mib = 0.0
        self.peak_processes: dict[str, float] = {}
        self.cpu: dict[str, Any] = {}
        self._stop = threading.Event()

    def __enter__(self) -> TreeUsage:
        self._before = tree_cpu(self.pid, exclude=self.exclude)
        self._sampler = threading.Thread(target=self._sample, name="bench-tree-sampler", daemon=True)
        self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sampler.join()
        self._sample_once()
        self.cpu = cpu_spent(self._before, tree_cpu(self.pid, exclude=self.exclude))

    def result(self) -> dict[str, Any]:
        return {"cpu": self.cpu, "peak_sum_rss_mib": round(self.peak_rss_mib, 1),
                "peak_rss_mib_per_process": self.peak_processes}

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample_once()

    def _sample_once(self) -> None:
        import psutil

        total = 0.0
        for proc in tree(self.pid, exclude=self.exclude):
            try:
                rss = proc.memory_info().rss / MIB
                key = f"{proc.pid} {proc.name()}"
            except psutil.NoSuchProcess:
                continue
            total += rss
            self.peak_processes[key] = round(max(self.peak_processes.get(key, 0.0), rss), 1)
        self.peak_rss_mib = max(self.peak_rss_mib, total)
