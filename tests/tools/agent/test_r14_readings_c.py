"""Readings of the r14 "how do I …" family in other words: the help topic is the verb that does what the person asks
how to do (telling an alert was noise is rate, seeing whether a deploy request got approved is approval, getting a
check run every hour is monitor, an incident's postmortem is incident, stopping a job is cancel), and "it" is what
the thread is about ("how do I stop it then?" after an online test); "how does the X command work?" asks help, never
runs X; a question of "it" right after a help question is about that command; the agent named as its plain-language
mode has its feedback asked; and what drop triggers a page is the monitors' policy."""

from __future__ import annotations

from typing import Any

from tests.tools.agent.readings import steps, thread

_ABTEST = thread(
    {"role": "user", "content": "abtest cancer"},
    {"role": "tool", "tool": "abtest", "args": {"model": "cancer"}, "status": "done",
     "result": {"action": "report", "message": "Online test t4 of cancer: no difference yet.",
                "report": {"mode": "shadow", "share": 0.2, "running": True}}},
    {"role": "assistant", "content": "The shadow test t4 of cancer is still running."})
_MONITOR = thread(
    {"role": "user", "content": "monitor diabetes"},
    {"role": "tool", "tool": "monitor", "args": {"model": "diabetes"}, "status": "done",
     "result": {"model": "diabetes", "every": "1h", "enabled": True}},
    {"role": "assistant", "content": "diabetes is checked every hour."})
_TRAINING = thread(
    {"role": "user", "content": "retrain wine"},
    {"role": "assistant", "content": "Working… training wine (job j9a8b7c)."})
_ALERTS = thread(
    {"role": "user", "content": "open alerts for cancer"},
    {"role": "tool", "tool": "alerts", "args": {"model": "cancer"}, "status": "done",
     "result": {"incidents": [{"id": 40, "model": "cancer", "severity": "high", "status": "open"},
                              {"id": 38, "model": "cancer", "severity": "low", "status": "open"}]}},
    {"role": "assistant", "content": "2 open incidents for cancer: #40 (high), #38 (low)."})
_VALIDATED = thread(
    {"role": "user", "content": "validate cancer"},
    {"role": "tool", "tool": "validate_data", "args": {"model": "cancer"}, "status": "done", "result": {"ok": True}},
    {"role": "assistant", "content": "cancer's latest batch passed validation."})


def helps(topic: str | None) -> list[tuple[str, dict[str, Any]]]:
    return [("help", {"topic": topic} if topic else {})]


def test_telling_an_alert_was_noise_or_useful_is_how_to_rate_it() -> None:
    assert steps("how can I let you know a page was a false alarm?") == helps("rate")
    assert steps("how do I give feedback on an alert?") == helps("rate")
    assert steps("how would I tell the bot an incident was actually useful") == helps("rate")
    assert steps("how do I mark an alert as noise") == helps("rate")
    assert steps("how do I see my alerts?") == helps("alerts"), "no verdict said: the alerts"


def test_a_stop_is_the_verb_of_what_the_thread_is_about() -> None:
    assert steps("how do I end it?", _ABTEST) == helps("abtest")
    assert steps("ok how would I stop that?", _ABTEST) == helps("abtest")
    assert steps("how can I kill this test early?", _ABTEST) == helps("abtest")
    assert steps("how do I stop it?", _MONITOR) == helps("monitor")
    assert steps("and how do I pause it for a while?", _MONITOR) == helps("monitor")
    assert steps("how do I stop it if it takes too long?", _TRAINING) == helps("cancel")
    assert steps("how can I abort it?", _TRAINING) == helps("cancel")


def test_a_stop_said_of_what_it_stops_is_that_ones() -> None:
    assert steps("how do I kill a training run that's hung?") == helps("cancel")
    assert steps("how do I stop a job?") == helps("cancel")
    assert steps("how do I stop a job if it hangs?", _ABTEST) == helps("cancel"), "a job, whatever the thread"
    assert steps("how do I stop the alerts for wine?") == helps("snooze")
    assert steps("how do I stop monitoring diabetes?") == helps("monitor")
    assert steps("how do I stop an online test?") == helps("abtest")
    assert steps("how do I cancel a job?") == helps("cancel")


def test_an_incidents_details_or_postmortem_is_how_to_see_one_incident() -> None:
    assert steps("how do I see the whole timeline of one of them?", _ALERTS) == helps("incident")
    assert steps("how would I pull up the postmortem for one of these?", _ALERTS) == helps("incident")
    assert steps("how can I get the details of a specific incident?") == helps("incident")
    assert steps("how do I see the details of one alert") == helps("incident")
    assert steps("how do I get the details of the alerts?") == helps("alerts"), "all of them: the listing"


def test_a_check_said_with_a_schedule_is_how_to_set_up_a_monitor() -> None:
    assert steps("how do I make this run every morning on its own?", _VALIDATED) == helps("monitor")
    assert steps("how do I have drift checked every day?") == helps("monitor")
    assert steps("how would I get wine retrained automatically when it drifts?") == helps("monitor")
    assert steps("how do I check for drift?") == helps("drift"), "no schedule: the check itself"
    assert steps("how do I check drift right now?") == helps("drift")


def test_whether_a_change_got_approved_is_how_to_look_up_its_approval() -> None:
    assert steps("I've got an approval id, how do I check if it was approved yet?") == helps("approval")
    assert steps("how can I tell whether my rollback got signed off?") == helps("approval")
    assert steps("how can I track the status of my approval?") == helps("approval")
    assert steps("how do I deploy a model?") == helps("deploy")
    assert steps("what does deploy do? does it need approval?") == helps("deploy"), "the change's own approval"
    assert steps("has wine's deploy been approved yet?") == [("status", {"model": "wine"})], "asked, not how to"


def test_how_a_command_works_is_its_help_never_the_command() -> None:
    assert steps("how does the skew command work?") == helps("skew")
    assert steps("how does the validate tool work?") == helps("validate")
    assert steps("so how does the feedback command work?") == helps("feedback")
    assert steps("show feedback for the last 2 weeks") == [("feedback", {"days": 14})]


def test_a_question_of_it_after_a_help_question_is_about_that_command() -> None:
    assert steps("how do you tune a model, and how long does it take?") == helps("tune")
    assert steps("how do I cancel a job? does that need approval?") == helps("cancel")
    assert steps("how would I reproduce an old version, and what does it check?") == helps("reproduce")
    assert steps("how does abtest work, and is one running on cancer right now?")[0] == ("help", {"topic": "abtest"})
    assert len(steps("how do I deploy, and what's live on wine right now?")) == 2, "a model's read of its own"


def test_the_agent_named_as_its_plain_language_mode_has_its_feedback_asked() -> None:
    assert steps("how have people rated the plain-language mode so far?") == [("feedback", {})]
    assert steps("are folks happy with the natural language interface?") == [("feedback", {})]
    assert steps("since we launched the chat mode, how do people like it? 30 days is fine") == [("feedback", {})]


def test_what_sets_off_a_page_is_the_monitors_policy() -> None:
    assert steps("what would trigger an alert?") == [("monitors", {})]
    assert steps("what kind of drop would set off an incident?") == [("monitors", {})]
    assert steps("how big a drift fires an alarm?") == [("monitors", {})]
    assert steps("what triggered the alert last night?") == [("alerts", {})], "a page that happened"
