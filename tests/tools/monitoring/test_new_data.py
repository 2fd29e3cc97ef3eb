"""The new-data path through Slack: a grown training source that fails validation is posted as a data incident of
its own (with nothing trained), and a later batch that passes resolves it in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import approve, run
from tests.support.fake_slack import FakeSlack
from tests.support.monitoring import MonitoredBot, model_spec, text_of, write_live
from tools.access import Caller
from tools.config import parse_config
from tools.context import Context
from tools.settings import Paths

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)


def _training_csv(path: Path, *, extra: int, drop: str | None = None) -> None:
    """The breast-cancer table plus `extra` repeated rows (so the source grows), with timestamps."""
    import pandas as pd
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    frame = pd.concat([frame, frame.iloc[:extra]], ignore_index=True)
    frame["event_time"] = pd.Timestamp.now(tz="UTC") - pd.to_timedelta(range(len(frame)), unit="min")
    if drop:
        frame = frame.drop(columns=[drop])
    tmp = path.with_suffix(".tmp")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)


@pytest.fixture
def _shared_pool(local_pool: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.support.monitoring as support

    real = support.build_app
    monkeypatch.setattr(support, "build_app", lambda ctx, settings, **kw: real(ctx, settings, executor=local_pool))


def test_a_refused_new_batch_is_its_own_incident_and_a_good_one_resolves_it(
        mlops_home: Path, tmp_path: Path, _shared_pool: None) -> None:
    source, live = tmp_path / "train.csv", tmp_path / "live.csv"
    _training_csv(source, extra=0)
    write_live(live, shifted=0)
    spec = model_spec(live, source={"kind": "csv", "path": str(source)},
                      monitor={"every": "2s", "channel": "C_ALERTS", "on_new_data": "retrain"})
    ctx = Context(config=parse_config({"models": {"cancer": spec}}, source_path="test"), paths=Paths())
    assert run(ctx, "train cancer", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", LOCAL), LOCAL).status == "done"

    with FakeSlack() as fake:
        bot = MonitoredBot(fake=fake, ctx=ctx).start()
        try:
            bot.wait_checks(1)  # the first check records the source's size; growth after it is new data
            _training_csv(source, extra=40, drop="mean_radius")
            incident = fake.wait_for("chat.postMessage", lambda c: c.params.get("channel") == "C_ALERTS"
                                     and not c.params.get("thread_ts") and "data validation failed" in text_of(c),
                                     timeout=120)
            assert "mean_radius" in text_of(incident) and "nothing was retrained" in text_of(incident)
            assert [v.version for v in ctx.registry.versions("cancer")] == [1]

            _training_csv(source, extra=80)
            fake.wait_for("chat.update", lambda c: c.params.get("ts") == incident.response["ts"]
                          and "RESOLVED" in text_of(c), timeout=120)
            resolved = ctx.state.incidents(model="cancer", open_only=False)
            assert [(i.kind, i.status) for i in resolved if i.kind == "data"] == [("data", "resolved")]
            fake.wait_for("chat.postMessage", lambda c: "Compare cancer" in text_of(c), timeout=180)
            assert len(ctx.registry.versions("cancer")) == 2
        finally:
            bot.stop()
