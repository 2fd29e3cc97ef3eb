"""Readings of the r14 requests the tools cannot do as asked: a call the tool would not take (a snooze longer than it
allows, an online test with all of the traffic on the challenger), settings its clause says that the tool has no place
for (a reproduction with other estimator settings, an online test of two numbered versions), a change no tool makes
(a snooze ended early, a model card edited, incidents merged or handed over, a skew fixed, a version made
reproducible) and a change asked for a later time all plan nothing and say why, while the same requests within what
the tools take keep their call."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, TODAY, steps, thread
from tools.agent.understand import Memory, read


def _refused(text: str, memory: Memory | None = None) -> str:
    """What the reader answers a request it plans nothing for (the reason it gives)."""
    reading = read(text, MODELS, today=TODAY, memory=memory)
    assert reading.steps == [], text
    assert reading.problem, text
    return reading.problem


def test_a_snooze_longer_than_the_tool_allows_plans_nothing_and_says_its_limit() -> None:
    assert "at most 30d" in _refused("keep wine quiet for six weeks")
    assert "at most 30d" in _refused("mute diabetes alerts for 45 days")
    assert "at most 30d" in _refused("silence cancer for 5 weeks please")


def test_a_snooze_within_the_limit_keeps_its_call() -> None:
    assert steps("snooze cancer for 30 days") == [("snooze", {"model": "cancer", "duration": "30d"})]
    assert steps("mute diabetes alerts for 2 weeks") == [("snooze", {"model": "diabetes", "duration": "14d"})]


def test_an_online_test_of_the_whole_traffic_plans_nothing_and_says_the_shares_it_takes() -> None:
    assert "between 1% and 99%" in _refused("abtest cancer 100%")
    assert "between 1% and 99%" in _refused("route 100 percent of diabetes requests to the challenger as a test")


def test_an_online_test_of_a_share_it_takes_keeps_its_call() -> None:
    assert steps("abtest wine 99%") == [("abtest", {"model": "wine", "mode": "99%"})]
    assert steps("route 30 percent of diabetes requests to the challenger") == [
        ("abtest", {"model": "diabetes", "mode": "30%"})]


def test_a_reproduction_with_other_settings_plans_nothing_and_points_to_a_training() -> None:
    said = _refused("reproduce wine v4 with 300 trees instead")
    assert "takes no n_estimators" in said and "`train wine n_estimators=300`" in said
    assert "`train diabetes learning_rate=0.05`" in _refused("reproduce diabetes 2 again but with a learning rate of 0.05")


def test_a_reproduction_as_recorded_and_a_training_with_settings_keep_their_calls() -> None:
    assert steps("reproduce cancer 3") == [("reproduce", {"model": "cancer", "version": "3"})]
    assert steps("retrain wine with 300 trees") == [("train", {"model": "wine", "params": {"n_estimators": 300}})]
    assert steps("skew wine last 48h sample=300") == [("feature_skew", {"model": "wine", "last": "48h", "sample": 300})]
    assert steps("train cancer with max_depth 4 then reproduce it") == [
        ("train", {"model": "cancer", "params": {"max_depth": 4}}), ("reproduce", {"model": "cancer", "version": "challenger"})]


def test_an_online_test_of_two_numbered_versions_plans_nothing_and_points_to_compare() -> None:
    assert "`compare wine 6 7`" in _refused("a/b test wine 6 vs 7 at 10%")
    assert "`compare diabetes 4 8`" in _refused("run an online test on diabetes: version 4 against version 8")


def test_an_online_test_of_what_was_just_trained_keeps_its_call() -> None:
    after_a_training = thread({"role": "user", "content": "retrain diabetes"},
                              {"role": "tool", "tool": "train", "args": {"model": "diabetes"}, "status": "done",
                               "result": {"model": "diabetes", "version": 6}})
    assert steps("now run a 10% ab test with it", after_a_training) == [("abtest", {"model": "diabetes", "mode": "10%"})]
    assert steps("abtest wine 10%") == [("abtest", {"model": "wine", "mode": "10%"})]


def test_a_snooze_ended_early_plans_nothing_and_says_a_new_snooze_replaces_its_end() -> None:
    for text in ("un-mute wine please", "lift the snooze on diabetes", "remove the snooze from cancer",
                 "stop snoozing wine", "can you end the wine snooze early"):
        assert "snooze <model> 1m" in _refused(text), text
    assert steps("snooze cancer 1m") == [("snooze", {"model": "cancer", "duration": "1m"})]


def test_a_model_card_edited_plans_nothing_and_a_card_shown_keeps_its_call() -> None:
    assert "can't edit" in _refused("add a known-issues note to the cancer card")
    assert "can't edit" in _refused("update the diabetes model card with the new owner")
    assert steps("show me the card for wine") == [("card", {"model": "wine"})]
    assert steps("what's on the updated card of wine") == [("card", {"model": "wine"})]


def test_incidents_merged_or_handed_over_plan_nothing_and_one_shown_keeps_its_call() -> None:
    for text in ("hand incident 12 over to the data team", "combine incidents 4 and 5", "re-assign #8 to marta",
                 "set the severity of incident 4 to low"):
        assert "assign or merge" in _refused(text), text
    assert steps("who was incident 8 assigned to?") == [("incident", {"incident": 8})]


def test_a_skew_fixed_plans_nothing_and_a_skew_measured_keeps_its_call() -> None:
    skewed = thread({"role": "user", "content": "skew cancer"},
                    {"role": "tool", "tool": "feature_skew", "args": {"model": "cancer"}, "status": "done",
                     "result": {"rows": 500, "mismatch_rate": 0.2, "worst": "radius"}})
    assert "materialize <model>" in _refused("repair the skew please", skewed)
    assert "materialize <model>" in _refused("get rid of those mismatches", skewed)
    assert steps("did that fix the mismatch? check the last hour", skewed) == [
        ("feature_skew", {"model": "cancer", "last": "1h"})]


def test_a_version_made_reproducible_plans_nothing_and_one_checked_keeps_its_call() -> None:
    assert "recorded lineage" in _refused("make wine v2 deterministic")
    assert steps("make sure cancer 3 is reproducible") == [("reproduce", {"model": "cancer", "version": "3"})]


def test_a_change_asked_for_later_plans_nothing() -> None:
    for text in ("deploy wine v5 tomorrow at 9am", "roll back cancer next monday", "queue up a deploy of diabetes 4 "
                 "for next week", "start the a/b test on wine tomorrow", "could you roll back wine tomorrow morning?",
                 "deploy wine 5 once QA signs off tomorrow"):
        assert "can't schedule a change for later" in _refused(text), text


def test_a_change_asked_now_beside_a_later_time_keeps_its_call() -> None:
    assert steps("retrain cancer now, the review is tomorrow") == [("train", {"model": "cancer"})]
    assert steps("kick off a wine retrain, I need it for tomorrow") == [("train", {"model": "wine"})]
    assert steps("deploy cancer 5, we're reviewing it tomorrow") == [("deploy", {"model": "cancer", "version": "5"})]
    assert steps("snooze wine till tomorrow at 9")[0][0] == "snooze"
    assert steps("retrain cancer as soon as the fresh rows arrive tomorrow") == [("train", {"model": "cancer"})]
    assert steps("check wine every hour starting tomorrow") == [("monitor", {"model": "wine", "every": "1h"})]
