"""Online-test messages: the per-arm table, the difference with its interval, the verdict, within Slack's limits."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.slack.render import render
from pipelines.monitor.online import ArmStats, OnlineReport
from tools.catalog.abtest import AbtestOut, AbtestPlan


def report(**overrides: object) -> OnlineReport:
    values = dict(model="cancer", test_id="abc123", mode="split", share=0.3, running=True,
                  started_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC), started_by="U0DEPLOY", primary_metric="roc_auc",
                  greater_is_better=True, verdict="better", difference=0.0123, diff_low=0.004, diff_high=0.021,
                  arms=[ArmStats(arm="production", versions=[1], requests=350, rows=350, labelled=300, p50_ms=4.2,
                                 p99_ms=11.0, metric=0.95, ci_low=0.93, ci_high=0.97),
                        ArmStats(arm="challenger", versions=[2], requests=150, rows=150, labelled=120, p50_ms=4.5,
                                 p99_ms=12.5, metric=0.9623, ci_low=0.94, ci_high=0.98)])
    return OnlineReport(**{**values, **overrides})


def test_the_report_shows_each_arm_the_difference_and_the_verdict() -> None:
    message = render(AbtestOut(model="cancer", action="report", message="x", report=report()))
    text = message.to_text()
    assert "the challenger is *better* on roc_auc" in message.summary
    assert "challenger − production: +0.0123 (95% CI [+0.0040, +0.0210])" in message.summary
    assert "production" in text and "challenger" in text and "0.9623" in text and "[0.9400, 0.9800]" in text
    assert "<@U0DEPLOY>" in message.context[0] and "30% to the challenger" in message.title
    assert len(message.to_blocks()) <= 50


def test_without_enough_labels_it_says_what_is_missing() -> None:
    message = render(AbtestOut(model="cancer", action="report", message="x", report=report(
        verdict="not yet enough labels", difference=None, diff_low=None, diff_high=None)))
    assert "not yet enough labels" in message.summary and "/models/cancer/feedback" in message.summary


def test_the_proposal_says_what_would_change() -> None:
    plan = AbtestPlan(model="cancer", action="start", mode="shadow", share=1.0, production_version=1, challenger_version=2)
    assert "score every request in the shadow" in render(plan).summary
    split = plan.model_copy(update={"mode": "split", "share": 0.1})
    assert "*10%* of requests, sticky per `key`" in render(split).summary
