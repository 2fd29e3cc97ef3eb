"""Regenerate docs/benchmarks.md entirely from the raw files in benchmarks/results/ (written by record.py).

    uv run --frozen python benchmarks/report.py [--check]

For each benchmark: every figure with its baseline from the same run, the goal it is held to and whether it was
met, the command that produced it, the raw file, the machine, the versions, the commit and the load average.
A raw file whose content does not match its sha256 (edited by hand) or that record.py did not write stops the
report: no figure on the page is typed by hand. `--check` exits 1 when the page on disk differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from record import RESULTS, ROOT, SCHEMA, digest  # noqa: E402

PAGE = ROOT / "docs" / "benchmarks.md"
SECTIONS = {  # file stem -> (title, what it measures); the order of the page
    "ack": ("Time to ack a slash command",
            "Signed `/mlops …` requests over HTTP to the app as `serve` runs it, against a bare Bolt app that only "
            "acks from its listener, on the `process_before_response` path (the goal's like-for-like baseline) and, "
            "as a second row, on Bolt's default path. Ours answers `/mlops` in a middleware, skipping Bolt's "
            "listener matching; a third row compares it with a bare app that acks in a middleware too, the floor of "
            "that path. Closed loop from a separate client process; p99 per round, judged per round: `help` and "
            "`status` against the bare app's requests interleaved with theirs in chunks of 100 (so a slow moment "
            "of the shared machine falls on both), the commands beside trainings against the bare app idle, all "
            "its requests of the round pooled."),
    "ack_dispatch": ("Where an ack's CPU goes",
                     "Bolt's dispatch of the same signed `/mlops status cancer` in one process (no HTTP): ours as "
                     "`serve` builds it against the bare `process_before_response` app, CPU per request, rounds "
                     "interleaved; then a cProfile of ours."),
    "verbs": ("Time to answer, verb by verb; the CLI; serve's memory",
              "One request at a time through the server's path until the answer is posted, warm, against a bare Bolt "
              "app that acks and posts; the CLI as a fresh process against `python -c pass`; the whole `serve` "
              "process tree's idle memory against a bare Bolt app under uvicorn."),
    "ack_cost": ("CPU of the steps after the ack",
                 "Each step a `/mlops status` repeats after its ack, timed in CPU (not wall) in one process."),
    "pipelines": ("Train, evaluate, compare, drift through dispatch",
                  "Each step in a fresh process, warm, against the same work done bare with pandas and scikit-learn."),
    "drift": ("Drift detection", "detect_drift on one core against a plain per-column K-S loop and against "
              "Evidently's DataDriftPreset on the same files."),
    "drift_dask": ("Drift on Dask", "The in-memory engine (one process) against the Dask path (LocalCluster, two "
                   "worker processes), warm against warm, data already in memory or persisted."),
    "tune": ("Hyperparameter search", "One process against local processes forked from a warm fork server and "
             "a Dask LocalCluster, warm against warm and cold against cold; each worker's busy, CPU and idle time."),
    "predict": ("Prediction server", "`mlops-bot predict-server` (prediction log on) against `mlflow models serve`, "
                "same model, same client process."),
    "state": ("State layer under replicas", "Approvals claimed through `confirm` by two replica processes sharing "
              "one state database: PostgreSQL against SQLite."),
    "serving_limits": ("Prediction server under oversized bodies", "What 300 MB request bodies cost "
                       "`predict-server` (its memory) and a normal request's latency meanwhile, against the same "
                       "requests alone."),
    "pandas": ("pandas 2 against pandas 3, and what feast adds",
               "The same code (load a CSV window, detect_drift, train and log) in two environments: the project's "
               "(pandas 2, feast) and one synced from the lock before feast (pandas 3); site-packages sizes."),
    "why": ("Root cause (`why`)", "Drift, scoring and the impact of each drifted feature on a live window, one core, "
            "and whether sampling keeps the ranking."),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if docs/benchmarks.md is not what the raw files give")
    args = parser.parse_args()
    runs, problems = load(RESULTS)
    earlier, older_problems = load(RESULTS / "history", published=False)
    problems += older_problems
    for body in sorted(earlier.values(), key=lambda b: b["started_at"]):
        if body["benchmark"] in runs:
            runs[body["benchmark"]].setdefault("earlier", []).append(body)
    if problems:
        print("refusing to publish:\n" + "\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    page = render(runs)
    if args.check:
        same = PAGE.exists() and PAGE.read_text() == page
        print("docs/benchmarks.md is " + ("up to date" if same else "stale: run benchmarks/report.py"))
        return 0 if same else 1
    PAGE.write_text(page)
    print(f"wrote {PAGE.relative_to(ROOT)} from {len(runs)} raw files", file=sys.stderr)
    return 0


def load(folder: Path, *, published: bool = True) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The raw files of a folder, by name; `published` ones must be named after their benchmark, earlier runs kept
    in history/ may be named anything (their date, what they were taken before)."""
    runs: dict[str, dict[str, Any]] = {}
    problems = []
    for path in sorted(folder.glob("*.json")):
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        try:
            body = json.loads(path.read_text())
        except ValueError as exc:
            problems.append(f"{shown}: not JSON ({exc})")
            continue
        if body.get("schema") != SCHEMA or "sha256" not in body:
            problems.append(f"{shown}: not written by benchmarks/record.py (delete it, or rerun its benchmark)")
        elif digest(body) != body["sha256"]:
            problems.append(f"{shown}: content does not match its sha256 (edited by hand?); rerun its benchmark")
        elif published and path.stem != body["benchmark"]:
            problems.append(f"{shown}: holds benchmark {body['benchmark']!r}; only `<benchmark>.json` is published")
        else:
            body["path"] = str(shown)
            runs[path.stem] = body
    return runs, problems


