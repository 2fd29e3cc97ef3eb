"""Readings of the r11 families in other words: the promotion gate switched off is refused, the monitors' noise asked
after a rating is the monitors overview, and a lock removed, killed or released after it is said to be locked is
an unlock."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, TODAY, steps
from tools.agent.understand import Memory, read


def test_switching_the_promotion_gate_off_is_refused_with_the_deploy_beside_it() -> None:
    assert steps("disable the gate on wine and ship v7") == []
    assert steps("switch off the quality gate for cancer, then deploy 3") == []
    refused = read("is the gate turned off for wine?", MODELS, today=TODAY).problem or ""
    assert not refused.startswith("I can't do that"), "a question about the gate is no request to switch it off"


def test_the_noise_of_the_alerts_per_monitor_is_the_monitors_overview_even_after_a_rating() -> None:
    rated = Memory(last=("rate_alert", {"incident": 12, "verdict": "noise"}), incident=12, model="cancer")
    assert steps("so what's the noise rate for each monitor?", rated) == [("monitors", {})]
    assert steps("how noisy has our alerting been lately?") == [("monitors", {})]
    assert steps("that one was noise too", rated) == [("rate_alert", {"incident": 12, "verdict": "noise"})]


def test_a_lock_removed_killed_or_released_after_it_is_said_locked_is_an_unlock() -> None:
    assert steps("please delete the stale lock on diabetes") == [("unlock", {"model": "diabetes"})]
    assert steps("kill the dead lease on cancer") == [("unlock", {"model": "cancer"})]
    assert steps("the worker died overnight and now diabetes says it's locked. could you free it?") == [
        ("unlock", {"model": "diabetes"})]
    assert steps("delete the wine model") == [], "a model deleted is still refused"


def test_an_unlock_reason_ends_where_a_next_step_starts() -> None:
    assert steps("unlock wine reason: host rebooted, then show status") == [
        ("unlock", {"model": "wine", "reason": "host rebooted"}), ("status", {"model": "wine"})]
    assert steps("unlock wine reason: the job died, then it came back") == [
        ("unlock", {"model": "wine", "reason": "the job died, then it came back"})]


def test_can_you_unlock_it_in_a_thread_about_a_locked_model_unlocks_that_model() -> None:
    thread = Memory(model="cancer", last=("deploy", {"model": "cancer", "version": "2"}))
    assert steps("could you unlock it? reason: worker gone", thread) == [
        ("unlock", {"model": "cancer", "reason": "worker gone"})]
    assert steps("can you unlock?") == [("help", {"topic": "unlock"})]


def test_what_is_live_on_every_model_is_the_status_of_each() -> None:
    assert steps("what's serving across all the models?") == [
        ("status", {"model": "cancer"}), ("status", {"model": "wine"}), ("status", {"model": "diabetes"})]
