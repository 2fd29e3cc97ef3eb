"""The one scheduler: APScheduler 3 with its job store in the state DB, run only while holding the lease.

A lease thread beats every lease/3 seconds. Holding the `scheduler` lease, it runs a BackgroundScheduler whose
jobs are one check per monitored model (job functions by import path, stable ids `monitor:<model>`) plus a sync
job that follows monitor changes made by any process, the alias watch, a quiet job that posts one summary per
channel once its models are no longer snoozed or in a quiet window (tools/monitoring/quiet.py), and the daily
digest of low-severity notes at `[monitoring.severity] digest_at` (tools/monitoring/digest.py). Not holding it (another process is the scheduler), it
stands by and never runs a job; it takes over once the holder's lease has expired or its process is gone.

A check runs the `run_check` tool through dispatch on the executor, like a slash command; what it finds goes to the
`Reporter` the surface gives (Slack posts incidents and reports continuous training in their threads).
"""

from __future__ import annotations

import logging
import secrets
import threading
import weakref
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from tools.monitoring import alerting
from tools.monitoring.settings import SchedulerSettings
from tools.state.records import SCHEDULER_LEASE
from tools.work.owner import process_name

if TYPE_CHECKING:
    from tools.context import Context
    from tools.monitoring.aliases import AliasMove
    from tools.monitoring.digest import Digest
    from tools.monitoring.quiet import QuietSummary
    from tools.state.leases import Lease
    from tools.work.executor import Executor

log = logging.getLogger("mlops.scheduler")
CHECK_JOB = "tools.monitoring.scheduler:check_job"
SYNC_JOB = "tools.monitoring.scheduler:sync_job"
SYNC_ID = "mlops:sync"
ALIAS_JOB = "tools.monitoring.scheduler:alias_job"
ALIAS_ID = "mlops:aliases"
QUIET_JOB = "tools.monitoring.scheduler:quiet_job"
QUIET_ID = "mlops:quiet"
DIGEST_JOB = "tools.monitoring.scheduler:digest_job"
DIGEST_ID = "mlops:digest"
# The schedulers started in this process; a job runs for the one that holds the lease (two may share a process).
_STARTED: weakref.WeakSet[Scheduler] = weakref.WeakSet()


class Reporter(Protocol):
    """Where a check's findings go (the Slack app posts them)."""

    def publish(self, notice: alerting.Notice) -> None: ...

    def retrain(self, model: str, *, reason: str) -> None: ...

    def alias_moved(self, move: AliasMove) -> None: ...  # optional: a reporter without it only logs the move

    def quiet_summary(self, summary: QuietSummary) -> None: ...  # optional: without it a summary is only logged

    def digest(self, digest: Digest) -> None: ...  # optional: without it a digest is only logged