def render(runs: dict[str, dict[str, Any]]) -> str:
    order = [s for s in SECTIONS if s in runs] + sorted(set(runs) - set(SECTIONS))
    out = ["# Benchmarks", "",
           "Generated by `uv run --frozen python benchmarks/report.py` from the raw files in `benchmarks/results/`; "
           "do not edit by hand. To measure everything again and regenerate this page: "
           "`uv run --frozen python benchmarks/run_all.py` (or `--quick` for small sizes, a few minutes).", "",
           "Every figure is beside its baseline measured in the same run, on the same machine, at the same time; "
           "memory and CPU are those of the whole process tree (a process and all its children, psutil). Each raw "
           "file records the exact command, its parameters, the machine, the Python and package versions, the git "
           "commit (and whether the work tree had changes) and the load average before and after: the machine "
           "these ran on has 2 cores shared with other work, so read the load average beside every figure.", ""]
    out += _goals(runs, order)
    out += ["## Summary", "", "| benchmark | figure | value | baseline (same run) | ratio | goal | raw file |",
            "|---|---|---:|---|---:|---|---|"]
    for stem in order:
        link = f"[{SECTIONS.get(stem, (stem,))[0]}](#{stem.replace('_', '-')})"
        first = runs[stem]["figures"][:1]
        cells = _figure_cells(first[0]) if first else ["a breakdown (table only), no figure", "—", "—", "—", "—"]
        out.append(_row([link, *cells, f"`{runs[stem]['path']}`"]))
    out.append("")
    for stem in order:
        out += _section(stem, runs[stem])
    missing = [s for s in SECTIONS if s not in runs]
    if missing:
        out += ["## Not measured", "", "No raw file for: " + ", ".join(f"`{s}`" for s in missing) +
                ". Run `uv run --frozen python benchmarks/run_all.py --only " + " ".join(missing) + "`.", ""]
    return "\n".join(out).rstrip() + "\n"


def _goals(runs: dict[str, dict[str, Any]], order: list[str]) -> list[str]:
    judged = [(stem, f) for stem in order for f in runs[stem]["figures"] if "goal" in f]
    missed = [(stem, f) for stem, f in judged if not f["goal"]["met"]]
    lines = ["## Goals", ""]
    if not judged:
        return lines + ["No figure in these raw files is held to a goal.", ""]
    if not missed:
        return lines + [f"All {len(judged)} stated goals were met in these runs.", ""]
    lines.append(f"**{len(missed)} of {len(judged)} stated goals were missed in these runs:**")
    lines.append("")
    for stem, f in missed:
        lines.append(f"- **Missed** — {f['name']}: {_num(f['value'])} {f['unit']}"
                     + (f" against {_num(f['baseline']['value'])} {f['unit']} ({f['baseline']['name']})"
                        if "baseline" in f else "") + f"; goal: {f['goal']['text']} (`{runs[stem]['path']}`)")
    met = [f for _, f in judged if f["goal"]["met"]]
    if met:
        lines += ["", f"Met: {len(met)} — " + "; ".join(f["name"] for f in met) + "."]
    return lines + [""]


