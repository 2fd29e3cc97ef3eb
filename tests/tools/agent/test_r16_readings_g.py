"""Readings of the r17 families of reproductions, undos, snoozes, status questions, retrain chains, tunes in a thread,
unlocks, shared windows and root causes, in other words: the recorded run done again ("redo the exact training run",
"rerun v3's recipe and diff the metrics", "rebuild it from lineage"); a deploy told by what it broke beside its undo;
a snooze of everything misspelt or for half a day; a job's state asked in words ("still grinding away or did it
crash?", "what score did it get?"), a rundown of every model status-wise, what else is pending beside the thread's
approval; a retrain and ship beside the reason told (someone else wants it live, we already tested it), every model
retrained on one window beside new data or a fix told, a model told overdue for a change with a go-ahead, the
thread's "same slice", a setting's value said as a word; a search with a number of trials after a compare; "force
the lock off"; the data validated before a training on the window said; a drop told before its cause asked. Near
misses keep their other reading.
"""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_CARD = thread({"role": "user", "content": "card cancer 4"},
               {"role": "tool", "tool": "card", "args": {"model": "cancer", "version": "4"}, "status": "done",
                "result": {"version": 4}},
               {"role": "assistant", "content": "Model card of cancer v4."})
_DEPLOYED = thread({"role": "user", "content": "who deployed wine today?"},
                   {"role": "tool", "tool": "history", "args": {"model": "wine"}, "status": "done",
                    "result": {"entries": [{"action": "deploy", "from_version": 3, "to_version": 4,
                                            "at": "2026-12-05T09:10:00Z", "actor": "li"}]}},
                   {"role": "assistant", "content": "li deployed wine v3 → v4 today at 09:10 UTC."})
_VALIDATED = thread({"role": "user", "content": "validate cancer last=14d"},
                    {"role": "tool", "tool": "validate_data", "args": {"model": "cancer", "last": "14d"}, "status": "done",
                     "result": {"passed": True}},
                    {"role": "assistant", "content": "cancer (last 14d) passed validation."})
_COMPARED = thread({"role": "user", "content": "compare diabetes"},
                   {"role": "tool", "tool": "compare", "args": {"model": "diabetes"}, "status": "done",
                    "result": {"verdict": "worse"}},
                   {"role": "assistant", "content": "diabetes challenger is worse than production."})
_LOCKED = thread({"role": "user", "content": "train wine"},
                 {"role": "tool", "tool": "train", "args": {"model": "wine"}, "status": "failed",
                  "result": {"error": "wine is locked by tune since 01:00"}},
                 {"role": "assistant", "content": "Couldn't train wine: a tune has held its lock since 01:00."})
_WAITING = thread({"role": "user", "content": "deploy cancer 6"},
                  {"role": "tool", "tool": "deploy", "args": {"model": "cancer", "version": "6"}, "status": "needs_approval",
                   "approval": {"id": "0a1b2c3d4e5f6a7b", "args": {"model": "cancer", "version": "6"}}},
                  {"role": "assistant", "content": "Deploy cancer v5 → v6 needs approval (0a1b2c3d4e5f6a7b)."})


def test_the_recorded_run_done_again_is_a_reproduction() -> None:
    assert steps("redo the exact training run behind cancer's production model") == [("reproduce", {"model": "cancer"})]
    assert steps("repeat the exact same training for wine v2") == [("reproduce", {"model": "wine", "version": "2"})]
    assert steps("rerun wine 3's recipe and diff the metrics") == [("reproduce", {"model": "wine", "version": "3"})]
    assert steps("rebuild it from lineage please", _CARD) == [("reproduce", {"model": "cancer", "version": "4"})]
    # a plain retrain stays one, even in that thread
    assert steps("retrain wine on the last 30 days") == [("train", {"model": "wine", "last": "30d"})]
    assert steps("rebuild it please", _CARD) == [("train", {"model": "cancer"})]


def test_a_deploy_told_by_what_it_broke_is_the_reason_for_its_undo() -> None:
    assert steps("the 9am deploy tanked accuracy, roll it back", _DEPLOYED) == [("rollback", {"model": "wine"})]
    assert steps("the noon release messed up scoring for wine, revert it") == [("rollback", {"model": "wine"})]
    # asked whether it broke anything: a read, no undo
    assert steps("did the 9am deploy break scoring?", _DEPLOYED) == [("evaluate", {"model": "wine"})]


def test_everything_misspelt_and_half_a_day_are_snoozes() -> None:
    assert steps("mute everthing for 2 days, we're at a conference") == [("snooze", {"model": "all", "duration": "2d"})]
    assert steps("quiet cancer for half a day") == [("snooze", {"model": "cancer", "duration": "12h"})]
    assert steps("snooze wine for a day and a half") == [("snooze", {"model": "wine", "duration": "36h"})]
    assert steps("snooze cancer half an hour") == [("snooze", {"model": "cancer", "duration": "30m"})]


