"""`alerts`: open incidents (drift, degradation, failing monitoring), newest first, for one model or all;
`incident`: one incident in full, with its postmortem once resolved; and `rate`: a person's verdict on one alert
(Useful / Noise), from which `monitors` shows each monitor's noise rate."""

from __future__ import annotations

from pydantic import BaseModel, Field

from pipelines.errors import UserError
from tools.access import Caller
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.monitoring.noise import Verdict
from tools.monitoring.postmortem import IncidentEvent
from tools.registry import tool
from tools.state import Incident


class AlertsIn(ToolInput):
    model: ModelName | None = Field(None, description="only this model's incidents")
    all: bool = Field(False, description="include resolved incidents")


class AlertsOut(BaseModel):
    model: str | None
    include_resolved: bool
    incidents: list[Incident]


@tool("alerts", doing="reading the alerts", input=AlertsIn, result=AlertsOut, positional=("model",), usage="alerts [model] [all=true]",
      description="List open incidents from the monitors (drift, metric drops, failing checks), newest first, "
      "with severity and production version; all=true adds resolved ones.",
      examples=("alerts", "alerts cancer", "alerts cancer all=true"))
def alerts(args: AlertsIn, ctx: Context) -> AlertsOut:
    return AlertsOut(model=args.model, include_resolved=args.all,
                     incidents=ctx.state.incidents(model=args.model, open_only=not args.all, limit=30))


class IncidentIn(ToolInput):
    incident: int = Field(ge=1, description="the incident's number, as on the alert: incident #12")


class IncidentOut(BaseModel):
    incident: Incident
    events: list[IncidentEvent]  # what people did from its alert, oldest first


@tool("incident", doing="reading the incident", input=IncidentIn, result=IncidentOut, positional=("incident",),
      usage="incident <id>",
      description="Show one incident in full: severity and why, who acknowledged it and what was done, the root "
      "cause ranking stored when it opened, and once resolved its postmortem (timeline, time to acknowledge and "
      "to resolve, versions involved).",
      examples=("incident 12",))
def incident(args: IncidentIn, ctx: Context) -> IncidentOut:
    found = ctx.state.incident(args.incident)
    if found is None:
        raise UserError(f"There is no incident #{args.incident}. `alerts all=true` lists them.")
    return IncidentOut(incident=found, events=ctx.state.incident_events(found.id))


class RateAlertIn(ToolInput):
    incident: int = Field(ge=1, description="the incident's number, as on the alert: incident #12")
    verdict: Verdict = Field(description="useful: it was worth the page; noise: it was not")


class RateAlertOut(BaseModel):
    incident: int
    model: str
    verdict: Verdict  # the caller's verdict that stands (a click made before their last one changes nothing)
    by: str
    useful: int  # everyone's verdicts on this incident, the new one included
    noise: int


@tool("rate_alert", verb="rate", doing="recording your verdict", input=RateAlertIn, result=RateAlertOut,
      positional=("incident", "verdict"), inline=True, usage="rate <incident> useful|noise",
      description="Say whether an alert was useful or noise (the Useful / Noise buttons on every alert); monitors "
      "shows each monitor's noise rate over 30 days from these verdicts.",
      examples=("rate 12 noise", "rate 12 useful"))
def rate_alert(args: RateAlertIn, ctx: Context, caller: Caller | None = None) -> RateAlertOut:
    incident = ctx.state.incident(args.incident)
    if incident is None:
        raise UserError(f"There is no incident #{args.incident}. `alerts all=true` lists them.")
    by = caller.user_id if caller else "direct"
    ctx.state.rate_incident(incident.id, model=incident.model, user=by, verdict=args.verdict,
                            at=caller.asked_at if caller else None)
    ctx.state.acknowledge(incident.id, by=by)  # a verdict is someone looking at it
    ctx.state.record_incident_event(incident.id, by=by, action="rate_alert", detail=args.verdict)
    ratings = ctx.state.incident_ratings(incident.id)
    votes = list(ratings.values())
    return RateAlertOut(incident=incident.id, model=incident.model, verdict=ratings.get(by, args.verdict), by=by,
                        useful=votes.count("useful"), noise=votes.count("noise"))
