"""`mlops-bot serve` over Socket Mode: the real command in a subprocess against our own Socket Mode endpoint."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_in_socket_mode_acks_a_slash_command_and_posts_the_answer(mlops_home: Path, stop_signal: int) -> None:
    """hello, then a slash_commands envelope: the app acks that envelope id and posts the answer in the channel;
    Ctrl-C or a process manager's SIGTERM then stops it cleanly."""
    with FakeSlack() as fake, FakeSocketMode() as socket_mode:
        fake.set_response("apps.connections.open", {"ok": True, "url": socket_mode.url})
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MLFLOW_", "MLOPS_"))} | {
            "MLOPS_HOME": str(mlops_home), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "unused-here",
            "SLACK_APP_TOKEN": "xapp-1-test", "SLACK_API_URL": fake.api_url}
        server = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=mlops_home.parent,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  start_new_session=True)
        try:
            connected = False
            for _ in range(120):  # until it connects, or dies trying (the defect this guards against)
                try:
                    socket_mode.wait_connected(timeout=0.5)
                    connected = True
                    break
                except AssertionError:
                    if server.poll() is not None:
                        break
            assert connected, f"serve never connected: {server.communicate(timeout=10)}"
            opened = fake.wait_for("apps.connections.open")
            assert opened.token == "xapp-1-test", "Socket Mode is opened with the app-level token"

            envelope_id = socket_mode.slash_command("help", user_id="U_ADMIN", channel_id="C_OPS")
            ack = socket_mode.wait_for_ack(envelope_id)
            assert ack["payload"]["response_type"] == "ephemeral"
            assert "Working on `/mlops help`" in ack["payload"]["text"]

            posted = fake.wait_for("chat.postMessage", lambda c: "mlops help" in c.params.get("text", ""), timeout=30)
            assert posted.params["channel"] == "C_OPS" and posted.token == "xoxb-test"
        finally:
            server.send_signal(stop_signal)
            try:
                _out, err = server.communicate(timeout=60)
            except subprocess.TimeoutExpired:  # the whole group: a child holding the pipes must not hang the test
                os.killpg(server.pid, signal.SIGKILL)
                _out, err = server.communicate()
                raise AssertionError(f"serve did not stop within 60 s of {stop_signal!r}: {err[-2000:]}") from None
    assert "Traceback" not in err, err
    assert server.returncode == 0 and "stopped" in err, err
