"""Follow-ups in monitoring, alert, approval and feedback threads, each asserted exactly: settings said alone set
the thread's monitor, a model picked from a monitors listing is its monitor, a period alone asks the feedback again,
"that one" / "it" is the one incident or approval the thread showed."""

from __future__ import annotations

from tests.tools.agent.test_follow_ups import after, asked

WINE_MONITOR = asked("monitor", {"model": "wine"}, {"action": "shown", "enabled": True, "every": "1h"})
LISTED = asked("monitors", {}, {"monitors": ["cancer", "wine", "diabetes"]})
CHECKED = asked("run_check", {"model": "cancer"}, {"severity": "low", "drifted": False})
FEEDBACK = asked("feedback", {}, {"days": 30, "intents": [{"intent": "status", "useful": 4, "not_useful": 1}]})
ONE_ALERT = asked("alerts", {}, {"incidents": [{"id": 31, "model": "diabetes", "kind": "drift"}]})
SHOWN = asked("incident", {"incident": 8}, {"id": 8, "model": "wine", "kind": "drift"})
PENDING = [{"role": "user", "content": "deploy wine 7"},
           {"role": "tool", "tool": "deploy", "args": {"model": "wine", "version": "7"}, "status": "needs_approval",
            "approval": {"id": "1a2b3c4d5e6f7a8b", "args": {"model": "wine"}}},
           {"role": "assistant", "content": "Deploying wine v7 needs a deployer's approval (1a2b3c4d5e6f7a8b)."}]
STATUS = asked("status", {"model": "wine"}, {"production": 3, "challenger": 4, "pending": [
    {"approval_id": "9f8e7d6c5b4a3f2e", "tool": "deploy", "to_version": 4}]})


def test_settings_said_alone_after_a_monitor_or_a_check_set_that_monitor() -> None:
    assert after(WINE_MONITOR, "change it to every 45 minutes") == [("monitor", {"model": "wine", "every": "45m"}, None)]
    assert after(WINE_MONITOR, "post its alerts to #wine-oncall") == [
        ("monitor", {"model": "wine", "channel": "#wine-oncall"}, None)]
    assert after(CHECKED, "now check it every 5 minutes") == [("monitor", {"model": "cancer", "every": "5m"}, None)]
    assert after(WINE_MONITOR, "does it run every 30 minutes?") == [("monitor", {"model": "wine"}, None)]
    assert after(WINE_MONITOR, "don't stop it") == []
    assert after(CHECKED, "stop it") == [], "a check run is no monitor to turn off"


def test_a_model_picked_from_a_monitors_listing_is_its_monitor() -> None:
    assert after(LISTED, "open the cancer one") == [("monitor", {"model": "cancer"}, None)]
    assert after(LISTED, "what about diabetes?") == [("monitor", {"model": "diabetes"}, None)]
    assert after(LISTED, "pause the wine one") == [("monitor", {"model": "wine", "state": "off"}, None)]
    assert after(LISTED, "switch the cancer one back on") == [("monitor", {"model": "cancer", "state": "on"}, None)]
    assert after(LISTED, "set the wine one to every 2h") == [("monitor", {"model": "wine", "every": "2h"}, None)]


def test_a_period_alone_after_the_feedback_asks_it_again_in_days() -> None:
    assert after(FEEDBACK, "what about the past 2 weeks?") == [("feedback", {"days": 14}, None)]
    assert after(FEEDBACK, "and over 60 days") == [("feedback", {"days": 60}, None)]
    assert after(FEEDBACK, "only the last day") == [("feedback", {"days": 1}, None)]


def test_it_after_one_incident_listed_or_shown_is_that_incident_and_its_model() -> None:
    assert after(ONE_ALERT, "check it now to see if it still drifts") == [("run_check", {"model": "diabetes"}, None)]
    assert after(ONE_ALERT, "that one was a real problem") == [
        ("rate_alert", {"incident": 31, "verdict": "useful"}, None)]
    assert after(SHOWN, "that was a false alarm") == [("rate_alert", {"incident": 8, "verdict": "noise"}, None)]
    assert after(SHOWN, "legit, mark it useful") == [("rate_alert", {"incident": 8, "verdict": "useful"}, None)]
    assert after(SHOWN, "good catch, that one") == [("rate_alert", {"incident": 8, "verdict": "useful"}, None)]


def test_whether_it_is_still_waiting_after_a_change_or_a_status_is_about_that_approval() -> None:
    approval = [("approval", {"approval_id": "1a2b3c4d5e6f7a8b"}, None)]
    assert after(PENDING, "still waiting?") == approval
    assert after(PENDING, "has it gone through yet?") == approval
    assert after(PENDING, "is that still pending?") == approval
    assert after(STATUS, "what's happening with that approval?") == [
        ("approval", {"approval_id": "9f8e7d6c5b4a3f2e"}, None)]


def test_after_a_monitor_or_a_check_run_it_now_alerts_of_it_and_all_of_the_listed() -> None:
    assert after(WINE_MONITOR, "no need to wait for the next one, do it right away") == [
        ("run_check", {"model": "wine"}, None)]
    assert after(WINE_MONITOR, "ok trigger one now") == [("run_check", {"model": "wine"}, None)]
    assert after(CHECKED, "has that raised an incident?") == [("alerts", {"model": "cancer"}, None)]
    assert after(CHECKED, "did it trigger any alerts?") == [("alerts", {"model": "cancer"}, None)]
    assert after(ONE_ALERT, "mute all of them for 3h") == [("snooze", {"model": "all", "duration": "3h"}, None)]
    stopped = asked("monitor", {"model": "cancer", "state": "off"}, {"action": "stopped"})
    assert after(stopped, "so what's still on? list the monitors") == [("monitors", {}, None)]