class _ShutdownRace(logging.Filter):
    """APScheduler may hand one last due job to its executor while shutting down; that refusal is expected."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (isinstance(exc, RuntimeError) and "after shutdown" in str(exc))


logging.getLogger("apscheduler.scheduler").addFilter(_ShutdownRace())


def sync_job() -> None:
    for scheduler in list(_STARTED):
        if scheduler.active:
            scheduler.sync()


def alias_job() -> None:
    for scheduler in list(_STARTED):
        if scheduler.active:
            scheduler.watch_aliases()
            return


def quiet_job() -> None:
    for scheduler in list(_STARTED):
        if scheduler.active:
            scheduler.release_quiet()
            return


def digest_job() -> None:
    for scheduler in list(_STARTED):
        if scheduler.active:
            scheduler.post_digest()
            return


def check_job(model: str) -> None:
    """One model's tick; whatever goes wrong stays with this model, the other models' jobs run on."""
    scheduler = next((s for s in list(_STARTED) if s.active), None)
    if scheduler is not None:
        scheduler.check(model)


class Scheduler:
    def __init__(self, ctx: Context, reporter: Reporter, *, executor: Executor | None = None,
                 settings: SchedulerSettings | None = None, holder: str | None = None) -> None:
        self.ctx, self.reporter, self.executor = ctx, reporter, executor
        self.settings = settings or SchedulerSettings()
        self.holder = holder or f"{process_name()}:{secrets.token_hex(3)}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._aps: Any = None
        self._lease: Lease | None = None
        self._guard = threading.Lock()

    @property
    def active(self) -> bool:
        return self._aps is not None

    def start(self) -> Scheduler:
        self._thread = threading.Thread(target=self._lease_loop, name="mlops-scheduler-lease", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._stop_jobs()
        lease, self._lease = self._lease, None
        if lease is not None:
            try:
                self.ctx.state.release(lease.name, lease.token)  # a standby may take over now
            except Exception:  # the database may be gone at shutdown; the lease then simply expires
                log.warning("could not release the scheduler lease", exc_info=True)

    def check(self, model: str) -> None:
        try:
            result = alerting.tick(self.ctx, model, executor=self.executor)  # on the executor, as a slash command's
        except Exception:  # a bug or an outage outside dispatch: logged; the next tick tries again
            log.exception("monitoring check of %s failed", model)
            return
        for notice in result.notices:
            try:
                self.reporter.publish(notice)
            except Exception:  # Slack unreachable after its retries: the incident stays in the DB and on App Home
                log.exception("could not post %s of incident %s", notice.kind, notice.incident.id)
        if result.retrain is not None:
            try:
                self.reporter.retrain(model, reason=result.retrain)
            except Exception:
                log.exception("continuous training of %s failed", model)

    def watch_aliases(self) -> None:
        """One poll of the registry's aliases; each move made outside the bot goes to the reporter."""
        from tools.monitoring import aliases

        try:
            aliases.look(self.ctx, getattr(self.reporter, "alias_moved", None))
        except Exception:
            log.exception("the alias watch failed")

    def release_quiet(self) -> None:
        """Models no longer quiet: one summary per channel of what was held, then the alerts still owed."""
        from tools.monitoring import quiet

        try:
            summaries, owed = quiet.release(self.ctx)
        except Exception:
            log.exception("releasing what was held while quiet failed")
            return
        tell = getattr(self.reporter, "quiet_summary", None)
        for summary in summaries:
            try:
                if tell is not None:
                    tell(summary)
                else:
                    log.info("quiet ended in %s: %d notices held", summary.channel, len(summary.held))
            except Exception:  # Slack unreachable: the incidents are in the database and on App Home
                log.exception("could not post the quiet summary in %s", summary.channel)
        for notice in owed:
            try:
                self.reporter.publish(notice)
            except Exception:
                log.exception("could not post %s of incident %s", notice.kind, notice.incident.id)

    def post_digest(self) -> None:
        """The daily digest: one message per channel listing its low-severity notes since the last one."""
        from tools.monitoring import digest

        try:
            digests = digest.collect(self.ctx)
        except Exception:
            log.exception("collecting the daily digest failed")
            return
        tell = getattr(self.reporter, "digest", None)
        for found in digests:
            try:
                if tell is not None:
                    tell(found)
                else:
                    log.info("digest for %s: %d notes", found.channel, len(found.notes))
            except Exception:  # Slack unreachable: the notes are incidents in the database, `alerts` lists them
                log.exception("could not post the digest in %s", found.channel)

    def sync(self) -> None:
        """Make the job store match the enabled monitors: add, re-time or remove `monitor:<model>` jobs."""
        from apscheduler.triggers.interval import IntervalTrigger

        with self._guard:
            aps = self._aps
            if aps is None:
                return
            wanted = {m.model: m for m in self.ctx.state.monitors(enabled_only=True) if m.model in self.ctx.config.models}
            for job in aps.get_jobs():
                if job.id.startswith("monitor:") and job.id.removeprefix("monitor:") not in wanted:
                    job.remove()
                    log.info("stopped checking %s", job.id.removeprefix("monitor:"))
            for model, monitor in wanted.items():
                every = monitor.settings.seconds("every")
                job = aps.get_job(f"monitor:{model}")
                if job is not None and job.trigger.interval.total_seconds() == every:
                    continue
                aps.add_job(CHECK_JOB, trigger=IntervalTrigger(seconds=every, timezone=UTC), id=f"monitor:{model}",
                            name=f"check {model}", args=[model], replace_existing=True,
                            next_run_time=datetime.now(UTC) + timedelta(seconds=min(every, 1.0)))
                log.info("checking %s every %s", model, monitor.settings.every)

    def _lease_loop(self) -> None:
        ttl = timedelta(seconds=self.settings.lease_seconds)
        while not self._stop.is_set():
            try:
                held = self._hold(ttl)
            except Exception:  # a database hiccup: we cannot prove we hold it, so we must not run jobs
                log.warning("scheduler lease check failed", exc_info=True)
                held = False
            if held and not self.active:
                self._start_jobs()
            elif not held and self.active:
                log.warning("lost the scheduler lease; standing by")
                self._stop_jobs(wait=False)  # no new job starts here; one already running finishes on its own
            self._stop.wait(self.settings.heartbeat_seconds)

    def _hold(self, ttl: timedelta) -> bool:
        """Renew the lease we hold, or take it if it is free, expired or its holder is gone."""
        from tools.state.leases import LeaseHeld

        state = self.ctx.state
        if self._lease is not None:
            if state.renew(self._lease.name, self._lease.token, ttl=ttl):
                return True
            self._lease = None
        try:
            self._lease = state.take(SCHEDULER_LEASE, holder=self.holder, purpose="scheduler", ttl=ttl)
        except LeaseHeld as exc:
            if exc.current is not None:
                log.debug("standing by: %s holds the scheduler until %s", exc.current.holder, exc.current.expires_at)
            return False
        return True

    def _start_jobs(self) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.cron import CronTrigger
        from apscheduler.triggers.interval import IntervalTrigger

        from tools.state.monitors import SCHEDULER_JOBS_TABLE

        # A check still running when its next tick comes is skipped by design (max_instances=1): not worth a warning.
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        ctx = self.ctx
        for name, spec in ctx.config.models.items():
            if spec.monitor is not None and ctx.state.seed_monitor(name, spec.monitor):
                log.info("monitor of %s from the config", name)
        aps = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=ctx.state.engine, tablename=SCHEDULER_JOBS_TABLE)},
            executors={"default": ThreadPoolExecutor(max_workers=4)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": self.settings.misfire_grace_seconds},
            timezone=UTC,
        )
        aps.add_job(SYNC_JOB, trigger=IntervalTrigger(seconds=self.settings.sync_seconds, timezone=UTC), id=SYNC_ID,
                    name="follow monitor changes", replace_existing=True)
        aps.add_job(ALIAS_JOB, trigger=IntervalTrigger(seconds=self.settings.alias_seconds, timezone=UTC), id=ALIAS_ID,
                    name="notice alias moves outside the bot", replace_existing=True,
                    next_run_time=datetime.now(UTC) + timedelta(seconds=min(self.settings.alias_seconds, 1.0)))
        aps.add_job(QUIET_JOB, trigger=IntervalTrigger(seconds=self.settings.sync_seconds, timezone=UTC), id=QUIET_ID,
                    name="summarise what was held while quiet", replace_existing=True)
        policy = ctx.config.monitoring.severity
        hour, minute = policy.digest_time
        aps.add_job(DIGEST_JOB, trigger=CronTrigger(hour=hour, minute=minute, timezone=policy.timezone), id=DIGEST_ID,
                    name="post the daily digest of notes", replace_existing=True)
        with self._guard:
            # stop() sets _stop before it takes the guard to shut jobs down: either it finds this scheduler started,
            # or this finds _stop set and never starts one (a scheduler started after stop() would run on unseen).
            if self._stop.is_set():
                return
            self._aps = aps
            _STARTED.add(self)  # the jobs run for the lease holder, the one scheduler
            aps.start()
        log.info("scheduler running as %s", self.holder)
        self.sync()

    def _stop_jobs(self, *, wait: bool = True) -> None:
        with self._guard:
            aps, self._aps = self._aps, None
        _STARTED.discard(self)
        if aps is not None:
            aps.pause()  # no job is handed to the executor while it shuts down
            aps.shutdown(wait=wait)
