"""Readings of the r12 feature-store and forced-deploy families in other words: the online store loaded when it is said
to be behind, got into or caught up; a skew check with its sample said in more ways, and asked about served values
without a drift check beside it; a mismatch asked after a materialize; the agent's offer to materialize taken up; and
an emphatic "do force deploy …" or "force it" after a compare that said worse, with the reason marked."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from tests.tools.agent.readings import MODELS, TODAY, steps
from tools.agent.offline import recall
from tools.agent.understand import Memory, read


def test_the_online_store_said_to_be_behind_beside_a_bare_ask_is_loaded() -> None:
    assert steps("⏩ feast online store for the regression model please, values are hours behind") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("the wine online features are lagging, sort it out pls") == [("materialize", {"model": "wine"})]
    assert steps("the cancer online store is out of sync, catch it up") == [("materialize", {"model": "cancer"})]


def test_the_online_store_said_to_be_behind_is_no_load_when_something_else_is_asked() -> None:
    assert steps("the wine online store is behind, what's live?") == [("status", {"model": "wine"})]
    assert steps("online store for diabetes lags, check drift on it") == [("check_drift", {"model": "diabetes"})]
    assert read("is the cancer online store behind?", MODELS, today=TODAY).steps == [], "a question loads nothing"
    assert read("the online store for wine is lagging", MODELS, today=TODAY).steps == [], "a statement alone neither"


def test_values_got_into_or_caught_up_in_the_online_store_are_loaded() -> None:
    assert steps("could you get the fresh diabetes values into feast's online store?") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("put the newest wine features in the online store") == [("materialize", {"model": "wine"})]
    assert steps("we need the wine online store caught up with the offline values") == [
        ("materialize", {"model": "wine"})]
    assert steps("can you catch up the online store for the binary model") == [("materialize", {"model": "cancer"})]


def test_news_of_values_landed_offline_is_the_reason_for_the_load_beside_it() -> None:
    assert steps("hi, the diabetes backfill arrived in the offline store last night, push it to the online store") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("new feature values landed in feast for wine. check drift too") == [("check_drift", {"model": "wine"})]


def test_do_before_a_change_makes_it_emphatic_not_a_question() -> None:
    assert steps("pls do force deploy for wine v6, reason: vendor hotfix 88") == [
        ("deploy", {"model": "wine", "version": "6", "force": True, "reason": "vendor hotfix 88"})]
    assert steps("kindly do the materialisation for diabetes, its online store is stale") == [
        ("materialize", {"model": "diabetes"})]
    assert steps("do the rollback for cancer") == [("rollback", {"model": "cancer"})]
    asked = read("do wine rollbacks need an approval", MODELS, today=TODAY)
    assert asked.asks and "rollback" not in [s.tool for s in asked.steps], "a plural subject keeps it a question"
    assert steps("do the monitor check for wine now") == [("run_check", {"model": "wine"})]


def test_force_after_a_compare_that_said_worse_forces_the_compared_version() -> None:
    compared = Memory(model="diabetes", version=8, last=("compare", {"model": "diabetes", "b": "8"}))
    assert steps("ok, force it anyway. reason: eval set predates the schema change", compared) == [
        ("deploy", {"model": "diabetes", "version": "8", "force": True,
                    "reason": "eval set predates the schema change"})]
    challenger = Memory(model="wine", last=("compare", {"model": "wine"}))
    assert steps("forcing it then, reason=known label lag", challenger) == [
        ("deploy", {"model": "wine", "version": "challenger", "force": True, "reason": "known label lag"})]
    assert steps("should we force it?", compared) == [], "a question about forcing forces nothing"


def test_the_skew_sample_said_in_more_ways() -> None:
    assert steps("are wine's served features consistent with the offline store? take 400 requests") == [
        ("feature_skew", {"model": "wine", "sample": 400})]
    assert steps("skew cancer with a sample size of 1500 over the last 12h") == [
        ("feature_skew", {"model": "cancer", "sample": 1500, "last": "12h"})]
    skewed = Memory(model="diabetes", last=("feature_skew", {"model": "diabetes"}))
    assert steps("run it again with a larger sample, 2500, over the last 2 days", skewed) == [
        ("feature_skew", {"model": "diabetes", "sample": 2500, "last": "2d"})]
    assert steps("validate wine using 500 rows") == [("validate_data", {"model": "wine"})]


def test_served_values_asked_beside_a_skew_check_are_no_drift_check() -> None:
    assert steps("is cancer serving stale feature values? online vs offline over the last 6h") == [
        ("feature_skew", {"model": "cancer", "last": "6h"})]
    assert steps("drift came back fine on wine, so perhaps it's the serving side. compare served and offline values") == [
        ("feature_skew", {"model": "wine"})]
    assert steps("check drift and online vs offline skew for wine") == [
        ("check_drift", {"model": "wine"}), ("feature_skew", {"model": "wine"})], "drift said outright stays"
    assert steps("maybe it's time to retrain diabetes") == [("train", {"model": "diabetes"})]


def test_a_mismatch_asked_after_a_materialize_is_a_skew_check() -> None:
    loaded = Memory(model="cancer", last=("materialize", {"model": "cancer"}))
    assert steps("are the values in sync now? look at the last 2 hours", loaded) == [
        ("feature_skew", {"model": "cancer", "last": "2h"})]
    assert steps("check the mismatch again, sample 300", loaded) == [("feature_skew", {"model": "cancer", "sample": 300})]
    assert steps("any mismatch left?", Memory(model="wine", last=("status", {"model": "wine"}))) != [
        ("feature_skew", {"model": "wine"})], "outside a feature-store thread a mismatch is not read as skew"


def test_the_agents_offer_to_materialize_is_taken_up() -> None:
    thread = [HumanMessage(content="wine predictions are using old feature values, why?"),
              AIMessage(content="The wine online store stops at yesterday 08:00. Materializing it would load the rest.")]
    offered = recall(thread, MODELS)
    assert offered.offered == "materialize"
    assert steps("sure, go ahead and do it", offered) == [("materialize", {"model": "wine"})]
    assert steps("yes, push them", offered) == [("materialize", {"model": "wine"})]
    done = recall([HumanMessage(content="materialize wine"), AIMessage(content="Materialized wine up to 10:30.")], MODELS)
    assert done.offered is None, "a materialize reported done offers nothing"
    assert steps("push them") == [], "no offer, nothing to take up"