def test_a_jobs_state_asked_in_words_is_its_status() -> None:
    assert steps("the wine model I retrained yesterday, what score did it get?") == [("status", {"model": "wine"})]
    assert steps("is the diabetes tuning job still grinding away or did it crash?") == [("status", {"model": "diabetes"})]
    assert steps("give me a rundown of every model, status-wise") == [
        ("status", {"model": "cancer"}), ("status", {"model": "wine"}), ("status", {"model": "diabetes"})]
    assert steps("anything else waiting on cancer apart from that?", _WAITING) == [("status", {"model": "cancer"})]
    # near misses: the listing alone, the thread's own approval
    assert steps("rundown of all three models") == [("list_models", {})]
    assert steps("is it still pending?", _WAITING) == [("approval", {"approval_id": "0a1b2c3d4e5f6a7b"})]


def test_a_retrain_and_ship_beside_its_reason_is_those_two_steps() -> None:
    chain = [("train", {"model": "cancer"}), ("deploy", {"model": "cancer", "version": "challenger"})]
    assert steps("retrain cancer and roll it out, the client wants it live by friday") == chain
    assert steps("retrain cancer and roll it out, we already tested it") == chain
    assert steps("retrain every model on the last quarter, we got fresh labels in") == [
        ("train", {"model": m, "last": "90d"}) for m in ("cancer", "wine", "diabetes")]
    assert steps("all three need a retrain on the last 60 days now that the pipeline fix landed") == [
        ("train", {"model": m, "last": "60d"}) for m in ("cancer", "wine", "diabetes")]
    assert steps("every model needs a retrain on the last 60 days") == [
        ("train", {"model": m, "last": "60d"}) for m in ("cancer", "wine", "diabetes")]
    assert steps("does wine need a retrain?") == []
    # data told with its span is the data the request beside it uses
    assert steps("we got labels covering the last 10 days, validate them for wine") == [
        ("validate_data", {"model": "wine", "last": "10d"})]


def test_a_model_told_overdue_with_a_go_ahead_gets_that_change() -> None:
    assert steps("wine is way overdue for a retrain, go for it") == [("train", {"model": "wine"})]
    assert steps("diabetes is overdue for a retrian, go ahead") == [("train", {"model": "diabetes"})]
    # told or asked alone, nothing is changed
    assert steps("wine is overdue for a retrain") == []
    assert steps("is wine overdue for a retrain?") == []


def test_the_threads_slice_and_a_setting_said_as_a_word() -> None:
    assert steps("ok, go ahead and train on that same slice", _VALIDATED) == [("train", {"model": "cancer", "last": "14d"})]
    assert steps("ok, go ahead and train", _VALIDATED) == [("train", {"model": "cancer"})]
    assert steps("train diabetes with a max_depth of eight and 300 trees") == [
        ("train", {"model": "diabetes", "params": {"max_depth": 8, "n_estimators": 300}})]


def test_a_search_with_trials_after_a_compare_is_a_tune() -> None:
    assert steps("hmm. kick off a proper search, 40 trials then", _COMPARED) == [
        ("tune", {"model": "diabetes", "trials": 40})]
    assert steps("ok try a tuning run instead with 30 trials", _COMPARED) == [("tune", {"model": "diabetes", "trials": 30})]
    assert steps("what about 30 trials?", _COMPARED) == []


def test_force_the_lock_off_unlocks() -> None:
    assert steps("that tune is dead, force the lock off", _LOCKED) == [("unlock", {"model": "wine"})]
    assert steps("take the lock off wine") == [("unlock", {"model": "wine"})]


def test_the_data_validated_before_a_training_gets_its_window() -> None:
    assert steps("validate the data and then retrain cancer on the last 20 days") == [
        ("validate_data", {"model": "cancer", "last": "20d"}), ("train", {"model": "cancer", "last": "20d"})]
    # a drift check before it keeps its own default
    assert steps("check drift on cancer and then train on the last 20 days") == [
        ("check_drift", {"model": "cancer"}), ("train", {"model": "cancer", "last": "20d"})]


def test_a_drop_told_before_its_cause_is_asked_is_one_why() -> None:
    assert steps("cancer dropped AGAIN!! what's behind it") == [("why", {"model": "cancer"})]
    assert steps("which features are to blame for the wine drop this week") == [
        ("why", {"model": "wine", "since": "2026-11-30"})]
    # asked whether it drifted: the check too; a drop of the model itself is refused
    assert steps("did cancer drift again? what's behind it") == [("check_drift", {"model": "cancer"}),
                                                                  ("why", {"model": "cancer"})]
    assert steps("please drop this model") == []
