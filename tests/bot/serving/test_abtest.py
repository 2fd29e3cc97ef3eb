"""Online tests from chat against the real prediction service: split routing, sticky keys, shadow, report, stop."""

from __future__ import annotations

from typing import Any

import pytest
from scipy.stats import binomtest

from tests.conftest import ACCESS_TOML, ADMIN, CANCER_TOML, DEPLOYER, TRAINER, approve, run
from tests.support.predict_server import RunningService
from tests.support.waiting import wait_until
from tools.access import Caller


@pytest.fixture
def online_ctx(cancer_home: Any, configure: Any) -> Any:
    return configure(CANCER_TOML + ACCESS_TOML)


@pytest.fixture(scope="module")
def rows() -> Any:
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    return frame.drop(columns=["target"]), frame["target"]


def served_test(http: Any) -> Any:
    return http.get("/models").json()["models"]["cancer"]["test"]


def test_a_split_routes_its_share_keeps_keys_sticky_and_reports_per_arm(online_ctx: Any, rows: Any) -> None:
    X, y = rows
    deployer, trainer = Caller(user_id=DEPLOYER, surface="slack"), Caller(user_id=TRAINER, surface="slack")
    refused = run(online_ctx, "abtest cancer 30%", trainer)
    assert refused.status == "refused" and "deploy" in refused.message
    assert run(online_ctx, "abtest cancer", trainer).message.startswith("Model cancer has had no online test yet")
    proposed = run(online_ctx, "abtest cancer 30%", deployer)
    assert proposed.status == "needs_approval" and proposed.approval.plan.challenger_version == 2
    started = approve(online_ctx, proposed, deployer)
    assert started.status == "done" and "answers 30% of requests" in started.result.message
    assert online_ctx.state.audit_trail(model="cancer")[0].tool == "abtest"
    again = run(online_ctx, "abtest cancer 10%", deployer)
    assert again.status == "refused" and "already running" in again.message

    with RunningService(online_ctx, poll_seconds=0.2) as svc, svc.client() as http:
        wait_until(lambda: served_test(http))
        answers = [http.post("/models/cancer/invocations", json={"dataframe_records": [X.iloc[i % len(X)].to_dict()]}).json()
                   for i in range(300)]
        arms = [a["arm"] for a in answers]
        to_challenger = arms.count("challenger")
        assert binomtest(to_challenger, len(arms), 0.3).pvalue > 1e-4, to_challenger
        assert {a["version"] for a in answers if a["arm"] == "challenger"} == {2}
        for key in (f"user-{k}" for k in range(10)):
            keyed = {http.post("/models/cancer/invocations",
                               json={"dataframe_records": [X.iloc[0].to_dict()], "key": key}).json()["arm"] for _ in range(3)}
            assert len(keyed) == 1, key
        labels = [{"request_id": a["request_id"], "label": int(y.iloc[i % len(X)])} for i, a in enumerate(answers)]
        assert http.post("/models/cancer/feedback", json=labels).json() == {"labelled": 300}

        report = run(online_ctx, "abtest cancer", trainer)  # reading is for everyone
        assert report.status == "done", report.message
        production, challenger = report.result.report.arms
        assert (production.arm, challenger.arm) == ("production", "challenger")
        assert production.requests + challenger.requests == 330 and challenger.requests >= to_challenger
        assert production.labelled + challenger.labelled == 300
        assert production.p50_ms is not None and production.p99_ms >= production.p50_ms
        assert production.ci_low <= production.metric <= production.ci_high
        assert report.result.report.verdict in ("better", "worse", "no clear difference yet")
        assert report.result.report.diff_low <= report.result.report.difference <= report.result.report.diff_high

        admin = Caller(user_id=ADMIN, surface="slack")
        cited = run(online_ctx, 'deploy cancer 2 force=true reason="online test"', admin)
        assert cited.status == "needs_approval", cited.message
        assert cited.approval.plan.online.startswith(f"Online test {report.result.report.test_id} (split, running): ")
        assert report.result.report.verdict in cited.approval.plan.online
        from bot.slack.render import render_outcome

        assert cited.approval.plan.online in render_outcome(cited).to_text()

        stopped = approve(online_ctx, run(online_ctx, "abtest cancer stop", deployer), deployer)
        assert stopped.status == "done" and not stopped.result.report.running
        wait_until(lambda: served_test(http) is None)
        after = {http.post("/models/cancer/invocations", json={"dataframe_records": [X.iloc[1].to_dict()]}).json()["arm"]
                 for _ in range(20)}
        assert after == {"production"}
    assert run(online_ctx, "abtest cancer stop", deployer).message.startswith("No online test of cancer is running")


def test_shadow_scores_with_both_and_answers_from_production_only(online_ctx: Any, rows: Any) -> None:
    from pipelines.data import prediction_log

    X, y = rows
    deployer = Caller(user_id=DEPLOYER, surface="slack")
    assert approve(online_ctx, run(online_ctx, "abtest cancer shadow", deployer), deployer).status == "done"
    with RunningService(online_ctx, poll_seconds=0.2) as svc, svc.client() as http:
        wait_until(lambda: served_test(http))
        answers = [http.post("/models/cancer/invocations", json={"dataframe_records": [X.iloc[i].to_dict()]}).json()
                   for i in range(60)]
        assert {(a["arm"], a["version"]) for a in answers} == {("production", 1)}
        http.post("/models/cancer/feedback", json=[{"request_id": a["request_id"], "label": int(y.iloc[i])}
                                                   for i, a in enumerate(answers)])
        ids = {a["request_id"] for a in answers}

        def shadow_rows() -> Any:
            frame = prediction_log.read(online_ctx.paths.state_db_url, "cancer", arms=("production", "shadow"))
            shadow = frame[frame["arm"] == "shadow"]
            return [shadow] if len(shadow) == 60 else None

        shadow = wait_until(shadow_rows)[0]
        assert set(shadow["request_id"]) == ids and set(shadow["version"]) == {2}
        assert shadow["target"].notna().all()  # a label joins both arms of its request
    report = run(online_ctx, "abtest cancer", deployer).result.report
    assert [a.arm for a in report.arms] == ["production", "shadow"]
    assert report.arms[0].requests == report.arms[1].requests == 60
    assert report.verdict in ("better", "worse", "no clear difference yet")
