"""`mlops-bot chat` as a user runs it: commands and plain words in one session, approvals asked inline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def chat(home: Path, lines: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_"))}
    return subprocess.run([sys.executable, "-m", "bot.cli", "chat"], input=lines, capture_output=True, text=True,
                          env=env | {"MLOPS_HOME": str(home)}, cwd=home.parent, timeout=180)


def test_chat_takes_commands_and_plain_words_and_asks_before_a_rollback(cancer_home: Path) -> None:
    done = chat(cancer_home, "/mlops models\nhow is cancer doing?\nroll it back\nn\nwhat can you do?\nexit\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "3 models, 1 in production" in out, "the /mlops line took the command path"
    assert "cancer: production is v1, challenger v2." in out and "Status of cancer" in out
    # "roll it back": the conversation's model; there is nothing earlier to roll back to, said plainly.
    assert "rollback did not run" in out and "Traceback" not in out + done.stderr
    assert "/mlops train" in out, "help rendered like the slash command"
    assert (cancer_home / "chat_history").exists(), "line history is kept between sessions"
