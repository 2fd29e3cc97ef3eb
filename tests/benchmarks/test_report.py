"""The benchmarks page: earlier runs kept in history/ are listed under their benchmark, and a hand-edited one stops it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import record  # noqa: E402
import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _run(started: str, met: bool) -> dict:
    body = json.loads((ROOT / "benchmarks" / "results" / "why.json").read_text())
    body.pop("sha256")
    body["started_at"] = started
    for figure in body["figures"]:
        if "goal" in figure:
            figure["goal"]["met"] = met
    body["sha256"] = record.digest(body)
    return body


def test_an_earlier_run_is_listed_with_its_goals_and_a_tampered_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "history").mkdir()
    (tmp_path / "why.json").write_text(json.dumps(_run("2026-12-07T12:00:00+00:00", True)))
    (tmp_path / "history" / "why-loaded.json").write_text(json.dumps(_run("2026-12-06T12:00:00+00:00", False)))
    runs, problems = report.load(tmp_path)
    earlier, more = report.load(tmp_path / "history", published=False)
    assert not problems and not more
    runs["why"]["earlier"] = list(earlier.values())
    page = report.render(runs)
    [line] = [line for line in page.splitlines() if "why-loaded.json" in line]
    judged = sum("goal" in f for f in runs["why"]["figures"])
    assert f"0 of {judged} goals met; missed:" in line and "2026-12-06T12:00:00" in line

    tampered = _run("2026-12-05T12:00:00+00:00", True)
    tampered["figures"][0]["value"] = 0.001  # a better figure typed by hand
    (tmp_path / "history" / "why-edited.json").write_text(json.dumps(tampered))
    _, problems = report.load(tmp_path / "history", published=False)
    assert any("why-edited.json" in p and "edited by hand" in p for p in problems)
