"""Readings of numbers said in words or odd forms (versions, shares of traffic), online tests said in other words,
windows said as "N to M days back" and days written with a slash, a job "nuked", odd values coming in as a drift
question, and thread follow-ups ("send it", "the card for that version", "list those 3"), with the near misses that
keep their old reading."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread


def test_a_version_said_in_words_or_odd_forms_is_that_version() -> None:
    assert steps("show me the model card of cancer, version number four") == [("card", {"model": "cancer", "version": "4"})]
    assert steps("evaluate diabetes version no. 3") == [("evaluate", {"model": "diabetes", "version": "3"})]
    assert steps("deploy wine version thirteen") == [("deploy", {"model": "wine", "version": "13"})]
    assert steps("evaluate wine v.4 on the last 2 weeks") == [("evaluate", {"model": "wine", "last": "14d",
                                                                             "version": "4"})]
    assert steps("deploy cancer eight") == [("deploy", {"model": "cancer", "version": "8"})]
    assert steps("compare diabetes two and five") == [("compare", {"model": "diabetes", "a": "2", "b": "5"})]
    assert steps("promote cancer nine if it beats prod") == [
        ("compare", {"model": "cancer", "b": "9"}), ("deploy", {"model": "cancer", "version": "9"})]


def test_a_number_word_that_counts_something_is_no_version() -> None:
    assert steps("retrain wine three times") == [("train", {"model": "wine"})]
    assert steps("evaluate cancer on the last seven days") == [("evaluate", {"model": "cancer", "last": "7d"})]
    assert steps("roll diabetes back two versions") == [("rollback", {"model": "diabetes"})]


def test_getting_a_version_live_is_a_deploy_but_live_metrics_are_no_deploy() -> None:
    assert steps("take cancer v4 live") == [("deploy", {"model": "cancer", "version": "4"})]
    assert steps("get diabetes version eleven live now") == [("deploy", {"model": "diabetes", "version": "11"})]
    assert steps("get the live metrics of cancer") == [("evaluate", {"model": "cancer", "live": True})]


def test_a_share_of_traffic_in_words_is_that_share() -> None:
    assert steps("send fifteen percent of cancer traffic to the challenger") == [
        ("abtest", {"model": "cancer", "mode": "15%"})]
    assert steps("route twenty-five per cent of wine requests to the new version") == [
        ("abtest", {"model": "wine", "mode": "25%"})]
    assert steps("abtest diabetes ten percent") == [("abtest", {"model": "diabetes", "mode": "10%"})]


def test_an_online_test_said_in_other_words() -> None:
    assert steps("let the wine challenger score all requests quietly beside production, no user impact") == [
        ("abtest", {"model": "wine", "mode": "shadow"})]
    assert steps("the diabetes a/b test has run long enough, let's wrap this up") == [
        ("abtest", {"model": "diabetes", "mode": "stop"})]
    assert steps("let the monitor run silently") == []  # no score, no test


def test_a_test_at_a_share_in_a_thread() -> None:
    helped = thread({"role": "user", "content": "how does abtest work?"},
                    {"role": "tool", "tool": "help", "args": {"topic": "abtest"}, "status": "done",
                     "result": {"usage": "abtest <model> [<share>% | shadow | stop]"}})
    assert steps("fine, do it for cancer at twenty percent", helped) == [("abtest", {"model": "cancer", "mode": "20%"})]
    assert steps("ok do that for diabetes in shadow", helped) == [("abtest", {"model": "diabetes", "mode": "shadow"})]
    compared = thread({"role": "user", "content": "compare cancer"},
                      {"role": "tool", "tool": "compare", "args": {"model": "cancer"}, "status": "done",
                       "result": {"a_version": 2, "b_version": 5, "verdict": "better"}})
    assert steps("first let's send fifteen percent of live traffic to it", compared) == [
        ("abtest", {"model": "cancer", "mode": "15%"})]


def test_after_a_compare_send_it_is_its_deploy() -> None:
    compared = thread({"role": "user", "content": "does wine v9 beat prod?"},
                      {"role": "tool", "tool": "compare", "args": {"model": "wine", "b": "9"}, "status": "done",
                       "result": {"verdict": "better"}})
    assert steps("perfect, send it", compared) == [("deploy", {"model": "wine", "version": "9"})]
    assert steps("send it to #ml-alerts", compared) == []  # a message sent somewhere, no deploy
    assert steps("send it") == []  # no thread: nothing to send


def test_a_hanging_job_nuked_is_cancelled_and_a_nuked_lock_released() -> None:
    assert steps("training job j0c0ffe seems stuck, nuke it") == [("cancel", {"job": "j0c0ffe"})]
    assert steps("nuke the stale lock on cancer") == [("unlock", {"model": "cancer"})]


def test_a_window_n_to_m_days_back_and_days_with_a_slash() -> None:
    assert steps("check cancer drift for the period 60 to 30 days back") == [
        ("check_drift", {"model": "cancer", "since": "60d", "until": "30d"})]
    assert steps("evaluate wine between 40 and 20 days back") == [
        ("evaluate", {"model": "wine", "since": "40d", "until": "20d"})]
    assert steps("evaluate cancer on holdout from 10/3 to 11/15") == [
        ("evaluate", {"model": "cancer", "since": "2026-10-03", "until": "2026-11-15"})]
    assert steps("drift for diabetes since 25/11") == [("check_drift", {"model": "diabetes", "since": "2026-11-25"})]
    assert steps("abtest cancer 20/80") == [("abtest", {"model": "cancer", "mode": "20%"})]  # a split, no day


def test_odd_values_coming_in_are_a_drift_question() -> None:
    assert steps("is cancer receiving strange values these days? last 10 days") == [
        ("check_drift", {"model": "cancer", "last": "10d"})]
    assert steps("the new training batch for diabetes has odd values") == [("validate_data", {"model": "diabetes"})]


def test_the_card_for_that_version_after_a_reproduce() -> None:
    reproduced = thread({"role": "user", "content": "reproduce cancer 6"},
                        {"role": "tool", "tool": "reproduce", "args": {"model": "cancer", "version": "6"},
                         "status": "done", "result": {"identical": True}})
    assert steps("cool, now show me that version's card", reproduced) == [("card", {"model": "cancer", "version": "6"})]
    assert steps("and v2?", reproduced) == [("reproduce", {"model": "cancer", "version": "2"})]


def test_those_n_incidents_after_the_monitors_counted_them() -> None:
    listed = thread({"role": "user", "content": "monitors"},
                    {"role": "tool", "tool": "monitors", "args": {}, "status": "done",
                     "result": {"open_incidents": {"wine": 2}}})
    assert steps("show me those two", listed) == [("alerts", {"model": "wine"})]
    assert steps("list the 2 open ones", listed) == [("alerts", {"model": "wine"})]
