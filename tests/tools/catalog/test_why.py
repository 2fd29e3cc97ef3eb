"""`why` on synthetic data where the answer is known, and on the demo.

The target depends on x0 and not at all on x5. In the live window x5 drifts strongly (its mean moves three
standard deviations) and x0 moderately (its spread shrinks, crowding rows near the decision boundary, which is
what costs accuracy). A drift-only ranking puts x5 first; `why` must put x0 first, both with realised labels and
with the label-free estimate alone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest

from pipelines.monitor.result import RootCause
from tests.conftest import approve, run
from tools.access import Caller

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)
FEATURES = [f"x{i}" for i in range(6)]


def synthetic(n: int, *, live: bool, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, len(FEATURES)))
    if live:
        X[:, 0] *= 0.35  # moderate drift of what the target depends on
        X[:, 5] += 3.0  # strong drift of what it ignores
    y = (X[:, 0] + 0.3 * rng.normal(size=n) > 0).astype(int)
    now = datetime.now(UTC)
    days = rng.uniform(0.1, 3.0, n) if live else rng.uniform(10, 300, n)
    frame = pd.DataFrame(X, columns=FEATURES)
    frame["event_time"] = [(now - timedelta(days=float(d))).isoformat() for d in days]
    frame["target"] = y
    return frame


def synth_toml(train: Path, live: Path) -> str:
    return f"""
[models.synth]
task = "binary"
source = {{ kind = "csv", path = "{train}" }}
live = {{ kind = "csv", path = "{live}" }}
target = "target"
timestamp = "event_time"
estimator = "random_forest"
params = {{ n_estimators = 60, max_depth = 6 }}
primary_metric = "roc_auc"
"""


@pytest.fixture
def synth(mlops_home: Path, tmp_path: Path, configure: Callable[[str], Any]) -> Callable[[bool], Any]:
    """Trains and deploys `synth`; returns a function giving a Context whose live window has labels or not."""
    train, labelled, unlabelled = tmp_path / "train.csv", tmp_path / "live.csv", tmp_path / "live-nolabels.csv"
    synthetic(4000, live=False, seed=1).to_csv(train, index=False)
    live = synthetic(3000, live=True, seed=2)
    live.to_csv(labelled, index=False)
    live.drop(columns=["target"]).to_csv(unlabelled, index=False)
    ctx = configure(synth_toml(train, labelled))
    assert run(ctx, "train synth", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy synth 1", LOCAL), LOCAL).status == "done"
    return lambda labels: configure(synth_toml(train, labelled if labels else unlabelled))


def test_training_stores_how_much_the_model_relies_on_each_feature(synth: Callable[[bool], Any]) -> None:
    from pipelines.monitor.importance import IMPORTANCE_ARTIFACT

    ctx = synth(True)
    run_id = ctx.registry.resolve("synth", "1").run_id
    stored = ctx.registry.download_json(run_id, IMPORTANCE_ARTIFACT)
    assert stored["metric"] == "roc_auc" and set(stored["features"]) == set(FEATURES)
    relied = stored["features"]
    assert relied["x0"] > 0.2 and abs(relied["x5"]) < 0.02


@pytest.mark.parametrize("labels", [True, False], ids=["realised", "cbpe-alone"])
def test_why_ranks_the_relied_on_feature_above_the_most_drifted_one(synth: Callable[[bool], Any], labels: bool) -> None:
    ctx = synth(labels)
    outcome = run(ctx, "why synth", LOCAL)
    assert outcome.status == "done", outcome.message
    result: RootCause = outcome.result
    by_drift = sorted(result.features, key=lambda f: -f.drift)
    assert by_drift[0].feature == "x5"  # drift alone would blame x5
    assert [f.feature for f in result.features][:1] == ["x0"]
    x0, x5 = result.features[0], next(f for f in result.features if f.feature == "x5")
    assert x0.impact > 0.05 and x0.impact > 2 * x5.impact  # roc_auc points regained with the feature as at training
    assert result.estimated_impact.basis == ("realised" if labels else "estimated")
    assert "x0" in result.verdict and "x5 drifted most" in result.verdict


def test_why_json_and_slack_answer(synth: Callable[[bool], Any]) -> None:
    from bot.slack.render import as_json, render_outcome

    ctx = synth(True)
    outcome = run(ctx, "why synth", LOCAL)
    payload = json.loads(as_json(outcome))
    assert {"model", "version", "verdict", "estimated_impact", "features"} <= set(payload)
    assert payload["model"] == "synth" and payload["version"] == 1
    assert set(payload["features"][0]) >= {"feature", "drift", "importance", "impact"}
    impacts = [f["impact"] for f in payload["features"]]
    assert impacts == sorted(impacts, reverse=True)
    message = render_outcome(outcome)
    text = message.to_text()
    assert "x0 explains most" in text and "impact (roc_auc)" in text
    assert text.index("x0 ") < text.index("x5 ", text.index("impact (roc_auc)"))
    assert len(message.images) == 1 and message.images[0].read_bytes()[:4] == b"\x89PNG"


def test_why_on_the_demo_names_a_drifted_feature(ctx: Any) -> None:
    assert run(ctx, "train cancer", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", LOCAL), LOCAL).status == "done"
    result: RootCause = run(ctx, "why cancer", LOCAL).result
    assert result.drifted >= 1 and result.features
    assert result.estimated_impact.basis == "realised" and result.estimated_impact.metric == "roc_auc"
    assert all(f.importance is not None for f in result.features)
    assert result.verdict


def test_why_before_any_deploy_says_what_to_do(ctx: Any) -> None:
    outcome = run(ctx, "why cancer", LOCAL)
    assert outcome.status in ("refused", "failed") and "train cancer" in outcome.message
