"""The replay claim is off the ack's path, and still shared: a signed command replayed to another replica (which
acks it before its claim is known) runs nothing and posts nothing."""

from __future__ import annotations

from mlflow.tracking import MlflowClient

from bot.slack.app import build_app
from bot.slack.http import http_app
from bot.slack.settings import SlackSettings
from tests.bot.slack.test_app import SECRET, TRAINER, Bot, _free_port, bot, settle  # noqa: F401 - fixture
from tests.support import slack_requests as sr
from tests.support.servers import BackgroundServer
from tools.context import Context


def test_a_command_replayed_to_another_replica_runs_nothing_and_posts_nothing(bot: Bot, local_pool: object) -> None:  # noqa: F811
    body, headers = sr.slash_command("train cancer", user_id=TRAINER, secret=SECRET,
                                     response_url=bot.fake.response_url())
    assert sr.post(f"{bot.url}/slack/events", body, headers).status_code == 200
    bot.fake.wait_for("chat.update", lambda c: "Trained cancer v1" in c.params.get("text", ""), timeout=120)
    # A second replica: its own process state (nothing seen in memory), the same state DB and MLflow.
    other_ctx = Context(config=bot.ctx.config, paths=bot.ctx.paths)
    settings = SlackSettings(bot_token="xoxb-other", signing_secret=SECRET, api_url=bot.fake.api_url, workers=1)
    app, rt = build_app(other_ctx, settings, executor=local_pool)
    with BackgroundServer(http_app(app), _free_port()) as server:
        mark = bot.fake.mark()
        replay = sr.post(f"{server.url}/slack/events", body, headers)
        assert replay.status_code == 200
        other = Bot(fake=bot.fake, url=server.url, rt=rt, ctx=other_ctx, home=bot.home)
        settle(other)  # a later command on that replica answered, and its work threads drained
    posted = [c for c in bot.fake.calls[mark:] if c.method.startswith("chat.") and "mlops help" not in c.params.get("text", "")]
    assert posted == [], "the replay posted nothing"
    client = MlflowClient(tracking_uri=bot.ctx.paths.mlflow_uri, registry_uri=bot.ctx.paths.mlflow_uri)
    assert [v.version for v in client.search_model_versions("name='cancer'")] == [1], "no second training"
    assert [e.tool for e in bot.ctx.state.audit_trail()].count("train") == 1
    assert not bot.ctx.state.active_jobs()