def _section(stem: str, run: dict[str, Any]) -> list[str]:
    title, what = SECTIONS.get(stem, (stem, ""))
    m, git, load = run["machine"], run["git"], run["load_average"]
    commit = (git["commit"] or "unknown")[:12]
    if git.get("dirty"):
        commit += f" with {len(git['changed_files'])} changed files in the work tree (listed in the raw file)"
    pkgs = ", ".join(f"{k} {v}" for k, v in run["packages"].items() if v)
    busy = max(load["before"][0], load["after"][0]) > m["usable_cpus"] / 2
    out = [f"## {title} {{#{stem.replace('_', '-')}}}", "", what, "",
           f"- Command: `{run['command']}`",
           f"- Raw file: `{run['path']}` (sha256 `{run['sha256'][:16]}…`)",
           f"- Run: started {run['started_at']}, took {run['duration_s']:.0f} s, commit `{commit}`",
           f"- Machine: {m['usable_cpus']} of {m['cpu_count']} CPUs usable ({m['cpu_model']}), "
           f"{m['memory_total_mib'] / 1024:.1f} GiB memory, {m['platform']}; Python {run['python']['version']}",
           f"- Load average (1, 5, 15 min): before {_load(load['before'])}, after {_load(load['after'])}"
           + (" — **the machine was busy with other work during this run**" if busy else ""),
           f"- Versions: {pkgs}", ""]
    if run["environment"]:
        out[-1:] = ["- Environment: " + ", ".join(f"`{k}={v}`" for k, v in run["environment"].items()), ""]
    if run["figures"]:
        out += ["| figure | value | baseline (same run) | ratio | goal |", "|---|---:|---|---:|---|"]
        out += [_row(_figure_cells(f)) for f in run["figures"]]
    details = [f for f in run["figures"] if f.get("detail")]
    if details:
        out += ["", *[f"- {f['name']}: {f['detail']}" for f in details]]
    for table in run["tables"]:
        out += ["", f"**{table['title']}**", "", _row(table["columns"]),
                "|" + "|".join("---" for _ in table["columns"]) + "|", *[_row(r) for r in table["rows"]]]
    if run["notes"]:
        out += ["", *[f"- {n}" for n in run["notes"]]]
    if run.get("earlier"):
        out += ["", "Earlier runs of this benchmark, kept as they were written (the file name says why each was "
                    "kept; on a shared machine, a run-to-run difference is partly its load):", ""]
        out += [_earlier(body) for body in run["earlier"]]
    return out + [""]


def _earlier(run: dict[str, Any]) -> str:
    judged = [f for f in run["figures"] if "goal" in f]
    missed = [f["name"] for f in judged if not f["goal"]["met"]]
    verdict = (f"{len(judged) - len(missed)} of {len(judged)} goals met" + (f"; missed: {'; '.join(missed)}" if missed
                                                                            else "")) if judged else "no goal"
    return (f"- `{run['path']}`: started {run['started_at']}, commit `{(run['git']['commit'] or 'unknown')[:12]}`, "
            f"load before {_load(run['load_average']['before'])}: {verdict}")


def _figure_cells(f: dict[str, Any]) -> list[str]:
    base = f.get("baseline")
    goal = f.get("goal")
    return [f["name"], f"{_num(f['value'])} {f['unit']}",
            f"{base['name']}: {_num(base['value'])} {f['unit']}" if base else "—",
            f"{_num(f['ratio'])}x" if base and f.get("ratio") is not None else "—",
            (("met" if goal["met"] else "**missed**") + f" ({goal['text']})") if goal else "—"]


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(_num(c).replace("|", "\\|") for c in cells) + " |"


def _num(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "—" if value is None else str(value)
    if isinstance(value, int) or value.is_integer():
        return f"{int(value):,}"
    size = abs(value)
    return f"{value:.3g}" if size < 1 else f"{value:,.{2 if size < 10 else 1 if size < 100 else 0}f}"


def _load(values: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    sys.exit(main())
