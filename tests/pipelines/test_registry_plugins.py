"""Feast's MLflow header plugin stays out of the bot's MLflow calls: it would import all of Feast on the first call
to a tracking server and send a Kubernetes service-account token to it. A fresh process, since a plugin registers
once per process."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from importlib.metadata import entry_points
from pipelines.errors import UserError
from pipelines.registry import connect
from tests.support.processes import free_port

installed = [e.value for e in entry_points(group="mlflow.request_header_provider")]
try:
    connect(f"http://127.0.0.1:{free_port()}")  # nothing listens: the call fails, after the plugins load
except UserError:
    pass
from mlflow.tracking.request_header.registry import _request_header_provider_registry as loaded
print(json.dumps({"installed": installed, "loaded": [type(p).__module__ for p in loaded],
                  "feast_imported": "feast" in sys.modules}))
"""


def test_feast_header_plugin_is_installed_but_never_loaded() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert any(value.startswith("feast.") for value in seen["installed"]), "the extra is installed in the dev group"
    assert seen["loaded"] and not any(module.startswith("feast") for module in seen["loaded"]), seen["loaded"]
    assert seen["feast_imported"] is False
