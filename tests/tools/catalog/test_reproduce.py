"""`reproduce`: a version rebuilt from its record comes out identical; a changed source is named, not hidden."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer

from tests.conftest import run
from tools.access import Caller

CSV_TOML = """
[models.tumours]
task = "binary"
source = {{ kind = "csv", path = "{path}" }}
target = "target"
estimator = "random_forest"
params = {{ n_estimators = 15, max_depth = 4 }}
primary_metric = "roc_auc"
"""


def test_the_demo_version_reproduces_identically_and_nothing_is_registered(ctx: Any, cli_caller: Caller) -> None:
    assert run(ctx, "train cancer n_estimators=20", cli_caller).status == "done"
    outcome = run(ctx, "reproduce cancer 1", cli_caller)
    assert outcome.status == "done", outcome.message
    result = outcome.result
    assert result.identical and result.metrics["roc_auc"][0] == result.metrics["roc_auc"][1]
    assert not [d for d in result.differences if "then" in d and "now" in d and not d.startswith("config")]
    assert [v.version for v in ctx.registry.versions("cancer")] == [1], "reproduction registers nothing"


def test_a_changed_source_is_refused_saying_what_differs(tmp_path: Path, mlops_home: Path, configure: Any,
                                                         cli_caller: Caller) -> None:
    data = load_breast_cancer(as_frame=True).frame
    path = tmp_path / "tumours.csv"
    data.to_csv(path, index=False)
    ctx = configure(CSV_TOML.format(path=path))
    assert run(ctx, "train tumours", cli_caller).status == "done"
    changed = data.copy()
    changed.loc[changed.index[:5], "mean radius"] = np.nan
    pd.concat([changed, data.head(3)]).to_csv(path, index=False)
    outcome = run(ctx, "reproduce tumours 1", cli_caller)
    assert outcome.status == "refused", outcome.message
    assert "no longer yields the same data" in outcome.message and "569 rows then, 572 now" in outcome.message


def test_every_trained_version_has_a_model_card_with_its_approvals(mlops_home: Path, configure: Any,
                                                                    cli_caller: Caller) -> None:
    from tests.conftest import CANCER_TOML, approve
    from tests.support.core import mlflow_client

    ctx = configure(CANCER_TOML + 'limitations = ["not validated on male patients"]\n')
    trained = run(ctx, "train cancer n_estimators=20", cli_caller).result
    written = mlflow_client(ctx).download_artifacts(trained.run_id, "model_card.md")
    text = Path(written).read_text()
    assert "# Model card: cancer v1" in text and "Breast cancer diagnosis" in text
    assert trained.lineage.sha256 in text and "| roc_auc (primary) |" in text and "not validated on male" in text
    assert approve(ctx, run(ctx, "deploy cancer 1", cli_caller), cli_caller).status == "done"
    outcome = run(ctx, "card cancer 1", cli_caller)
    assert outcome.status == "done", outcome.message
    card = outcome.result.card
    primary = next(m for m in card.metrics if m.name == "roc_auc")
    assert primary.low <= primary.value <= primary.high
    assert [(s.action, s.approved_by) for s in card.signoffs] == [("deploy", cli_caller.user_id)]
    assert "## Approvals" in outcome.result.markdown and card.signoffs[0].digest in outcome.result.markdown
