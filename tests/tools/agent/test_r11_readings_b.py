"""Readings of the r11 families said in other words: open alerts asked after a shift starts or a rating, "whos been"
as "who's been", and what is deployed on every model, each reading asserted exactly."""

from __future__ import annotations

from tests.tools.agent.readings import MODELS, steps
from tools.agent.understand import Memory


def test_who_has_been_changing_a_model_misspelt_is_its_history_never_the_change() -> None:
    assert steps("whos been deploying cancer") == [("history", {"model": "cancer"})]
    assert steps("whose been retraining diabetes?") == [("history", {"model": "diabetes"})]


def test_what_else_or_which_ones_are_open_lists_the_alerts_even_after_a_rating() -> None:
    assert steps("which ones are still open for cancer?") == [("alerts", {"model": "cancer"})]
    assert steps("what else is open on diabetes") == [("alerts", {"model": "diabetes"})]
    rated = Memory(last=("rate_alert", {"incident": 40, "verdict": "useful"}), incident=40, model="cancer")
    assert steps("what else is still open on cancer?", rated) == [("alerts", {"model": "cancer"})]


def test_the_asker_coming_on_shift_first_is_why_they_ask_not_a_request() -> None:
    assert steps("starting my shift, what's still open?") == [("alerts", {})]
    assert steps("i just came on call, any alerts for wine?") == [("alerts", {"model": "wine"})]
    assert steps("shift just started, what's open?") == [("alerts", {})]


def test_what_is_deployed_on_every_model_is_one_status_per_model() -> None:
    each = [("status", {"model": m}) for m in MODELS]
    assert steps("what's deployed on every model?") == each
    assert steps("what is deployed on each model right now") == each
    assert steps("what's deployed for wine?") == [("status", {"model": "wine"})]


def test_several_bare_numbers_marked_with_one_verdict_rate_each() -> None:
    assert steps("flag 7, 8 and 9 as false alarms") == [("rate_alert", {"incident": n, "verdict": "noise"}) for n in (7, 8, 9)]
    assert steps("mark #20 and #21 useful") == [("rate_alert", {"incident": n, "verdict": "useful"}) for n in (20, 21)]
    assert steps("mark 17 as noise") == [("rate_alert", {"incident": 17, "verdict": "noise"})]


def test_another_number_after_a_rating_gets_the_same_verdict() -> None:
    rated = Memory(last=("rate_alert", {"incident": 60, "verdict": "noise"}), incident=60, model="diabetes")
    assert steps("ditto for #62 and #63", rated) == [("rate_alert", {"incident": n, "verdict": "noise"}) for n in (62, 63)]
    assert steps("and 64 too", rated) == [("rate_alert", {"incident": 64, "verdict": "noise"})]


def test_every_incident_of_the_listing_rated_at_once_rates_each_in_order() -> None:
    listed = Memory(last=("alerts", {"model": "cancer"}), listed=(31, 30), model="cancer")
    # in the listing's order (31 was shown first), as "all three" rates them
    assert steps("they were all legit", listed) == [("rate_alert", {"incident": n, "verdict": "useful"}) for n in (31, 30)]
    assert steps("all of them were false alarms", listed) == [
        ("rate_alert", {"incident": n, "verdict": "noise"}) for n in (31, 30)]


def test_ending_a_shadow_test_or_a_misspelt_stop_stops_the_test() -> None:
    assert steps("kill the shadow test for wine") == [("abtest", {"model": "wine", "mode": "stop"})]
    assert steps("stp the wine a/b test") == [("abtest", {"model": "wine", "mode": "stop"})]
    assert steps("start a shadow test on wine") == [("abtest", {"model": "wine", "mode": "shadow"})]
