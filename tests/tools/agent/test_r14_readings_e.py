"""Readings of the r14 model-card, reproduce and feature-skew families in other words: a card asked in another
language; versions said as ordinals ("the 4th version"); cards of two versions read side by side, their purpose
("so I can diff them") no compare; production and the challenger both asked ("…, and the challenger too"); versions
pointed at by the move a thread showed ("the version it replaced", "the one we rolled back to"); "and #3?" after a
reproduce; an audit as the occasion of a request, no history; a skew's sample said as "check 1000 recent requests" or
"only 50 rows", and "since yesterday" as a start with no end."""

from __future__ import annotations

from tests.tools.agent.readings import steps, thread

_DEPLOYED = thread(
    {"role": "user", "content": "deploy wine 6"},
    {"role": "tool", "tool": "deploy", "args": {"model": "wine", "version": "6"}, "status": "done",
     "result": {"model": "wine", "from_version": 4, "to_version": 6}},
    {"role": "assistant", "content": "Deployed: wine production v4 → v6."})
_ROLLED_BACK = thread(
    {"role": "user", "content": "what happened to cancer lately?"},
    {"role": "tool", "tool": "history", "args": {"model": "cancer"}, "status": "done",
     "result": {"entries": [{"action": "rollback", "from_version": 7, "to_version": 5, "actor": "U01BOB"},
                            {"action": "deploy", "from_version": 5, "to_version": 7, "actor": "U03EVE"}]}},
    {"role": "assistant", "content": "U01BOB rolled cancer back from v7 to v5; before that U03EVE deployed v7."})
_REPRODUCED = thread(
    {"role": "user", "content": "reproduce wine v5"},
    {"role": "tool", "tool": "reproduce", "args": {"model": "wine", "version": "5"}, "status": "done",
     "result": {"version": 5, "identical": True}},
    {"role": "assistant", "content": "wine v5 reproduced: every metric identical."})


def test_a_model_card_asked_in_another_language_is_the_card() -> None:
    assert steps("zeig mir die Modellkarte von cancer") == [("card", {"model": "cancer"})]
    assert steps("la ficha del modelo wine, por favor") == [("card", {"model": "wine"})]
    assert steps("fiche du modèle diabetes v2 svp") == [("card", {"model": "diabetes", "version": "2"})]
    assert steps("trainiere wine neu") == [("train", {"model": "wine"})]


def test_a_version_said_as_an_ordinal_is_that_version() -> None:
    assert steps("card for the breast cancer model, 2nd version") == [("card", {"model": "cancer", "version": "2"})]
    assert steps("can diabetes's 3rd release be rebuilt identically?") == [
        ("reproduce", {"model": "diabetes", "version": "3"})]
    assert steps("evaluate the 7th version of wine") == [("evaluate", {"model": "wine", "version": "7"})]
    assert steps("evaluate the third version of wine") == [("evaluate", {"model": "wine", "version": "3"})]


def test_a_purpose_said_after_two_cards_asks_no_compare() -> None:
    assert steps("model cards for wine 2 and wine 4 so that we can compare them side by side") == [
        ("card", {"model": "wine", "version": "2"}), ("card", {"model": "wine", "version": "4"})]
    assert steps("show diabetes v1 and diabetes v3 cards, so I could diff them later") == [
        ("card", {"model": "diabetes", "version": "1"}), ("card", {"model": "diabetes", "version": "3"})]
    assert steps("compare wine 2 and wine 4") == [("compare", {"model": "wine", "a": "2", "b": "4"})]


def test_production_and_the_challenger_both_asked_are_one_call_each() -> None:
    assert steps("reproduce wine's live version, and the challenger as well") == [
        ("reproduce", {"model": "wine"}), ("reproduce", {"model": "wine", "version": "challenger"})]
    assert steps("model card for cancer prod, plus the challenger") == [
        ("card", {"model": "cancer"}), ("card", {"model": "cancer", "version": "challenger"})]
    assert steps("reproduce the cancer challenger") == [("reproduce", {"model": "cancer", "version": "challenger"})]


def test_a_version_pointed_at_by_the_threads_move_is_that_version() -> None:
    assert steps("can the one it replaced be reproduced?", _DEPLOYED) == [
        ("reproduce", {"model": "wine", "version": "4"})]
    assert steps("show me the card of the version that was in production before it", _DEPLOYED) == [
        ("card", {"model": "wine", "version": "4"})]
    assert steps("model card of the version they reverted to", _ROLLED_BACK) == [
        ("card", {"model": "cancer", "version": "5"})]
    assert steps("reproduce the one we rolled back from", _ROLLED_BACK) == [
        ("reproduce", {"model": "cancer", "version": "7"})]
    assert steps("reproduce it", _DEPLOYED) == [("reproduce", {"model": "wine", "version": "6"})]
    assert steps("was v5 the version they rolled back to?", _ROLLED_BACK) == [("history", {"model": "cancer"})]
    assert steps("roll back to the previous version", _ROLLED_BACK) == [("rollback", {"model": "cancer"})]


def test_a_bare_version_after_a_reproduce_reproduces_that_version() -> None:
    assert steps("what about #2?", _REPRODUCED) == [("reproduce", {"model": "wine", "version": "2"})]
    assert steps("ok and 3?", _REPRODUCED) == [("reproduce", {"model": "wine", "version": "3"})]
    assert steps("and #4 for cancer?", _REPRODUCED) == [("reproduce", {"model": "cancer", "version": "4"})]
    assert steps("and for diabetes?", _REPRODUCED) == [("reproduce", {"model": "diabetes"})]


def test_an_audit_as_the_occasion_of_a_request_asks_no_history() -> None:
    assert steps("ahead of next week's audit, reproduce cancer v4") == [
        ("reproduce", {"model": "cancer", "version": "4"})]
    assert steps("prior to the audit, show me the wine card") == [("card", {"model": "wine"})]
    assert steps("audit log for wine") == [("history", {"model": "wine"})]
    assert steps("show the audit trail of diabetes") == [("history", {"model": "diabetes"})]


def test_a_skews_sample_said_in_other_words_is_its_sample() -> None:
    assert steps("does wine's online store agree with offline? just 300 requests") == [
        ("feature_skew", {"model": "wine", "sample": 300})]
    assert steps("online vs offline feature values for diabetes, look at 80 rows") == [
        ("feature_skew", {"model": "diabetes", "sample": 80})]
    assert steps("training/serving skew on cancer over 400 rows") == [
        ("feature_skew", {"model": "cancer", "sample": 400})]
    assert steps("retrain wine whenever 500 new rows land") == [
        ("monitor", {"model": "wine", "on_new_data": "retrain", "min_new_rows": 500})]


def test_since_yesterday_is_a_start_with_no_end() -> None:
    assert steps("feature skew for wine starting yesterday") == [("feature_skew", {"model": "wine", "since": "2026-12-04"})]
    assert steps("drift on diabetes from yesterday onwards") == [
        ("check_drift", {"model": "diabetes", "since": "2026-12-04"})]
    assert steps("skew diabetes yesterday") == [
        ("feature_skew", {"model": "diabetes", "since": "2026-12-04", "until": "2026-12-05"})]
    assert steps("evaluate wine on live data from yesterday") == [
        ("evaluate", {"model": "wine", "live": True, "since": "2026-12-04", "until": "2026-12-05"})]
