"""`mlops-bot demo`: the loop a team runs, start to end, on the bundled data, through the very path /mlops takes."""

from __future__ import annotations

import sys

from bot.cli.command import run_command

DEMO_STEPS = (
    "models", "train cancer", "deploy cancer challenger", "train cancer last=200d n_estimators=300 max_depth=8",
    "compare cancer", "deploy cancer challenger", "status cancer", "drift cancer", "drift cancer since=60d until=30d",
    "rollback cancer", "history cancer",
)
DEMO_FORCED = 'deploy cancer challenger force=true reason="demo: try the retrain live"'


def run_demo(*, config_path: str | None = None) -> int:
    """Versions are named by alias (`challenger`), never by number, so a second demo on the same store works as the
    first did. Only a deploy may be refused, by the gate; an admin then forces it so the rollback has work to do."""
    from tools.settings import Paths

    for step in DEMO_STEPS:
        print(f"\n$ /mlops {step}")
        code = run_command(step, json_output=False, yes=True, config_path=config_path)
        if code == 1 and step.startswith("deploy"):
            print(f"\n$ /mlops {DEMO_FORCED}")
            code = run_command(DEMO_FORCED, json_output=False, yes=True, config_path=config_path)
        if code != 0:
            print(f"The demo stopped at `{step}`.", file=sys.stderr)
            return code
    print(f"\nThe demo's state (MLflow runs and models, audit, approvals) is in {Paths().home.resolve()}.")
    return 0
