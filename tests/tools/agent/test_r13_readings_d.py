"""Readings of the r13 feature-store load family in other words: the online store (or "the feature store") said to
be stale, old or not current beside an ask to bring it up to date ("refresh it", "sync the feature store", "push
fresh ones", "bring it up to date"); fresh online features wanted; values loaded into Feast; a monitor made to load the
store before each check; "same for X" after a materialize; and an answer that found the store behind, taken up. Near
misses keep their reading: a question whether the store is behind loads nothing, drift and skew questions stay reads.
"""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from tests.tools.agent.readings import MODELS, steps
from tools.agent.offline import recall
from tools.agent.understand import Memory


def tools(text: str, memory: Memory | None = None) -> list[str]:
    return [tool for tool, _ in steps(text, memory)]


def test_the_store_said_behind_beside_an_ask_to_bring_it_up_to_date_is_loaded() -> None:
    assert steps("the cancer online store looks outdated, could you update it?") == [
        ("materialize", {"model": "cancer"})]
    assert steps("diabetes online features are a couple days old, reload them pls") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("the online values for diabetes are not current, can you sync them?") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("the prediction api keeps serving old features for wine, refresh the feature store") == [
        ("materialize", {"model": "wine"})]


def test_the_feature_store_is_the_online_store_said_another_way() -> None:
    assert steps("feature store for wine is behind again. sort it.") == [("materialize", {"model": "wine"})]


def test_the_store_named_then_asked_up_to_date_by_a_pronoun_is_loaded() -> None:
    assert steps("wine feast online store, get it up to date please") == [("materialize", {"model": "wine"})]
    assert steps("cancer's online store: refresh it") == [("materialize", {"model": "cancer"})]


def test_fresh_online_features_wanted_are_a_load() -> None:
    assert steps("we need up-to-date online features for cancer before the launch") == [
        ("materialize", {"model": "cancer"})]
    assert steps("ensure the cancer online features are fresh before tomorrow") == [("materialize", {"model": "cancer"})]
    assert steps("can you make sure diabetes's online values are up to date?") == [
        ("materialize", {"model": "diabetes"})]


def test_values_loaded_into_feast_or_pushed_with_a_subject_before_the_verb() -> None:
    assert steps("push the latest wine feature values into feast") == [("materialize", {"model": "wine"})]
    assert steps("backfill the online store for diabetes") == [("materialize", {"model": "diabetes"})]
    assert steps("resync the wine feature store please") == [("materialize", {"model": "wine"})]
    assert steps("pls u load the latest values into the online store for wine") == [("materialize", {"model": "wine"})]
    assert steps("please you retrain wine on the last 30 days") == [("train", {"model": "wine", "last": "30d"})]
    assert steps("please you can check the drift of wine") == [("check_drift", {"model": "wine"})]


def test_a_monitor_made_to_load_the_store_before_each_check() -> None:
    assert steps("have the wine monitor sync feast ahead of every run") == [
        ("monitor", {"model": "wine", "materialize": True})]
    assert steps("the diabetes monitor should reload the online store before each check") == [
        ("monitor", {"model": "diabetes", "materialize": True})]
    assert steps("sync the wine feature store before every run") == [("monitor", {"model": "wine", "materialize": True})]
    assert steps("materialize wine and have its monitor do the same before each run") == [
        ("materialize", {"model": "wine"}), ("monitor", {"model": "wine", "materialize": True})]
    assert steps("does the cancer monitor refresh the online store before each check?") == [
        ("monitor", {"model": "cancer"})], "a question about the setting shows it"


def test_the_same_after_a_materialize_loads_the_other_model() -> None:
    loaded = Memory(model="cancer", last=("materialize", {"model": "cancer"}))
    assert steps("same for wine", loaded) == [("materialize", {"model": "wine"})]
    assert steps("and diabetes too", loaded) == [("materialize", {"model": "diabetes"})]
    assert steps("do the same for wine and diabetes", loaded) == [
        ("materialize", {"model": "wine"}), ("materialize", {"model": "diabetes"})]
    assert "materialize" not in tools("what about wine?", loaded), "a question does not load again"


def test_an_answer_that_found_the_store_behind_is_taken_up() -> None:
    thread = [HumanMessage(content="wine predictions by entity key look off since monday"),
              AIMessage(content="The online store for wine was last materialized on 2026-12-01, so keyed requests read "
                                "stale feature values.")]
    behind = recall(thread, MODELS)
    assert behind.offered == "materialize"
    assert steps("ok, fix it", behind) == [("materialize", {"model": "wine"})]
    assert steps("yes bring it up to date", behind) == [("materialize", {"model": "wine"})]
    assert steps("update it now please", behind) == [("materialize", {"model": "wine"})]
    assert "materialize" not in tools("why is it behind?", behind)
    assert "materialize" not in tools("when was it last materialized?", behind)


def test_a_question_whether_the_store_is_behind_loads_nothing() -> None:
    for question in ("is the feature store for wine stale?", "are wine's online features stale?",
                     "is the feature store out of date for diabetes?",
                     "should we refresh the cancer online store? it looks stale"):
        assert "materialize" not in tools(question), question
    assert "materialize" not in tools("the feature store for wine is stale"), "a statement alone neither"
    assert "materialize" not in tools("the wine online store is stale but don't refresh it yet")


def test_a_load_told_in_a_read_is_no_load_asked() -> None:
    assert "materialize" not in tools("show me which features got loaded into the online store for wine")
    assert "materialize" not in tools("show me what got pushed to the online store for wine")
    assert "materialize" not in tools("list what was synced into feast for diabetes")


def test_drift_and_skew_asked_beside_the_store_keep_their_reading() -> None:
    assert steps("are the live inputs for wine drifting?") == [("check_drift", {"model": "wine"})]
    assert steps("is the wine feature distribution drifting in prod?") == [("check_drift", {"model": "wine"})]
    assert steps("the online store for diabetes is stale, check drift on it") == [
        ("check_drift", {"model": "diabetes"})]
    assert steps("the online store for diabetes is stale, check skew on it") == [
        ("feature_skew", {"model": "diabetes"})]
    assert steps("is there skew between online and offline features for cancer?") == [
        ("feature_skew", {"model": "cancer"})]
    assert steps("retrain wine, its features are stale") == [("train", {"model": "wine"})]
