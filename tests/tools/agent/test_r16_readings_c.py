"""Readings of the r16 families of cards, rollbacks and checks, in other words: "the version that just went out" after
a deploy is the version it put live (a rollback of it still only undoes the move); a second card of production said
after a first one ("…, plus the card of the live one") is a card of its own; a span told beside a request ("call in 5
minutes") is no version; praise of what was shown ("great card. …") asks nothing; what broke the models, told after a
rollback of all of them, is its reason; a rollback goes back to the version told better, never to one told bad; "on
everything" is every model; "run wine's monitoring check" runs it; what a check is to find out, said as a wish ("I'd
like to know if …"), is what the check reports."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_DEPLOYED = thread({"role": "user", "content": "deploy wine challenger"},
                   {"role": "tool", "tool": "deploy", "args": {"model": "wine", "version": "challenger"}, "status": "done",
                    "result": {"from_version": 5, "to_version": 7}},
                   {"role": "assistant", "content": "wine production moved v5 → v7."})
_CARD = thread({"role": "user", "content": "card for cancer v3"},
               {"role": "tool", "tool": "card", "args": {"model": "cancer", "version": "3"}, "status": "done",
                "result": {"version": 3, "roc_auc": 0.97}},
               {"role": "assistant", "content": "Model card for cancer v3: roc_auc 0.97."})
_MONITORS = thread({"role": "user", "content": "list the monitors"},
                   {"role": "tool", "tool": "monitors", "args": {}, "status": "done",
                    "result": {"monitors": [{"model": "cancer", "every": "6h"}, {"model": "wine", "every": "1h"}]}},
                   {"role": "assistant", "content": "Two monitors: cancer every 6h, wine every 1h."})
EACH = ("cancer", "wine", "diabetes")


def test_the_version_just_shipped_is_the_one_the_deploy_put_live() -> None:
    assert steps("show me the card of the version that just went out", _DEPLOYED) == [
        ("card", {"model": "wine", "version": "7"})]
    assert steps("could you pull the model card for what they just deployed?", _DEPLOYED) == [
        ("card", {"model": "wine", "version": "7"})]
    assert steps("reproduce the release that just got promoted", _DEPLOYED) == [
        ("reproduce", {"model": "wine", "version": "7"})]
    assert steps("roll back what we just shipped", _DEPLOYED) == [("rollback", {"model": "wine"})], \
        "undoing the move, never a rollback to the version it put live"
    assert steps("card for the version we rolled back to", _DEPLOYED) == [("card", {"model": "wine", "version": "7"})]


def test_a_second_card_of_production_is_a_card_of_its_own() -> None:
    assert steps("wine card for v3, and also one for production") == [
        ("card", {"model": "wine", "version": "3"}), ("card", {"model": "wine"})]
    assert steps("card of v5 for diabetes plus the card of the live one") == [
        ("card", {"model": "diabetes", "version": "5"}), ("card", {"model": "diabetes"})]
    assert steps("evaluate cancer v2 and also the eval of what is in prod") == [
        ("evaluate", {"model": "cancer", "version": "2"}), ("evaluate", {"model": "cancer"})]
    assert steps("card for cancer v2") == [("card", {"model": "cancer", "version": "2"})]


def test_a_span_told_beside_a_request_is_no_version() -> None:
    assert steps("card for the cancer challenger asap, call in 5 minutes") == [
        ("card", {"model": "cancer", "version": "challenger"})]
    assert steps("reproduce diabetes 4, need it in 10 mins") == [("reproduce", {"model": "diabetes", "version": "4"})]
    assert steps("deploy wine 3 now") == [("deploy", {"model": "wine", "version": "3"})]


def test_praise_of_what_was_shown_asks_nothing() -> None:
    assert steps("great card! now evaluate that version", _CARD) == [("evaluate", {"model": "cancer", "version": "3"})]
    assert steps("thanks for the card, reproduce it please", _CARD) == [("reproduce", {"model": "cancer", "version": "3"})]
    assert steps("cool card", _CARD) == []
    assert steps("nice, card for wine v3 too", _CARD) == [("card", {"model": "wine", "version": "3"})]


def test_what_broke_the_models_is_the_reason_of_their_rollback() -> None:
    rollbacks = [("rollback", {"model": m}) for m in EACH]
    assert steps("rollback all three models, a bad upstream join corrupted them") == rollbacks
    assert steps("revert each model please, the new schema messed them all up") == rollbacks
    assert steps("roll back cancer, then check drift on it") == [
        ("rollback", {"model": "cancer"}), ("check_drift", {"model": "cancer"})], "a request after it is still one"


def test_a_rollback_goes_back_to_the_version_told_better() -> None:
    assert steps("please roll back wine, v3 was much better than the current one") == [
        ("rollback", {"model": "wine", "version": "3"})]
    assert steps("v2 ran fine, roll back diabetes") == [("rollback", {"model": "diabetes", "version": "2"})]
    assert steps("roll back cancer, v5 is broken") == [("rollback", {"model": "cancer"})], "told bad: not the target"
    assert steps("roll back diabetes please, v2 wasn't better") == [("rollback", {"model": "diabetes"})]
    assert steps("roll back wine to v3, v5 is broken") == [("rollback", {"model": "wine", "version": "3"})]


def test_on_everything_is_every_model() -> None:
    assert steps("run the check for everything now", _MONITORS) == [("run_check", {"model": m}) for m in EACH]
    assert steps("check drift on everything") == [("check_drift", {"model": m}) for m in EACH]
    assert steps("alerts for everything") == [("alerts", {})], "one listing of every model"
    assert steps("snooze everything") == [("snooze", {"model": "all"})]


def test_the_monitoring_check_run_is_the_check() -> None:
    assert steps("please trigger wine's monitor check, want to see which severity comes out") == [
        ("run_check", {"model": "wine"})]
    assert steps("can you kick off the monitoring check for diabetes?") == [("run_check", {"model": "diabetes"})]
    assert steps("set cancer's monitoring check to every 2h") == [("monitor", {"model": "cancer", "every": "2h"})]
    assert steps("what does cancer's monitoring check look at?") == [("monitor", {"model": "cancer"})]


def test_what_the_check_is_to_find_said_as_a_wish_is_its_report() -> None:
    assert steps("run a check on wine right now, we'd like to know if the data grew") == [("run_check", {"model": "wine"})]
    assert steps("do the check of cancer now pls, i need to see whether new rows came in") == [
        ("run_check", {"model": "cancer"})]
    assert steps("validate wine data and run its check now, I want to know if there's drift") == [
        ("validate_data", {"model": "wine"}), ("run_check", {"model": "wine"})]
