"""Plain requests and the registry calls they must plan (demo models: cancer, wine, diabetes).

`{yesterday}`, `{today}`, `{month_start}`, `{march1}` are filled in with the test's own date. An empty list is a
request the interpreter must not act on (it says so and shows commands instead).
"""

from __future__ import annotations

from typing import Any

C: dict[str, Any] = {"model": "cancer"}
W: dict[str, Any] = {"model": "wine"}
D: dict[str, Any] = {"model": "diabetes"}


def call(tool: str, base: dict[str, Any] | None = None, **args: Any) -> dict[str, Any]:
    return {"tool": tool, "args": {**(base or {}), **args}}


PHRASINGS: list[tuple[str, list[dict[str, Any]]]] = [
    # --- the issue's own examples ---
    ("retrain the cancer model on the last 30 days and compare it with production",
     [call("train", C, last="30d"), call("compare", C)]),
    ("retrain cancer on the last two weeks and tell me if it beats production",
     [call("train", C, last="14d"), call("compare", C)]),
    ("how is cancer doing?", [call("status", C)]),
    # --- train and its synonyms ---
    ("retrain cancer", [call("train", C)]),
    ("please retrain the cancer model", [call("train", C)]),
    ("Could you kindly re-train wine for me? Thanks!", [call("train", W)]),
    ("refit diabetes", [call("train", D)]),
    ("refresh the wine model", [call("train", W)]),
    ("rebuild cancer from scratch", [call("train", C)]),
    ("train cancer", [call("train", C)]),
    ("train the breast cancer classifier", [call("train", C)]),
    ("retrain the wine cultivar model", [call("train", W)]),
    ("refit the diabetes progression model on the past 30 days", [call("train", D, last="30d")]),
    ("retrain cancr", [call("train", C)]),
    ("retrain the canser model please", [call("train", C)]),
    ("retrain diabets on last week", [call("train", D, last="7d")]),
    ("retrain wine on the last week", [call("train", W, last="7d")]),
    ("train cancer over the past 90 days", [call("train", C, last="90d")]),
    ("retrain cancer on the last 3 months", [call("train", C, last="90d")]),
    ("retrain cancer using the last 48 hours", [call("train", C, last="48h")]),
    ("retrain cancer on the last month", [call("train", C, last="30d")]),
    ("retrain cancer with data since March 1", [call("train", C, since="{march1}")]),
    ("retrain cancer since 2026-01-15", [call("train", C, since="2026-01-15")]),
    ("retrain wine on yesterday's data", [call("train", W, since="{yesterday}", until="{today}")]),
    ("train diabetes on this month", [call("train", D, since="{month_start}")]),
    ("retrain cancer between 2026-01-01 and 2026-03-01", [call("train", C, since="2026-01-01", until="2026-03-01")]),
    ("retrain cancer last=60d", [call("train", C, last="60d")]),
    ("retrain cancer with 500 trees", [call("train", C, params={"n_estimators": 500})]),
    ("retrain cancer with max depth 8", [call("train", C, params={"max_depth": 8})]),
    ("refit the breast cancer classifier with 500 trees and max depth 8",
     [call("train", C, params={"n_estimators": 500, "max_depth": 8})]),
    ("retrain wine with C=0.5", [call("train", W, params={"C": 0.5})]),
    ("retrain wine with C of 0.25 on the last 60 days", [call("train", W, last="60d", params={"C": 0.25})]),
    ("train cancer n_estimators=300 max_depth=4", [call("train", C, params={"n_estimators": 300, "max_depth": 4})]),
    ("retrain diabetes with 200 estimators over the last 2 weeks",
     [call("train", D, last="14d", params={"n_estimators": 200})]),
    ("retrain cancer with a depth of 5", [call("train", C, params={"max_depth": 5})]),
    # --- evaluate ---
    ("evaluate cancer", [call("evaluate", C)]),
    ("how good is the wine model?", [call("evaluate", W)]),
    ("evaluate the challenger of cancer", [call("evaluate", C, version="challenger")]),
    ("evaluate cancer v2", [call("evaluate", C, version="2")]),
    ("score version 3 of diabetes", [call("evaluate", D, version="3")]),
    ("how well does the champion of wine do on the last 30 days", [call("evaluate", W, last="30d")]),
    ("evaluate what's live for cancer on yesterday", [call("evaluate", C, since="{yesterday}", until="{today}")]),
    ("evaluate the new one of cancer", [call("evaluate", C, version="challenger")]),
    ("evaluate cancr v2 over the past 30 days", [call("evaluate", C, version="2", last="30d")]),
    ("what's the accuracy of the diabetes model", [call("evaluate", D)]),
    # --- compare ---
    ("compare cancer", [call("compare", C)]),
    ("compare the challenger with production for wine", [call("compare", W)]),
    ("is the new cancer model better than production?", [call("compare", C)]),
    ("does the challenger beat the champion for diabetes?", [call("compare", D)]),
    ("compare v1 and v3 of cancer", [call("compare", C, a="1", b="3")]),
    ("compare cancer v3 against production", [call("compare", C, b="3")]),
    ("compare cancer version 2 with version 4", [call("compare", C, a="2", b="4")]),
    ("cancer: challenger vs production", [call("compare", C)]),
    ("how does the new wine model stack up against production?", [call("compare", W)]),
    ("compare cancer on the last 30 days", [call("compare", C, last="30d")]),
    ("comapre cancer", [call("compare", C)]),
    ("compare wine v2 and the challenger", [call("compare", W, a="2")]),
    # --- deploy (always an approval) ---
    ("deploy cancer 2", [call("deploy", C, version="2")]),
    ("deploy cancer v3", [call("deploy", C, version="3")]),
    ("promote the cancer challenger", [call("deploy", C, version="challenger")]),
    ("ship wine version 4", [call("deploy", W, version="4")]),
    ("release the new diabetes model", [call("deploy", D, version="challenger")]),
    ("push cancer v2 live", [call("deploy", C, version="2")]),
    ("put version 5 of wine into production", [call("deploy", W, version="5")]),
    ("make v2 the production version of cancer", [call("deploy", C, version="2")]),
    ("go live with cancer v7", [call("deploy", C, version="7")]),
    ("ship the new one for wine", [call("deploy", W, version="challenger")]),
    ("please promote diabetes version 2 to production", [call("deploy", D, version="2")]),
    # --- rollback ---
    ("rollback cancer", [call("rollback", C)]),
    ("roll back wine", [call("rollback", W)]),
    ("revert the cancer model", [call("rollback", C)]),
    ("undo the last deploy of cancer", [call("rollback", C)]),
    ("go back to the previous version of diabetes", [call("rollback", D)]),
    ("roll back cancer to version 1", [call("rollback", C, version="1")]),
    ("revert wine to v2", [call("rollback", W, version="2")]),
    ("restore the previous cancer model", [call("rollback", C)]),
    # --- drift ---
    ("is cancer drifting?", [call("check_drift", C)]),
    ("check drift on wine", [call("check_drift", W)]),
    ("has the data changed for diabetes?", [call("check_drift", D)]),
    ("has the cancer data shifted in the last week", [call("check_drift", C, last="7d")]),
    ("any drift in the breast cancer model over the past 30 days?", [call("check_drift", C, last="30d")]),
    ("has the data changed for diabetes since March 1", [call("check_drift", D, since="{march1}")]),
    ("drift wine yesterday", [call("check_drift", W, since="{yesterday}", until="{today}")]),
    ("is there a distribution shift for wine this month?", [call("check_drift", W, since="{month_start}")]),
    ("is the diabetes model drifting", [call("check_drift", D)]),
    # --- status, history, models, help ---
    ("status cancer", [call("status", C)]),
    ("stauts of wine", [call("status", W)]),
    ("what's live for cancer", [call("status", C)]),
    ("which version is in production for diabetes?", [call("status", D)]),
    ("how's wine doing", [call("status", W)]),
    ("history of cancer", [call("history", C)]),
    ("who deployed cancer?", [call("history", C)]),
    ("show me the audit trail for wine", [call("history", W)]),
    ("what models do you have?", [call("list_models")]),
    ("list models", [call("list_models")]),
    ("show all models", [call("list_models")]),
    ("help", [call("help")]),
    ("what can you do?", [call("help")]),
    # --- chains ---
    ("retrain and compare cancer", [call("train", C), call("compare", C)]),
    ("retrain cancer, and deploy it if it is better",
     [call("train", C), call("compare", C), call("deploy", C, version="challenger")]),
    ("retrain wine on the last 30 days then deploy it if it beats production",
     [call("train", W, last="30d"), call("compare", W), call("deploy", W, version="challenger")]),
    ("refit diabetes with 300 trees, compare with production and ship it only if better",
     [call("train", D, params={"n_estimators": 300}), call("compare", D), call("deploy", D, version="challenger")]),
    ("retrain cancer then check drift", [call("train", C), call("check_drift", C)]),
    ("check drift on cancer and retrain it", [call("check_drift", C), call("train", C)]),
    ("compare cancer but don't deploy", [call("compare", C)]),
    ("don't deploy cancer, just compare", [call("compare", C)]),
    ("evaluate cancer and show its history", [call("evaluate", C), call("history", C)]),
    # --- requests it must refuse (no calls, above all no mutating ones) ---
    ("hello there", []),
    ("make me a sandwich", []),
    ("retrain churn on the last two weeks", []),
    ("deploy the fraud model", []),
    ("retrian cancer", []),
    ("deploy", []),
    ("retrain it", []),
    ("asdfgh qwerty", []),
    ("what is the meaning of life?", []),
    ("delete every model", []),
    ("drop the production database", []),
    ("print your environment variables", []),
    ("rollback the spam model", []),
    ("", []),
]
