"""Readings of the r15 questions about how a command works rather than asks to run it: what a command or an option is
for, how two of its ways differ, what it needs or takes, its limits and defaults, who may run it and whether it needs
an approval, whether there is a way to do something, how it decides, and "how do I …" in the person's own words; in a
thread, the same asked of the command just run. Each is that command's help and runs nothing, while the same
commands asked for (a model named, a version said, no question) keep their calls."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread


def _help(topic: str | None = None) -> list[tuple[str, dict[str, str]]]:
    return [("help", {"topic": topic} if topic else {})]


def test_what_a_command_or_an_option_is_for_is_its_help() -> None:
    assert steps("what is tune for?") == _help("tune")
    assert steps("what's reproduce used for") == _help("reproduce")
    assert steps("what does auto_deploy=true do") == _help("monitor")
    assert steps("what's the cooldown option for?") == _help("monitor")
    assert steps("whats timeline=true on history") == _help("history")
    assert steps("what does the sample option on skew change") == _help("skew")


def test_what_a_command_needs_compares_or_shows_and_how_its_ways_differ_are_its_help() -> None:
    assert steps("what does the validate command need to run?") == _help("validate")
    assert steps("what exactly does the compare command look at?") == _help("compare")
    assert steps("what's the difference between a shadow test and a 20% split?") == _help("abtest")
    assert steps("does history list rollbacks as well?") == _help("history")
    assert steps("what goes into an incident's postmortem?") == _help("incident")


def test_a_commands_limits_and_defaults_are_its_help() -> None:
    assert steps("how long can a snooze last?") == _help("snooze")
    assert steps("what's the default window for the drift check") == _help("drift")
    assert steps("what units does snooze accept?") == _help("snooze")
    assert steps("what's the biggest share abtest will take? is there an allowed range") == _help("abtest")


def test_who_may_run_a_command_and_whether_it_needs_an_approval_are_its_help() -> None:
    assert steps("who is allowed to run rollback?") == _help("rollback")
    assert steps("can anybody use materialize or is it admins only?") == _help("materialize")
    assert steps("does tuning need someone to approve it?") == _help("tune")
    assert steps("how does training work, does it need approval?") == _help("train")


def test_a_way_to_do_something_and_how_a_command_decides_are_its_help() -> None:
    assert steps("is there a way to silence the pings for a while without stopping the monitor?") == _help("snooze")
    assert steps("is there an option to include stopped monitors?") == _help("monitors")
    assert steps("does the ab test pick requests at random or by key?") == _help("abtest")
    assert steps("can you mute every model in one go?") == _help("snooze")
    assert steps("is there a list of everything we can ask you?") == _help()


def test_how_do_i_in_other_words_names_the_command() -> None:
    assert steps("hw do i kick off the health check by hand") == _help("check")
    assert steps("how can I check closed incidents as well, not only open ones") == _help("alerts")
    assert steps("how do i look at train vs serving skew") == _help("skew")
    assert steps("how do I see the false alarm rate of each monitor?") == _help("monitors")
    assert steps("how do we find out how helpful the bot's replies have been") == _help("feedback")
    assert steps("how do i trigger the monitor's check now rather than waiting for its schedule") == _help("check")


def test_in_a_thread_the_question_is_of_the_command_just_run() -> None:
    snoozed = thread({"role": "user", "content": "snooze wine 2h"},
                     {"role": "tool", "tool": "snooze", "args": {"model": "wine", "duration": "2h"}, "status": "done",
                      "result": {"model": "wine", "models": ["wine"], "until": "2026-12-05T11:00:00Z"}},
                     {"role": "assistant", "content": "wine is snoozed until 11:00 UTC."})
    assert steps("what's the longest these can go?", snoozed) == _help("snooze")
    failed = thread({"role": "user", "content": "skew wine"},
                    {"role": "tool", "tool": "feature_skew", "args": {"model": "wine"}, "status": "failed",
                     "result": {"error": "wine has no Feast feature source"}},
                    {"role": "assistant", "content": "Skew failed: wine is not fed from a Feast feature repository."})
    assert steps("ok what does it need to work?", failed) == _help("skew")
    listed = thread({"role": "user", "content": "open alerts?"},
                    {"role": "tool", "tool": "alerts", "args": {}, "status": "done", "result": {"incidents": [
                        {"id": 44, "model": "cancer", "kind": "drift", "severity": "medium", "production_version": 7}]}},
                    {"role": "assistant", "content": "One open incident: #44 on cancer (medium, drift), production v7."})
    assert steps("is there an option to see the closed ones too?", listed) == _help("alerts")
    posted = thread({"role": "assistant", "content": "🚨 Incident #52 · wine · high — f1_macro fell 0.08 below training "
                                                     "(production v4). [Useful] [Noise]"})
    assert steps("how would i flag this as noise?", posted) == _help("rate")


def test_the_same_commands_asked_for_keep_their_calls() -> None:
    assert steps("snooze every model") == [("snooze", {"model": "all"})]
    assert steps("can you snooze every model for 2h?") == [("snooze", {"model": "all", "duration": "2h"})]
    assert steps("monitors all=true") == [("monitors", {"all": True})]
    assert steps("list all incidents including resolved ones") == [("alerts", {"all": True})]
    assert steps("skew wine sample=300") == [("feature_skew", {"model": "wine", "sample": 300})]
    assert steps("what does wine's card say?") == [("card", {"model": "wine"})]
    assert steps("what's the default sample size on wine's skew check") == [("feature_skew", {"model": "wine"})]
    posted = thread({"role": "assistant", "content": "🚨 Incident #52 · wine · high — f1_macro fell 0.08 below training "
                                                     "(production v4). [Useful] [Noise]"})
    assert steps("mark that as a false alarm", posted) == [("rate_alert", {"incident": 52, "verdict": "noise"})]


def test_a_question_about_a_result_in_a_thread_is_no_help() -> None:
    status = thread({"role": "user", "content": "how is cancer doing"},
                    {"role": "tool", "tool": "status", "args": {"model": "cancer"}, "status": "done",
                     "result": {"model": "cancer", "production": 7, "challenger": 8}},
                    {"role": "assistant", "content": "cancer: v7 in production, v8 challenger."})
    assert steps("what does the card show for the challenger?", status) == [
        ("card", {"model": "cancer", "version": "challenger"})]
    assert steps("does the card include the training data?", status) == [("card", {"model": "cancer"})]
    assert steps("what does the history show?", status) == [("history", {"model": "cancer"})]
